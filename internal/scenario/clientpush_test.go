package scenario_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/wxmock/wxmock/internal/mock"
	"github.com/wxmock/wxmock/internal/scenario"
)

// clientPushScenario has wxmock push a failed merchant audit (status 3)
// to url; the step expects status want.
func clientPushScenario(t *testing.T, url, mode, want string) []*scenario.Scenario {
	t.Helper()
	scs, err := scenario.Parse("clientpush.yaml", []byte(fmt.Sprintf(`
name: a push to the client's own URL
setup:
  app: {push: {url: %q, token: tok123, aes_key: %s, mode: %s}}
steps:
  - request: {path: /cgi-bin/media/upload, query: {type: image}, upload: {filename: logo.jpg, content: "jpeg"}}
    save: {media: /media_id}
  - request: {path: /wxa/apply_merchant, body: {first_catid: 278, second_catid: 279, headimg_mediaid: "${media}", nickname: 小王便利, intro: "wxmock:fail"}}
    expect: {errcode: 0}
  - advance: 5s
  - expect_push: {event: apply_merchant_audit_info, fields: {status: %q}, within: 1s}
`, url, strings.Repeat("A", 43), mode, want)))
	if err != nil {
		t.Fatal(err)
	}
	return scs
}

// messageServer is a client's message server that answers status to
// every push.
func messageServer(t *testing.T, status int) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.WriteHeader(status)
		_, _ = io.WriteString(w, "success")
	}))
	t.Cleanup(srv.Close)
	return srv.URL + "/wx"
}

// checkOutcome fails t unless res passed (want empty) or failed saying
// each of want.
func checkOutcome(t *testing.T, res *scenario.Result, want []string) {
	t.Helper()
	if len(want) == 0 {
		if !res.Passed {
			var b bytes.Buffer
			scenario.WriteText(&b, []*scenario.Result{res})
			t.Fatalf("scenario failed:\n%s", b.String())
		}
		return
	}
	if res.Passed {
		t.Fatalf("scenario passed, want a failure saying %q", want)
	}
	got := res.Failure.Message + "\n" + res.Failure.Got
	t.Logf("failure:\n%s", got)
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("failure %q, want it to say %q", got, w)
		}
	}
}

// TestExpectPushAtTheClientsURL: with the client's own push URL,
// expect_push reads wxmock's push log: a push the client's server
// answered 2xx passes; one it answered 500 fails as not delivered, with
// its state and attempts; a field that differs fails listing what was
// sent.
func TestExpectPushAtTheClientsURL(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		status int
		mode   string
		want   string   // the status the step expects; the push has 3
		fails  []string // what the failure says; none: it passes
	}{
		{"plain, answered 200", 200, "plain", "3", nil},
		{"safe, answered 200", 200, "safe", "3", nil},
		{"compat, answered 204", 204, "compat", "3", nil},
		{"answered 500", 500, "plain", "3", []string{
			"not delivered", "state failed", "500",
			"1 push was sent to http://"}},
		{"field differs", 200, "safe", "1", []string{
			"no such push was delivered", "status 3, not 1",
			"1 push was sent to http://", "status 3", "delivered"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			res := runScenarios(t, clientPushScenario(t, messageServer(t, tt.status), tt.mode, tt.want))[0]
			checkOutcome(t, res, tt.fails)
		})
	}
}

// TestExpectPushChecksTheLoggedPush: the runner checks the signatures in
// the URL wxmock logs, with its own code, so a push logged signed wrong
// fails; a body the log clipped fails saying so, not as a bad signature.
// The pushes log is altered on its way to the runner by a proxy in front
// of a wxmock that wants an admin token, which the runner must send.
func TestExpectPushChecksTheLoggedPush(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		mode   string
		tamper func(p map[string]any)
		fails  []string
	}{
		{"as logged", "safe", nil, nil},
		{"signature", "plain", func(p map[string]any) {
			p["url"] = strings.Replace(p["url"].(string), "signature=", "signature=0", 1)
		}, []string{`signature "0`}},
		{"msg_signature", "safe", func(p map[string]any) {
			p["url"] = strings.Replace(p["url"].(string), "msg_signature=", "msg_signature=0", 1)
		}, []string{`msg_signature "0`}},
		{"clipped", "plain", func(p map[string]any) {
			body := p["body"].(string)
			p["body"] = (body + strings.Repeat("<pad/>", 16<<10))[:16<<10]
		}, []string{"clipped", "16 KiB"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			base := tamperingProxy(t, "s3cret", tt.tamper)
			r, err := scenario.NewRunner(scenario.Options{BaseURL: base, AdminToken: "s3cret"})
			if err != nil {
				t.Fatal(err)
			}
			res := r.Run(context.Background(), clientPushScenario(t, messageServer(t, 200), tt.mode, "3"))[0]
			checkOutcome(t, res, tt.fails)
		})
	}
}

// tamperingProxy starts a wxmock that wants token and a proxy in front of
// it that passes each push of GET /__wxmock/pushes through tamper.
func tamperingProxy(t *testing.T, token string, tamper func(map[string]any)) string {
	t.Helper()
	m, err := mock.New(mock.Options{Seed: 1, FrozenClock: true, AdminToken: token, PushRetryDelay: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(m.Close)
	srv := httptest.NewServer(m.HTTP)
	t.Cleanup(srv.Close)
	target, _ := url.Parse(srv.URL)
	proxy := httputil.NewSingleHostReverseProxy(target)
	proxy.ModifyResponse = func(res *http.Response) error {
		if res.Request.URL.Path != "/__wxmock/pushes" || tamper == nil || res.StatusCode != http.StatusOK {
			return nil
		}
		var log struct {
			Pushes []map[string]any `json:"pushes"`
		}
		if err := json.NewDecoder(res.Body).Decode(&log); err != nil {
			return err
		}
		res.Body.Close()
		for _, p := range log.Pushes {
			tamper(p)
		}
		data, err := json.Marshal(log)
		if err != nil {
			return err
		}
		res.Body = io.NopCloser(bytes.NewReader(data))
		res.ContentLength = int64(len(data))
		res.Header.Del("Content-Length")
		return nil
	}
	front := httptest.NewServer(proxy)
	t.Cleanup(front.Close)
	return front.URL
}
