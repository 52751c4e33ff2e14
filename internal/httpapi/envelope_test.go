package httpapi_test

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/wxmock/wxmock/internal/httpapi"
	"github.com/wxmock/wxmock/internal/mock"
)

// evPostEndpoints are the POST-only endpoints served so far.
var evPostEndpoints = []string{
	"/promoter/addrole", "/promoter/getrole", "/promoter/updaterole",
	"/promoter/addpromoter", "/promoter/getpromoter", "/promoter/updatepromoter",
}

// evKeys lists the fields of a JSON object.
func evKeys(m map[string]any) []string { return slices.Sorted(maps.Keys(m)) }

// evRecord sends a request and keeps the whole HTTP answer, headers included.
func (e *env) evRecord(method, target, body string) *httptest.ResponseRecorder {
	e.t.Helper()
	rec := httptest.NewRecorder()
	e.m.HTTP.ServeHTTP(rec, httptest.NewRequest(method, target, strings.NewReader(body)))
	return rec
}

// evRid returns the rid of an error answer.
func evRid(t *testing.T, r resp) string {
	t.Helper()
	msg, _ := r.Body["errmsg"].(string)
	_, rid, ok := strings.Cut(msg, " rid: ")
	if !ok {
		t.Fatalf("errmsg %q has no rid", msg)
	}
	return rid
}

// evRidShape reports whether rid is three groups of 8 lowercase hex digits.
func evRidShape(rid string) bool {
	groups := strings.Split(rid, "-")
	if len(groups) != 3 {
		return false
	}
	for _, g := range groups {
		if len(g) != 8 || strings.Trim(g, "0123456789abcdef") != "" {
			return false
		}
	}
	return true
}

// evJournal returns the journal entries of a path, oldest first.
func (e *env) evJournal(path string) []map[string]any {
	e.t.Helper()
	r := e.admin(http.MethodGet, "/journal?path="+path, "")
	if r.Status != http.StatusOK {
		e.t.Fatalf("journal: %d %s", r.Status, r.Raw)
	}
	list, ok := r.Body["entries"].([]any)
	if !ok {
		e.t.Fatalf("journal has no entries list: %s", r.Raw)
	}
	out := make([]map[string]any, 0, len(list))
	for _, it := range list {
		m, _ := it.(map[string]any)
		out = append(out, m)
	}
	return out
}

func TestErrorEnvelope(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		method string
		target string // TOKEN stands for a fresh token of the default app
		body   string
		code   int
		msg    string
	}{
		{name: "token: no appid", method: http.MethodGet, target: "/cgi-bin/token", code: 41002, msg: "appid missing"},
		{name: "stable_token: GET", method: http.MethodGet, target: "/cgi-bin/stable_token", code: 43002, msg: "require POST method"},
		{name: "no access_token", method: http.MethodPost, target: "/promoter/getrole", body: `{}`, code: 41001, msg: "access_token missing"},
		{name: "bad access_token", method: http.MethodPost, target: "/promoter/getrole?access_token=nope", body: `{}`, code: 40001, msg: tkMsgStale},
		{name: "GET", method: http.MethodGet, target: "/promoter/getrole?access_token=TOKEN", code: 43002, msg: "require POST method"},
		{name: "empty body", method: http.MethodPost, target: "/promoter/addrole?access_token=TOKEN", code: 44002, msg: "empty post data"},
		{name: "malformed JSON", method: http.MethodPost, target: "/promoter/addrole?access_token=TOKEN", body: `{`, code: 47001, msg: "data format error"},
		{name: "missing field", method: http.MethodPost, target: "/promoter/addrole?access_token=TOKEN", body: `{}`, code: 103001, msg: "parameter is invalid or missing"},
		{name: "too long", method: http.MethodPost, target: "/promoter/addrole?access_token=TOKEN", body: `{"name":"` + strings.Repeat("n", 51) + `"}`, code: 103002, msg: "parameter is too long"},
		{name: "duplicate role", method: http.MethodPost, target: "/promoter/addrole?access_token=TOKEN", body: `{"name":"推广员"}`, code: 103003, msg: "data already exists"},
		{name: "no such promoter", method: http.MethodPost, target: "/promoter/updatepromoter?access_token=TOKEN", body: `{"id":"99","name":"x"}`, code: 103006, msg: "data not exist"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := setup(t)
			target := strings.Replace(tc.target, "TOKEN", e.token(), 1)
			rec := e.evRecord(tc.method, target, tc.body)
			diff(t, "HTTP status", http.StatusOK, rec.Code)
			if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
				t.Errorf("Content-Type %q, want application/json", ct)
			}
			var body map[string]any
			dec := json.NewDecoder(rec.Body)
			dec.UseNumber()
			if err := dec.Decode(&body); err != nil {
				t.Fatalf("answer is not a JSON object: %v", err)
			}
			diff(t, "answer fields", []string{"errcode", "errmsg"}, evKeys(body))
			r := resp{Status: rec.Code, Body: body}
			e.wantErr(r, tc.code, tc.msg)
			if rid := evRid(t, r); !evRidShape(rid) {
				t.Errorf("rid %q is not three groups of 8 lowercase hex digits", rid)
			}
		})
	}
}

