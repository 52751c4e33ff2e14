package push_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/wxmock/wxmock/internal/push"
)

// testTimeout is the attempt timeout of these tests; the tests that need a
// receiver to outlast a timeout hang it until the test ends.
const testTimeout = 100 * time.Millisecond

// newDeliverer returns a Deliverer with test-sized timings, closed at the
// end of the test.
func newDeliverer(t *testing.T, o push.Options) *push.Deliverer {
	t.Helper()
	if o.Timeout == 0 {
		o.Timeout = testTimeout
	}
	if o.RetryDelay == 0 {
		o.RetryDelay = 5 * time.Millisecond
	}
	d := push.NewDeliverer(o)
	t.Cleanup(d.Close)
	return d
}

// hit is one request as the receiver saw it.
type hit struct {
	URL, ContentType, Method string
	Body                     []byte
}

// receiver is an httptest server that answers status[i] to its i-th
// request (the last one repeats) or, with hang, waits until the test ends.
type receiver struct {
	srv     *httptest.Server
	mu      sync.Mutex
	hits    []hit
	started chan struct{} // closed at the first request
}

func newReceiver(t *testing.T, hang bool, status ...int) *receiver {
	t.Helper()
	r := &receiver{started: make(chan struct{})}
	release := make(chan struct{})
	r.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		r.mu.Lock()
		r.hits = append(r.hits, hit{"http://" + req.Host + req.URL.String(), req.Header.Get("Content-Type"), req.Method, body})
		n := len(r.hits)
		r.mu.Unlock()
		if n == 1 {
			close(r.started)
		}
		if hang {
			select {
			case <-req.Context().Done():
			case <-release:
			}
			return
		}
		w.WriteHeader(status[min(n, len(status))-1])
		_, _ = io.WriteString(w, "success")
	}))
	// Cleanups run last-in first-out: release the handlers, then close.
	t.Cleanup(r.srv.Close)
	t.Cleanup(func() { close(release) })
	return r
}

func (r *receiver) requests() []hit {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]hit(nil), r.hits...)
}

func flush(t *testing.T, d *push.Deliverer) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := d.Flush(ctx); err != nil {
		t.Fatalf("Flush: %v", err)
	}
}

// ignoreTiming drops the wall-clock parts of attempts from comparisons.
var ignoreTiming = cmpopts.IgnoreFields(push.Attempt{}, "DurationMS", "At")

func TestDelivererStatuses(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		retries   int
		status    []int
		wantState push.State
		wantError string
		want      []push.Attempt
	}{
		{"first try", 0, []int{200}, push.StateDelivered, "", []push.Attempt{{N: 1, Status: 200}}},
		{"204 counts", 0, []int{204}, push.StateDelivered, "", []push.Attempt{{N: 1, Status: 204}}},
		{"500 then 200", 0, []int{500, 200}, push.StateDelivered, "", []push.Attempt{
			{N: 1, Status: 500, Error: "HTTP status 500"}, {N: 2, Status: 200}}},
		{"always 500", 0, []int{500}, push.StateFailed, "HTTP status 500", []push.Attempt{
			{N: 1, Status: 500, Error: "HTTP status 500"}, {N: 2, Status: 500, Error: "HTTP status 500"},
			{N: 3, Status: 500, Error: "HTTP status 500"}, {N: 4, Status: 500, Error: "HTTP status 500"}}},
		{"redirect not followed", 0, []int{302, 200}, push.StateDelivered, "", []push.Attempt{
			{N: 1, Status: 302, Error: "HTTP status 302"}, {N: 2, Status: 200}}},
		{"no retries", -1, []int{500, 200}, push.StateFailed, "HTTP status 500", []push.Attempt{
			{N: 1, Status: 500, Error: "HTTP status 500"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := newReceiver(t, false, tc.status...)
			d := newDeliverer(t, push.Options{Retries: tc.retries})
			id := d.Enqueue(push.Target{URL: r.srv.URL, Token: "tok", AppID: "wx1"}, seedEvents[0].msg)
			flush(t, d)
			got := d.List(push.Filter{})
			if len(got) != 1 || got[0].ID != id {
				t.Fatalf("List = %+v, want push %d", got, id)
			}
			diff(t, "state", tc.wantState, got[0].State)
			diff(t, "error", tc.wantError, got[0].Error)
			diff(t, "attempts", tc.want, got[0].Attempts, ignoreTiming)
			diff(t, "requests", len(tc.want), len(r.requests()))
		})
	}
}

