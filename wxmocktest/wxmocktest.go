package wxmocktest

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/wxmock/wxmock/internal/fixtures"
	"github.com/wxmock/wxmock/internal/httpapi"
	"github.com/wxmock/wxmock/internal/mock"
)

// Options configure a Server; the zero value is a deterministic server.
type Options struct {
	// Seed makes tokens and rids repeatable (0: seed 1).
	Seed uint64
	// ClockStart is where the virtual clock starts (zero: the real now).
	ClockStart time.Time
	// RealTimeClock lets the clock run at real speed; by default it is
	// frozen and moves only with Advance.
	RealTimeClock bool
	// NoListener serves requests through HTTPClient without opening a
	// socket; URL is then a placeholder that only HTTPClient can reach.
	NoListener bool
	// State, when not nil, is a state document (a GET /__wxmock/state
	// export) to start from instead of the default state.
	State []byte
	// AuditDelay is how long audits take on the virtual clock. The zero
	// value is the default, 5 s, as the wxmock binary without
	// -audit-delay; Immediately (any negative duration) makes audits due at
	// once, as the binary's -audit-delay 0: they resolve at the next
	// Advance, or at the next tick with RealTimeClock.
	AuditDelay time.Duration
	// MsgDelay is how long a promoter group send delivers, and then its
	// click data computes, on the virtual clock. The zero value is the
	// default, 3 s, as the binary without -msg-delay; Immediately (any
	// negative duration) is the binary's -msg-delay 0.
	MsgDelay time.Duration
}

// Immediately, as Options.AuditDelay or Options.MsgDelay, makes audits or
// group sends due at once: what the wxmock binary's -audit-delay 0 and
// -msg-delay 0 do. Options' zero value keeps the default delay instead, so
// that Options{} is the binary without flags.
const Immediately time.Duration = -1

// Server is a running wxmock.
type Server struct {
	m      *mock.Mock
	ts     *httptest.Server
	url    string
	client *http.Client
}

// noListenerURL is the base URL of a server without a socket.
const noListenerURL = "http://wxmock.invalid"

// NewServer starts a server; call Stop when done.
func NewServer(o Options) (*Server, error) {
	mo := mock.Options{Seed: o.Seed, ClockStart: o.ClockStart, FrozenClock: !o.RealTimeClock, CheckResponses: true, AuditDelay: o.AuditDelay, MsgDelay: o.MsgDelay}
	if mo.Seed == 0 {
		mo.Seed = 1
	}
	if o.State != nil {
		st, err := fixtures.ParseState(o.State)
		if err != nil {
			return nil, err
		}
		mo.Initial = st
	}
	m, err := mock.New(mo)
	if err != nil {
		return nil, err
	}
	s := &Server{m: m}
	if o.NoListener {
		s.url = noListenerURL
		s.client = &http.Client{Transport: handlerTransport{m.HTTP}}
		return s, nil
	}
	s.ts = httptest.NewServer(m.HTTP)
	s.url, s.client = s.ts.URL, s.ts.Client()
	return s, nil
}

// Start starts a server for tb and stops it when tb ends. If wxmock answered
// any request outside its own response schema, a wxmock bug, Start fails
// the test at its end and names the answer.
func Start(tb testing.TB, o Options) *Server {
	tb.Helper()
	s, err := NewServer(o)
	if err != nil {
		tb.Fatalf("wxmocktest: %v", err)
	}
	tb.Cleanup(func() {
		s.Stop()
		for _, e := range s.m.HTTP.Journal().List(httpapi.Filter{}) {
			if len(e.ResponseViolations) > 0 {
				tb.Errorf("wxmocktest: wxmock's answer to %s %s breaks its response schema (please report): %+v\n%s",
					e.Method, e.Path, e.ResponseViolations, e.Response)
			}
		}
	})
	return s
}

// URL is the base URL to use instead of https://api.weixin.qq.com.
func (s *Server) URL() string { return s.url }

// HTTPClient returns a client that reaches the server.
func (s *Server) HTTPClient() *http.Client { return s.client }

// Handler returns the server's http.Handler.
func (s *Server) Handler() http.Handler { return s.m.HTTP }

