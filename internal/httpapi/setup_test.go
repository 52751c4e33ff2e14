package httpapi_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/wxmock/wxmock/internal/fixtures"
	"github.com/wxmock/wxmock/internal/mock"
	"github.com/wxmock/wxmock/schemas"
)

// start is where every test's frozen clock starts: 2024-01-24 06:00:27 UTC,
// whose unix seconds are 65b0a77b in hex (REFERENCE.md's rid example).
var start = time.Unix(0x65b0a77b, 0)

const (
	appID  = fixtures.DefaultAppID
	secret = fixtures.DefaultSecret
)

// assets are loaded once for the package: every test builds its own mock,
// and compiling the schemas and the district tree for each is slow.
var assets = struct {
	once sync.Once
	a    *mock.Assets
	err  error
}{}

func sharedAssets(t testing.TB) *mock.Assets {
	t.Helper()
	assets.once.Do(func() { assets.a, assets.err = mock.LoadAssets() })
	if assets.err != nil {
		t.Fatalf("mock.LoadAssets: %v", assets.err)
	}
	return assets.a
}

// env is a wxmock served in process for one test.
type env struct {
	t       *testing.T
	m       *mock.Mock
	schemas *schemas.Set
}

// setup starts a wxmock with the default state, a frozen clock and a fixed
// seed. Every WeChat answer a test receives through env is checked against
// its endpoint's response schema.
func setup(t *testing.T, opts ...func(*mock.Options)) *env {
	t.Helper()
	o := mock.Options{Seed: 1, ClockStart: start, FrozenClock: true, CheckResponses: true, JournalSize: 100, Assets: sharedAssets(t)}
	for _, f := range opts {
		f(&o)
	}
	m, err := mock.New(o)
	if err != nil {
		t.Fatalf("mock.New: %v", err)
	}
	t.Cleanup(m.Close)
	set, err := schemas.Load()
	if err != nil {
		t.Fatalf("schemas.Load: %v", err)
	}
	return &env{t: t, m: m, schemas: set}
}

// resp is a decoded answer.
type resp struct {
	Status int
	Body   map[string]any
	Raw    string
}

// code returns the answer's errcode, 0 when it has none.
func (r resp) code() int {
	num, _ := r.Body["errcode"].(json.Number)
	n, _ := num.Int64()
	return int(n)
}

// do sends a request straight to the handler.
func (e *env) do(method, target, body string) resp {
	e.t.Helper()
	var rd *strings.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	var req *http.Request
	if rd != nil {
		req = httptest.NewRequest(method, target, rd)
	} else {
		req = httptest.NewRequest(method, target, nil)
	}
	rec := httptest.NewRecorder()
	e.m.HTTP.ServeHTTP(rec, req)
	out := resp{Status: rec.Code, Raw: rec.Body.String()}
	if strings.HasPrefix(rec.Header().Get("Content-Type"), "application/json") {
		dec := json.NewDecoder(strings.NewReader(out.Raw))
		dec.UseNumber()
		if err := dec.Decode(&out.Body); err != nil {
			e.t.Fatalf("%s %s: answer is not a JSON object: %v\n%s", method, target, err, out.Raw)
		}
	}
	e.checkSchema(target, out)
	return out
}

// checkSchema fails the test when a WeChat answer breaks its schema.
func (e *env) checkSchema(target string, r resp) {
	e.t.Helper()
	u, _ := url.Parse(target)
	name := strings.TrimPrefix(u.Path, "/")
	if r.Status != http.StatusOK || !e.schemas.Has(name, schemas.Response) {
		return
	}
	doc, err := schemas.Decode([]byte(r.Raw))
	if err != nil {
		e.t.Fatalf("%s: %v", target, err)
	}
	v, err := e.schemas.Validate(name, schemas.Response, doc)
	if err != nil || len(v) > 0 {
		e.t.Errorf("%s: answer breaks its response schema: %v %+v\n%s", target, err, v, r.Raw)
	}
}

// token gets a fresh access_token of the default app.
func (e *env) token() string {
	e.t.Helper()
	return e.tokenOf(appID, secret)
}

// tokenOf gets a fresh access_token of an app.
func (e *env) tokenOf(appid, sec string) string {
	e.t.Helper()
	r := e.do(http.MethodGet, "/cgi-bin/token?grant_type=client_credential&appid="+appid+"&secret="+sec, "")
	tok, ok := r.Body["access_token"].(string)
	if !ok {
		e.t.Fatalf("no token: %s", r.Raw)
	}
	return tok
}

// addApp creates an app through the control API and returns a fresh
// access_token of it.
func (e *env) addApp(appid, secret string) string {
	e.t.Helper()
	if r := e.admin(http.MethodPost, "/apps", `{"appid":"`+appid+`","secret":"`+secret+`"}`); r.Status != http.StatusOK || r.Body["appid"] != appid {
		e.t.Fatalf("POST apps: %d %s", r.Status, r.Raw)
	}
	return e.tokenOf(appid, secret)
}

// post calls a WeChat endpoint with a token.
func (e *env) post(path, token, body string) resp {
	e.t.Helper()
	return e.do(http.MethodPost, path+"?access_token="+url.QueryEscape(token), body)
}

// admin calls the control API.
func (e *env) admin(method, path, body string) resp {
	e.t.Helper()
	return e.do(method, "/__wxmock"+path, body)
}

// advance moves the clock by d through the control API.
func (e *env) advance(d time.Duration) {
	e.t.Helper()
	r := e.admin(http.MethodPost, "/clock/advance", `{"seconds": `+jsonNumber(d.Seconds())+`}`)
	if r.Status != http.StatusOK {
		e.t.Fatalf("advance: %s", r.Raw)
	}
}

func jsonNumber(f float64) string {
	b, _ := json.Marshal(f)
	return string(b)
}

// wantErr checks that r is WeChat's error envelope for code, with the
// catalogue's errmsg and a rid whose first group is the clock's seconds.
func (e *env) wantErr(r resp, code int, msg string) {
	e.t.Helper()
	if r.Status != http.StatusOK {
		e.t.Fatalf("HTTP status %d, want 200: %s", r.Status, r.Raw)
	}
	if got := r.code(); got != code {
		e.t.Fatalf("errcode %d, want %d: %s", got, code, r.Raw)
	}
	errmsg, _ := r.Body["errmsg"].(string)
	text, rid, ok := strings.Cut(errmsg, " rid: ")
	if !ok {
		e.t.Fatalf("errmsg %q has no rid", errmsg)
	}
	if msg != "" && text != msg {
		e.t.Errorf("errmsg %q, want %q", text, msg)
	}
	wantPrefix := fmt.Sprintf("%08x", e.m.Sim.Now().Unix())
	if !strings.HasPrefix(rid, wantPrefix+"-") || len(rid) != 26 {
		e.t.Errorf("rid %q, want %s-xxxxxxxx-xxxxxxxx", rid, wantPrefix)
	}
}

// wantOK checks for errcode 0 with errmsg msg.
func (e *env) wantOK(r resp, msg string) {
	e.t.Helper()
	if r.Status != http.StatusOK || r.code() != 0 || r.Body["errmsg"] != msg {
		e.t.Fatalf("want errcode 0 %q, got %d: %s", msg, r.Status, r.Raw)
	}
}

// diff fails the test with a go-cmp diff when want and got differ.
func diff(t *testing.T, what string, want, got any) {
	t.Helper()
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("%s mismatch (-want +got):\n%s", what, d)
	}
}
