package openapi_test

import (
	"bytes"
	"context"
	"io"
	"maps"
	"mime"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	validator "github.com/pb33f/libopenapi-validator"
	"github.com/wxmock/wxmock/internal/httpapi"
	"github.com/wxmock/wxmock/internal/mock"
	"github.com/wxmock/wxmock/internal/openapi"
	"github.com/wxmock/wxmock/internal/scenario"
	"github.com/wxmock/wxmock/schemas"
)

// exchange is one recorded request and its answer.
type exchange struct {
	method, target string
	header         http.Header
	body           []byte
	status         int
	respHeader     http.Header
	respBody       []byte
	// entry is the journal's record of a WeChat request.
	entry *httpapi.Entry
}

// recorder serves a mock and records every exchange, one at a time, so
// that the journal's newest entry is the request just answered.
type recorder struct {
	m   *mock.Mock
	mu  sync.Mutex
	log []exchange
}

func (rc *recorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	body, _ := io.ReadAll(r.Body)
	r.Body = io.NopCloser(bytes.NewReader(body))
	rec := httptest.NewRecorder()
	before := rc.m.HTTP.Journal().List(httpapi.Filter{Limit: 1})
	rc.m.HTTP.ServeHTTP(rec, r)
	x := exchange{method: r.Method, target: r.URL.RequestURI(), header: r.Header.Clone(), body: body,
		status: rec.Code, respHeader: rec.Header().Clone(), respBody: rec.Body.Bytes()}
	after := rc.m.HTTP.Journal().List(httpapi.Filter{Limit: 1})
	if len(after) == 1 && (len(before) == 0 || after[0].Seq != before[0].Seq) {
		x.entry = &after[0]
	}
	rc.log = append(rc.log, x)
	for k, v := range rec.Header() {
		w.Header()[k] = v
	}
	w.WriteHeader(rec.Code)
	_, _ = w.Write(rec.Body.Bytes())
}

// prechecks are the errcodes of the checks before a request's schema: the
// document does not model a missing or stale token, a wrong method or a
// body that is not JSON as an invalid request of its own.
var prechecks = map[int]bool{40001: true, 40014: true, 41001: true, 42001: true, 43001: true, 43002: true, 44002: true, 47001: true}

// TestScenarioTrafficValidates runs scenario files of scenarios/ against a
// wxmock that records every request and answer, and validates them with
// libopenapi-validator against the document that wxmock serves: every
// answer validates; a WeChat request validates exactly when wxmock found
// no schema violation in it (the prechecks aside); a control call that
// succeeded validates. So the document cannot drift from the server.
func TestScenarioTrafficValidates(t *testing.T) {
	t.Parallel()
	m, srv := newMock(t, time.Time{}, true)
	raw := served(t, srv.URL)
	v := newValidator(t, raw)
	ops := operationsOf(t, raw)
	m.Close()

	var scs []*scenario.Scenario
	for _, f := range scenarioFiles {
		got, err := scenario.ParseFile("../../scenarios/" + f)
		if err != nil {
			t.Fatal(err)
		}
		scs = append(scs, got...)
	}
	paths := map[string]bool{}
	for _, sc := range scs {
		for _, x := range runRecorded(t, sc) {
			if !ops.has(x.method, x.target) {
				// A method or path wxmock refuses (43001, 43002, 404):
				// TestOpenAPIPaths holds the document to the router.
				continue
			}
			checkExchange(t, v, ops, srv.URL, x)
			if x.entry != nil {
				paths[x.entry.Path] = true
			}
		}
	}
	if len(paths) < minEndpoints {
		t.Errorf("the scenarios reached %d WeChat endpoints, want at least %d: %v", len(paths), minEndpoints, paths)
	}
}

