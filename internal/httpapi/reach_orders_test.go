package httpapi_test

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/wxmock/wxmock/internal/sim"
)

const pathGetOrder = "/promoter/getorder"

// rchTrade is a WeChat Pay transaction id numbered i.
func rchTrade(i int) string { return fmt.Sprintf("4200%024d", i) }

// TestGetOrderShape stores an order through a relation and a refunded one
// through the fields of a reach, and pins the admin answer and getorder's
// answer byte for byte: refunded_time only on the refund.
func TestGetOrderShape(t *testing.T) {
	t.Parallel()
	e, tok := rchSetup(t)
	t0 := start.Unix()
	e.rchRelations(prObj{"promoter_openid": rchA, "openid": rchUser(1), "path": "pages/a", "scene": 1036, "create_time": t0 - 100, "share_extra_info": "s"})
	r := e.rchPutOrders(
		prObj{"relation_id": 1, "mch_id": "1900000109", "out_trade_no": "OUT-1", "paid_amount": 150, "paid_time": t0 - 90},
		prObj{"promoter_openid": rchA, "openid": rchUser(2), "mch_id": "1900000109", "trade_no": rchTrade(2), "out_trade_no": "OUT-2",
			"status": 2, "paid_amount": 990, "paid_time": t0 - 50, "refunded_time": t0 - 10},
	)
	admStatus(t, r, http.StatusOK)
	var stored struct {
		Orders []sim.Order `json:"orders"`
	}
	admDecode(t, r, &stored)
	gen := stored.Orders[0].TradeNo
	if len(gen) != 28 || !strings.HasPrefix(gen, "4200") || strings.Trim(gen, "0123456789") != "" {
		t.Fatalf("generated trade_no %q: want 28 digits starting with 4200", gen)
	}
	ts := func(d int64) string { return strconv.FormatInt(t0-d, 10) }
	head := `"promoter_openid":"` + rchA + `","role_id":2,"retail_id":"s1","extra_info":"ea",`
	reach1 := head + `"openid":"` + rchUser(1) + `","create_time":` + ts(100) + `,"path":"pages/a","scene":1036,"share_extra_info":"s",`
	reach2 := head + `"openid":"` + rchUser(2) + `","create_time":` + ts(50) + `,"path":"pages/index/index","scene":1007,"share_extra_info":"",`
	diff(t, "admin answer", `{"orders":[`+
		`{"appid":"`+appID+`","id":1,"promoter_id":1,`+reach1+`"mch_id":"1900000109","trade_no":"`+gen+`","out_trade_no":"OUT-1","status":1,"paid_amount":150,"paid_time":`+ts(90)+`,"refunded_time":0},`+
		`{"appid":"`+appID+`","id":2,"promoter_id":1,`+reach2+`"mch_id":"1900000109","trade_no":"`+rchTrade(2)+`","out_trade_no":"OUT-2","status":2,"paid_amount":990,"paid_time":`+ts(50)+`,"refunded_time":`+ts(10)+`}`+
		`]}`, r.Raw)

	want := `{"order_list":[` +
		`{` + reach1 + `"mch_id":"1900000109","trade_no":"` + gen + `","out_trade_no":"OUT-1","status":1,"paid_amount":150,"paid_time":` + ts(90) + `},` +
		`{` + reach2 + `"mch_id":"1900000109","trade_no":"` + rchTrade(2) + `","out_trade_no":"OUT-2","status":2,"paid_amount":990,"paid_time":` + ts(50) + `,"refunded_time":` + ts(10) + `}` +
		`],"total_cnt":2,"start_id":"2","errcode":0,"errmsg":"OK"}`
	got := e.rchGet(pathGetOrder, tok, prObj{"openid": rchA})
	diff(t, "getorder answer", want, got.Raw)
	diff(t, "getorder answer, decoded", prDecode(t, want), any(got.Body))
}

