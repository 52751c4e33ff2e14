package httpapi_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/wxmock/wxmock/internal/sim"
)

// rchRefused checks that a control call is refused with status, a message
// mentioning words, and no change to the state.
func (e *env) rchRefused(path, body string, status int, words ...string) {
	e.t.Helper()
	before := e.prState()
	admErr(e.t, e.admin(http.MethodPost, path, body), status, words...)
	if after := e.prState(); after != before {
		e.t.Errorf("a refused POST %s changed the state", path)
	}
}

// TestAdminRelationsRefused: every bad call is answered 400, 404 or 409,
// names the item at fault, and stores nothing, the valid items before it
// included.
func TestAdminRelationsRefused(t *testing.T) {
	t.Parallel()
	e, _ := rchSetup(t)
	t0 := start.Unix()
	ok := `{"promoter_openid":"` + rchA + `"}`
	one := func(item string) string { return `{"relations":[` + ok + `,` + item + `]}` }
	many := make([]string, 1001)
	for i := range many {
		many[i] = ok
	}
	tests := []struct {
		name, body string
		status     int
		words      []string
	}{
		{"unknown promoter", one(`{"promoter_openid":"` + prOID(99) + `"}`), 404, []string{"relations[1]", prOID(99)}},
		{"promoter not authorized", one(`{"promoter_openid":"` + rchC + `"}`), 409, []string{"relations[1]", "not declared and authorized"}},
		{"no promoter_openid", one(`{"openid":"` + rchUser(1) + `"}`), 400, []string{"relations[1]", "promoter_openid"}},
		{"promoter_openid malformed", one(`{"promoter_openid":"o1"}`), 400, []string{"relations[1]", "promoter_openid"}},
		{"user openid malformed", one(`{"promoter_openid":"` + rchA + `","openid":"u1"}`), 400, []string{"relations[1]", "openid"}},
		{"path empty", one(`{"promoter_openid":"` + rchA + `","path":""}`), 400, []string{"relations[1]", "path"}},
		{"path of 1025 bytes", one(`{"promoter_openid":"` + rchA + `","path":"` + strings.Repeat("p", 1025) + `"}`), 400, []string{"relations[1]", "path", "1024"}},
		{"scene 0", one(`{"promoter_openid":"` + rchA + `","scene":0}`), 400, []string{"relations[1]", "scene"}},
		{"scene over int32", one(`{"promoter_openid":"` + rchA + `","scene":2147483648}`), 400, []string{"relations[1]", "scene"}},
		{"scene negative", one(`{"promoter_openid":"` + rchA + `","scene":-1}`), 400, []string{"scene"}},
		{"create_time in the future", one(`{"promoter_openid":"` + rchA + `","create_time":` + strconv.FormatInt(t0+1, 10) + `}`), 400, []string{"relations[1]", "create_time"}},
		{"create_time 0", one(`{"promoter_openid":"` + rchA + `","create_time":0}`), 400, []string{"relations[1]", "create_time"}},
		{"share_extra_info of 81 bytes", one(`{"promoter_openid":"` + rchA + `","share_extra_info":"` + strings.Repeat("x", 81) + `"}`), 400, []string{"relations[1]", "share_extra_info", "80"}},
		{"share_extra_info of 27 Chinese characters", one(`{"promoter_openid":"` + rchA + `","share_extra_info":"` + strings.Repeat("分", 27) + `"}`), 400, []string{"share_extra_info"}},
		{"share_path naming no material", one(`{"share_path":"pages/index/index?promoter_share=x"}`), 404, []string{"relations[1]", "share_path", "no share material"}},
		{"unknown field", one(`{"promoter_openid":"` + rchA + `","sceen":1007}`), 400, []string{"sceen"}},
		{"field in another case", one(`{"Promoter_OpenID":"` + rchA + `"}`), 400, []string{"Promoter_OpenID"}},
		{"scene as a string", one(`{"promoter_openid":"` + rchA + `","scene":"1007"}`), 400, []string{"scene"}},
		{"no items", `{"relations":[]}`, 400, []string{"1 to 1000"}},
		{"no list", `{}`, 400, []string{"1 to 1000"}},
		{"1001 items", `{"relations":[` + strings.Join(many, ",") + `]}`, 400, []string{"1 to 1000", "1001"}},
		{"unknown app", `{"appid":"wx1111111111111111","relations":[` + ok + `]}`, 404, []string{"wx1111111111111111"}},
		{"not JSON", `{"relations":[`, 400, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e.prIn(t).rchRefused("/promoters/relations", tc.body, tc.status, tc.words...)
		})
	}
	admErr(t, e.admin(http.MethodGet, "/promoters/relations", ""), http.StatusMethodNotAllowed, "POST")
	// 1,000 items are taken.
	admStatus(t, e.admin(http.MethodPost, "/promoters/relations", `{"relations":[`+strings.Join(many[:1000], ",")+`]}`), http.StatusOK)
}