// Stop shuts the server down.
func (s *Server) Stop() {
	if s.ts != nil {
		s.ts.Close()
	}
	s.m.Close()
}

// AppID is the default app's appid.
func (s *Server) AppID() string { return fixtures.DefaultAppID }

// Secret is the default app's secret.
func (s *Server) Secret() string { return fixtures.DefaultSecret }

// Now is the virtual time.
func (s *Server) Now() time.Time { return s.m.Sim.Now() }

// Advance moves the virtual clock forward by d and resolves the audits that
// come due by then.
func (s *Server) Advance(d time.Duration) error {
	_, err := s.m.Sim.Advance(d)
	return err
}

// FlushPushes waits until every push is delivered or has failed, so that a
// test can look at its message server's requests.
func (s *Server) FlushPushes(ctx context.Context) error { return s.m.Pushes.Flush(ctx) }

// AccessToken fetches a new access_token of the default app through
// /cgi-bin/token, as a client would.
func (s *Server) AccessToken() (string, error) {
	var out struct {
		AccessToken string `json:"access_token"`
		ErrCode     int    `json:"errcode"`
		ErrMsg      string `json:"errmsg"`
	}
	q := url.Values{"grant_type": {"client_credential"}, "appid": {s.AppID()}, "secret": {s.Secret()}}
	if err := s.call(http.MethodGet, "/cgi-bin/token?"+q.Encode(), "", &out); err != nil {
		return "", err
	}
	if out.AccessToken == "" {
		return "", fmt.Errorf("wxmocktest: token: %d %s", out.ErrCode, out.ErrMsg)
	}
	return out.AccessToken, nil
}

// Authorize makes the promoter openid of the default app accept (1) or
// cancel (2) the authorization, as POST /__wxmock/promoters/authorize does.
func (s *Server) Authorize(openid string, authStatus int) error {
	body, _ := json.Marshal(map[string]any{"openid": openid, "auth_status": authStatus})
	return s.call(http.MethodPost, "/__wxmock/promoters/authorize", string(body), nil)
}

// Admin calls the control API (path below /__wxmock) and decodes its JSON
// answer into out when out is not nil. body is sent as it is when it is a
// string or a []byte, not at all when nil, and otherwise as its JSON
// encoding (a map or a struct).
func (s *Server) Admin(method, path string, body, out any) error {
	var text string
	switch b := body.(type) {
	case nil:
	case string:
		text = b
	case []byte:
		text = string(b)
	default:
		data, err := json.Marshal(b)
		if err != nil {
			return fmt.Errorf("wxmocktest: %s %s: encoding the body: %w", method, path, err)
		}
		text = string(data)
	}
	return s.call(method, "/__wxmock"+path, text, out)
}

func (s *Server) call(method, path, body string, out any) error {
	req, err := http.NewRequestWithContext(context.Background(), method, s.url+path, strings.NewReader(body))
	if err != nil {
		return err
	}
	res, err := s.client.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	data, err := io.ReadAll(res.Body)
	if err != nil {
		return err
	}
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("wxmocktest: %s %s: %s: %s", method, path, res.Status, data)
	}
	if out == nil {
		return nil
	}
	return json.Unmarshal(data, out)
}

// fatal fails tb with err from call, saying what the helper was doing.
func fatal(tb testing.TB, doing string, err error) {
	tb.Helper()
	tb.Fatalf("wxmocktest: %s: %s", doing, strings.TrimPrefix(err.Error(), "wxmocktest: "))
}

// handlerTransport serves requests by calling the handler directly.
type handlerTransport struct{ h http.Handler }

// RoundTrip implements http.RoundTripper. A handler that aborts, as a
// scripted "drop" fault does, is a transport error, as over a socket.
func (t handlerTransport) RoundTrip(req *http.Request) (res *http.Response, err error) {
	defer func() {
		if p := recover(); p != nil {
			if p != http.ErrAbortHandler {
				panic(p)
			}
			res, err = nil, fmt.Errorf("wxmocktest: %s %s: connection dropped", req.Method, req.URL.Path)
		}
	}()
	rec := httptest.NewRecorder()
	t.h.ServeHTTP(rec, req)
	res = rec.Result()
	res.Request = req
	return res, nil
}
