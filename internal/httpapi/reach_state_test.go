package httpapi_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/wxmock/wxmock/internal/sim"
)

// rchBusy fills the default app with reaches of A and B and orders, one
// of them refunded, and returns a token.
func rchBusy(t *testing.T) (*env, string) {
	t.Helper()
	e, tok := rchSetup(t)
	t0 := start.Unix()
	e.rchRelations(prObj{"promoter_openid": rchA, "openid": rchUser(1), "path": "pages/a?x=1", "scene": 1036, "create_time": t0 - 100, "share_extra_info": "分享"},
		prObj{"promoter_openid": rchB, "openid": rchUser(2)})
	e.rchOrders(prObj{"relation_id": 1, "mch_id": "m", "out_trade_no": "o1", "trade_no": rchTrade(1), "paid_amount": 150, "paid_time": t0 - 50},
		prObj{"promoter_openid": rchB, "mch_id": "m", "out_trade_no": "o2", "trade_no": rchTrade(2), "status": 2, "paid_amount": 9, "paid_time": t0 - 20, "refunded_time": t0 - 10})
	return e, tok
}

// TestReachStateRoundTrip exports reaches and orders, imports them into the
// same and into a fresh server, and gets the same bytes back; the id
// sequences carry on where they were.
func TestReachStateRoundTrip(t *testing.T) {
	t.Parallel()
	e, tok := rchBusy(t)
	exported := e.admState()
	var st sim.State
	admDecode(t, resp{Raw: exported}, &st)
	diff(t, "relations", 2, len(st.Relations))
	var orders []string
	for _, o := range st.Orders {
		orders = append(orders, fmt.Sprintf("%d %s status %d refunded %d", o.ID, o.TradeNo, o.Status, o.RefundedTime))
	}
	diff(t, "orders", []string{"1 " + rchTrade(1) + " status 1 refunded 0", fmt.Sprintf("2 %s status 2 refunded %d", rchTrade(2), start.Unix()-10)}, orders)
	for _, c := range st.Counters {
		if c.AppID == appID {
			diff(t, "counters of the default app", []any{uint64(3), uint64(3), 2, 2}, []any{c.NextRelationID, c.NextOrderID, c.RelationCount, c.OrderCount})
		}
	}

	admStatus(t, e.admin(http.MethodPut, "/state", exported), http.StatusOK)
	diff(t, "state after PUT", exported, e.admState())
	fresh := setup(t)
	admStatus(t, fresh.admin(http.MethodPut, "/state", exported), http.StatusOK)
	diff(t, "state of another server", exported, fresh.admState())
	tokF := fresh.token()
	diff(t, "orders in the other server", []string{"o1"}, fresh.rchGetPage(pathGetOrder, tokF, prObj{"openid": rchA}).field("out_trade_no"))
	diff(t, "next relation id", uint64(3), fresh.rchRelations(prObj{"promoter_openid": rchA})[0].ID)
	diff(t, "next order id", uint64(3), fresh.rchOrders(prObj{"relation_id": 3, "mch_id": "m", "out_trade_no": "o3", "paid_amount": 1})[0].ID)
	// A refund after the import replaces the imported order.
	diff(t, "refund of an imported order", uint64(1), fresh.rchOrders(prObj{"mch_id": "m", "out_trade_no": "o1", "trade_no": rchTrade(1), "status": 2})[0].ID)

	// Sequences behind the imported ids are moved past them.
	behind := strings.Replace(exported, `"next_relation_id":3,"next_order_id":3`, `"next_relation_id":1,"next_order_id":2`, 1)
	if behind == exported {
		t.Fatal("no counters to rewind in the export")
	}
	admStatus(t, e.admin(http.MethodPut, "/state", behind), http.StatusOK)
	diff(t, "state after importing sequences behind the ids", exported, e.admState())
	e.wantOK(e.rchGet(pathGetRelation, tok, prObj{"openid": rchA}), "OK")
}