// TestAdminOrdersRefused is TestAdminRelationsRefused for orders.
func TestAdminOrdersRefused(t *testing.T) {
	t.Parallel()
	e, _ := rchSetup(t)
	t0 := start.Unix()
	e.rchRelations(prObj{"promoter_openid": rchA, "create_time": t0 - 100}, prObj{"promoter_openid": rchB})
	e.rchOrders(prObj{"relation_id": 1, "mch_id": "m", "out_trade_no": "paid", "trade_no": rchTrade(1), "paid_amount": 10, "paid_time": t0 - 50},
		prObj{"relation_id": 1, "mch_id": "m", "out_trade_no": "refunded", "trade_no": rchTrade(2), "status": 2, "paid_amount": 10, "paid_time": t0 - 50})
	ok := `{"relation_id":1,"mch_id":"m","out_trade_no":"new","paid_amount":1}`
	one := func(item string) string { return `{"orders":[` + ok + `,` + item + `]}` }
	paid := `"mch_id":"m","out_trade_no":"paid","trade_no":"` + rchTrade(1) + `"`
	tests := []struct {
		name, body string
		status     int
		words      []string
	}{
		{"unknown relation", one(`{"relation_id":3,"mch_id":"m","out_trade_no":"x","paid_amount":1}`), 404, []string{"orders[1]", "relation 3"}},
		{"relation_id 0", one(`{"relation_id":0,"mch_id":"m","out_trade_no":"x","paid_amount":1}`), 400, []string{"orders[1]", "relation_id"}},
		{"unknown promoter", one(`{"promoter_openid":"` + prOID(99) + `","mch_id":"m","out_trade_no":"x","paid_amount":1}`), 404, []string{"orders[1]", prOID(99)}},
		{"promoter not authorized", one(`{"promoter_openid":"` + rchC + `","mch_id":"m","out_trade_no":"x","paid_amount":1}`), 409, []string{"orders[1]", "not declared and authorized"}},
		{"relation_id and promoter_openid", one(`{"relation_id":1,"promoter_openid":"` + rchA + `","mch_id":"m","out_trade_no":"x","paid_amount":1}`), 400, []string{"orders[1]", "not both"}},
		{"relation_id and path", one(`{"relation_id":1,"path":"p","mch_id":"m","out_trade_no":"x","paid_amount":1}`), 400, []string{"orders[1]", "not both"}},
		{"no reach", one(`{"mch_id":"m","out_trade_no":"x","paid_amount":1}`), 400, []string{"orders[1]", "relation_id or promoter_openid"}},
		{"reach fields without promoter_openid", one(`{"scene":1036,"mch_id":"m","out_trade_no":"x","paid_amount":1}`), 400, []string{"orders[1]", "promoter_openid"}},
		{"no mch_id", one(`{"relation_id":1,"out_trade_no":"x","paid_amount":1}`), 400, []string{"orders[1]", "mch_id"}},
		{"no out_trade_no", one(`{"relation_id":1,"mch_id":"m","paid_amount":1}`), 400, []string{"orders[1]", "out_trade_no"}},
		{"mch_id of 33 bytes", one(`{"relation_id":1,"mch_id":"` + strings.Repeat("1", 33) + `","out_trade_no":"x","paid_amount":1}`), 400, []string{"orders[1]", "32 bytes"}},
		{"trade_no of 33 bytes", one(`{"relation_id":1,"mch_id":"m","trade_no":"` + strings.Repeat("4", 33) + `","out_trade_no":"x","paid_amount":1}`), 400, []string{"orders[1]", "32 bytes"}},
		{"out_trade_no of 33 bytes", one(`{"relation_id":1,"mch_id":"m","out_trade_no":"` + strings.Repeat("o", 33) + `","paid_amount":1}`), 400, []string{"orders[1]", "32 bytes"}},
		{"no paid_amount", one(`{"relation_id":1,"mch_id":"m","out_trade_no":"x"}`), 400, []string{"orders[1]", "paid_amount"}},
		{"paid_amount 0", one(`{"relation_id":1,"mch_id":"m","out_trade_no":"x","paid_amount":0}`), 400, []string{"orders[1]", "paid_amount"}},
		{"paid_amount over int32", one(`{"relation_id":1,"mch_id":"m","out_trade_no":"x","paid_amount":2147483648}`), 400, []string{"orders[1]", "paid_amount"}},
		{"paid_amount with a fraction", one(`{"relation_id":1,"mch_id":"m","out_trade_no":"x","paid_amount":1.5}`), 400, []string{"paid_amount"}},
		{"status 3", one(`{"relation_id":1,"mch_id":"m","out_trade_no":"x","paid_amount":1,"status":3}`), 400, []string{"orders[1]", "status"}},
		{"paid_time in the future", one(`{"relation_id":1,"mch_id":"m","out_trade_no":"x","paid_amount":1,"paid_time":` + strconv.FormatInt(t0+1, 10) + `}`), 400, []string{"orders[1]", "paid_time"}},
		{"paid before the reach", one(`{"relation_id":1,"mch_id":"m","out_trade_no":"x","paid_amount":1,"paid_time":` + strconv.FormatInt(t0-101, 10) + `}`), 400, []string{"orders[1]", "before the reach"}},
		{"paid before an inline reach", one(`{"promoter_openid":"` + rchA + `","create_time":` + strconv.FormatInt(t0-10, 10) + `,"mch_id":"m","out_trade_no":"x","paid_amount":1,"paid_time":` + strconv.FormatInt(t0-11, 10) + `}`), 400, []string{"orders[1]", "before the reach"}},
		{"refunded_time on a payment", one(`{"relation_id":1,"mch_id":"m","out_trade_no":"x","paid_amount":1,"refunded_time":` + strconv.FormatInt(t0, 10) + `}`), 400, []string{"orders[1]", "only for status 2"}},
		{"refunded before paid", one(`{"relation_id":1,"mch_id":"m","out_trade_no":"x","paid_amount":1,"status":2,"paid_time":` + strconv.FormatInt(t0-10, 10) + `,"refunded_time":` + strconv.FormatInt(t0-11, 10) + `}`), 400, []string{"orders[1]", "before paid_time"}},
		{"refunded_time in the future", one(`{"relation_id":1,"mch_id":"m","out_trade_no":"x","paid_amount":1,"status":2,"refunded_time":` + strconv.FormatInt(t0+1, 10) + `}`), 400, []string{"orders[1]", "refunded_time"}},
		{"refund changes mch_id", one(`{"mch_id":"m2","out_trade_no":"paid","trade_no":"` + rchTrade(1) + `","status":2}`), 400, []string{"orders[1]", "cannot change"}},
		{"refund changes out_trade_no", one(`{"mch_id":"m","out_trade_no":"other","trade_no":"` + rchTrade(1) + `","status":2}`), 400, []string{"orders[1]", "cannot change"}},
		{"refund names another relation", one(`{"relation_id":2,` + paid + `,"status":2}`), 400, []string{"orders[1]", "keeps its reach"}},
		{"refund names an unknown relation", one(`{"relation_id":9,` + paid + `,"status":2}`), 404, []string{"orders[1]", "relation 9"}},
		{"refund names another promoter", one(`{"promoter_openid":"` + rchB + `",` + paid + `,"status":2}`), 400, []string{"orders[1]", "cannot change"}},
		{"refund changes the path", one(`{"promoter_openid":"` + rchA + `","path":"pages/other",` + paid + `,"status":2}`), 400, []string{"orders[1]", "cannot change"}},
		{"a refund paid again", one(`{"mch_id":"m","out_trade_no":"refunded","trade_no":"` + rchTrade(2) + `","status":1}`), 400, []string{"orders[1]", "final"}},
		{"refunded before paid on a replacement", one(paidRefund(t0 - 60)), 400, []string{"orders[1]", "before paid_time"}},
		{"unknown field", one(`{"relation_id":1,"mch_id":"m","out_trade_no":"x","paid_amount":1,"amount":1}`), 400, []string{"amount"}},
		{"no items", `{"orders":[]}`, 400, []string{"1 to 1000"}},
		{"unknown app", `{"appid":"wx1111111111111111","orders":[` + ok + `]}`, 404, []string{"wx1111111111111111"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e.prIn(t).rchRefused("/promoters/orders", tc.body, tc.status, tc.words...)
		})
	}
}