// runRecorded runs one scenario against its own recording wxmock, as the
// runner would start one for it, and returns the exchanges.
func runRecorded(t *testing.T, sc *scenario.Scenario) []exchange {
	t.Helper()
	m, _ := newMock(t, sc.Setup.Clock.Start, sc.Setup.Clock.Frozen)
	defer m.Close()
	rc := &recorder{m: m}
	srv := httptest.NewServer(rc)
	defer srv.Close()
	runner, err := scenario.NewRunner(scenario.Options{BaseURL: srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	for _, res := range runner.Run(context.Background(), []*scenario.Scenario{sc}) {
		if !res.Passed {
			t.Errorf("scenario %q failed on the recording server: %+v", res.Name, res.Failure)
		}
	}
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return rc.log
}

// checkExchange validates one recorded exchange.
func checkExchange(t *testing.T, v validator.Validator, ops operations, base string, x exchange) {
	t.Helper()
	what := x.method + " " + x.target
	admin := strings.HasPrefix(x.target, "/__wxmock")
	if !admin && x.entry == nil {
		t.Errorf("%s: no journal entry", what)
		return
	}
	if !admin && faulted(x.entry) {
		// A scripted fault answers before any check, and may answer
		// what no document describes (a 502, a dropped connection).
		return
	}
	req := httptest.NewRequest(x.method, base+x.target, bytes.NewReader(x.body))
	req.Header = x.header.Clone()
	resp := &http.Response{StatusCode: x.status, Header: x.respHeader, Body: io.NopCloser(bytes.NewReader(x.respBody)), Request: req}
	if ok, errs := v.ValidateHttpResponse(req, resp); !ok {
		t.Errorf("%s: the answer breaks the document: %s\n%s", what, describe(errs), x.respBody)
	}
	req = httptest.NewRequest(x.method, base+x.target, bytes.NewReader(x.body))
	req.Header = x.header.Clone()
	ok, errs := v.ValidateHttpRequest(req)
	switch {
	case admin:
		if x.status < 300 && !ok {
			t.Errorf("%s: a control call that succeeded breaks the document: %s\n%s", what, describe(errs), x.body)
		}
	case prechecks[x.entry.ErrCode]:
	case !ops.declares(x.method, x.target, x.header.Get("Content-Type")):
		// wxmock, as WeChat, reads the body whatever its Content-Type
		// (a form body is an empty object to stable_token); the
		// document declares what clients should send.
	case len(x.entry.Violations) > 0 && !onlyBytes(x.entry.Violations) && ok:
		t.Errorf("%s: wxmock found violations %+v; the document found none\n%s", what, x.entry.Violations, x.body)
	case len(x.entry.Violations) == 0 && !ok:
		t.Errorf("%s: wxmock found no violation; the document did: %s\n%s", what, describe(errs), x.body)
	}
}

// faulted reports whether a scripted fault fired on the request.
func faulted(e *httpapi.Entry) bool {
	for _, n := range e.Notes {
		if strings.HasPrefix(n, "fault ") {
			return true
		}
	}
	return false
}

// onlyBytes reports whether every violation is of maxBytes, which the
// document can only bound in characters (package openapi's doc).
func onlyBytes(vs []schemas.Violation) bool {
	for _, v := range vs {
		if v.Keyword != "maxBytes" {
			return false
		}
	}
	return true
}

// operations are the documented operations of each path, as patterns:
// by method, the media types of the request body (none without a body).
type operations map[*regexp.Regexp]map[string][]string

// operationsOf reads the paths and operations of a served document.
func operationsOf(t *testing.T, raw []byte) operations {
	t.Helper()
	paths, _ := decoded(t, raw)["paths"].(map[string]any)
	out := operations{}
	param := regexp.MustCompile(`\\\{[^}]+\}`)
	for p, item := range paths {
		re := regexp.MustCompile("^" + param.ReplaceAllString(regexp.QuoteMeta(p), "[^/]+") + "$")
		ops := map[string][]string{}
		for _, m := range openapi.Methods(item.(map[string]any)) {
			op := item.(map[string]any)[strings.ToLower(m)].(map[string]any)
			body, _ := op["requestBody"].(map[string]any)
			content, _ := body["content"].(map[string]any)
			ops[m] = slices.Sorted(maps.Keys(content))
		}
		out[re] = ops
	}
	return out
}

// op finds the media types of method on target's path.
func (o operations) op(method, target string) ([]string, bool) {
	p, _, _ := strings.Cut(target, "?")
	for re, ops := range o {
		if re.MatchString(p) {
			types, ok := ops[method]
			return types, ok
		}
	}
	return nil, false
}

// has reports whether the document describes method on target's path.
func (o operations) has(method, target string) bool {
	_, ok := o.op(method, target)
	return ok
}

// declares reports whether the operation takes a body of contentType, or
// takes no body.
func (o operations) declares(method, target, contentType string) bool {
	types, _ := o.op(method, target)
	if len(types) == 0 {
		return true
	}
	mt, _, _ := mime.ParseMediaType(contentType)
	return slices.Contains(types, mt)
}