func TestRidFollowsClock(t *testing.T) {
	t.Parallel()
	e := setup(t)
	first := e.post("/promoter/getrole", "nope", `{}`)
	second := e.post("/promoter/getrole", "nope", `{}`)
	e.wantErr(first, 40001, tkMsgStale)
	e.wantErr(second, 40001, tkMsgStale)
	r1, r2 := evRid(t, first), evRid(t, second)
	diff(t, "first group at the start", "65b0a77b", r1[:8])
	diff(t, "first group of the next answer", "65b0a77b", r2[:8])
	if r1 == r2 {
		t.Errorf("two answers share the rid %q", r1)
	}
	e.advance(time.Hour)
	later := e.post("/promoter/getrole", "nope", `{}`)
	e.wantErr(later, 40001, tkMsgStale)
	diff(t, "first group an hour later", fmt.Sprintf("%08x", 0x65b0a77b+3600), evRid(t, later)[:8])
}

func TestRequestFormatErrors(t *testing.T) {
	t.Parallel()
	for _, ep := range evPostEndpoints {
		for _, tc := range []struct {
			name   string
			method string
			body   string
			code   int
			msg    string
		}{
			{name: "GET without a body", method: http.MethodGet, code: 43002, msg: "require POST method"},
			{name: "GET with a body", method: http.MethodGet, body: `{}`, code: 43002, msg: "require POST method"},
			{name: "empty body", method: http.MethodPost, body: "", code: 44002, msg: "empty post data"},
			{name: "one space", method: http.MethodPost, body: " ", code: 44002, msg: "empty post data"},
			{name: "whitespace", method: http.MethodPost, body: " \r\n\t ", code: 44002, msg: "empty post data"},
			{name: "unclosed object", method: http.MethodPost, body: "{", code: 47001, msg: "data format error"},
			{name: "unclosed array", method: http.MethodPost, body: "[1,", code: 47001, msg: "data format error"},
			{name: "two objects", method: http.MethodPost, body: "{}{}", code: 47001, msg: "data format error"},
			{name: "trailing garbage", method: http.MethodPost, body: "{}x", code: 47001, msg: "data format error"},
			{name: "trailing bracket", method: http.MethodPost, body: "{} ]", code: 47001, msg: "data format error"},
			{name: "truncated literal", method: http.MethodPost, body: "nul", code: 47001, msg: "data format error"},
			{name: "array", method: http.MethodPost, body: "[]", code: 47001, msg: "data format error"},
			{name: "array of an object", method: http.MethodPost, body: "[{}]", code: 47001, msg: "data format error"},
			{name: "string", method: http.MethodPost, body: `"x"`, code: 47001, msg: "data format error"},
			{name: "string holding an object", method: http.MethodPost, body: `"{}"`, code: 47001, msg: "data format error"},
			{name: "null", method: http.MethodPost, body: "null", code: 47001, msg: "data format error"},
			{name: "number", method: http.MethodPost, body: "1", code: 47001, msg: "data format error"},
		} {
			t.Run(ep+"/"+tc.name, func(t *testing.T) {
				t.Parallel()
				e := setup(t)
				e.wantErr(e.do(tc.method, ep+"?access_token="+e.token(), tc.body), tc.code, tc.msg)
			})
		}
	}
}