// paidRefund refunds order 1 (paid at t-50) at refunded.
func paidRefund(refunded int64) string {
	return `{"mch_id":"m","out_trade_no":"paid","trade_no":"` + rchTrade(1) + `","status":2,"refunded_time":` + strconv.FormatInt(refunded, 10) + `}`
}

// TestReachAppIsolation: each app's reaches and orders are its own; a
// token of app B does not see app A's rows, even of a promoter with the
// same openid.
func TestReachAppIsolation(t *testing.T) {
	t.Parallel()
	e, tokA := rchSetup(t)
	const idB = "wx2222222222222222"
	tokB := e.addApp(idB, "22222222222222222222222222222222")
	e.prDeclare(tokB, prObj{"openid": rchA, "role_id": 1}, prObj{"openid": rchB, "role_id": 1})
	e.rchAuthorize(idB, rchB, 1)

	e.rchRelations(prObj{"promoter_openid": rchA, "share_extra_info": "A's"})
	e.rchOrders(prObj{"promoter_openid": rchA, "mch_id": "m", "out_trade_no": "A's", "trade_no": rchTrade(1), "paid_amount": 1})
	for _, path := range []string{pathGetRelation, pathGetOrder} {
		e.wantErr(e.rchGet(path, tokB, prObj{"openid": rchA}), 103006, prMsgNotExist)
		e.wantErr(e.rchGet(path, tokB, prObj{"openid": rchB}), 103006, prMsgNotExist)
		e.rchGetPage(path, tokA, prObj{"openid": rchA})
	}
	// In app B, A's promoter is not authorized: the app's own rows decide.
	admErr(t, e.admin(http.MethodPost, "/promoters/relations", `{"appid":"`+idB+`","relations":[{"promoter_openid":"`+rchA+`"}]}`), http.StatusConflict, "relations[0]")
	rows := e.rchRelationsIn(idB, prObj{"promoter_openid": rchB, "share_extra_info": "B's"})
	diff(t, "B's first relation", []any{idB, uint64(1), uint64(2)}, []any{rows[0].AppID, rows[0].ID, rows[0].PromoterID})
	// The same trade_no is another order in another app.
	r := e.admin(http.MethodPost, "/promoters/orders", `{"appid":"`+idB+`","orders":[{"relation_id":1,"mch_id":"m","out_trade_no":"B's","trade_no":"`+rchTrade(1)+`","paid_amount":2}]}`)
	admStatus(t, r, http.StatusOK)
	diff(t, "B's relations", []string{"B's"}, e.rchGetPage(pathGetRelation, tokB, prObj{"openid": rchB}).field("share_extra_info"))
	diff(t, "B's orders", []string{"B's"}, e.rchGetPage(pathGetOrder, tokB, prObj{"openid": rchB}).field("out_trade_no"))
	diff(t, "A's orders", []string{"A's"}, e.rchGetPage(pathGetOrder, tokA, prObj{"openid": rchA}).field("out_trade_no"))
	diff(t, "A's relations", []string{"A's"}, e.rchGetPage(pathGetRelation, tokA, prObj{"openid": rchA}).field("share_extra_info"))
	// A relation id of app A is unknown in app B.
	admErr(t, e.admin(http.MethodPost, "/promoters/orders", `{"appid":"`+idB+`","orders":[{"relation_id":2,"mch_id":"m","out_trade_no":"x","paid_amount":2}]}`), http.StatusNotFound, "relation 2")
}

// rchRelationsIn records reaches in app appid.
func (e *env) rchRelationsIn(appid string, items ...prObj) []sim.Relation {
	e.t.Helper()
	r := e.admin(http.MethodPost, "/promoters/relations", prJSON(e.t, prObj{"appid": appid, "relations": items}))
	admStatus(e.t, r, http.StatusOK)
	var out struct {
		Relations []sim.Relation `json:"relations"`
	}
	admDecode(e.t, r, &out)
	return out.Relations
}
