package httpapi_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/wxmock/wxmock/internal/httpapi"
	"github.com/wxmock/wxmock/internal/mock"
	"github.com/wxmock/wxmock/internal/sim"
	"github.com/wxmock/wxmock/schemas"
)

// The fuzz targets send every input to one endpoint and hold its decoder to
// the contract: no panic, always an errcode answer that keeps its response
// schema (or, on the control API, a JSON object with a 200 or 4xx status),
// and a rejected request changes no state. On the way they also check that
// an answer comes quickly, that get answers honour the filters the schema
// accepted, and that the state stays consistent. Seed inputs, among them
// the inputs of bugs still open (named bug_*), live under
// testdata/fuzz/FuzzXxx; run one target with
//
//	go test ./internal/httpapi -run '^$' -fuzz '^FuzzAddPromoter$' -fuzztime 20s -parallel 1

func FuzzToken(f *testing.F) {
	fz := newFuzzer(f, "/cgi-bin/token")
	f.Add("grant_type=client_credential&appid=" + appID + "&secret=" + secret)
	f.Add("appid=%zz;secret=%00&grant_type=client_credential&appid=" + appID)
	f.Fuzz(func(t *testing.T, query string) {
		req := httptest.NewRequest(http.MethodGet, fz.path, nil)
		req.URL.RawQuery = query // set after NewRequest, which would refuse a malformed target
		fz.check(t, req, []byte(query))
	})
}

func FuzzStableToken(f *testing.F) {
	fuzzEndpoint(f, http.MethodPost, "/cgi-bin/stable_token",
		`{"grant_type":"client_credential","appid":"`+appID+`","secret":"`+secret+`","force_refresh":true}`,
		"grant_type=client_credential&appid="+appID)
}

func FuzzAddRole(f *testing.F) {
	fuzzEndpoint(f, http.MethodPost, "/promoter/addrole", `{"name":"店员","desc":"门店员工"}`, `{"name":"店长"}`)
}

func FuzzGetRole(f *testing.F) {
	fuzzEndpoint(f, http.MethodPost, "/promoter/getrole", `{}`, `{"role_id":2}`, `{"role_id":1e400}`)
}

func FuzzUpdateRole(f *testing.F) {
	fuzzEndpoint(f, http.MethodPost, "/promoter/updaterole", `{"role_id":2,"name":"店长","desc":"新"}`, `{"role_id":3,"name":"推广员"}`)
}

func FuzzAddPromoter(f *testing.F) {
	fuzzEndpoint(f, http.MethodPost, "/promoter/addpromoter",
		`{"promoter_list":[{"openid":"`+fuzzOpenID(9)+`","role_id":2},{"openid":"`+fuzzOpenID(1)+`","role_id":1}]}`,
		`{"promoter_list":[{"openid":"xxxxx","role_id":1,"retail_id":"xxxxx"}]}`)
}

func FuzzGetPromoter(f *testing.F) {
	fuzzEndpoint(f, http.MethodPost, "/promoter/getpromoter", `{}`, `{"start_id":"1","need_unionid":1,"decl_status":"1"}`)
}

func FuzzUpdatePromoter(f *testing.F) {
	fuzzEndpoint(f, http.MethodPost, "/promoter/updatepromoter", `{"id":"1","name":"王五","decl_status":2}`, `{"id":3,"decl_status":"1"}`)
}

func FuzzAdminApps(f *testing.F) {
	fuzzEndpoint(f, http.MethodPost, "/__wxmock/apps", `{}`, `{"appid":"`+appID+`","name":"renamed"}`)
}

func FuzzAdminClockAdvance(f *testing.F) {
	fuzzEndpoint(f, http.MethodPost, "/__wxmock/clock/advance", `{"seconds":7200}`, `{"seconds":-1}`)
}

func FuzzAdminClock(f *testing.F) {
	fuzzEndpoint(f, http.MethodPost, "/__wxmock/clock", `{"frozen":false}`, `{"now":1706076028,"frozen":true}`)
}

func FuzzAdminAuthorize(f *testing.F) {
	fuzzEndpoint(f, http.MethodPost, "/__wxmock/promoters/authorize",
		`{"openid":"`+fuzzOpenID(4)+`","auth_status":1}`, `{"openid":"`+fuzzOpenID(3)+`","auth_status":1}`)
}

func FuzzAdminPutState(f *testing.F) {
	fuzzEndpoint(f, http.MethodPut, "/__wxmock/state", `{"version":1,"apps":[]}`, `{"version":1,"roles":[{}]}`)
}

// slowCall bounds the time of one answer. Fuzz inputs are small and are
// answered in well under a millisecond; a small body that keeps the server
// busy for a second is a denial of service.
const slowCall = time.Second

