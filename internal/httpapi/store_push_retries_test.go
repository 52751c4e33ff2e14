package httpapi_test

import (
	"bytes"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wxmock/wxmock/internal/mock"
	"github.com/wxmock/wxmock/internal/sim"
)

// TestStorePushRetries: non-2xx answers and timeouts are retried three
// times; a receiver that never answers does not hold up the API.
func TestStorePushRetries(t *testing.T) {
	t.Parallel()
	run := func(t *testing.T, answer func(int, http.ResponseWriter, *http.Request), opts ...func(*mock.Options)) (*env, *spReceiver, []spLogged) {
		t.Helper()
		rc := spNewReceiver(t, answer)
		e := setup(t, append([]func(*mock.Options){spPushTo(rc, sim.PushSafe)}, opts...)...)
		tok := e.token()
		spApply(t, e, tok, spUpload(t, e, tok), "TestShop001", "a shop")
		spResolve(t, e)
		return e, rc, spPushes(t, e, "")
	}
	attempts := func(p spLogged) (statuses []int) {
		for i, a := range p.Attempts {
			if a.N != i+1 {
				t.Errorf("attempt %d numbered %d", i+1, a.N)
			}
			statuses = append(statuses, a.Status)
		}
		return statuses
	}

	t.Run("500 twice then 200", func(t *testing.T) {
		t.Parallel()
		_, rc, ps := run(t, spStatuses(500, 500))
		if len(ps) != 1 {
			t.Fatalf("%d pushes logged, want 1", len(ps))
		}
		if ps[0].State != "delivered" || ps[0].Error != "" {
			t.Errorf("state %s error %q, want delivered", ps[0].State, ps[0].Error)
		}
		diff(t, "attempt statuses", []int{500, 500, 200}, attempts(ps[0]))
		reqs := rc.all()
		if len(reqs) != 3 {
			t.Fatalf("receiver got %d requests, want 3", len(reqs))
		}
		for _, rq := range reqs {
			spOpen(t, rq, sim.PushSafe, spToken, spAESKey, appID, "/wx")
			if rq.RawQuery != reqs[0].RawQuery || !bytes.Equal(rq.Body, reqs[0].Body) {
				t.Errorf("a retry differs from the first attempt")
			}
		}
	})

	t.Run("always 500", func(t *testing.T) {
		t.Parallel()
		_, rc, ps := run(t, func(_ int, w http.ResponseWriter, _ *http.Request) { w.WriteHeader(500) })
		if len(ps) != 1 || ps[0].State != "failed" || ps[0].Error == "" {
			t.Fatalf("pushes %+v, want one failed with an error", ps)
		}
		diff(t, "attempt statuses", []int{500, 500, 500, 500}, attempts(ps[0]))
		if n := len(rc.all()); n != 4 {
			t.Errorf("receiver got %d requests, want 4 (1 + 3 retries)", n)
		}
	})

	t.Run("slower than the timeout", func(t *testing.T) {
		t.Parallel()
		slow := func(_ int, w http.ResponseWriter, r *http.Request) {
			select {
			case <-r.Context().Done():
			case <-time.After(2 * time.Second):
			}
			_, _ = io.WriteString(w, "success")
		}
		_, rc, ps := run(t, slow, func(o *mock.Options) { o.PushTimeout = 300 * time.Millisecond })
		if len(ps) != 1 || ps[0].State != "failed" || ps[0].Error == "" {
			t.Fatalf("pushes %+v, want one failed with an error", ps)
		}
		diff(t, "attempt statuses (no answer)", []int{0, 0, 0, 0}, attempts(ps[0]))
		for _, a := range ps[0].Attempts {
			if a.Error == "" {
				t.Errorf("attempt %d without an error", a.N)
			}
		}
		// The push log's four attempts above are the count that matters: on
		// a loaded machine an attempt may time out before the receiver's
		// handler has even read it, so the receiver may see fewer.
		if n := len(rc.all()); n < 1 || n > 4 {
			t.Errorf("receiver got %d requests, want 1 to 4", n)
		}
	})

	t.Run("redirect is no answer", func(t *testing.T) {
		t.Parallel()
		_, rc, ps := run(t, func(_ int, w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "/elsewhere", http.StatusFound)
		})
		if len(ps) != 1 || ps[0].State != "failed" {
			t.Fatalf("pushes %+v, want one failed", ps)
		}
		diff(t, "attempt statuses", []int{302, 302, 302, 302}, attempts(ps[0]))
		for _, rq := range rc.all() {
			if rq.Path != "/wx" {
				t.Errorf("the redirect was followed to %s", rq.Path)
			}
		}
	})

	t.Run("never answers", func(t *testing.T) {
		t.Parallel()
		release := make(chan struct{})
		hang := func(_ int, w http.ResponseWriter, r *http.Request) {
			select {
			case <-r.Context().Done():
			case <-release:
			}
		}
		rc := spNewReceiver(t, hang)
		e := setup(t, spPushTo(rc, sim.PushPlain), func(o *mock.Options) { o.PushTimeout = time.Minute })
		t.Cleanup(func() { close(release) }) // runs before the mock and the receiver close
		tok := e.token()
		spApply(t, e, tok, spUpload(t, e, tok), "TestShop001", "a shop")
		h := e.m.HTTP
		code, body := spWithin(t, time.Second, "clock advance", func() (int, string) {
			return spServe(h, http.MethodPost, "/__wxmock/clock/advance", `{"seconds": 5}`)
		})
		if code != http.StatusOK {
			t.Fatalf("advance: %d %s", code, body)
		}
		if got := rc.waitFor(1, 5*time.Second); len(got) != 1 {
			t.Fatalf("receiver got %d requests, want the hanging one", len(got))
		}
		// The receiver now holds the push; WeChat calls answer at once.
		q := "?access_token=" + url.QueryEscape(tok)
		var wg sync.WaitGroup
		for _, c := range []struct{ method, target, body, want string }{
			{http.MethodPost, "/promoter/getrole" + q, `{}`, `"errcode":0`},
			{http.MethodGet, "/wxa/get_merchant_audit_info" + q, "", `"status":1`},
			{http.MethodGet, "/__wxmock/pushes", "", `"state":"pending"`},
		} {
			wg.Go(func() {
				code, body := spWithin(t, time.Second, c.target, func() (int, string) { return spServe(h, c.method, c.target, c.body) })
				if code != http.StatusOK || !strings.Contains(body, c.want) {
					t.Errorf("%s while the receiver hangs: %d %s, want %s", c.target, code, body, c.want)
				}
			})
		}
		wg.Wait()
		if r := e.admin(http.MethodPost, "/pushes/flush", `{"timeout_seconds": 0.2}`); r.Status != http.StatusRequestTimeout {
			t.Errorf("flush while the receiver hangs: %d %s, want 408", r.Status, r.Raw)
		}
	})
}