// TestGetOrderFilters queries five orders of A, between orders of B:
//
//	label mch status paid (China date)
//	o1    m1  1      2024-01-23 23:59:59
//	o2    m1  2      2024-01-24 00:00:00
//	o3    m2  1      2024-01-24 13:59:57
//	o4    m2  2      2024-01-23 16:53:20
//	o5    m1  1      2024-01-24 14:00:27 (now)
func TestGetOrderFilters(t *testing.T) {
	t.Parallel()
	e, tok := rchSetup(t)
	t0 := start.Unix()
	const midnight = 1706025600 // 2024-01-24 00:00:00 China time
	rows := []struct {
		mch    string
		status int
		paid   int64
	}{{"m1", 1, midnight - 1}, {"m1", 2, midnight}, {"m2", 1, t0 - 30}, {"m2", 2, 1706000000}, {"m1", 1, t0}}
	for i, r := range rows {
		e.rchOrders(
			prObj{"promoter_openid": rchA, "openid": rchUser(i), "mch_id": r.mch, "trade_no": rchTrade(i + 1), "out_trade_no": "o" + strconv.Itoa(i+1),
				"status": r.status, "paid_amount": 100 * (i + 1), "paid_time": r.paid},
			prObj{"promoter_openid": rchB, "mch_id": r.mch, "trade_no": rchTrade(100 + i), "out_trade_no": "b" + strconv.Itoa(i+1), "paid_amount": 1, "paid_time": r.paid},
		)
	}
	// A's orders have the odd ids 1, 3, ..., 9.
	tests := []struct {
		name   string
		q      prObj
		labels []string // nil: 103006
		total  int      // 0: len(labels)
		last   string
	}{
		{"everything", prObj{}, []string{"o1", "o2", "o3", "o4", "o5"}, 0, "9"},
		{"mch_id m1", prObj{"mch_id": "m1"}, []string{"o1", "o2", "o5"}, 0, "9"},
		{"mch_id m2", prObj{"mch_id": "m2"}, []string{"o3", "o4"}, 0, "7"},
		{"mch_id unknown", prObj{"mch_id": "m3"}, nil, 0, ""},
		{"status 1", prObj{"status": 1}, []string{"o1", "o3", "o5"}, 0, "9"},
		{"status 2", prObj{"status": 2}, []string{"o2", "o4"}, 0, "7"},
		{"status 0 does not filter", prObj{"status": 0}, []string{"o1", "o2", "o3", "o4", "o5"}, 0, "9"},
		{"trade_no", prObj{"trade_no": rchTrade(3)}, []string{"o3"}, 0, "5"},
		{"trade_no of another promoter", prObj{"trade_no": rchTrade(102)}, nil, 0, ""},
		{"trade_no unknown", prObj{"trade_no": rchTrade(77)}, nil, 0, ""},
		{"out_trade_no", prObj{"out_trade_no": "o4"}, []string{"o4"}, 0, "7"},
		{"out_trade_no of another promoter", prObj{"out_trade_no": "b4"}, nil, 0, ""},
		{"date as a string", prObj{"date": "20240123"}, []string{"o1", "o4"}, 0, "7"},
		{"date as a number", prObj{"date": 20240124}, []string{"o2", "o3", "o5"}, 0, "9"},
		{"date without orders", prObj{"date": "20240125"}, nil, 0, ""},
		{"date and status", prObj{"date": "20240124", "status": 1}, []string{"o3", "o5"}, 0, "9"},
		{"mch_id, status and date", prObj{"mch_id": "m2", "status": 2, "date": 20240123}, []string{"o4"}, 0, "7"},
		{"trade_no and a status it fails", prObj{"trade_no": rchTrade(3), "status": 2}, nil, 0, ""},
		{"start_id exclusive", prObj{"start_id": "5"}, []string{"o4", "o5"}, 5, "9"},
		{"start_id as a number", prObj{"start_id": 4}, []string{"o3", "o4", "o5"}, 5, "9"},
		{"start_id and mch_id", prObj{"start_id": "1", "mch_id": "m1"}, []string{"o2", "o5"}, 3, "9"},
		{"start_id at the last", prObj{"start_id": "9"}, nil, 0, ""},
		{"by unionid", prObj{"openid": sim.UnionIDOf(rchA), "status": 2}, []string{"o2", "o4"}, 0, "7"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := e.prIn(t)
			q := prObj{"openid": rchA}
			for k, v := range tc.q {
				q[k] = v
			}
			if tc.labels == nil {
				e.wantErr(e.rchGet(pathGetOrder, tok, q), 103006, prMsgNotExist)
				return
			}
			p := e.rchGetPage(pathGetOrder, tok, q)
			diff(t, "orders", tc.labels, p.field("out_trade_no"))
			diff(t, "total_cnt", max(tc.total, len(tc.labels)), p.Total)
			diff(t, "start_id", tc.last, p.StartID)
			var wantUsers, wantUnion []string
			for _, l := range tc.labels {
				i, _ := strconv.Atoi(l[1:])
				wantUsers = append(wantUsers, rchUser(i-1))
				wantUnion = append(wantUnion, sim.UnionIDOf(rchUser(i-1)))
			}
			diff(t, "paying users", wantUsers, p.field("openid"))
			q["need_unionid"] = 1
			u := e.rchGetPage(pathGetOrder, tok, q)
			diff(t, "orders with need_unionid", tc.labels, u.field("out_trade_no"))
			diff(t, "paying users' unionids", wantUnion, u.field("openid"))
			for _, po := range u.field("promoter_openid") {
				diff(t, "promoter unionid", sim.UnionIDOf(rchA), po)
			}
		})
	}
}

