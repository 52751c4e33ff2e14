package httpapi_test

import (
	"cmp"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/wxmock/wxmock/internal/fixtures"
	"github.com/wxmock/wxmock/internal/sim"
)

// prPageAll pages through getpromoter with filter q, the largest id of each
// page becoming the next start_id (a string, or a number when numeric),
// until 103006. Every page must be full but the last and carry total_cnt
// want.
func (e *env) prPageAll(tok string, q prObj, want int, numeric bool) prPage {
	e.t.Helper()
	var all prPage
	next := prObj{}
	for k, v := range q {
		next[k] = v
	}
	for n := 0; ; n++ {
		r := e.prGet(tok, next)
		if r.code() == 103006 {
			e.wantErr(r, 103006, prMsgNotExist)
			break
		}
		p := e.prParse(r)
		if p.Total != want {
			e.t.Errorf("page %d: total_cnt %d, want %d", n, p.Total, want)
		}
		if size := min(2000, want-len(all.IDs)); len(p.IDs) != size {
			e.t.Errorf("page %d: %d promoters, want %d", n, len(p.IDs), size)
		}
		all.IDs = append(all.IDs, p.IDs...)
		all.OpenIDs = append(all.OpenIDs, p.OpenIDs...)
		all.Items = append(all.Items, p.Items...)
		if len(p.IDs) == 0 || n > want/2000+1 {
			e.t.Fatalf("paging does not end: %d pages", n+1)
		}
		next["start_id"] = p.IDs[len(p.IDs)-1]
		if numeric {
			next["start_id"] = json.Number(p.IDs[len(p.IDs)-1])
		}
	}
	all.Total = len(all.IDs)
	return all
}

