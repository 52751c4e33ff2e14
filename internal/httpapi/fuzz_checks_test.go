package httpapi_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/wxmock/wxmock/internal/httpapi"
	"github.com/wxmock/wxmock/internal/sim"
	"github.com/wxmock/wxmock/schemas"
)

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
	if err == nil {
		err = fz.m.HTTP.MemoIntact(fz.path)
	}
	if err == nil && took > slowCall {
		err = fmt.Errorf("the answer took %v: a small request keeps the server busy", took.Round(time.Millisecond))
	}
	if err != nil {
		t.Errorf("%s %s: %v\ninput: %q\nanswer: %d %s", req.Method, fz.path, err, clipInput(input), rec.Code, rec.Body)
	}
	fz.checkSeedName(t, rec)
	if keep {
		diff(t, "state after a rejected call", fz.base, got)
	}
}

// checkWeChat checks a WeChat answer and its journal entry, and reports
// whether the answer promises that the state did not change.
func (fz *fuzzer) checkWeChat(rec *httptest.ResponseRecorder, input []byte) (keep bool, err error) {
	_, obj, err := fz.answered(rec)
	if err != nil {
		return false, err
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
	case "/promoter/getrole", "/promoter/getpromoter", "/promoter/getrelation", "/promoter/getorder":
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
// 2e0 are the integer 2, so they must filter as 2 does. The string filters
// of getrelation and getorder are exact.
func filtersHold(path string, input []byte, obj map[string]any) error {
	list, keys, strs := "promoter_list", []string{"role_id", "auth_status", "decl_status"}, []string(nil)
	switch path {
	case "/promoter/getrole":
		list, keys = "role_list", []string{"role_id"}
	case "/promoter/getrelation":
		list, keys, strs = "relation_list", []string{"scene"}, []string{"path"}
	case "/promoter/getorder":
		list, keys, strs = "order_list", []string{"status"}, []string{"mch_id", "trade_no", "out_trade_no"}
	}
	doc, _ := schemas.Decode(input)
	req, _ := doc.(map[string]any)
	rows, _ := obj[list].([]any)
	for _, k := range strs {
		want, _ := req[k].(string)
		for _, row := range rows {
			if r, _ := row.(map[string]any); want != "" && r[k] != want {
				return fmt.Errorf("the request filters on %s %q but the answer lists %s %v", k, want, k, r[k])
			}
		}
	}
	for _, k := range keys {
		want, ok := wholeNumber(req[k])
		if !ok || ((k == "role_id" || k == "scene") && want == 0) { // role_id and scene 0 do not filter
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
	return reachConsistent(st, next)
}

// reachConsistent checks the reach records and orders: ids below their
// sequences, counts as the counters say, a trade_no once per app, and
// refunded_time exactly on refunds.
func reachConsistent(st *sim.State, next map[string]sim.Counters) error {
	rels, ords, trades := map[string]int{}, map[string]int{}, map[string]bool{}
	for _, r := range st.Relations {
		if c := next[r.AppID]; r.ID >= c.NextRelationID {
			return fmt.Errorf("app %s holds relation id %d but its next_relation_id is %d", r.AppID, r.ID, c.NextRelationID)
		}
		rels[r.AppID]++
	}
	for _, o := range st.Orders {
		if c := next[o.AppID]; o.ID >= c.NextOrderID {
			return fmt.Errorf("app %s holds order id %d but its next_order_id is %d", o.AppID, o.ID, c.NextOrderID)
		}
		if trades[o.AppID+" "+o.TradeNo] {
			return fmt.Errorf("app %s holds trade_no %s twice", o.AppID, o.TradeNo)
		}
		trades[o.AppID+" "+o.TradeNo] = true
		if (o.Status == sim.OrderRefunded) != (o.RefundedTime != 0) {
			return fmt.Errorf("order %d has status %d and refunded_time %d", o.ID, o.Status, o.RefundedTime)
		}
		ords[o.AppID]++
	}
	for appid, c := range next {
		if c.RelationCount != rels[appid] || c.OrderCount != ords[appid] {
			return fmt.Errorf("app %s counts %d relations and %d orders but holds %d and %d", appid, c.RelationCount, c.OrderCount, rels[appid], ords[appid])
		}
	}
	return nil
}

// answered checks what every fuzzed WeChat call must show: one new journal
// entry, HTTP 200 JSON, an answer within its response schema, and no panic
// or internal error; it returns the entry and the decoded answer.
func (fz *fuzzer) answered(rec *httptest.ResponseRecorder) (httpapi.Entry, map[string]any, error) {
	es := fz.m.HTTP.Journal().List(httpapi.Filter{Since: fz.seq})
	if len(es) > 0 {
		fz.seq = es[len(es)-1].Seq
	}
	if len(es) != 1 {
		return httpapi.Entry{}, nil, fmt.Errorf("%d new journal entries, want 1", len(es))
	}
	if rec.Code != http.StatusOK || !strings.HasPrefix(rec.Header().Get("Content-Type"), "application/json") {
		return httpapi.Entry{}, nil, fmt.Errorf("HTTP %d %q, want 200 application/json", rec.Code, rec.Header().Get("Content-Type"))
	}
	obj, err := decodeObject(rec.Body.Bytes())
	if err != nil {
		return httpapi.Entry{}, nil, err
	}
	if v := es[0].ResponseViolations; len(v) > 0 {
		return httpapi.Entry{}, nil, fmt.Errorf("the answer breaks its response schema: %+v", v)
	}
	for _, n := range es[0].Notes {
		if strings.HasPrefix(n, "panic: ") || strings.HasPrefix(n, "internal error: ") {
			return httpapi.Entry{}, nil, fmt.Errorf("journal note %q", n)
		}
	}
	return es[0], obj, nil
}
