package httpapi_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/wxmock/wxmock/internal/httpapi"
)

// ftRole is the call most fault tests make: getrole answers errcode 0 on
// the default state.
const ftRole = "/promoter/getrole"

// ftAdd puts a fault in force and fails the test unless it is accepted.
func (e *env) ftAdd(body string) httpapi.Fault {
	e.t.Helper()
	r := e.admin(http.MethodPost, "/faults", body)
	if r.Status != http.StatusOK {
		e.t.Fatalf("POST faults %s: HTTP %d: %s", body, r.Status, r.Raw)
	}
	var out struct{ Fault httpapi.Fault }
	ftDecode(e.t, r.Raw, &out)
	return out.Fault
}

// ftList returns the faults in force.
func (e *env) ftList() []httpapi.Fault {
	e.t.Helper()
	var out struct{ Faults []httpapi.Fault }
	ftDecode(e.t, e.admin(http.MethodGet, "/faults", "").Raw, &out)
	return out.Faults
}

// ftLast returns the newest journal entry.
func (e *env) ftLast() httpapi.Entry {
	e.t.Helper()
	entries := e.m.HTTP.Journal().List(httpapi.Filter{})
	if len(entries) == 0 {
		e.t.Fatal("the journal is empty")
	}
	return entries[len(entries)-1]
}

// ftRaw sends a request straight to the handler and returns the recorder,
// for answers that the harness's do cannot decode.
func (e *env) ftRaw(method, target, body string) *httptest.ResponseRecorder {
	e.t.Helper()
	rec := httptest.NewRecorder()
	e.m.HTTP.ServeHTTP(rec, httptest.NewRequest(method, target, strings.NewReader(body)))
	return rec
}

func ftDecode(t *testing.T, raw string, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(raw), v); err != nil {
		t.Fatalf("decode %q: %v", raw, err)
	}
}

func TestFaultErrcode(t *testing.T) {
	tests := []struct {
		name    string
		spec    string
		code    int
		msg     string
		errmsg  string // the fault as listed
		journal string
	}{
		{"-1 with its default text", `{"errcode":-1}`, -1, "system error", "system error", "fault 1: errcode -1"},
		{"-1 with a custom text", `{"errcode":-1,"errmsg":"system busy"}`, -1, "system busy", "system busy", "fault 1: errcode -1"},
		{"daily quota", `{"path":"/promoter/getrole","errcode":45009}`, 45009, "reach max api daily quota limit", "reach max api daily quota limit", "fault 1: errcode 45009"},
		{"minute quota", `{"path":"/promoter/*","errcode":45011}`, 45011, "api minute-quota reach limit must slower retry next minute", "api minute-quota reach limit must slower retry next minute", "fault 1: errcode 45011"},
		{"expired token with a valid token", `{"errcode":42001}`, 42001, "access_token expired", "access_token expired", "fault 1: errcode 42001"},
		{"a code not in the catalogue", `{"errcode":40164}`, 40164, "system error", "system error", "fault 1: errcode 40164"},
		{"after a delay", `{"errcode":45009,"latency_ms":20}`, 45009, "reach max api daily quota limit", "reach max api daily quota limit", "fault 1: latency 20ms, errcode 45009"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := setup(t)
			tok := e.token()
			if f := e.ftAdd(tc.spec); f.ErrMsg != tc.errmsg {
				t.Errorf("fault errmsg %q, want %q", f.ErrMsg, tc.errmsg)
			}
			r := e.post(ftRole, tok, `{}`)
			e.wantErr(r, tc.code, tc.msg)
			got := e.ftLast()
			want := httpapi.Entry{AppID: appID, ErrCode: tc.code, ErrMsg: r.Body["errmsg"].(string), Status: http.StatusOK, Notes: []string{tc.journal}}
			diff(t, "journal entry", want, httpapi.Entry{AppID: got.AppID, ErrCode: got.ErrCode, ErrMsg: got.ErrMsg, Status: got.Status, Notes: got.Notes})
		})
	}
}

func TestFaultLatency(t *testing.T) {
	t.Parallel()
	e := setup(t)
	tok := e.token()
	e.ftAdd(`{"path":"/promoter/getrole","latency_ms":50}`)
	begin := time.Now()
	r := e.post(ftRole, tok, `{}`)
	if d := time.Since(begin); d < 50*time.Millisecond {
		t.Errorf("answered after %v, want at least 50ms", d)
	}
	// A latency-only fault runs the call after the delay.
	e.wantOK(r, "OK")
	diff(t, "journal notes", []string{"fault 1: latency 50ms"}, e.ftLast().Notes)
}