// TestGetPromoterFilters queries five promoters:
//
//	id role retail auth decl update_time
//	1  1    s1     0    1    t
//	2  2    s1     1    1    t+20
//	3  1    s2     2    1    t+20
//	4  2    s2     0    2    t+30
//	5  1    ""     0    1    t+10
func TestGetPromoterFilters(t *testing.T) {
	t.Parallel()
	e := setup(t)
	tok := e.token()
	t0 := start.Unix()
	e.wantOK(e.post("/promoter/addrole", tok, `{"name":"店长"}`), "ok")
	e.prDeclare(tok, prObj{"openid": prOID(1), "role_id": 1, "retail_id": "s1"}, prObj{"openid": prOID(2), "role_id": 2, "retail_id": "s1"},
		prObj{"openid": prOID(3), "role_id": 1, "retail_id": "s2"})
	e.advance(10 * time.Second)
	e.prDeclare(tok, prObj{"openid": prOID(4), "role_id": 2, "retail_id": "s2"}, prObj{"openid": prOID(5), "role_id": 1})
	e.advance(10 * time.Second)
	for _, b := range []string{`{"openid":"` + prOID(2) + `","auth_status":1}`, `{"openid":"` + prOID(3) + `","auth_status":2}`} {
		if r := e.prAuthorize(b); r.Status != http.StatusOK {
			t.Fatalf("authorize: %s", r.Raw)
		}
	}
	e.advance(10 * time.Second)
	e.wantOK(e.post("/promoter/updatepromoter", tok, `{"id":"4","decl_status":2}`), "OK")
	unions := make([]string, 5)
	for i := range unions {
		unions[i] = e.prUnionOf(tok, prOID(i+1))
	}

	tests := []struct {
		name  string
		q     prObj
		ids   []string // nil: 103006
		total int      // 0: len(ids)
	}{
		{"everything", prObj{}, []string{"1", "2", "3", "4", "5"}, 0},
		{"role 1", prObj{"role_id": 1}, []string{"1", "3", "5"}, 0},
		{"role 2", prObj{"role_id": 2}, []string{"2", "4"}, 0},
		{"role without promoters", prObj{"role_id": 3}, nil, 0},
		{"retail s1", prObj{"retail_id": "s1"}, []string{"1", "2"}, 0},
		{"retail s2", prObj{"retail_id": "s2"}, []string{"3", "4"}, 0},
		{"retail unknown", prObj{"retail_id": "s3"}, nil, 0},
		{"begin_time", prObj{"begin_time": t0 + 10}, []string{"2", "3", "4", "5"}, 0},
		{"begin_time inclusive", prObj{"begin_time": t0 + 20}, []string{"2", "3", "4"}, 0},
		{"end_time inclusive", prObj{"end_time": t0 + 10}, []string{"1", "5"}, 0},
		{"end_time at the first", prObj{"end_time": t0}, []string{"1"}, 0},
		{"begin_time and end_time", prObj{"begin_time": t0 + 10, "end_time": t0 + 20}, []string{"2", "3", "5"}, 0},
		{"begin_time after every change", prObj{"begin_time": t0 + 31}, nil, 0},
		{"begin_time after end_time", prObj{"begin_time": t0 + 20, "end_time": t0 + 10}, nil, 0},
		{"auth_status 0", prObj{"auth_status": 0}, []string{"1", "4", "5"}, 0},
		{"auth_status 1", prObj{"auth_status": 1}, []string{"2"}, 0},
		{"auth_status 2", prObj{"auth_status": 2}, []string{"3"}, 0},
		{"decl_status 1", prObj{"decl_status": 1}, []string{"1", "2", "3", "5"}, 0},
		{"decl_status string 1", prObj{"decl_status": "1"}, []string{"1", "2", "3", "5"}, 0},
		{"decl_status 2", prObj{"decl_status": 2}, []string{"4"}, 0},
		{"decl_status string 2", prObj{"decl_status": "2"}, []string{"4"}, 0},
		{"openid", prObj{"openid": prOID(3)}, []string{"3"}, 0},
		{"unionid", prObj{"openid": unions[2]}, []string{"3"}, 0},
		{"openid unknown", prObj{"openid": prOID(9)}, nil, 0},
		{"openid and a filter it passes", prObj{"openid": prOID(1), "role_id": 1, "auth_status": 0}, []string{"1"}, 0},
		{"openid and a filter it fails", prObj{"openid": prOID(4), "decl_status": "1"}, nil, 0},
		{"openid at start_id", prObj{"openid": prOID(1), "start_id": "1"}, nil, 0},
		{"role 1 and auth_status 0", prObj{"role_id": 1, "auth_status": 0}, []string{"1", "5"}, 0},
		{"role 2 and decl_status 1", prObj{"role_id": 2, "decl_status": 1}, []string{"2"}, 0},
		{"retail s2 and decl_status 2", prObj{"retail_id": "s2", "decl_status": "2"}, []string{"4"}, 0},
		{"four filters", prObj{"role_id": 1, "retail_id": "s2", "auth_status": 2, "begin_time": t0 + 20}, []string{"3"}, 0},
		{"start_id exclusive", prObj{"start_id": "2"}, []string{"3", "4", "5"}, 5},
		{"start_id as a number", prObj{"start_id": 2}, []string{"3", "4", "5"}, 5},
		{"start_id 0", prObj{"start_id": "0"}, []string{"1", "2", "3", "4", "5"}, 0},
		{"start_id at the last", prObj{"start_id": "5"}, nil, 0},
		{"start_id past every id", prObj{"start_id": "9223372036854775807"}, nil, 0},
		{"start_id and role", prObj{"start_id": "1", "role_id": 1}, []string{"3", "5"}, 3},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := e.prIn(t)
			if tc.ids == nil {
				e.wantErr(e.prGet(tok, tc.q), 103006, prMsgNotExist)
				return
			}
			p := e.prGetPage(tok, tc.q)
			diff(t, "ids", tc.ids, p.IDs)
			want := tc.total
			if want == 0 {
				want = len(tc.ids)
			}
			diff(t, "total_cnt", want, p.Total)
			for i, id := range p.IDs {
				n, _ := strconv.Atoi(id)
				diff(t, "openid of "+id, prOID(n), p.OpenIDs[i])
			}
			q := prObj{"need_unionid": 1}
			for k, v := range tc.q {
				q[k] = v
			}
			u := e.prGetPage(tok, q)
			diff(t, "ids with need_unionid", tc.ids, u.IDs)
			for i, id := range u.IDs {
				n, _ := strconv.Atoi(id)
				diff(t, "unionid of "+id, unions[n-1], u.OpenIDs[i])
			}
		})
	}
}

