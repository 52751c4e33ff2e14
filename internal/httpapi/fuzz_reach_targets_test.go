package httpapi_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/wxmock/wxmock/internal/httpapi"
	"github.com/wxmock/wxmock/internal/sim"
)

// The reach fuzz targets start from the promoter fuzz state with reaches
// and orders added: relations 1 to 3 and orders 1 (paid) and 2 (refunded,
// trade_no fuzzTrade2) of promoter 1, relation 4 and order 3 of promoter 2
// (whose authorization is cancelled since), all at the fuzzer's start.
// Seed inputs live under testdata/fuzz/FuzzXxx; run one target with
//
//	go test ./internal/httpapi -run '^$' -fuzz '^FuzzGetOrder$' -fuzztime 20s -parallel 1

// fuzzTrade2 is the trade_no of the refunded order of the reach fuzz state.
const fuzzTrade2 = "4200000000000000000000000002"

func FuzzGetRelation(f *testing.F) {
	fuzzReachEndpoint(f, "/promoter/getrelation",
		`{"openid":"`+fuzzOpenID(1)+`"}`,
		`{"openid":"`+fuzzOpenID(1)+`","begin_time":1668614400,"end_time":1706076027,"scene":1036,"path":"pages/goods/detail?id=1","start_id":"1","need_unionid":1}`)
}

func FuzzGetOrder(f *testing.F) {
	fuzzReachEndpoint(f, "/promoter/getorder",
		`{"openid":"`+fuzzOpenID(1)+`"}`,
		`{"openid":"`+fuzzOpenID(1)+`","mch_id":"1900000109","trade_no":"`+fuzzTrade2+`","out_trade_no":"OUT-2","status":2,"start_id":"1","need_unionid":1,"date":"20240124"}`)
}

func FuzzAdminRelations(f *testing.F) {
	fuzzReachEndpoint(f, "/__wxmock/promoters/relations",
		`{"relations":[{"promoter_openid":"`+fuzzOpenID(1)+`"}]}`,
		`{"appid":"`+appID+`","relations":[{"promoter_openid":"`+fuzzOpenID(1)+`","openid":"`+rchUser(7)+`","path":"pages/a","scene":1036,"create_time":1706076000,"share_extra_info":"x"}]}`)
}

func FuzzAdminOrders(f *testing.F) {
	fuzzReachEndpoint(f, "/__wxmock/promoters/orders",
		`{"orders":[{"relation_id":1,"mch_id":"1900000109","out_trade_no":"OUT-9","paid_amount":1}]}`,
		`{"orders":[{"mch_id":"1900000109","out_trade_no":"OUT-2","trade_no":"`+fuzzTrade2+`","status":2,"refunded_time":1706076027}]}`)
}

// fuzzReachEndpoint fuzzes the body of POST path on the reach fuzz state.
// Besides the harness's checks, a state a call changed must import again
// unchanged (the writers and the state loader agree), and an admin call
// must answer one row for each item it stored.
func fuzzReachEndpoint(f *testing.F, path string, seeds ...string) {
	f.Helper()
	fz := newFuzzer(f, path)
	fz.addReaches(f)
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		target := path
		if !fz.admin {
			target += "?access_token=" + fz.token
		}
		fz.sfzServe(t, httptest.NewRequest(http.MethodPost, target, bytes.NewReader(body)), body,
			func(rec *httptest.ResponseRecorder, got snapshot) (bool, error) {
				if !fz.admin {
					return fz.checkWeChat(rec, body)
				}
				keep, err := fz.checkAdmin(rec, body)
				if err == nil && !keep {
					err = reachAdminAnswer(fz.path, rec.Body.Bytes(), body, fz.base.State, got.State)
				}
				return keep, err
			})
	})
}

// reachAdminAnswer checks an accepted admin reach call: one answered row
// per item, each row as the state now holds it (an order the call replaced
// later in the batch excepted), and as many new rows in the state as the
// answer has rows with new ids.
func reachAdminAnswer(path string, answer, input []byte, before, after *sim.State) error {
	var in struct {
		Relations []json.RawMessage `json:"relations"`
		Orders    []json.RawMessage `json:"orders"`
	}
	var out struct {
		Relations []sim.Relation `json:"relations"`
		Orders    []sim.Order    `json:"orders"`
	}
	if err := json.Unmarshal(input, &in); err != nil {
		return fmt.Errorf("an accepted input does not decode: %v", err)
	}
	if err := json.Unmarshal(answer, &out); err != nil {
		return fmt.Errorf("the answer does not decode: %v", err)
	}
	if strings.HasSuffix(path, "/relations") {
		if len(out.Relations) != len(in.Relations) || len(out.Orders) != 0 {
			return fmt.Errorf("%d relations answered for %d items", len(out.Relations), len(in.Relations))
		}
		if len(after.Relations) != len(before.Relations)+len(out.Relations) {
			return fmt.Errorf("%d relations stored, want %d", len(after.Relations)-len(before.Relations), len(out.Relations))
		}
		held := map[uint64]sim.Relation{}
		for _, r := range after.Relations {
			held[r.ID] = r
		}
		for _, r := range out.Relations {
			if d := cmp.Diff(held[r.ID], r); d != "" {
				return fmt.Errorf("answered relation %d is not the one stored (-stored +answered):\n%s", r.ID, d)
			}
		}
		return nil
	}
	if len(out.Orders) != len(in.Orders) || len(out.Relations) != 0 {
		return fmt.Errorf("%d orders answered for %d items", len(out.Orders), len(in.Orders))
	}
	held, last, fresh := map[uint64]sim.Order{}, map[uint64]sim.Order{}, map[uint64]bool{}
	for _, o := range after.Orders {
		held[o.ID] = o
	}
	for _, o := range before.Orders {
		fresh[o.ID] = false
	}
	for _, o := range out.Orders {
		last[o.ID] = o
		if _, old := fresh[o.ID]; !old {
			fresh[o.ID] = true
		}
	}
	news := 0
	for id, o := range last {
		if d := cmp.Diff(held[id], o); d != "" {
			return fmt.Errorf("answered order %d is not the one stored (-stored +answered):\n%s", id, d)
		}
		if fresh[id] {
			news++
		}
	}
	if len(after.Orders) != len(before.Orders)+news {
		return fmt.Errorf("%d orders stored, want %d new ones", len(after.Orders)-len(before.Orders), news)
	}
	return nil
}