// TestFaultLatencyThenToken: a token that expires during a latency
// fault's delay is checked when the delay ends, and has expired; the
// journal dates the call when it came.
func TestFaultLatencyThenToken(t *testing.T) {
	t.Parallel()
	e := setup(t)
	tok := e.token()
	e.ftAdd(`{"path":"/promoter/getrole","latency_ms":2000}`)
	came := e.m.Sim.Now().Unix()
	answered := make(chan resp, 1)
	go func() { answered <- e.post(ftRole, tok, `{}`) }()
	// The fault counts its hit when the call has been dated and before
	// its delay: from then on the call is waiting.
	for deadline := time.Now().Add(10 * time.Second); e.ftList()[0].Hits == 0; time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the call did not reach its fault within 10 s")
		}
	}
	e.advance(2 * time.Hour) // the token lives 7200 s
	e.wantErr(<-answered, 42001, "")
	if got := e.ftLast().Time; got < came || got >= came+7200 {
		t.Errorf("journal time %d, want the time the call came (%d or just after), not after the advance", got, came)
	}
}

func TestFaultLatencyClientGivesUp(t *testing.T) {
	t.Parallel()
	e := setup(t)
	tok := e.token()
	e.ftAdd(`{"latency_ms":60000}`)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	req := httptest.NewRequestWithContext(ctx, http.MethodPost, ftRole+"?access_token="+url.QueryEscape(tok), strings.NewReader(`{}`))
	begin := time.Now()
	e.m.HTTP.ServeHTTP(httptest.NewRecorder(), req)
	if d := time.Since(begin); d > 10*time.Second {
		t.Errorf("the handler waited %v after the client gave up", d)
	}
	got := e.ftLast()
	if got.Status != 0 || len(got.Notes) != 2 || !strings.Contains(got.Notes[1], "went away") {
		t.Errorf("journal entry: status %d, notes %q; want status 0 and a note that the client went away", got.Status, got.Notes)
	}
}

func TestFaultDrop(t *testing.T) {
	t.Parallel()
	e := setup(t)
	tok := e.token()
	e.ftAdd(`{"path":"/promoter/getrole","drop":true,"times":1}`)
	srv := httptest.NewServer(e.m.HTTP)
	t.Cleanup(srv.Close)
	client := &http.Client{Timeout: 10 * time.Second}
	target := srv.URL + ftRole + "?access_token=" + url.QueryEscape(tok)
	res, err := client.Post(target, "application/json", strings.NewReader(`{}`))
	if err == nil {
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		t.Fatalf("the call got an answer, HTTP %d: %s", res.StatusCode, body)
	}
	got := e.ftLast()
	if got.Status != 0 || got.Request != `{}` {
		t.Errorf("journal entry: status %d request %q, want 0 and {}", got.Status, got.Request)
	}
	diff(t, "journal notes", []string{"fault 1: dropped the connection"}, got.Notes)
	// Spent, the fault lets the next call through.
	res, err = client.Post(target, "application/json", strings.NewReader(`{}`))
	if err != nil {
		t.Fatalf("second call: %v", err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Errorf("second call: HTTP %d, want 200", res.StatusCode)
	}
}

func TestFaultMalformed(t *testing.T) {
	t.Parallel()
	e := setup(t)
	tok := e.token()
	e.ftAdd(`{"malformed":true}`)
	rec := e.ftRaw(http.MethodPost, ftRole+"?access_token="+url.QueryEscape(tok), `{}`)
	if rec.Code != http.StatusOK || !strings.HasPrefix(rec.Header().Get("Content-Type"), "application/json") {
		t.Errorf("HTTP %d %q, want 200 application/json", rec.Code, rec.Header().Get("Content-Type"))
	}
	var v any
	if err := json.Unmarshal(rec.Body.Bytes(), &v); err == nil {
		t.Errorf("the body %q parses as JSON", rec.Body.String())
	}
	got := e.ftLast()
	if got.Status != http.StatusOK || got.Response != rec.Body.String() {
		t.Errorf("journal entry: status %d response %q", got.Status, got.Response)
	}
	diff(t, "journal notes", []string{"fault 1: malformed JSON"}, got.Notes)
}

func TestFaultHTML(t *testing.T) {
	t.Parallel()
	e := setup(t)
	tok := e.token()
	e.ftAdd(`{"html":true}`)
	rec := e.ftRaw(http.MethodPost, ftRole+"?access_token="+url.QueryEscape(tok), `{}`)
	if rec.Code != http.StatusBadGateway || rec.Header().Get("Content-Type") != "text/html" || !strings.Contains(rec.Body.String(), "<title>502 Bad Gateway</title>") {
		t.Errorf("HTTP %d %q %q, want a 502 text/html page", rec.Code, rec.Header().Get("Content-Type"), rec.Body.String())
	}
	if got := e.ftLast(); got.Status != http.StatusBadGateway {
		t.Errorf("journal status %d, want 502", got.Status)
	}
}