// TestGetPromoterErrors covers getpromoter's refusals.
func TestGetPromoterErrors(t *testing.T) {
	t.Parallel()
	e := setup(t)
	tok := e.token()
	e.wantErr(e.prGet(tok, prObj{}), 103006, prMsgNotExist) // no promoter yet
	e.prDeclare(tok, prObj{"openid": prOID(1), "role_id": 1})
	tests := []struct {
		name, body string
		code       int
		msg        string
	}{
		{"malformed openid", `{"openid":"abc"}`, 103007, prMsgOpenID},
		{"retail_id of 21 bytes", `{"retail_id":"` + strings.Repeat("r", 21) + `"}`, 103002, prMsgTooLong},
		{"auth_status 3", `{"auth_status":3}`, 103001, prMsgInvalid},
		{"decl_status 3", `{"decl_status":3}`, 103001, prMsgInvalid},
		{"decl_status string 3", `{"decl_status":"3"}`, 103001, prMsgInvalid},
		{"need_unionid 2", `{"need_unionid":2}`, 103001, prMsgInvalid},
		{"start_id not digits", `{"start_id":"abc"}`, 103001, prMsgInvalid},
		{"negative start_id", `{"start_id":-1}`, 103001, prMsgInvalid},
		{"negative begin_time", `{"begin_time":-1}`, 103001, prMsgInvalid},
		{"role_id as a string", `{"role_id":"1"}`, 47001, prMsgFormat},
		{"openid as a number", `{"openid":5}`, 47001, prMsgFormat},
		{"auth_status as a string", `{"auth_status":"1"}`, 47001, prMsgFormat},
		{"decl_status as a bool", `{"decl_status":true}`, 47001, prMsgFormat},
		{"start_id with a fraction", `{"start_id":1.5}`, 47001, prMsgFormat},
		{"body not JSON", `{"role_id":`, 47001, prMsgFormat},
		{"empty body", ` `, 44002, "empty post data"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := e.prIn(t)
			e.wantErr(e.post("/promoter/getpromoter", tok, tc.body), tc.code, tc.msg)
		})
	}
}

// TestNeedUnionID checks the unionid wxmock pairs with an openid: shaped
// like an openid, not the openid, stable, and usable as a filter.
func TestNeedUnionID(t *testing.T) {
	t.Parallel()
	e := setup(t)
	tok := e.token()
	e.prDeclare(tok, prObj{"openid": prOID(1), "role_id": 1}, prObj{"openid": prOID(2), "role_id": 1})
	first := e.prGetPage(tok, prObj{"need_unionid": 1})
	for i, u := range first.OpenIDs {
		if len(u) != 28 || u[0] != 'o' || strings.Trim(u, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") != "" {
			t.Errorf("unionid %q is not shaped like an openid", u)
		}
		if u == prOID(i+1) {
			t.Errorf("unionid of %s is the openid", u)
		}
	}
	if first.OpenIDs[0] == first.OpenIDs[1] {
		t.Errorf("two promoters share unionid %s", first.OpenIDs[0])
	}
	diff(t, "unionids on a second call", first.OpenIDs, e.prGetPage(tok, prObj{"need_unionid": 1}).OpenIDs)
	diff(t, "need_unionid 0", []string{prOID(1), prOID(2)}, e.prGetPage(tok, prObj{"need_unionid": 0}).OpenIDs)

	// The same openid in another server gets the same unionid.
	e2 := setup(t)
	tok2 := e2.token()
	e2.prDeclare(tok2, prObj{"openid": prOID(2), "role_id": 1})
	diff(t, "unionid in another server", first.OpenIDs[1], e2.prUnionOf(tok2, prOID(2)))

	byUnion := e.prGetPage(tok, prObj{"openid": first.OpenIDs[1]})
	diff(t, "found by unionid", []string{"2"}, byUnion.IDs)
	diff(t, "openid of the promoter found by unionid", []string{prOID(2)}, byUnion.OpenIDs)
	diff(t, "unionid filter with need_unionid", []string{first.OpenIDs[1]}, e.prGetPage(tok, prObj{"openid": first.OpenIDs[1], "need_unionid": 1}).OpenIDs)
}

// TestGetPromoterPaging declares 4,500 promoters in 450 batches and pages
// through them.
func TestGetPromoterPaging(t *testing.T) {
	t.Parallel()
	e := setup(t)
	tok := e.token()
	const n = 4500
	wantIDs, wantOpenIDs := make([]string, n), make([]string, n)
	for b := range n / 10 {
		items := make([]prObj, 10)
		for i := range items {
			id := b*10 + i + 1
			items[i] = prObj{"openid": prOID(id), "role_id": 1}
			wantIDs[id-1], wantOpenIDs[id-1] = strconv.Itoa(id), prOID(id)
		}
		if r := e.prDeclare(tok, items...); prNum(t, r.Body["total_cnt"]) != (b+1)*10 {
			t.Fatalf("batch %d: %s", b, r.Raw)
		}
	}
	all := e.prPageAll(tok, prObj{}, n, false)
	diff(t, "ids", wantIDs, all.IDs)
	diff(t, "openids", wantOpenIDs, all.OpenIDs)

	// A numeric start_id and need_unionid page the same way.
	u := e.prPageAll(tok, prObj{"need_unionid": 1}, n, true)
	diff(t, "ids with need_unionid", wantIDs, u.IDs)
	seen := map[string]bool{}
	for i, id := range u.OpenIDs {
		if seen[id] || id == wantOpenIDs[i] || len(id) != 28 || id[0] != 'o' {
			t.Fatalf("unionid %q of promoter %s: repeated, the openid, or not shaped like one", id, u.IDs[i])
		}
		seen[id] = true
	}
}

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