func TestUnknownPaths(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		method string
		path   string
	}{
		{name: "promoter POST", method: http.MethodPost, path: "/promoter/nosuch"},
		{name: "promoter GET", method: http.MethodGet, path: "/promoter/nosuch"},
		{name: "cgi-bin", method: http.MethodGet, path: "/cgi-bin/nosuch"},
		{name: "wxa", method: http.MethodPost, path: "/wxa/unknown"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := setup(t)
			r := e.do(tc.method, tc.path+"?access_token="+e.token(), `{}`)
			diff(t, "HTTP status", http.StatusNotFound, r.Status)
			var got []any
			for _, en := range e.evJournal(tc.path) {
				got = append(got, map[string]any{"method": en["method"], "path": en["path"], "status": en["status"]})
			}
			want := []any{map[string]any{"method": tc.method, "path": tc.path, "status": json.Number("404")}}
			diff(t, "journal", want, got)
		})
	}
}

func TestMaxBody(t *testing.T) {
	t.Parallel()
	pad := func(s string, n int) string { return s + strings.Repeat(" ", n-len(s)) }
	for _, tc := range []struct {
		name string
		path string
		body string
		code int // 0: success
	}{
		{name: "addrole at the limit", path: "/promoter/addrole", body: pad(`{"name":"r"}`, 64)},
		{name: "addrole over the limit", path: "/promoter/addrole", body: pad(`{"name":"r"}`, 65), code: 47001},
		{name: "getrole at the limit", path: "/promoter/getrole", body: pad(`{}`, 64)},
		{name: "getrole over the limit", path: "/promoter/getrole", body: pad(`{}`, 65), code: 47001},
		{name: "getrole far over the limit", path: "/promoter/getrole", body: pad(`{}`, 1<<20), code: 47001},
		{name: "stable_token over the limit", path: "/cgi-bin/stable_token",
			body: `{"grant_type":"client_credential","appid":"` + appID + `","secret":"` + secret + `"}`, code: 47001},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := setup(t, func(o *mock.Options) { o.MaxBody = 64 })
			r := e.post(tc.path, e.token(), tc.body)
			if tc.code != 0 {
				e.wantErr(r, tc.code, "data format error")
				return
			}
			diff(t, "errcode", 0, r.code())
			diff(t, "HTTP status", http.StatusOK, r.Status)
		})
	}
}

func TestUnknownFieldsIgnored(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		path string
		body string
		want map[string]any
	}{
		{name: "addrole", path: "/promoter/addrole", body: `{"name":"店长","desc":"d","unknown":1,"nested":{"a":[1,"x"]}}`,
			want: map[string]any{"role_id": json.Number("2"), "name": "店长", "desc": "d", "errcode": json.Number("0"), "errmsg": "ok"}},
		{name: "getrole", path: "/promoter/getrole", body: `{"role_id":1,"page":3}`,
			want: map[string]any{"role_list": []any{map[string]any{"role_id": json.Number("1"), "name": "推广员", "desc": ""}},
				"total_cnt": json.Number("1"), "errcode": json.Number("0"), "errmsg": "OK"}},
		{name: "updaterole", path: "/promoter/updaterole", body: `{"role_id":1,"desc":"d","color":null}`,
			want: map[string]any{"errcode": json.Number("0"), "errmsg": "OK"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := setup(t)
			diff(t, "answer", tc.want, e.post(tc.path, e.token(), tc.body).Body)
		})
	}
	t.Run("stable_token", func(t *testing.T) {
		t.Parallel()
		e := setup(t)
		r := e.do(http.MethodPost, "/cgi-bin/stable_token",
			`{"grant_type":"client_credential","appid":"`+appID+`","secret":"`+secret+`","scope":"all"}`)
		_, exp := tkGrant(t, r)
		diff(t, "expires_in", int64(7200), exp)
	})
}