// fuzzEndpoint fuzzes the body of method path, starting from seeds and the
// corpus under testdata/fuzz.
func fuzzEndpoint(f *testing.F, method, path string, seeds ...string) {
	f.Helper()
	fz := newFuzzer(f, path)
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		target := path
		if !fz.admin {
			target += "?access_token=" + fz.token
		}
		fz.check(t, httptest.NewRequest(method, target, bytes.NewReader(body)), body)
	})
}

// fuzzOpenID is the openid of the i-th promoter a fuzzer declares.
func fuzzOpenID(i int) string { return fmt.Sprintf("oFuzz%023d", i) }

// fuzzer is one mock shared by every input of a fuzz target; building a
// mock per input would be far too slow. Each input starts from base: an
// answer that changed the state is followed by a restore.
type fuzzer struct {
	m     *mock.Mock
	path  string
	admin bool
	token string
	real  *manualTime
	base  snapshot
	seq   uint64 // the journal's last sequence number
}

// snapshot is everything a call may change: the state and the clock.
type snapshot struct {
	State  *sim.State
	Now    time.Time
	Frozen bool
}

// manualTime is the mock's real-time source, which only the fuzzer moves.
type manualTime struct {
	mu sync.Mutex
	t  time.Time
}

func (c *manualTime) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *manualTime) set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

// newFuzzer builds the mock of one fuzz target: the default app with three
// roles and four promoters (one accepted, one cancelled by the promoter,
// one whose declaration is cancelled), strings that are awkward to encode
// among their fields.
func newFuzzer(f *testing.F, path string) *fuzzer {
	f.Helper()
	rt := &manualTime{t: start}
	m, err := mock.New(mock.Options{Seed: 1, ClockStart: start, FrozenClock: true, CheckResponses: true, JournalSize: 8, RealTime: rt.now})
	if err != nil {
		f.Fatalf("mock.New: %v", err)
	}
	f.Cleanup(m.Close)
	fz := &fuzzer{m: m, path: path, admin: strings.HasPrefix(path, "/__wxmock/"), real: rt}
	tok := fz.setupCall(f, http.MethodGet, "/cgi-bin/token?grant_type=client_credential&appid="+appID+"&secret="+secret, "")
	fz.token, _ = tok["access_token"].(string)
	calls := []struct{ path, body string }{
		{"/promoter/addrole", `{"name":"店长","desc":"门店负责人"}`},
		{"/promoter/addrole", `{"name":"导购 \"A\" <b>&amp;","desc":"tab\t \\ \u2028 😀"}`},
		{"/promoter/addpromoter", `{"promoter_list":[
			{"openid":"` + fuzzOpenID(1) + `","role_id":1,"retail_id":"store-1","name":"张三","phone":"13800000000"},
			{"openid":"` + fuzzOpenID(2) + `","role_id":2,"extra_info":"\u0000\u001f\"\\","name":"李四"},
			{"openid":"` + fuzzOpenID(3) + `","role_id":3,"retail_id":"store-2"},
			{"openid":"` + fuzzOpenID(4) + `","role_id":1}]}`},
		{"/promoter/updatepromoter", `{"id":"3","decl_status":2}`},
	}
	for _, c := range calls {
		r := fz.setupCall(f, http.MethodPost, c.path+"?access_token="+fz.token, c.body)
		if r["errcode"] != json.Number("0") || (r["fail_cnt"] != nil && r["fail_cnt"] != json.Number("0")) {
			f.Fatalf("%s: %v", c.path, r)
		}
	}
	fz.setupCall(f, http.MethodPost, "/__wxmock/promoters/authorize", `{"openid":"`+fuzzOpenID(1)+`","auth_status":1}`)
	fz.setupCall(f, http.MethodPost, "/__wxmock/promoters/authorize", `{"openid":"`+fuzzOpenID(2)+`","auth_status":2}`)
	fz.base = fz.snapshot(f)
	// Restoring between inputs relies on Replace bringing back exactly
	// what Export wrote.
	if err := m.Sim.Replace(fz.base.State); err != nil {
		f.Fatalf("Replace(Export()): %v", err)
	}
	if d := cmp.Diff(fz.base, fz.snapshot(f)); d != "" {
		f.Fatalf("Replace(Export()) mismatch (-want +got):\n%s", d)
	}
	if es := m.HTTP.Journal().List(httpapi.Filter{Limit: 1}); len(es) == 1 {
		fz.seq = es[0].Seq
	}
	return fz
}

// setupCall sends a request that builds the fuzzer's state and decodes its
// answer, which must be a success.
func (fz *fuzzer) setupCall(tb testing.TB, method, target, body string) map[string]any {
	tb.Helper()
	rec := httptest.NewRecorder()
	fz.m.HTTP.ServeHTTP(rec, httptest.NewRequest(method, target, strings.NewReader(body)))
	obj, err := decodeObject(rec.Body.Bytes())
	if rec.Code != http.StatusOK || err != nil {
		tb.Fatalf("%s %s: %d %s (%v)", method, target, rec.Code, rec.Body, err)
	}
	return obj
}