// TestGetPromoterFilterPaging imports 5,000 promoters, listed out of order
// with ids above 2^33 and gaps between them, and pages through filters.
func TestGetPromoterFilterPaging(t *testing.T) {
	t.Parallel()
	e := setup(t)
	const n = 5000
	t0 := start.Unix()
	ps := make([]sim.Promoter, n)
	for k := range n {
		i := k * 2001 % n // a permutation of 0..n-1
		p := prHeld(1<<33+uint64(7*i), i+1, i%5 != 0)
		p.RoleID = uint32(1 + i%3)
		p.RetailID = fmt.Sprintf("r%d", i%4)
		p.AuthStatus = i / 3 % 3
		p.UpdateTime = t0 - 1000 + int64(i%50)*10
		ps[k] = p
	}
	tok := e.prImport(ps)
	byID := slices.Clone(ps)
	slices.SortFunc(byID, func(a, b sim.Promoter) int { return cmp.Compare(a.ID, b.ID) })

	tests := []struct {
		name  string
		q     prObj
		match func(p *sim.Promoter) bool
	}{
		{"everything", prObj{}, func(*sim.Promoter) bool { return true }},
		{"decl_status 1", prObj{"decl_status": "1"}, func(p *sim.Promoter) bool { return p.DeclStatus == 1 }},
		{"decl_status 2", prObj{"decl_status": 2}, func(p *sim.Promoter) bool { return p.DeclStatus == 2 }},
		{"role 2", prObj{"role_id": 2}, func(p *sim.Promoter) bool { return p.RoleID == 2 }},
		{"auth_status 0 and declared", prObj{"auth_status": 0, "decl_status": 1}, func(p *sim.Promoter) bool { return p.AuthStatus == 0 && p.DeclStatus == 1 }},
		{"retail r1 and role 2", prObj{"retail_id": "r1", "role_id": 2}, func(p *sim.Promoter) bool { return p.RetailID == "r1" && p.RoleID == 2 }},
		{"time window", prObj{"begin_time": t0 - 900, "end_time": t0 - 700}, func(p *sim.Promoter) bool { return p.UpdateTime >= t0-900 && p.UpdateTime <= t0-700 }},
		{"begin_time and auth_status 2", prObj{"begin_time": t0 - 600, "auth_status": 2}, func(p *sim.Promoter) bool { return p.UpdateTime >= t0-600 && p.AuthStatus == 2 }},
		{"nothing matches", prObj{"retail_id": "r9"}, func(*sim.Promoter) bool { return false }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := e.prIn(t)
			var ids, openids []string
			for i := range byID {
				if tc.match(&byID[i]) {
					ids = append(ids, strconv.FormatUint(byID[i].ID, 10))
					openids = append(openids, byID[i].OpenID)
				}
			}
			got := e.prPageAll(tok, tc.q, len(ids), false)
			diff(t, "ids", ids, got.IDs)
			diff(t, "openids", openids, got.OpenIDs)
		})
	}
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

// TestStartIDUnreadable: a start_id that is not a readable id is refused,
// never taken as "from the start", or a paging client loops for ever.
func TestStartIDUnreadable(t *testing.T) {
	t.Parallel()
	e := setup(t)
	tok := e.token()
	e.wantOK(e.post("/promoter/addpromoter", tok, `{"promoter_list":[{"openid":"o6_bmjrPTlm6_2sgVt7hMZOPfL2M","role_id":1}]}`), "OK")
	for _, body := range []string{`{"start_id":"9999999999999999999"}`, `{"start_id":9999999999999999999}`, `{"start_id":"1x"}`, `{"start_id":-1}`} {
		e.wantErr(e.post("/promoter/getpromoter", tok, body), 103001, "parameter is invalid or missing")
	}
	e.wantOK(e.post("/promoter/getpromoter", tok, `{"start_id":""}`), "OK")
	e.wantOK(e.post("/promoter/getpromoter", tok, `{"start_id":"0"}`), "OK")
}