// TestDelivererSends checks what a safe-mode receiver gets and what the log
// says about it, with an injected clock and random source.
func TestDelivererSends(t *testing.T) {
	t.Parallel()
	r := newReceiver(t, false, 200)
	at := time.Date(2024, 1, 24, 6, 0, 27, 0, time.UTC)
	var n byte
	d := newDeliverer(t, push.Options{
		Now:    func() time.Time { return at },
		Random: func(k int) []byte { b := make([]byte, k); n++; b[0] = n; return b },
	})
	m := seedEvents[1].msg
	target := push.Target{URL: r.srv.URL + "/wx?app=1", Token: sampleToken, AESKey: sampleEncodingAESKey, Mode: push.ModeSafe, AppID: sampleAppID}
	d.Enqueue(target, m)
	flush(t, d)

	reqs := r.requests()
	if len(reqs) != 1 {
		t.Fatalf("%d requests, want 1", len(reqs))
	}
	diff(t, "method", http.MethodPost, reqs[0].Method)
	diff(t, "content type", "text/xml", reqs[0].ContentType)
	got := receive(t, reqs[0].URL, reqs[0].Body, sampleToken, sampleEncodingAESKey)
	diff(t, "received", received{Plain: string(m.XML()), AppID: sampleAppID, Safe: true}, got)

	p := d.List(push.Filter{})[0]
	want := push.Push{
		ID: 1, AppID: sampleAppID, Event: m.Event, URL: reqs[0].URL, Mode: push.ModeSafe,
		Body: string(reqs[0].Body), Plain: string(m.XML()), State: push.StateDelivered,
		Attempts: []push.Attempt{{N: 1, Status: 200, At: at}},
	}
	diff(t, "push", want, p)
	// The first random draw is the nonce: 10 digits, byte 1 first → "2000000000".
	if !strings.Contains(p.URL, "&nonce=2000000000&") {
		t.Errorf("nonce not drawn from Random: %s", p.URL)
	}
}

// TestDelivererHangingReceiver: a receiver that never answers costs each
// attempt its timeout, is retried, and fails.
func TestDelivererHangingReceiver(t *testing.T) {
	t.Parallel()
	r := newReceiver(t, true)
	d := newDeliverer(t, push.Options{})
	d.Enqueue(push.Target{URL: r.srv.URL, Token: "tok"}, seedEvents[0].msg)
	flush(t, d)
	p := d.List(push.Filter{})[0]
	errTimeout := "no answer within 100ms"
	diff(t, "state", push.StateFailed, p.State)
	diff(t, "error", errTimeout, p.Error)
	diff(t, "attempts", []push.Attempt{{N: 1, Error: errTimeout}, {N: 2, Error: errTimeout},
		{N: 3, Error: errTimeout}, {N: 4, Error: errTimeout}}, p.Attempts, ignoreTiming)
	for _, a := range p.Attempts {
		if a.DurationMS < testTimeout.Milliseconds() {
			t.Errorf("attempt %d took %d ms, less than the timeout", a.N, a.DurationMS)
		}
	}
}

// TestEnqueueNeverBlocks: with one worker stuck on a receiver that hangs
// for the whole 10 s timeout, 100 Enqueues still return at once, and Close
// aborts the stuck attempt and fails everything left.
func TestEnqueueNeverBlocks(t *testing.T) {
	t.Parallel()
	r := newReceiver(t, true)
	d := newDeliverer(t, push.Options{Timeout: 10 * time.Second, Workers: 1})
	target := push.Target{URL: r.srv.URL, Token: "tok", AppID: "wx1"}
	d.Enqueue(target, seedEvents[0].msg)
	<-r.started

	done := make(chan struct{})
	go func() {
		defer close(done)
		for range 100 {
			d.Enqueue(target, seedEvents[0].msg)
		}
	}()
	select {
	case <-done:
	case <-time.After(2 * time.Second): // far under the 10 s a blocked caller would wait
		t.Fatal("Enqueue blocked behind a hanging receiver")
	}

	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if err := d.Flush(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Flush while hanging = %v, want the context's deadline", err)
	}

	closed := make(chan struct{})
	go func() { d.Close(); close(closed) }()
	select {
	case <-closed:
	case <-time.After(2 * time.Second):
		t.Fatal("Close waited for the hanging receiver")
	}
	pushes := d.List(push.Filter{})
	if len(pushes) != 101 {
		t.Fatalf("%d pushes logged, want 101", len(pushes))
	}
	for _, p := range pushes {
		if p.State != push.StateFailed || p.Error != "shut down" {
			t.Fatalf("push %d: state %q error %q, want failed, shut down", p.ID, p.State, p.Error)
		}
	}
	if n := len(pushes[0].Attempts); n != 1 {
		t.Errorf("stuck push has %d attempts, want 1", n)
	}
	after := d.Enqueue(target, seedEvents[0].msg)
	diff(t, "push after Close", push.StateFailed, d.List(push.Filter{Since: after - 1})[0].State)
	d.Close() // a second Close is harmless
	flush(t, d)
}