// addReaches adds the reaches and orders of the reach fuzz state to the
// fuzzer's base.
func (fz *fuzzer) addReaches(f *testing.F) {
	f.Helper()
	const t0 = "1706076027" // the fuzzer's start
	for _, c := range []struct{ path, body string }{
		{"relations", `{"relations":[
			{"promoter_openid":"` + fuzzOpenID(1) + `","openid":"` + rchUser(1) + `","path":"pages/goods/detail?id=1","scene":1036,"create_time":1706000000,"share_extra_info":"春季 \"A\""},
			{"promoter_openid":"` + fuzzOpenID(1) + `","openid":"` + rchUser(2) + `"},
			{"promoter_openid":"` + fuzzOpenID(1) + `","openid":"` + rchUser(1) + `","scene":1045,"create_time":` + t0 + `}]}`},
		{"orders", `{"orders":[
			{"relation_id":1,"mch_id":"1900000109","out_trade_no":"OUT-1","trade_no":"4200000000000000000000000001","paid_amount":150,"paid_time":1706000100},
			{"relation_id":3,"mch_id":"1900000109","out_trade_no":"OUT-2","trade_no":"` + fuzzTrade2 + `","status":2,"paid_amount":990,"refunded_time":` + t0 + `}]}`},
	} {
		fz.setupCall(f, http.MethodPost, "/__wxmock/promoters/"+c.path, c.body)
	}
	// Promoter 2 was bound when its user came and paid.
	fz.setupCall(f, http.MethodPost, "/__wxmock/promoters/authorize", `{"openid":"`+fuzzOpenID(2)+`","auth_status":1}`)
	fz.setupCall(f, http.MethodPost, "/__wxmock/promoters/relations", `{"relations":[{"promoter_openid":"`+fuzzOpenID(2)+`","openid":"`+rchUser(3)+`"}]}`)
	fz.setupCall(f, http.MethodPost, "/__wxmock/promoters/orders", `{"orders":[{"relation_id":4,"mch_id":"m2","out_trade_no":"OUT-3","paid_amount":1}]}`)
	fz.setupCall(f, http.MethodPost, "/__wxmock/promoters/authorize", `{"openid":"`+fuzzOpenID(2)+`","auth_status":2}`)
	// A share material of promoter 1, whose share_path names it in a
	// relation or an order; seeds that do, and that alter it.
	m, err := fz.m.Sim.ShareMaterialFor(appID, sim.ShareRequest{Path: "pages/goods/detail?id=9", OpenID: fuzzOpenID(1), ExtraInfo: "fz"})
	if err != nil {
		f.Fatalf("share material: %v", err)
	}
	sp := m.SharePath()
	f.Add([]byte(`{"relations":[{"share_path":"` + sp + `","scene":1044}]}`))
	f.Add([]byte(`{"relations":[{"share_path":"` + sp + `&x=1","promoter_openid":"` + fuzzOpenID(2) + `"}]}`))
	f.Add([]byte(`{"orders":[{"share_path":"` + sp + `","mch_id":"m","out_trade_no":"SP-1","paid_amount":3}]}`))
	fz.base = fz.snapshot(f)
	if len(fz.base.State.Relations) != 4 || len(fz.base.State.Orders) != 3 {
		f.Fatalf("reach fuzz state: %d relations and %d orders, want 4 and 3", len(fz.base.State.Relations), len(fz.base.State.Orders))
	}
	if err := fz.m.Sim.Replace(fz.base.State); err != nil {
		f.Fatalf("Replace(Export()): %v", err)
	}
	if d := cmp.Diff(fz.base, fz.snapshot(f)); d != "" {
		f.Fatalf("Replace(Export()) mismatch (-want +got):\n%s", d)
	}
	if es := fz.m.HTTP.Journal().List(httpapi.Filter{Limit: 1}); len(es) == 1 {
		fz.seq = es[0].Seq
	}
}
