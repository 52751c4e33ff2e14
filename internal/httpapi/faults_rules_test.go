package httpapi_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/wxmock/wxmock/internal/httpapi"
)

// ftPattern makes n calls to getrole and returns which of them (from 1)
// were faulted with 45009.
func (e *env) ftPattern(tok string, n int) []int {
	e.t.Helper()
	hit := []int{}
	for i := 1; i <= n; i++ {
		if e.post(ftRole, tok, `{}`).code() == 45009 {
			hit = append(hit, i)
		}
	}
	return hit
}

func TestFaultSchedule(t *testing.T) {
	tests := []struct {
		name  string
		spec  string
		calls int
		want  []int
		spent bool
	}{
		{"every call", `{"errcode":45009}`, 3, []int{1, 2, 3}, false},
		{"times 2", `{"errcode":45009,"times":2}`, 4, []int{1, 2}, true},
		{"every 3", `{"errcode":45009,"every":3}`, 7, []int{3, 6}, false},
		{"every 2, times 2", `{"errcode":45009,"every":2,"times":2}`, 8, []int{2, 4}, true},
		{"probability 1", `{"errcode":45009,"probability":1}`, 3, []int{1, 2, 3}, false},
		{"probability 0", `{"errcode":45009,"probability":0,"seed":1}`, 3, []int{}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := setup(t)
			tok := e.token()
			e.ftAdd(tc.spec)
			diff(t, "faulted calls", tc.want, e.ftPattern(tok, tc.calls))
			f := e.ftList()[0]
			diff(t, "calls, hits, spent", []any{tc.calls, len(tc.want), tc.spent}, []any{f.Calls, f.Hits, f.Spent})
		})
	}
}

func TestFaultProbabilityRepeats(t *testing.T) {
	t.Parallel()
	pattern := func(spec string) []int {
		e := setup(t)
		tok := e.token()
		e.ftAdd(spec)
		return e.ftPattern(tok, 20)
	}
	first := pattern(`{"errcode":45009,"probability":0.5,"seed":7}`)
	if len(first) == 0 || len(first) == 20 {
		t.Errorf("seed 7 faulted %v of 20 calls; want some but not all", first)
	}
	diff(t, "faulted calls with seed 7 in a fresh server", first, pattern(`{"errcode":45009,"probability":0.5,"seed":7}`))
	if other := pattern(`{"errcode":45009,"probability":0.5,"seed":8}`); cmp.Equal(first, other) {
		t.Errorf("seeds 7 and 8 fault the same calls: %v", first)
	}
}

func TestFaultProbabilitySeedDrawn(t *testing.T) {
	t.Parallel()
	e := setup(t)
	f := e.ftAdd(`{"errcode":45009,"probability":0.5}`)
	if f.Seed == nil {
		t.Fatal("a fault with a probability and no seed lists no seed")
	}
	// The same seed in a fresh server draws the same seed.
	if g := setup(t).ftAdd(`{"errcode":45009,"probability":0.5}`); g.Seed == nil || *g.Seed != *f.Seed {
		t.Errorf("seed %v in a fresh server, want %d", g.Seed, *f.Seed)
	}
}

func TestFaultPath(t *testing.T) {
	calls := []string{"/cgi-bin/token", "/promoter/getrole", "/promoter/getpromoter", "/wxa/get_store_list", "/wxa/get_district"}
	tests := []struct {
		name string
		path string // the fault's path field; "" leaves it out
		want []string
	}{
		{"exact", `"/promoter/getrole"`, []string{"/promoter/getrole"}},
		{"prefix", `"/promoter/*"`, []string{"/promoter/getrole", "/promoter/getpromoter"}},
		{"another prefix", `"/wxa/get_*"`, []string{"/wxa/get_store_list", "/wxa/get_district"}},
		{"every endpoint", `"*"`, calls},
		{"every endpoint by default", "", calls},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := setup(t)
			tok := e.token()
			spec := `{"errcode":45009}`
			if tc.path != "" {
				spec = `{"path":` + tc.path + `,"errcode":45009}`
			}
			e.ftAdd(spec)
			got := []string{}
			for _, p := range calls {
				var r resp
				switch p {
				case "/cgi-bin/token":
					r = e.do(http.MethodGet, p+"?grant_type=client_credential&appid="+appID+"&secret="+secret, "")
				case "/wxa/get_district":
					r = e.do(http.MethodGet, p+"?access_token="+url.QueryEscape(tok), "")
				default:
					r = e.post(p, tok, `{}`)
				}
				if r.code() == 45009 {
					got = append(got, p)
				}
			}
			diff(t, "faulted paths", tc.want, got)
		})
	}
}

