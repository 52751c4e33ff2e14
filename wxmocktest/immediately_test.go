package wxmocktest_test

import (
	"testing"
	"time"

	"github.com/wxmock/wxmock/wxmocktest"
)

// TestImmediately: with AuditDelay Immediately, an audit resolves at the
// next Advance, even of no time; with the zero value it waits 5 s.
func TestImmediately(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name   string
		delay  time.Duration
		pushes int
	}{{"at once", wxmocktest.Immediately, 1}, {"the default", 0, 0}} {
		srv := wxmocktest.Start(t, wxmocktest.Options{NoListener: true, AuditDelay: tt.delay})
		applyMerchant(t, srv)
		if err := srv.Advance(0); err != nil {
			t.Fatal(err)
		}
		if got := len(srv.Pushes(t, wxmocktest.PushFilter{})); got != tt.pushes {
			t.Errorf("%s: %d pushes after Advance(0), want %d", tt.name, got, tt.pushes)
		}
	}
}