// TestFlushWaits: Flush returns only once every push, slow ones and retried
// ones included, has its outcome.
func TestFlushWaits(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	calls := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		mu.Lock()
		calls++
		first := calls == 1
		mu.Unlock()
		time.Sleep(10 * time.Millisecond)
		if first {
			w.WriteHeader(http.StatusBadGateway)
		}
	}))
	t.Cleanup(srv.Close)
	d := newDeliverer(t, push.Options{Workers: 2, RetryDelay: 30 * time.Millisecond})
	for range 10 {
		d.Enqueue(push.Target{URL: srv.URL}, seedEvents[3].msg)
	}
	flush(t, d)
	for _, p := range d.List(push.Filter{}) {
		if p.State != push.StateDelivered {
			t.Errorf("push %d is %s after Flush", p.ID, p.State)
		}
	}
}

// TestDelivererNotSent covers pushes that never reach the network.
func TestDelivererNotSent(t *testing.T) {
	t.Parallel()
	d := newDeliverer(t, push.Options{})
	skipped := d.List(push.Filter{Since: d.Enqueue(push.Target{AppID: "wx1"}, seedEvents[0].msg) - 1})[0]
	diff(t, "skipped", push.Push{
		ID: 1, AppID: "wx1", Event: seedEvents[0].msg.Event, Mode: push.ModePlain,
		Body: string(seedEvents[0].msg.XML()), Plain: string(seedEvents[0].msg.XML()),
		State: push.StateSkipped, Attempts: []push.Attempt{},
	}, skipped)

	bad := d.List(push.Filter{Since: d.Enqueue(push.Target{URL: "http://127.0.0.1:1/", Mode: push.ModeSafe, AESKey: "x"}, seedEvents[0].msg) - 1})[0]
	diff(t, "bad key state", push.StateFailed, bad.State)
	if !strings.Contains(bad.Error, "EncodingAESKey") || len(bad.Attempts) != 0 {
		t.Errorf("bad key push: error %q, %d attempts", bad.Error, len(bad.Attempts))
	}
	flush(t, d)
}

func TestListFilters(t *testing.T) {
	t.Parallel()
	d := newDeliverer(t, push.Options{LogSize: 4})
	for _, app := range []string{"a", "b", "a", "b", "a", "a"} {
		d.Enqueue(push.Target{AppID: app}, seedEvents[0].msg)
	}
	ids := func(f push.Filter) []uint64 {
		out := []uint64{}
		for _, p := range d.List(f) {
			out = append(out, p.ID)
		}
		return out
	}
	tests := []struct {
		name   string
		filter push.Filter
		want   []uint64
	}{
		{"all, oldest dropped", push.Filter{}, []uint64{3, 4, 5, 6}},
		{"app a", push.Filter{AppID: "a"}, []uint64{3, 5, 6}},
		{"since 4", push.Filter{Since: 4}, []uint64{5, 6}},
		{"app b since 4", push.Filter{AppID: "b", Since: 4}, []uint64{}},
		{"unknown app", push.Filter{AppID: "c"}, []uint64{}},
	}
	for _, tc := range tests {
		diff(t, tc.name, tc.want, ids(tc.filter))
	}
}

// TestListCopies: what List returns is the caller's to change.
func TestListCopies(t *testing.T) {
	t.Parallel()
	r := newReceiver(t, false, 200)
	d := newDeliverer(t, push.Options{})
	d.Enqueue(push.Target{URL: r.srv.URL}, seedEvents[0].msg)
	flush(t, d)
	first := d.List(push.Filter{})
	first[0].Attempts[0].Status = 999
	first[0].State = "changed"
	again := d.List(push.Filter{})[0]
	diff(t, "state", push.StateDelivered, again.State)
	diff(t, "status", 200, again.Attempts[0].Status)
}
