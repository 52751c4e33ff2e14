package wxmocktest_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/wxmock/wxmock/wxmocktest"
)

// TestPushes: an audit's result push is listed, typed, once the audit
// resolves: delivered to a message server, or skipped without one; the
// filter's app and since select.
func TestPushes(t *testing.T) {
	t.Parallel()
	recv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("success")) }))
	t.Cleanup(recv.Close) // after the parallel subtests
	tests := []struct {
		name  string
		url   string // the app's push URL; "" for none
		state string
		tries int
	}{
		{"delivered", recv.URL + "/wx", wxmocktest.PushDelivered, 1},
		{"no message server", "", wxmocktest.PushSkipped, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := wxmocktest.Start(t, wxmocktest.Options{NoListener: true})
			if tt.url != "" {
				push := map[string]any{"appid": srv.AppID(), "push": map[string]any{"url": tt.url, "token": "tok123", "mode": "plain"}}
				if err := srv.Admin(http.MethodPost, "/apps", push, nil); err != nil {
					t.Fatal(err)
				}
			}
			applyMerchant(t, srv)
			if got := srv.Pushes(t, wxmocktest.PushFilter{}); len(got) != 0 {
				t.Errorf("pushes before the audit resolves: %+v", got)
			}
			if err := srv.Advance(5 * time.Second); err != nil {
				t.Fatal(err)
			}
			if err := srv.FlushPushes(context.Background()); err != nil {
				t.Fatal(err)
			}
			got := srv.Pushes(t, wxmocktest.PushFilter{})
			if len(got) != 1 {
				t.Fatalf("%d pushes, want 1: %+v", len(got), got)
			}
			p := got[0]
			if p.ID != 1 || p.AppID != srv.AppID() || p.Event != "apply_merchant_audit_info" || p.Mode != "plain" ||
				p.State != tt.state || len(p.Attempts) != tt.tries || !strings.Contains(p.Plain, "<status>1</status>") ||
				(tt.url != "" && !strings.HasPrefix(p.URL, tt.url+"?signature=")) {
				t.Errorf("push %+v", p)
			}
			if tt.tries > 0 {
				a := p.Attempts[0]
				if a.N != 1 || a.Status != 200 || a.Error != "" || a.At.IsZero() || a.Duration < 0 {
					t.Errorf("attempt %+v", a)
				}
			}
			for _, f := range []wxmocktest.PushFilter{{AppID: "wx00000000000000ff"}, {Since: 1}} {
				if got := srv.Pushes(t, f); len(got) != 0 {
					t.Errorf("Pushes(%+v) = %+v, want none", f, got)
				}
			}
			if got := srv.Pushes(t, wxmocktest.PushFilter{AppID: srv.AppID()}); !cmp.Equal([]wxmocktest.Push{p}, got) {
				t.Errorf("Pushes of the app = %+v, want %+v", got, p)
			}
		})
	}
}