// TestReachStatePutInvalid: the loader refuses a document with any bad
// reach or order row, and the state stays as it was.
func TestReachStatePutInvalid(t *testing.T) {
	t.Parallel()
	e, _ := rchBusy(t)
	base := e.admState()
	edit := func(table string, i int, mod func(row map[string]any)) func(st map[string]any) {
		return func(st map[string]any) { mod(st[table].([]any)[i].(map[string]any)) }
	}
	set := func(table string, i int, kv ...any) func(st map[string]any) {
		return edit(table, i, func(row map[string]any) {
			for k := 0; k < len(kv); k += 2 {
				row[kv[k].(string)] = kv[k+1]
			}
		})
	}
	dup := func(table string, i int, kv ...any) func(st map[string]any) {
		return func(st map[string]any) {
			row := map[string]any{}
			for k, v := range st[table].([]any)[i].(map[string]any) {
				row[k] = v
			}
			for k := 0; k < len(kv); k += 2 {
				row[kv[k].(string)] = kv[k+1]
			}
			st[table] = append(st[table].([]any), row)
		}
	}
	counters := func(kv ...any) func(st map[string]any) {
		return func(st map[string]any) {
			for _, c := range st["counters"].([]any) {
				if c := c.(map[string]any); c["appid"] == appID {
					for k := 0; k < len(kv); k += 2 {
						c[kv[k].(string)] = kv[k+1]
					}
				}
			}
		}
	}
	long := func(n int) string { return strings.Repeat("x", n) }
	tests := []struct {
		name   string
		mod    func(st map[string]any)
		status int
		word   string // in the error
	}{
		{"valid extra relation", dup("relations", 0, "id", 7), http.StatusOK, ""},
		{"valid extra order", dup("orders", 0, "id", 7, "trade_no", "T7"), http.StatusOK, ""},
		{"relation of an unknown app", set("relations", 0, "appid", "wx1111111111111111"), http.StatusBadRequest, "unknown appid"},
		{"relation id 0", set("relations", 0, "id", 0), http.StatusBadRequest, "needs an id"},
		{"relation id at the int64 limit", set("relations", 0, "id", json.Number("9223372036854775807")), http.StatusBadRequest, "needs an id"},
		{"relation id twice", dup("relations", 0), http.StatusBadRequest, "relations[2]: id"},
		{"relation of an unknown promoter", set("relations", 0, "promoter_id", 9), http.StatusBadRequest, "promoter_id 9"},
		{"relation naming another promoter's openid", set("relations", 0, "promoter_openid", rchB), http.StatusBadRequest, "is no promoter"},
		{"relation naming the promoter's unionid", set("relations", 0, "promoter_openid", sim.UnionIDOf(rchA)), http.StatusBadRequest, "is no promoter"},
		{"relation of an unknown role", set("relations", 0, "role_id", 9), http.StatusBadRequest, "unknown role_id 9"},
		{"relation retail_id of 21 bytes", set("relations", 0, "retail_id", long(21)), http.StatusBadRequest, "retail_id"},
		{"relation extra_info of 81 bytes", set("relations", 0, "extra_info", long(81)), http.StatusBadRequest, "extra_info"},
		{"relation user openid malformed", set("relations", 0, "openid", "u1"), http.StatusBadRequest, "openid \"u1\""},
		{"relation create_time 0", set("relations", 0, "create_time", 0), http.StatusBadRequest, "create_time"},
		{"relation path empty", set("relations", 0, "path", ""), http.StatusBadRequest, "path"},
		{"relation path of 1025 bytes", set("relations", 0, "path", long(1025)), http.StatusBadRequest, "path"},
		{"relation scene 0", set("relations", 0, "scene", 0), http.StatusBadRequest, "scene"},
		{"relation scene over int32", set("relations", 0, "scene", 2147483648), http.StatusBadRequest, "scene"},
		{"relation share_extra_info of 81 bytes", set("relations", 0, "share_extra_info", long(81)), http.StatusBadRequest, "share_extra_info"},
		{"relation with an unknown field", set("relations", 0, "share_path", "p"), http.StatusBadRequest, "share_path"},
		{"order of an unknown app", set("orders", 0, "appid", "wx1111111111111111"), http.StatusBadRequest, "orders[0]: unknown appid"},
		{"order id 0", set("orders", 0, "id", 0), http.StatusBadRequest, "orders[0]: needs an id"},
		{"order id twice", dup("orders", 0, "trade_no", "T7"), http.StatusBadRequest, "orders[2]: id"},
		{"trade_no twice", dup("orders", 0, "id", 7), http.StatusBadRequest, "listed twice in app"},
		{"order of an unknown promoter", set("orders", 0, "promoter_id", 9), http.StatusBadRequest, "orders[0]: promoter_id 9"},
		{"order with a bad reach", set("orders", 0, "scene", 0), http.StatusBadRequest, "orders[0]: scene"},
		{"order mch_id empty", set("orders", 0, "mch_id", ""), http.StatusBadRequest, "mch_id"},
		{"order mch_id of 33 bytes", set("orders", 0, "mch_id", long(33)), http.StatusBadRequest, "mch_id"},
		{"order trade_no empty", set("orders", 0, "trade_no", ""), http.StatusBadRequest, "trade_no"},
		{"order out_trade_no of 33 bytes", set("orders", 0, "out_trade_no", long(33)), http.StatusBadRequest, "out_trade_no"},
		{"order status 0", set("orders", 0, "status", 0), http.StatusBadRequest, "status"},
		{"order status 3", set("orders", 0, "status", 3), http.StatusBadRequest, "status"},
		{"order paid_amount 0", set("orders", 0, "paid_amount", 0), http.StatusBadRequest, "paid_amount"},
		{"order paid_amount over int32", set("orders", 0, "paid_amount", 2147483648), http.StatusBadRequest, "paid_amount"},
		{"order paid before the reach", set("orders", 0, "paid_time", start.Unix()-101), http.StatusBadRequest, "paid_time is before create_time"},
		{"paid order with refunded_time", set("orders", 0, "refunded_time", start.Unix()), http.StatusBadRequest, "only for status 2"},
		{"refund without refunded_time", set("orders", 1, "refunded_time", 0), http.StatusBadRequest, "refunded_time is before paid_time"},
		{"refund before the payment", set("orders", 1, "refunded_time", start.Unix()-21), http.StatusBadRequest, "refunded_time is before paid_time"},
		{"refund at the payment", set("orders", 1, "refunded_time", start.Unix()-20), http.StatusOK, ""},
		{"order status as a string", set("orders", 0, "status", "1"), http.StatusBadRequest, "status"},
		{"next_relation_id over the bound", counters("next_relation_id", json.Number("9223372036854675808")), http.StatusBadRequest, "next_relation_id at most"},
		{"next_order_id over the bound", counters("next_order_id", json.Number("9223372036854675808")), http.StatusBadRequest, "next_order_id at most"},
		{"next_order_id at the bound", counters("next_order_id", json.Number("9223372036854675807")), http.StatusOK, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := setup(t)
			admStatus(t, e.admin(http.MethodPut, "/state", base), http.StatusOK)
			var st map[string]any
			dec := json.NewDecoder(strings.NewReader(base))
			dec.UseNumber()
			if err := dec.Decode(&st); err != nil {
				t.Fatal(err)
			}
			tt.mod(st)
			r := e.admin(http.MethodPut, "/state", prJSON(t, st))
			if tt.status == http.StatusOK {
				admStatus(t, r, http.StatusOK)
				if e.admState() == base {
					t.Errorf("the valid PUT did not change the state")
				}
				return
			}
			admErr(t, r, tt.status, tt.word)
			diff(t, "state after a refused PUT", base, e.admState())
		})
	}
}