func TestFaultAppID(t *testing.T) {
	t.Parallel()
	e := setup(t)
	otherTok := e.addApp("wx1111111111111111", "11111111111111111111111111111111")
	tok := e.token()
	e.ftAdd(`{"appid":"` + appID + `","errcode":45009}`)
	e.wantErr(e.post(ftRole, tok, `{}`), 45009, "reach max api daily quota limit")
	e.wantOK(e.post(ftRole, otherTok, `{}`), "OK")
	// A call without a valid token belongs to no app.
	e.wantErr(e.post(ftRole, "not-a-token", `{}`), 40001, "")
	// The token endpoint has no access_token.
	if r := e.do(http.MethodGet, "/cgi-bin/token?grant_type=client_credential&appid="+appID+"&secret="+secret, ""); r.code() != 0 {
		t.Errorf("cgi-bin/token faulted: %s", r.Raw)
	}
	f := e.ftList()[0]
	diff(t, "calls, hits", []int{1, 1}, []int{f.Calls, f.Hits})
}

func TestFaultAdminNeverFaulted(t *testing.T) {
	t.Parallel()
	e := setup(t)
	e.ftAdd(`{"errcode":-1}`)
	e.ftAdd(`{"drop":true}`)
	for _, p := range []string{"/health", "/clock", "/journal", "/faults"} {
		if r := e.admin(http.MethodGet, p, ""); r.Status != http.StatusOK || r.code() != 0 {
			t.Errorf("GET %s: HTTP %d: %s", p, r.Status, r.Raw)
		}
	}
	for _, f := range e.ftList() {
		if f.Calls != 0 {
			t.Errorf("fault %d counted %d calls, want 0", f.ID, f.Calls)
		}
	}
}

func TestFaultChangesNoState(t *testing.T) {
	t.Parallel()
	e := setup(t)
	tok := e.token()
	e.ftAdd(`{"path":"/promoter/addpromoter","errcode":-1,"times":1}`)
	add := `{"promoter_list":[{"openid":"o6_bmjrPTlm6_2sgVt7hMZOPfL2M","role_id":1}]}`
	e.wantErr(e.post("/promoter/addpromoter", tok, add), -1, "system error")
	if got := e.ftLast().Request; got != add {
		t.Errorf("journaled request %q, want %q", got, add)
	}
	e.wantErr(e.post("/promoter/getpromoter", tok, `{}`), 103006, "data not exist")
	// Spent, the fault lets the retry through, which declares the promoter.
	r := e.post("/promoter/addpromoter", tok, add)
	e.wantOK(r, "OK")
	diff(t, "total_cnt", json.Number("1"), r.Body["total_cnt"])
}

func TestFaultListAndDelete(t *testing.T) {
	t.Parallel()
	e := setup(t)
	e.ftAdd(`{"path":"/wxa/*","appid":"` + appID + `","errcode":45011,"latency_ms":5,"every":2}`)
	e.ftAdd(`{"html":true,"probability":0.25,"seed":-3}`)
	e.ftAdd(`{"malformed":true,"times":4}`)
	r := e.admin(http.MethodGet, "/faults", "")
	want := `{"faults":[` +
		`{"id":1,"path":"/wxa/*","appid":"wx0123456789abcdef","errcode":45011,"errmsg":"api minute-quota reach limit must slower retry next minute","latency_ms":5,"every":2,"calls":0,"hits":0},` +
		`{"id":2,"path":"*","html":true,"probability":0.25,"seed":-3,"calls":0,"hits":0},` +
		`{"id":3,"path":"*","malformed":true,"times":4,"calls":0,"hits":0}]}`
	diff(t, "GET faults", want, r.Raw)

	steps := []struct {
		method, path string
		status       int
		ids          []int
	}{
		{http.MethodDelete, "/faults/2", http.StatusOK, []int{1, 3}},
		{http.MethodDelete, "/faults/2", http.StatusNotFound, []int{1, 3}},
		{http.MethodDelete, "/faults/x", http.StatusNotFound, []int{1, 3}},
		{http.MethodPut, "/faults", http.StatusMethodNotAllowed, []int{1, 3}},
		{http.MethodDelete, "/faults", http.StatusOK, []int{}},
	}
	for _, s := range steps {
		if r := e.admin(s.method, s.path, ""); r.Status != s.status {
			t.Errorf("%s %s: HTTP %d, want %d: %s", s.method, s.path, r.Status, s.status, r.Raw)
		}
		ids := []int{}
		for _, f := range e.ftList() {
			ids = append(ids, f.ID)
		}
		diff(t, "ids after "+s.method+" "+s.path, s.ids, ids)
	}
	// Ids start again once the faults are cleared, and reset clears them.
	if f := e.ftAdd(`{"drop":true}`); f.ID != 1 {
		t.Errorf("id %d after clearing, want 1", f.ID)
	}
	e.admin(http.MethodPost, "/reset", "")
	if got := e.ftList(); len(got) != 0 {
		t.Errorf("faults after reset: %+v", got)
	}
}

