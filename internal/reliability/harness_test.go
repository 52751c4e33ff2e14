package reliability_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/wxmock/wxmock/internal/mock"
)

// start is where the frozen virtual clock starts: 2024-01-24 06:00:27 UTC.
var start = time.Unix(0x65b0a77b, 0)

// broken is the errcode a call returns when its answer was not WeChat's
// envelope at all (a transport error, a 5xx, no JSON, no errcode); the
// problem is already reported.
const broken = -100000

// rig is one wxmock served on a real loopback socket, a message server
// beside it, and the bookkeeping of every call the clients make.
type rig struct {
	t     *testing.T
	m     *mock.Mock
	base  string
	http  *http.Client
	recv  *receiver
	logs  *logCounter
	stats *stats
}

// newRig starts wxmock with o (a frozen clock at start, seed 1, pushes
// retried after 10 ms) and the receiver; both stop when t ends.
func newRig(t *testing.T, o mock.Options) *rig {
	t.Helper()
	logs := &logCounter{}
	o.Seed, o.ClockStart, o.FrozenClock = 1, start, true
	o.PushRetryDelay = 10 * time.Millisecond
	o.Logger = slog.New(logs)
	m, err := mock.New(o)
	if err != nil {
		t.Fatalf("mock.New: %v", err)
	}
	srv := httptest.NewServer(m.HTTP) // 127.0.0.1, a free port
	recv := &receiver{}
	recv.srv = httptest.NewServer(recv)
	// Close the servers before the mock, so no push is in flight when its
	// deliverer stops.
	t.Cleanup(func() {
		srv.Close()
		m.Close()
		recv.srv.Close()
	})
	// One pool of keep-alive connections for every client: a fresh
	// connection per call would run the machine out of loopback ports.
	tr := &http.Transport{MaxIdleConns: 128, MaxIdleConnsPerHost: 128, IdleConnTimeout: time.Minute}
	t.Cleanup(tr.CloseIdleConnections)
	return &rig{t: t, m: m, base: srv.URL, http: &http.Client{Transport: tr, Timeout: 30 * time.Second},
		recv: recv, logs: logs, stats: &stats{t: t, calls: map[string]int{}, errcodes: map[int]int{}, admin: map[string]int{}}}
}

// stats counts the calls by endpoint and the answers by errcode (WeChat
// endpoints) or status (the control API), and reports the first problems.
type stats struct {
	t        *testing.T
	mu       sync.Mutex
	calls    map[string]int
	errcodes map[int]int
	admin    map[string]int
	problems int
}

// problem fails the test; past 20 problems it only counts them, so a
// broken server cannot flood the output.
func (s *stats) problem(format string, args ...any) {
	s.mu.Lock()
	s.problems++
	n := s.problems
	s.mu.Unlock()
	if n <= 20 {
		s.t.Errorf(format, args...)
	}
}

func (s *stats) count(path string, errcode int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls[path]++
	s.errcodes[errcode]++
}

func (s *stats) countAdmin(method, path string, status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.admin[fmt.Sprintf("%s %s %d", method, path, status)]++
}

// log reports the counts in t.Log.
func (s *stats) log(t *testing.T) {
	s.mu.Lock()
	defer s.mu.Unlock()
	total := 0
	for _, n := range s.calls {
		total += n
	}
	for _, n := range s.admin {
		total += n
	}
	t.Logf("requests: %d; problems: %d", total, s.problems)
	t.Logf("WeChat calls by endpoint: %s", sortedCounts(s.calls))
	t.Logf("WeChat answers by errcode: %s", sortedCounts(s.errcodes))
	t.Logf("control calls by method, path and status: %s", sortedCounts(s.admin))
}

// sortedCounts prints a map of counts in key order.
func sortedCounts[K int | string](m map[K]int) string {
	var b strings.Builder
	for _, k := range slices.Sorted(maps.Keys(m)) {
		fmt.Fprintf(&b, "%v=%d ", k, m[k])
	}
	return strings.TrimSpace(b.String())
}

// wx posts body (a string, or a value to encode as JSON) to a WeChat
// endpoint with the token and decodes the answer into out when out is not
// nil. It returns the errcode, or broken after reporting why.
func (r *rig) wx(path, tok string, body, out any) int {
	raw, ok := body.(string)
	if !ok {
		b, err := json.Marshal(body)
		if err != nil {
			r.stats.problem("%s: encoding the request: %v", path, err)
			return broken
		}
		raw = string(b)
	}
	return r.wxDo(http.MethodPost, path, tok, "application/json", []byte(raw), out)
}