// TestGetOrderRefund simulates refunds: the same trade_no with status 2
// replaces the order and keeps its id, payment and reach.
func TestGetOrderRefund(t *testing.T) {
	t.Parallel()
	e, tok := rchSetup(t)
	t0 := start.Unix()
	e.rchRelations(prObj{"promoter_openid": rchA, "openid": rchUser(1), "create_time": t0 - 200},
		prObj{"promoter_openid": rchA, "openid": rchUser(2), "create_time": t0 - 200})
	pay := prObj{"relation_id": 1, "mch_id": "m", "out_trade_no": "OUT-1", "trade_no": rchTrade(1), "paid_amount": 100, "paid_time": t0 - 100}
	paid := e.rchOrders(pay)[0]
	e.advance(time.Minute)
	refund := prObj{"mch_id": "m", "out_trade_no": "OUT-1", "trade_no": rchTrade(1), "status": 2}
	o := e.rchOrders(refund)[0]
	want := paid
	want.Status, want.RefundedTime = 2, t0+60
	diff(t, "the refunded order", want, o)
	diff(t, "paid orders", 103006, e.rchGet(pathGetOrder, tok, prObj{"openid": rchA, "status": 1}).code())
	p := e.rchGetPage(pathGetOrder, tok, prObj{"openid": rchA, "status": 2})
	diff(t, "refunds", []string{"OUT-1"}, p.field("out_trade_no"))
	diff(t, "start_id of the refund", "1", p.StartID)
	diff(t, "refunded_time", int(t0+60), prNum(t, p.Rows[0]["refunded_time"]))

	// The same reach may be named again; the refund time may be set.
	o = e.rchOrders(prObj{"relation_id": 1, "mch_id": "m", "out_trade_no": "OUT-1", "trade_no": rchTrade(1), "status": 2, "refunded_time": t0 - 50})[0]
	diff(t, "refunded_time set", t0-50, o.RefundedTime)
	o = e.rchOrders(prObj{"promoter_openid": sim.UnionIDOf(rchA), "openid": rchUser(1), "mch_id": "m", "out_trade_no": "OUT-1", "trade_no": rchTrade(1), "paid_amount": 120})[0]
	diff(t, "a replacement keeps the status and refunded_time", []int64{2, t0 - 50, 120}, []int64{int64(o.Status), o.RefundedTime, o.PaidAmount})

	// Pay and refund in one call.
	pair := e.rchOrders(prObj{"relation_id": 2, "mch_id": "m", "out_trade_no": "OUT-2", "trade_no": rchTrade(2), "paid_amount": 5},
		prObj{"mch_id": "m", "out_trade_no": "OUT-2", "trade_no": rchTrade(2), "status": 2})
	diff(t, "ids of a pay and its refund", []uint64{2, 2}, []uint64{pair[0].ID, pair[1].ID})
	diff(t, "statuses of a pay and its refund", []int{1, 2}, []int{pair[0].Status, pair[1].Status})
	diff(t, "orders held", 2, e.rchGetPage(pathGetOrder, tok, prObj{"openid": rchA}).Total)

	// A refund needs no bound promoter: the payment is history.
	e.rchAuthorize("", rchA, 2)
	e.rchOrders(prObj{"mch_id": "m", "out_trade_no": "OUT-2", "trade_no": rchTrade(2), "status": 2, "refunded_time": t0 + 60})
	e.rchOrders(prObj{"relation_id": 2, "mch_id": "m", "out_trade_no": "OUT-3", "paid_amount": 5})
	diff(t, "orders after the promoter cancelled", 3, e.rchGetPage(pathGetOrder, tok, prObj{"openid": rchA}).Total)
	r := e.rchPutOrders(prObj{"promoter_openid": rchA, "mch_id": "m", "out_trade_no": "OUT-4", "paid_amount": 5})
	admErr(t, r, http.StatusConflict, "orders[0]", "not declared and authorized")
}