func TestFaultInvalid(t *testing.T) {
	tests := []struct {
		name, body, msg string
	}{
		{"two effects", `{"errcode":-1,"drop":true}`, "exclusive"},
		{"malformed and html", `{"malformed":true,"html":true}`, "exclusive"},
		{"probability 1.5", `{"errcode":-1,"probability":1.5}`, "probability"},
		{"negative probability", `{"errcode":-1,"probability":-0.1}`, "probability"},
		{"latency -1", `{"latency_ms":-1}`, "latency_ms"},
		{"latency over a minute", `{"latency_ms":60001}`, "latency_ms"},
		{"every 0", `{"errcode":-1,"every":0}`, "every"},
		{"times 0", `{"errcode":-1,"times":0}`, "times"},
		{"every and probability", `{"errcode":-1,"every":2,"probability":0.5}`, "exclusive"},
		{"seed without probability", `{"errcode":-1,"seed":7}`, "seed"},
		{"no effect", `{"path":"/promoter/getrole"}`, "effect"},
		{"errcode 0", `{"errcode":0}`, "errcode"},
		{"errmsg without errcode", `{"errmsg":"system busy","latency_ms":5}`, "errmsg"},
		{"unknown field", `{"errcode":-1,"count":2}`, "unknown field"},
		{"a field in the wrong case", `{"ErrCode":-1}`, "unknown field"},
		{"a path without a slash", `{"path":"promoter/getrole","errcode":-1}`, "path"},
		{"a star inside the path", `{"path":"/wxa/*/x","errcode":-1}`, "path"},
		{"an unknown path", `{"path":"/promoter/getpromotor","errcode":-1}`, "serves no"},
		{"a prefix of no endpoint", `{"path":"/nope/*","errcode":-1}`, "starts with"},
		{"an admin path", `{"path":"/__wxmock/*","errcode":-1}`, "admin"},
		{"an unknown app", `{"appid":"wx9999999999999999","errcode":-1}`, "appid"},
		{"not an object", `[1]`, "body"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := setup(t)
			r := e.admin(http.MethodPost, "/faults", tc.body)
			msg, _ := r.Body["error"].(string)
			if r.Status != http.StatusBadRequest || !strings.Contains(msg, tc.msg) {
				t.Errorf("HTTP %d %q, want 400 with an error about %q", r.Status, msg, tc.msg)
			}
			if got := e.ftList(); len(got) != 0 {
				t.Errorf("a rejected fault is in force: %+v", got)
			}
		})
	}
}

// TestFaultsBounded: at most httpapi.MaxFaults faults are in force; one
// more is 409 and changes nothing, and deleting one makes room again.
func TestFaultsBounded(t *testing.T) {
	t.Parallel()
	e := setup(t)
	for i := range httpapi.MaxFaults {
		if r := e.admin(http.MethodPost, "/faults", `{"path":"/promoter/getrole","errcode":-1}`); r.Status != http.StatusOK {
			t.Fatalf("fault %d: %d %s", i, r.Status, r.Raw)
		}
	}
	if r := e.admin(http.MethodPost, "/faults", `{"path":"/promoter/getrole","errcode":-1}`); r.Status != http.StatusConflict {
		t.Fatalf("fault %d: status %d, want 409: %s", httpapi.MaxFaults+1, r.Status, r.Raw)
	}
	if r := e.admin(http.MethodGet, "/faults", ""); strings.Count(r.Raw, `"id":`) != httpapi.MaxFaults {
		t.Errorf("%d faults listed, want %d", strings.Count(r.Raw, `"id":`), httpapi.MaxFaults)
	}
	if r := e.admin(http.MethodDelete, "/faults/1", ""); r.Status != http.StatusOK {
		t.Fatalf("delete: %d %s", r.Status, r.Raw)
	}
	if r := e.admin(http.MethodPost, "/faults", `{"path":"/promoter/getrole","errcode":-1}`); r.Status != http.StatusOK {
		t.Errorf("after a delete: status %d, want 200: %s", r.Status, r.Raw)
	}
}