// wxDo sends one WeChat call and checks the envelope: HTTP 200, a JSON
// object with a numeric errcode. Two successes are WeChat's without one:
// a token's {access_token, expires_in} and an upload's {type, media_id,
// created_at}.
func (r *rig) wxDo(method, path, tok, contentType string, body []byte, out any) int {
	target := r.base + path
	if tok != "" {
		sep := "?"
		if strings.Contains(path, "?") {
			sep = "&"
		}
		target += sep + "access_token=" + url.QueryEscape(tok)
	}
	status, data, err := r.send(method, target, contentType, body)
	name, _, _ := strings.Cut(path, "?")
	if err != nil || status != http.StatusOK {
		r.stats.count(name, broken)
		r.stats.problem("%s %s: HTTP %d, %v: %.300s", method, name, status, err, data)
		return broken
	}
	var env struct {
		ErrCode     *json.Number `json:"errcode"`
		MediaID     string       `json:"media_id"`
		AccessToken string       `json:"access_token"`
	}
	if err := json.Unmarshal(data, &env); err != nil {
		r.stats.count(name, broken)
		r.stats.problem("%s: the answer is not a JSON object: %v: %.300s", name, err, data)
		return broken
	}
	code := 0
	switch {
	case env.ErrCode != nil:
		n, err := env.ErrCode.Int64()
		if err != nil {
			r.stats.problem("%s: errcode %s is not an integer", name, *env.ErrCode)
			return broken
		}
		code = int(n)
	case !(name == "/cgi-bin/media/upload" && env.MediaID != "" || name == "/cgi-bin/token" && env.AccessToken != ""):
		r.stats.count(name, broken)
		r.stats.problem("%s: an answer without errcode: %.300s", name, data)
		return broken
	}
	r.stats.count(name, code)
	if out != nil {
		if err := json.Unmarshal(data, out); err != nil {
			r.stats.problem("%s: decoding %.300s: %v", name, data, err)
			return broken
		}
	}
	return code
}

// admin calls the control API (path below /__wxmock) and decodes a 200
// answer into out. It returns the HTTP status; a 5xx, or an answer that is
// not JSON, is a problem.
func (r *rig) admin(method, path string, body, out any) int {
	raw, ok := body.(string)
	if !ok && body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			r.stats.problem("%s: encoding the request: %v", path, err)
			return 0
		}
		raw = string(b)
	}
	status, data, err := r.send(method, r.base+"/__wxmock"+path, "application/json", []byte(raw))
	name, _, _ := strings.Cut(path, "?")
	r.stats.countAdmin(method, name, status)
	switch {
	case err != nil || status >= 500:
		r.stats.problem("%s /__wxmock%s: HTTP %d, %v: %.300s", method, name, status, err, data)
	case !json.Valid(data):
		r.stats.problem("%s /__wxmock%s: the answer is not JSON: %.300s", method, name, data)
	case status == http.StatusOK && out != nil:
		if err := json.Unmarshal(data, out); err != nil {
			r.stats.problem("%s /__wxmock%s: decoding: %v", method, name, err)
		}
	}
	return status
}

// send makes one HTTP request and reads the whole answer.
func (r *rig) send(method, target, contentType string, body []byte) (int, []byte, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, method, target, bytes.NewReader(body))
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Content-Type", contentType)
	res, err := r.http.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer res.Body.Close()
	data, err := io.ReadAll(res.Body)
	return res.StatusCode, data, err
}

// token gets an access_token through /cgi-bin/token ("" after a problem).
func (r *rig) token(appid, secret string) string {
	var out struct {
		AccessToken string `json:"access_token"`
	}
	q := url.Values{"grant_type": {"client_credential"}, "appid": {appid}, "secret": {secret}}
	if r.wxDo(http.MethodGet, "/cgi-bin/token?"+q.Encode(), "", "", nil, &out) != 0 || out.AccessToken == "" {
		r.stats.problem("no token for %s", appid)
	}
	return out.AccessToken
}