// TestGetOrderErrors covers getorder's refusals.
func TestGetOrderErrors(t *testing.T) {
	t.Parallel()
	e, tok := rchSetup(t)
	e.rchOrders(prObj{"promoter_openid": rchA, "mch_id": "m", "out_trade_no": "o", "paid_amount": 1})
	a := `{"openid":"` + rchA + `",`
	tests := []struct {
		name, body string
		code       int
		msg        string
	}{
		{"no openid", `{"status":1}`, 103001, prMsgInvalid},
		{"empty openid", `{"openid":""}`, 103001, prMsgInvalid},
		{"malformed openid", `{"openid":"o123"}`, 103007, prMsgOpenID},
		{"unknown promoter", `{"openid":"` + prOID(99) + `"}`, 103006, prMsgNotExist},
		{"promoter without orders", `{"openid":"` + rchB + `"}`, 103006, prMsgNotExist},
		{"status 3", a + `"status":3}`, 103001, prMsgInvalid},
		{"date of 7 digits", a + `"date":"2024012"}`, 103001, prMsgInvalid},
		{"date with dashes", a + `"date":"2024-01-24"}`, 103001, prMsgInvalid},
		{"date not a day", a + `"date":"20240230"}`, 103001, prMsgInvalid},
		{"date number not a day", a + `"date":20241301}`, 103001, prMsgInvalid},
		{"date number of 7 digits", a + `"date":2024012}`, 103001, prMsgInvalid},
		{"date a timestamp", a + `"date":1715938250}`, 103001, prMsgInvalid},
		{"date empty", a + `"date":""}`, 103001, prMsgInvalid},
		{"mch_id of 33 bytes", a + `"mch_id":"` + strings.Repeat("1", 33) + `"}`, 103002, prMsgTooLong},
		{"trade_no of 33 bytes", a + `"trade_no":"` + strings.Repeat("4", 33) + `"}`, 103002, prMsgTooLong},
		{"out_trade_no of 33 bytes", a + `"out_trade_no":"` + strings.Repeat("o", 33) + `"}`, 103002, prMsgTooLong},
		{"need_unionid 2", a + `"need_unionid":2}`, 103001, prMsgInvalid},
		{"start_id letters", a + `"start_id":"abc"}`, 103001, prMsgInvalid},
		{"status as a string", a + `"status":"1"}`, 47001, prMsgFormat},
		{"date as a bool", a + `"date":true}`, 47001, prMsgFormat},
		{"date with a fraction", a + `"date":20240124.5}`, 47001, prMsgFormat},
		{"mch_id as a number", a + `"mch_id":1900000109}`, 47001, prMsgFormat},
		{"openid as an array", `{"openid":[]}`, 47001, prMsgFormat},
		{"body not JSON", `{"openid"`, 47001, prMsgFormat},
		{"empty body", ``, 44002, "empty post data"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := e.prIn(t)
			e.wantErr(e.post(pathGetOrder, tok, tc.body), tc.code, tc.msg)
		})
	}
	// Both forms of the date are noted in the journal.
	e.wantOK(e.post(pathGetOrder, tok, a+`"date":20240124}`), "OK")
	es := e.admJournal("?path=" + pathGetOrder + "&limit=1")
	if len(es) != 1 || len(es[0].Notes) != 1 || !strings.Contains(es[0].Notes[0], "date sent as the number") {
		t.Errorf("journal of a numeric date: %+v", es)
	}
}

// TestGetOrderPaging stores 2,500 orders of A in three calls, between
// orders of B, a fifth of them refunded, and pages through them.
func TestGetOrderPaging(t *testing.T) {
	t.Parallel()
	e, tok := rchSetup(t)
	const n = 2500
	var ids, refundIDs []uint64
	var labels, refundLabels []string
	for from := 0; from < n; from += 1000 {
		items := make([]prObj, 0, 1000)
		for k := from; k < min(from+1000, n); k++ {
			it := prObj{"promoter_openid": rchA, "openid": rchUser(k), "mch_id": "m", "out_trade_no": strconv.Itoa(k), "paid_amount": k + 1}
			if k%5 == 0 {
				it["status"] = 2
			}
			items = append(items, it)
		}
		for _, o := range e.rchOrders(items...) {
			ids, labels = append(ids, o.ID), append(labels, o.OutTradeNo)
			if o.Status == 2 {
				refundIDs, refundLabels = append(refundIDs, o.ID), append(refundLabels, o.OutTradeNo)
			}
		}
		e.rchOrders(prObj{"promoter_openid": rchB, "mch_id": "m", "out_trade_no": "b", "paid_amount": 1})
	}
	diff(t, "orders, string start_id", labels, e.rchPageAll(pathGetOrder, tok, prObj{"openid": rchA}, "out_trade_no", ids, false))
	diff(t, "orders, numeric start_id", labels, e.rchPageAll(pathGetOrder, tok, prObj{"openid": sim.UnionIDOf(rchA), "need_unionid": 1}, "out_trade_no", ids, true))
	diff(t, "refunds", refundLabels, e.rchPageAll(pathGetOrder, tok, prObj{"openid": rchA, "status": 2}, "out_trade_no", refundIDs, false))
	seen := map[string]bool{}
	for _, l := range labels {
		if seen[l] {
			t.Fatalf("order %s listed twice", l)
		}
		seen[l] = true
	}
}
