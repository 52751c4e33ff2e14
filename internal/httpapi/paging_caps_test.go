package httpapi_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/wxmock/wxmock/internal/fixtures"
	"github.com/wxmock/wxmock/internal/sim"
)

// prImport replaces the whole state with the default app holding roles
// 2 and 3 and promoters ps, and returns a token of the default app. The
// promoters are written by hand, without their empty fields, to keep a
// body of 100,000 of them small.
func (e *env) prImport(ps []sim.Promoter) string {
	e.t.Helper()
	st, err := fixtures.DefaultState()
	if err != nil {
		e.t.Fatal(err)
	}
	st.Roles = append(st.Roles, sim.Role{AppID: appID, RoleID: 2, Name: "店长"}, sim.Role{AppID: appID, RoleID: 3, Name: "导购"})
	st.Promoters = []sim.Promoter{}
	head, tail, ok := strings.Cut(prJSON(e.t, st), `"promoters":[]`)
	if !ok {
		e.t.Fatalf("no promoters field in a state")
	}
	b := []byte(head + `"promoters":[`)
	for i, p := range ps {
		if i > 0 {
			b = append(b, ',')
		}
		b = fmt.Appendf(b, `{"appid":%q,"id":%d,"openid":%q,"role_id":%d,"auth_status":%d,"decl_status":%d,"update_time":%d`,
			p.AppID, p.ID, p.OpenID, p.RoleID, p.AuthStatus, p.DeclStatus, p.UpdateTime)
		if p.RetailID != "" {
			b = fmt.Appendf(b, `,"retail_id":%q`, p.RetailID)
		}
		b = append(b, '}')
	}
	b = append(b, ']')
	b = append(b, tail...)
	r := e.admin(http.MethodPut, "/state", string(b))
	if r.Status != http.StatusOK {
		e.t.Fatalf("PUT state: %d %.300s", r.Status, r.Raw)
	}
	return e.token()
}

// prHeld is an imported promoter of the default app.
func prHeld(id uint64, n int, declared bool) sim.Promoter {
	p := sim.Promoter{AppID: appID, ID: id, OpenID: prOID(n), RoleID: 1, DeclStatus: 1}
	if !declared {
		p.DeclStatus = 2
	}
	return p
}

// TestDeclaredPromoterCap declares 50,000 promoters, then checks 103005,
// for items past the cap and for whole batches at the cap, and how a
// cancellation frees a place.
func TestDeclaredPromoterCap(t *testing.T) {
	t.Parallel()
	e := setup(t)
	tok := e.token()
	items := func(from, count int) []prObj {
		out := make([]prObj, count)
		for i := range out {
			out[i] = prObj{"openid": prOID(from + i), "role_id": 1}
		}
		return out
	}
	for b := range 4999 {
		e.prDeclare(tok, items(b*10+1, 10)...)
	}
	if r := e.prDeclare(tok, items(49991, 5)...); prNum(t, r.Body["total_cnt"]) != 49995 {
		t.Fatalf("total_cnt: %s", r.Raw)
	}
	// Five items fit; the five past the cap come back as sent.
	r := e.post("/promoter/addpromoter", tok, prJSON(t, prObj{"promoter_list": items(49996, 10)}))
	e.wantOK(r, "OK")
	var fails []any
	for i := 50001; i <= 50005; i++ {
		fails = append(fails, map[string]any{"openid": prOID(i), "role_id": json.Number("1"), "errcode": json.Number("103005"), "errmsg": prMsgLimit})
	}
	diff(t, "batch past the cap", map[string]any{"total_cnt": json.Number("50000"), "fail_cnt": json.Number("5"), "fail_list": fails,
		"errcode": json.Number("0"), "errmsg": "OK"}, r.Body)

	e.prRejected("/promoter/addpromoter", tok, prJSON(t, prObj{"promoter_list": items(60001, 1)}), 103005, prMsgLimit)
	// total_cnt counts every page, so a page at the end reads it cheaply.
	if p := e.prGetPage(tok, prObj{"decl_status": 1, "start_id": "49999"}); p.Total != 50000 {
		t.Errorf("declared total_cnt %d, want 50000", p.Total)
	}

	e.wantOK(e.post("/promoter/updatepromoter", tok, `{"id":"7","decl_status":2}`), "OK")
	r = e.prDeclare(tok, items(60001, 1)...)
	diff(t, "total_cnt after a cancellation", json.Number("50000"), r.Body["total_cnt"])
	diff(t, "new promoter", []string{"50001"}, e.prGetPage(tok, prObj{"openid": prOID(60001)}).IDs)

	e.wantErr(e.post("/promoter/updatepromoter", tok, `{"id":"7","decl_status":1}`), 103005, prMsgLimit)
	if p := e.prGetPage(tok, prObj{"decl_status": 2}); p.Total != 1 || p.IDs[0] != "7" {
		t.Errorf("cancelled promoters after a refused declaration: %v of %d", p.IDs, p.Total)
	}
	if p := e.prGetPage(tok, prObj{"start_id": "50000"}); p.Total != 50001 {
		t.Errorf("held total_cnt %d, want 50001", p.Total)
	}
}

// TestHeldPromoterCap imports 99,995 promoters, 50,995 of them cancelled,
// and checks the cap of 100,000 held.
func TestHeldPromoterCap(t *testing.T) {
	t.Parallel()
	e := setup(t)
	ps := make([]sim.Promoter, 99995)
	for i := range ps {
		ps[i] = prHeld(uint64(i+1), i+1, i < 49000)
	}
	tok := e.prImport(ps)
	batch := make([]prObj, 10)
	for i := range batch {
		batch[i] = prObj{"openid": prOID(200001 + i), "role_id": 1, "name": strconv.Itoa(i)}
	}
	r := e.prAdd(tok, batch...)
	e.wantOK(r, "OK")
	var fails []any
	for i := 5; i < 10; i++ {
		fails = append(fails, map[string]any{"openid": prOID(200001 + i), "role_id": json.Number("1"), "name": strconv.Itoa(i),
			"errcode": json.Number("103005"), "errmsg": prMsgLimit})
	}
	diff(t, "batch past the cap", map[string]any{"total_cnt": json.Number("49005"), "fail_cnt": json.Number("5"), "fail_list": fails,
		"errcode": json.Number("0"), "errmsg": "OK"}, r.Body)

	// At the cap a whole batch is refused, and nothing is declared.
	e.wantErr(e.prAdd(tok, batch[5], prObj{"openid": prOID(300001), "role_id": 1}), 103005, prMsgLimit)
	if p := e.prGetPage(tok, prObj{"start_id": "99999"}); p.Total != 100000 || p.IDs[0] != "100000" {
		t.Errorf("after a refused batch: %v of %d", p.IDs, p.Total)
	}
	// Declaring a cancelled promoter again adds no record.
	e.wantOK(e.post("/promoter/updatepromoter", tok, `{"id":"60000","decl_status":"1"}`), "OK")
	if p := e.prGetPage(tok, prObj{"decl_status": 1, "start_id": "99999"}); p.Total != 49006 {
		t.Errorf("declared total_cnt %d, want 49006", p.Total)
	}
	if p := e.prGetPage(tok, prObj{"start_id": "99999"}); p.Total != 100000 {
		t.Errorf("held total_cnt %d, want 100000", p.Total)
	}
	e.wantErr(e.prAdd(tok, batch[7]), 103005, prMsgLimit)
}