// upload uploads a small stand-in JPEG as a temporary image and returns
// its media_id, "" after a problem.
func (r *rig) upload(tok string) string {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	part, err := mw.CreateFormFile("media", "head.jpg")
	if err == nil {
		_, err = part.Write([]byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00 a stand-in head image"))
	}
	if err == nil {
		err = mw.Close()
	}
	if err != nil {
		r.stats.problem("building an upload: %v", err)
		return ""
	}
	var out struct {
		MediaID string `json:"media_id"`
	}
	if r.wxDo(http.MethodPost, "/cgi-bin/media/upload?type=image", tok, mw.FormDataContentType(), buf.Bytes(), &out) != 0 || out.MediaID == "" {
		r.stats.problem("upload: no media_id")
		return ""
	}
	return out.MediaID
}

// newApp creates (or, after a reset, recreates) app number i with a push
// URL at the receiver: plain, safe and compat modes in turn.
func (r *rig) newApp(i int) (appid, secret string) {
	appid, secret = fmt.Sprintf("wx%016x", 0x10ad00+i), fmt.Sprintf("%032x", 0x10ad00+i)
	mode := []string{"plain", "safe", "compat", "plain"}[i%4]
	body := map[string]any{"appid": appid, "secret": secret, "name": fmt.Sprintf("load app %d", i),
		"original_id": fmt.Sprintf("gh_%012x", 0x10ad00+i),
		"push": map[string]string{"url": fmt.Sprintf("%s/wx/%d", r.recv.srv.URL, i), "token": "loadtoken",
			"aes_key": "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", "mode": mode}}
	if st := r.admin(http.MethodPost, "/apps", body, nil); st != http.StatusOK {
		r.stats.problem("POST /apps: HTTP %d", st)
	}
	return appid, secret
}

// advance moves the virtual clock, which resolves the audits come due.
func (r *rig) advance(seconds float64) {
	if st := r.admin(http.MethodPost, "/clock/advance", map[string]float64{"seconds": seconds}, nil); st != http.StatusOK {
		r.stats.problem("clock/advance: HTTP %d", st)
	}
}

// flush waits until every push is delivered or has failed.
func (r *rig) flush() {
	if st := r.admin(http.MethodPost, "/pushes/flush", `{"timeout_seconds":60}`, nil); st != http.StatusOK {
		r.stats.problem("pushes/flush: HTTP %d", st)
	}
}

// receiver is an app's message server that fails every third request
// with a 500. It counts what it answered and, when keep is set, remembers
// the URI and body of each request it answered 200.
type receiver struct {
	srv    *httptest.Server
	keep   bool
	n      atomic.Int64
	failed atomic.Int64
	mu     sync.Mutex
	ok     map[string]int
}

func (rc *receiver) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	body, err := io.ReadAll(io.LimitReader(req.Body, 1<<20))
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	if rc.n.Add(1)%3 == 0 {
		rc.failed.Add(1)
		http.Error(w, "every third push fails", http.StatusInternalServerError)
		return
	}
	if rc.keep {
		rc.mu.Lock()
		if rc.ok == nil {
			rc.ok = map[string]int{}
		}
		rc.ok[req.URL.RequestURI()+"\n"+string(body)]++
		rc.mu.Unlock()
	}
	_, _ = io.WriteString(w, "success")
}

// logCounter is the mock's logger: it counts warnings and errors and keeps
// the first error messages. wxmock logs an error for a handler panic, an
// internal error, an answer that breaks its response schema and a failed
// audit run; none may happen.
type logCounter struct {
	mu       sync.Mutex
	warnings int
	errors   []string
	nErrors  int
}

func (h *logCounter) Enabled(_ context.Context, l slog.Level) bool { return l >= slog.LevelWarn }

func (h *logCounter) Handle(_ context.Context, rec slog.Record) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	if rec.Level < slog.LevelError {
		h.warnings++
		return nil
	}
	h.nErrors++
	if len(h.errors) < 5 {
		var b strings.Builder
		b.WriteString(rec.Message)
		rec.Attrs(func(a slog.Attr) bool { fmt.Fprintf(&b, " %s=%.200v", a.Key, a.Value); return true })
		h.errors = append(h.errors, b.String())
	}
	return nil
}

func (h *logCounter) WithAttrs([]slog.Attr) slog.Handler { return h }
func (h *logCounter) WithGroup(string) slog.Handler      { return h }

// check fails the test for any error wxmock logged.
func (h *logCounter) check(t *testing.T) {
	t.Helper()
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.nErrors > 0 {
		t.Errorf("wxmock logged %d errors, first: %q", h.nErrors, h.errors)
	}
	t.Logf("wxmock logged %d warnings (failed pushes) and %d errors", h.warnings, h.nErrors)
}
