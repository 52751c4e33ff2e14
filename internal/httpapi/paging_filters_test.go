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