func (fz *fuzzer) snapshot(tb testing.TB) snapshot {
	tb.Helper()
	st, err := fz.m.Sim.Export()
	if err != nil {
		tb.Fatalf("Export: %v", err)
	}
	c := fz.m.Sim.Clock()
	return snapshot{State: st, Now: c.Now(), Frozen: c.Frozen()}
}

// check sends req, whose varying part is input, and checks the answer, the
// journal and the state; then it puts back the base state.
func (fz *fuzzer) check(t *testing.T, req *http.Request, input []byte) {
	t.Helper()
	rec := httptest.NewRecorder()
	began := time.Now()
	fz.m.HTTP.ServeHTTP(rec, req)
	took := time.Since(began)
	got := fz.snapshot(t)
	defer fz.restore(t, got)
	var keep bool
	var err error
	if fz.admin {
		keep, err = fz.checkAdmin(rec, input)
	} else {
		keep, err = fz.checkWeChat(rec, input)
	}
	if err == nil {
		err = consistent(got.State)
	}
	if err == nil && took > slowCall {
		err = fmt.Errorf("the answer took %v: a small request keeps the server busy", took.Round(time.Millisecond))
	}
	if err != nil {
		t.Errorf("%s %s: %v\ninput: %q\nanswer: %d %s", req.Method, fz.path, err, clipInput(input), rec.Code, rec.Body)
	}
	if keep {
		diff(t, "state after a rejected call", fz.base, got)
	}
}

// checkWeChat checks a WeChat answer and its journal entry, and reports
// whether the answer promises that the state did not change.
func (fz *fuzzer) checkWeChat(rec *httptest.ResponseRecorder, input []byte) (keep bool, err error) {
	es := fz.m.HTTP.Journal().List(httpapi.Filter{Since: fz.seq})
	if len(es) > 0 {
		fz.seq = es[len(es)-1].Seq
	}
	if len(es) != 1 {
		return false, fmt.Errorf("%d new journal entries, want 1", len(es))
	}
	if rec.Code != http.StatusOK || !strings.HasPrefix(rec.Header().Get("Content-Type"), "application/json") {
		return false, fmt.Errorf("HTTP %d %q, want 200 application/json", rec.Code, rec.Header().Get("Content-Type"))
	}
	obj, err := decodeObject(rec.Body.Bytes())
	if err != nil {
		return false, err
	}
	if v := es[0].ResponseViolations; len(v) > 0 {
		return false, fmt.Errorf("the answer breaks its response schema: %+v", v)
	}
	for _, n := range es[0].Notes {
		if strings.HasPrefix(n, "panic: ") || strings.HasPrefix(n, "internal error: ") {
			return false, fmt.Errorf("journal note %q", n)
		}
	}
	raw, ok := obj["errcode"]
	if !ok {
		return false, tokenShape(fz.path, obj)
	}
	n, _ := raw.(json.Number)
	code, err := n.Int64()
	switch {
	case err != nil:
		return false, fmt.Errorf("errcode %v is not an integer", raw)
	case code == int64(sim.ErrSystem.Code):
		return false, errors.New("errcode -1: a handler panicked or failed")
	case code != 0 && !sim.Known(int(code)):
		return false, fmt.Errorf("errcode %d is not in the catalogue", code)
	case code != 0:
		return true, nil
	}
	switch fz.path {
	case "/promoter/getrole", "/promoter/getpromoter":
		return true, filtersHold(fz.path, input, obj)
	case "/promoter/addpromoter":
		// Nothing is declared when every item failed.
		doc, _ := schemas.Decode(input)
		body, _ := doc.(map[string]any)
		list, _ := body["promoter_list"].([]any)
		return obj["fail_cnt"] == json.Number(fmt.Sprint(len(list))), nil
	}
	return false, nil
}

// tokenShape checks an answer without errcode: only a token endpoint's
// success, {access_token, expires_in}, has none.
func tokenShape(path string, obj map[string]any) error {
	if path != "/cgi-bin/token" && path != "/cgi-bin/stable_token" {
		return errors.New("no errcode")
	}
	tok, _ := obj["access_token"].(string)
	n, _ := obj["expires_in"].(json.Number)
	if secs, err := n.Int64(); tok == "" || err != nil || secs <= 0 || len(obj) != 2 {
		return errors.New("neither an errcode nor {access_token, expires_in}")
	}
	return nil
}

