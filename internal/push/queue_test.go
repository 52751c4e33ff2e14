package push_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/wxmock/wxmock/internal/push"
)

// waitAttempts waits until push id has n attempts.
func waitAttempts(t *testing.T, d *push.Deliverer, id uint64, n int) push.Push {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		if ps := d.List(push.Filter{Since: id - 1}); len(ps) > 0 && len(ps[0].Attempts) >= n {
			return ps[0]
		}
	}
	t.Fatalf("push %d: fewer than %d attempts after 10 s", id, n)
	return push.Push{}
}

// TestQueueRestore: a push waiting for its retry survives Queue, a JSON
// round trip and Restore into a new Deliverer, with its attempts, its due
// time and the next ID; once due it is sent and its attempts go on.
func TestQueueRestore(t *testing.T) {
	t.Parallel()
	at := time.Date(2024, 1, 24, 6, 0, 27, 0, time.UTC)
	failing := newReceiver(t, false, 500)
	a := newDeliverer(t, push.Options{Now: func() time.Time { return at }, RetryDelay: time.Hour})
	id := a.Enqueue(push.Target{URL: failing.srv.URL + "/wx", AppID: "wx1"}, seedEvents[0].msg)
	first := waitAttempts(t, a, id, 1)
	raw, err := json.Marshal(a.Queue())
	if err != nil {
		t.Fatal(err)
	}
	a.Close()
	var q push.Queue
	if err := json.Unmarshal(raw, &q); err != nil {
		t.Fatal(err)
	}
	body := failing.requests()[0].Body
	want := push.Queue{NextID: 1, Pending: []push.Pending{{Push: first, Body: body, Due: at.Add(time.Hour)}}}
	if diff := cmp.Diff(want, q); diff != "" {
		t.Fatalf("queue mismatch (-want +got):\n%s", diff)
	}

	// Restored before it is due, it waits, as it was.
	b := newDeliverer(t, push.Options{Now: func() time.Time { return at.Add(time.Minute) }})
	if err := b.Restore(q); err != nil {
		t.Fatalf("Restore: %v", err)
	}
	if diff := cmp.Diff(want, b.Queue()); diff != "" {
		t.Errorf("queue after restore mismatch (-want +got):\n%s", diff)
	}

	// Restored after it is due, it is sent at once: attempt 2.
	ok := newReceiver(t, false, 200)
	q.Pending[0].Push.URL = ok.srv.URL + "/wx"
	c := newDeliverer(t, push.Options{Now: func() time.Time { return at.Add(2 * time.Hour) }})
	if err := c.Restore(q); err != nil {
		t.Fatalf("Restore: %v", err)
	}
	flush(t, c)
	got := c.List(push.Filter{})
	wantPush := q.Pending[0].Push
	wantPush.State = push.StateDelivered
	wantPush.Attempts = append(wantPush.Attempts, push.Attempt{N: 2, Status: 200})
	if diff := cmp.Diff([]push.Push{wantPush}, got, ignoreTiming); diff != "" {
		t.Errorf("pushes mismatch (-want +got):\n%s", diff)
	}
	if string(ok.requests()[0].Body) != string(body) {
		t.Errorf("restored push sent %q, want the bytes first sent %q", ok.requests()[0].Body, body)
	}
	if next := c.Enqueue(push.Target{AppID: "wx1"}, seedEvents[0].msg); next != 2 {
		t.Errorf("next push after restore: id %d, want 2", next)
	}
}

// TestQueueInFlight: a push whose attempt is in flight is listed with the
// attempts that ended, due at once.
func TestQueueInFlight(t *testing.T) {
	t.Parallel()
	r := newReceiver(t, true)
	d := newDeliverer(t, push.Options{Timeout: time.Minute})
	d.Enqueue(push.Target{URL: r.srv.URL, AppID: "wx1"}, seedEvents[0].msg)
	<-r.started
	q := d.Queue()
	if len(q.Pending) != 1 || len(q.Pending[0].Push.Attempts) != 0 || !q.Pending[0].Due.IsZero() || q.Pending[0].Push.State != push.StatePending {
		t.Errorf("queue with an attempt in flight = %+v, want the push, pending, no attempts, due at once", q)
	}
}

func TestRestoreRefuses(t *testing.T) {
	t.Parallel()
	good := push.Pending{Push: push.Push{ID: 1, URL: "http://127.0.0.1:1/", Attempts: []push.Attempt{}}, Body: []byte("<xml/>")}
	with := func(f func(p *push.Pending)) push.Pending { p := good; f(&p); return p }
	for _, tt := range []struct {
		name    string
		q       push.Queue
		wantErr string
	}{
		{"id beyond next_id", push.Queue{NextID: 0, Pending: []push.Pending{good}}, "id 1 must be unique and 1 to next_id 0"},
		{"id twice", push.Queue{NextID: 2, Pending: []push.Pending{good, good}}, "pending[1]: id 1 must be unique"},
		{"no body", push.Queue{NextID: 1, Pending: []push.Pending{with(func(p *push.Pending) { p.Body = nil })}}, "needs a url and a body"},
		{"too many attempts", push.Queue{NextID: 1, Pending: []push.Pending{with(func(p *push.Pending) { p.Push.Attempts = make([]push.Attempt, 4) })}}, "4 attempts made"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			d := newDeliverer(t, push.Options{})
			if err := d.Restore(tt.q); err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("Restore: error %v, want one with %q", err, tt.wantErr)
			}
			if got := d.Queue(); len(got.Pending) != 0 {
				t.Errorf("a refused restore queued %d pushes", len(got.Pending))
			}
		})
	}
	d := newDeliverer(t, push.Options{})
	d.Enqueue(push.Target{AppID: "wx1"}, seedEvents[0].msg)
	if err := d.Restore(push.Queue{NextID: 1}); err == nil {
		t.Error("Restore after Enqueue: no error")
	}
}

// TestGenerationMoves: enqueueing and attempting change the generation.
func TestGenerationMoves(t *testing.T) {
	t.Parallel()
	r := newReceiver(t, false, 200)
	d := newDeliverer(t, push.Options{})
	g0 := d.Generation()
	d.Enqueue(push.Target{URL: r.srv.URL, AppID: "wx1"}, seedEvents[0].msg)
	g1 := d.Generation()
	flush(t, d)
	if g2 := d.Generation(); g1 == g0 || g2 == g1 {
		t.Errorf("generations %d, %d, %d: want a change at the enqueue and at the attempt", g0, g1, g2)
	}
}