func TestSuccessEncoding(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		role string
	}{
		{name: "HTML characters", role: "<b>&'A'</b>"},
		{name: "Chinese", role: "华东区店长"},
		{name: "both", role: "<组长>&副组长"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := setup(t)
			tok := e.token()
			field := `"name":"` + tc.role + `"`
			for _, r := range []resp{
				e.post("/promoter/addrole", tok, `{"name":"`+tc.role+`"}`),
				e.post("/promoter/getrole", tok, `{"role_id":2}`),
			} {
				if r.code() != 0 {
					t.Fatalf("errcode %d: %s", r.code(), r.Raw)
				}
				if !strings.Contains(r.Raw, field) {
					t.Errorf("answer lacks %s as is:\n%s", field, r.Raw)
				}
				if strings.Contains(r.Raw, `\u`) {
					t.Errorf("answer has \\u escapes:\n%s", r.Raw)
				}
			}
		})
	}
}

func TestJournalViolations(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("n", 51)
	cjk := strings.Repeat("员", 17) // 51 bytes in 17 characters
	for _, tc := range []struct {
		name string
		body string
		code int
		want []any // pointer, keyword, value (when present) and errcode of each violation
	}{
		{name: "51 bytes", body: `{"name":"` + long + `"}`, code: 103002,
			want: []any{map[string]any{"pointer": "/name", "keyword": "maxBytes", "value": long, "errcode": json.Number("103002")}}},
		{name: "51 bytes in 17 characters", body: `{"name":"` + cjk + `"}`, code: 103002,
			want: []any{map[string]any{"pointer": "/name", "keyword": "maxBytes", "value": cjk, "errcode": json.Number("103002")}}},
		{name: "empty name", body: `{"name":""}`, code: 103001,
			want: []any{map[string]any{"pointer": "/name", "keyword": "minLength", "value": "", "errcode": json.Number("103001")}}},
		{name: "missing name", body: `{"desc":"d"}`, code: 103001,
			want: []any{map[string]any{"pointer": "/name", "keyword": "required", "errcode": json.Number("103001")}}},
		{name: "name as a number", body: `{"name":5}`, code: 47001,
			want: []any{map[string]any{"pointer": "/name", "keyword": "type", "value": json.Number("5"), "errcode": json.Number("47001")}}},
		{name: "50 bytes", body: `{"name":"` + strings.Repeat("员", 16) + `ab"}`, code: 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := setup(t)
			r := e.post("/promoter/addrole", e.token(), tc.body)
			diff(t, "errcode", tc.code, r.code())
			entries := e.evJournal("/promoter/addrole")
			if len(entries) != 1 {
				t.Fatalf("%d journal entries, want 1: %+v", len(entries), entries)
			}
			en := entries[0]
			diff(t, "journal errcode", json.Number(fmt.Sprint(tc.code)), en["errcode"])
			diff(t, "journal status", json.Number("200"), en["status"])
			diff(t, "journal appid", appID, en["appid"])
			var got []any
			list, _ := en["violations"].([]any)
			for _, it := range list {
				v, _ := it.(map[string]any)
				g := map[string]any{"pointer": v["pointer"], "keyword": v["keyword"], "errcode": v["errcode"]}
				if val, ok := v["value"]; ok {
					g["value"] = val
				}
				got = append(got, g)
			}
			diff(t, "violations", tc.want, got)
		})
	}
}

// TestJournalKeepsEntriesSmall: a megabyte in one field, or in the query,
// is clipped in the journal rather than kept whole a thousand times.
func TestJournalKeepsEntriesSmall(t *testing.T) {
	t.Parallel()
	e := setup(t, func(o *mock.Options) { o.MaxBody = 4 << 20 })
	tok := e.token()
	huge := strings.Repeat("长", 400_000)
	e.wantErr(e.post("/promoter/addrole", tok, `{"name":"`+huge+`"}`), 103002, "parameter is too long")
	e.wantErr(e.do(http.MethodPost, "/promoter/getrole?access_token="+strings.Repeat("x", 1<<20), `{}`), 40001, "")
	for _, entry := range e.m.HTTP.Journal().List(httpapi.Filter{}) {
		data, err := json.Marshal(entry)
		if err != nil {
			t.Fatal(err)
		}
		if len(data) > 40<<10 {
			t.Errorf("journal entry for %s takes %d bytes", entry.Path, len(data))
		}
	}
}