// TestStorePushRunningClock: with the clock running, a due audit resolves
// on the ticker and its push arrives without any advance.
func TestStorePushRunningClock(t *testing.T) {
	t.Parallel()
	rc := spNewReceiver(t, nil)
	e := setup(t, spPushTo(rc, sim.PushCompat), func(o *mock.Options) {
		o.FrozenClock = false
		o.AuditDelay = -1
		o.Tick = 20 * time.Millisecond
	})
	tok := e.token()
	spApply(t, e, tok, spUpload(t, e, tok), "TestShop001", "a shop")
	auditID, _, _ := spMerchantAudit(t, e, tok)
	reqs := rc.waitFor(1, 5*time.Second)
	if len(reqs) != 1 {
		t.Fatalf("receiver got %d requests within 5 s, want 1", len(reqs))
	}
	plain, _ := spOpen(t, reqs[0], sim.PushCompat, spToken, spAESKey, appID, "/wx")
	ev := spParse(t, plain)
	if ev.Event != "apply_merchant_audit_info" || ev.AuditID != auditID || ev.Status != 1 {
		t.Errorf("event %+v, want the approval of audit %d", ev, auditID)
	}
	if now := e.m.Sim.Now().Unix(); ev.CreateTime < start.Unix() || ev.CreateTime > now {
		t.Errorf("CreateTime %d outside [%d, %d]", ev.CreateTime, start.Unix(), now)
	}
	if ts := reqs[0].Query.Get("timestamp"); ts != strconv.FormatInt(ev.CreateTime, 10) {
		t.Errorf("timestamp %s, CreateTime %d", ts, ev.CreateTime)
	}
}

// TestStorePushRepeatable: two mocks with the same seed and the same calls
// send byte-identical pushes (nonces and encrypted payloads included).
func TestStorePushRepeatable(t *testing.T) {
	t.Parallel()
	var got [2][]spReq
	for i := range got {
		rc := spNewReceiver(t, nil)
		e := setup(t, spPushTo(rc, sim.PushSafe))
		tok := e.token()
		spApply(t, e, tok, spUpload(t, e, tok), "TestShop001", "fails wxmock:fail")
		spResolve(t, e)
		spApply(t, e, tok, spUpload(t, e, tok), "TestShop001", "a shop")
		spResolve(t, e)
		got[i] = rc.all()
		if len(got[i]) != 2 {
			t.Fatalf("run %d: %d pushes, want 2", i, len(got[i]))
		}
	}
	for j := range got[0] {
		a, b := got[0][j], got[1][j]
		if a.RawQuery != b.RawQuery || !bytes.Equal(a.Body, b.Body) {
			t.Errorf("push %d differs between runs:\n%s\n%s\n%s\n%s", j, a.RawQuery, a.Body, b.RawQuery, b.Body)
		}
	}
	if got[0][0].Query.Get("nonce") == got[0][1].Query.Get("nonce") {
		t.Errorf("two pushes share the nonce %s", got[0][0].Query.Get("nonce"))
	}
}