// filtersHold checks that every row of a get answer matches the request's
// numeric filters as the request schema reads them: to JSON Schema 2.0 and
// 2e0 are the integer 2, so they must filter as 2 does.
func filtersHold(path string, input []byte, obj map[string]any) error {
	list, keys := "promoter_list", []string{"role_id", "auth_status", "decl_status"}
	if path == "/promoter/getrole" {
		list, keys = "role_list", []string{"role_id"}
	}
	doc, _ := schemas.Decode(input)
	req, _ := doc.(map[string]any)
	rows, _ := obj[list].([]any)
	for _, k := range keys {
		want, ok := wholeNumber(req[k])
		if !ok || (k == "role_id" && want == 0) { // role_id 0 does not filter
			continue
		}
		for _, row := range rows {
			r, _ := row.(map[string]any)
			if got, _ := wholeNumber(r[k]); got != want {
				return fmt.Errorf("the request filters on %s %v but the answer lists %s %v", k, req[k], k, r[k])
			}
		}
	}
	return nil
}

// wholeNumber reads a JSON number, or a string of one, that is a whole
// number; the filters' values are small enough for a float64 to be exact.
func wholeNumber(v any) (float64, bool) {
	var s string
	switch x := v.(type) {
	case json.Number:
		s = x.String()
	case string:
		s = x
	default:
		return 0, false
	}
	f, err := strconv.ParseFloat(s, 64)
	return f, err == nil && f == math.Trunc(f)
}

// checkAdmin checks a control API answer and reports whether it promises
// that the state did not change. A body that is neither blank (read as {})
// nor exactly one JSON value must be refused, as decodeAdmin promises.
func (fz *fuzzer) checkAdmin(rec *httptest.ResponseRecorder, input []byte) (keep bool, err error) {
	if rec.Code != http.StatusOK && (rec.Code < 400 || rec.Code > 499) {
		return false, fmt.Errorf("HTTP status %d, want 200 or 4xx", rec.Code)
	}
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		return false, fmt.Errorf("Content-Type %q, want application/json", ct)
	}
	obj, err := decodeObject(rec.Body.Bytes())
	if err != nil {
		return false, err
	}
	if rec.Code == http.StatusOK {
		if len(bytes.TrimSpace(input)) > 0 && !json.Valid(input) {
			return false, errors.New("a body that is not one JSON value was accepted")
		}
		return false, nil
	}
	if msg, _ := obj["error"].(string); msg == "" {
		return true, errors.New(`a 4xx answer without {"error": message}`)
	}
	return true, nil
}

// consistent checks what any accepted call must leave true: an app's next
// role_id and promoter id lie above every id it holds (else the next
// addrole or addpromoter reuses or wraps an id), and no app holds more roles
// than getrole may list.
func consistent(st *sim.State) error {
	next := map[string]sim.Counters{}
	for _, c := range st.Counters {
		next[c.AppID] = c
	}
	roles := map[string]int{}
	for _, r := range st.Roles {
		if c := next[r.AppID]; r.RoleID >= c.NextRoleID {
			return fmt.Errorf("app %s holds role_id %d but its next_role_id is %d", r.AppID, r.RoleID, c.NextRoleID)
		}
		if roles[r.AppID]++; roles[r.AppID] > sim.MaxRoles {
			return fmt.Errorf("app %s holds more than %d roles", r.AppID, sim.MaxRoles)
		}
	}
	for _, p := range st.Promoters {
		if c := next[p.AppID]; p.ID >= c.NextPromoterID {
			return fmt.Errorf("app %s holds promoter id %d but its next_promoter_id is %d", p.AppID, p.ID, c.NextPromoterID)
		}
	}
	return nil
}

// restore puts back the base state and clock when got differs from them.
func (fz *fuzzer) restore(t *testing.T, got snapshot) {
	t.Helper()
	if cmp.Equal(fz.base, got) {
		return
	}
	if err := fz.m.Sim.Replace(fz.base.State); err != nil {
		t.Fatalf("restoring the state: %v", err)
	}
	// The clock only moves forward; through the real-time source it is
	// brought back: stop it, let it run with no offset, stop it at start.
	c := fz.m.Sim.Clock()
	c.Freeze(time.Time{})
	fz.real.set(c.Now())
	c.Unfreeze()
	fz.real.set(start)
	c.Freeze(time.Time{})
	if d := cmp.Diff(fz.base, fz.snapshot(t)); d != "" {
		t.Fatalf("restored state mismatch (-want +got):\n%s", d)
	}
}

// decodeObject parses an answer, which must be exactly one JSON object.
func decodeObject(b []byte) (map[string]any, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var obj map[string]any
	if err := dec.Decode(&obj); err != nil || obj == nil {
		return nil, fmt.Errorf("the answer is not a JSON object: %v", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("the answer has data after its JSON object")
	}
	return obj, nil
}

// clipInput shortens an input for a failure message.
func clipInput(b []byte) []byte {
	if len(b) > 300 {
		return append(b[:300:300], "…"...)
	}
	return b
}
