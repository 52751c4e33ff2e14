package sim

import (
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// clkStart is where the virtual clocks of these tests start.
var clkStart = time.Date(2024, 1, 24, 6, 0, 27, 0, time.UTC)

// clkReal is an injected real-time source that moves only when told to.
type clkReal struct {
	mu  sync.Mutex
	now time.Time
}

func newClkReal() *clkReal { return &clkReal{now: time.Date(2001, 9, 9, 1, 46, 40, 0, time.UTC)} }

func (r *clkReal) Now() time.Time {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.now
}

func (r *clkReal) move(d time.Duration) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.now = r.now.Add(d)
}

// clkStep is one thing done to a clock and the virtual time expected after.
type clkStep struct {
	op     string // "real", "advance", "freeze", "unfreeze" or "" (read only)
	d      time.Duration
	at     time.Time // Freeze's argument
	want   time.Duration
	frozen bool
}

func clkRun(t *testing.T, c *VirtualClock, real *clkReal, steps []clkStep) {
	t.Helper()
	for i, s := range steps {
		want := clkStart.Add(s.want)
		var got time.Time
		switch s.op {
		case "real":
			real.move(s.d)
			got = c.Now()
		case "advance":
			got = c.Advance(s.d)
		case "freeze":
			got = c.Freeze(s.at)
		case "unfreeze":
			got = c.Unfreeze()
		default:
			got = c.Now()
		}
		if !got.Equal(want) {
			t.Errorf("step %d (%s %v): returned %v, want %v", i, s.op, s.d, got, want)
		}
		if now := c.Now(); !now.Equal(want) {
			t.Errorf("step %d (%s %v): Now %v, want %v", i, s.op, s.d, now, want)
		}
		if c.Frozen() != s.frozen {
			t.Errorf("step %d (%s %v): Frozen %v, want %v", i, s.op, s.d, c.Frozen(), s.frozen)
		}
	}
}

func TestVirtualClock(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		frozen bool
		steps  []clkStep
	}{
		{"running follows real time plus advances", false, []clkStep{
			{want: 0},
			{op: "real", d: 10 * time.Second, want: 10 * time.Second},
			{op: "advance", d: time.Hour, want: time.Hour + 10*time.Second},
			{op: "real", d: 5 * time.Second, want: time.Hour + 15*time.Second},
			{op: "advance", d: 1500 * time.Millisecond, want: time.Hour + 16500*time.Millisecond},
		}},
		{"frozen stands still while real time moves", true, []clkStep{
			{want: 0, frozen: true},
			{op: "real", d: time.Hour, want: 0, frozen: true},
			{op: "advance", d: 2 * time.Second, want: 2 * time.Second, frozen: true},
			{op: "real", d: 24 * time.Hour, want: 2 * time.Second, frozen: true},
		}},
		{"advance ignores negative and zero, running", false, []clkStep{
			{op: "advance", d: -time.Hour, want: 0},
			{op: "advance", d: 0, want: 0},
			{op: "advance", d: time.Second, want: time.Second},
			{op: "advance", d: -time.Nanosecond, want: time.Second},
		}},
		{"advance ignores negative, frozen", true, []clkStep{
			{op: "advance", d: -time.Hour, want: 0, frozen: true},
			{op: "advance", d: time.Minute, want: time.Minute, frozen: true},
			{op: "advance", d: -time.Minute, want: time.Minute, frozen: true},
		}},
		{"freeze and unfreeze keep continuity", false, []clkStep{
			{op: "real", d: 7 * time.Second, want: 7 * time.Second},
			{op: "freeze", want: 7 * time.Second, frozen: true},
			{op: "real", d: time.Hour, want: 7 * time.Second, frozen: true},
			{op: "advance", d: 3 * time.Second, want: 10 * time.Second, frozen: true},
			{op: "unfreeze", want: 10 * time.Second},
			{op: "real", d: 2 * time.Second, want: 12 * time.Second},
			{op: "unfreeze", want: 12 * time.Second},
			{op: "real", d: time.Second, want: 13 * time.Second},
			{op: "freeze", want: 13 * time.Second, frozen: true},
			{op: "freeze", want: 13 * time.Second, frozen: true},
		}},
		{"freeze at a later time jumps there, never back", false, []clkStep{
			{op: "freeze", at: clkStart.Add(time.Hour), want: time.Hour, frozen: true},
			{op: "freeze", at: clkStart, want: time.Hour, frozen: true},
			{op: "freeze", at: clkStart.Add(time.Hour + 1500*time.Nanosecond), want: time.Hour + time.Microsecond, frozen: true},
			{op: "unfreeze", want: time.Hour + time.Microsecond},
			{op: "real", d: time.Minute, want: time.Hour + time.Microsecond + time.Minute},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			real := newClkReal()
			c := NewVirtualClock(real.Now, clkStart, tt.frozen)
			clkRun(t, c, real, tt.steps)
		})
	}
}

func TestVirtualClockStart(t *testing.T) {
	t.Parallel()
	base := time.Date(2001, 9, 9, 1, 46, 40, 123456789, time.UTC)
	tests := []struct {
		name   string
		start  time.Time
		frozen bool
		want   time.Time
	}{
		{"zero start runs from real time", time.Time{}, false, base.Truncate(time.Microsecond)},
		{"zero start frozen at real time", time.Time{}, true, base.Truncate(time.Microsecond)},
		{"start", clkStart, false, clkStart},
		{"start frozen", clkStart, true, clkStart},
		{"start with nanoseconds is cut to microseconds", clkStart.Add(999), true, clkStart},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			real := &clkReal{now: base}
			c := NewVirtualClock(real.Now, tt.start, tt.frozen)
			if got := c.Now(); !got.Equal(tt.want) {
				t.Errorf("Now %v, want %v", got, tt.want)
			}
			if got := c.Now().Nanosecond() % 1000; got != 0 {
				t.Errorf("Now has %d ns below the microsecond", got)
			}
			if c.Frozen() != tt.frozen {
				t.Errorf("Frozen %v, want %v", c.Frozen(), tt.frozen)
			}
			real.move(time.Second)
			want := tt.want
			if !tt.frozen {
				want = want.Add(time.Second)
			}
			if got := c.Now(); !got.Equal(want) {
				t.Errorf("a second later: Now %v, want %v", got, want)
			}
		})
	}
}

// TestVirtualClockConcurrent is meant for -race: readers, advancers and a
// goroutine that freezes and unfreezes share one clock. Real time stands
// still, so every advance counts exactly once and no reader sees time go
// back.
func TestVirtualClockConcurrent(t *testing.T) {
	t.Parallel()
	real := newClkReal()
	c := NewVirtualClock(real.Now, clkStart, false)
	const advancers, steps = 4, 500
	var wg sync.WaitGroup
	errs := make(chan string, 16)
	for range advancers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range steps {
				c.Advance(time.Second)
			}
		}()
	}
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			last := c.Now()
			for range steps {
				now := c.Now()
				if now.Before(last) {
					errs <- "time went back from " + last.String() + " to " + now.String()
					return
				}
				last = now
			}
		}()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := range steps {
			if i%2 == 0 {
				c.Freeze(time.Time{})
			} else {
				c.Unfreeze()
			}
			_ = c.Frozen()
		}
	}()
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
	want := clkStart.Add(advancers * steps * time.Second)
	if d := cmp.Diff(want, c.Now()); d != "" {
		t.Errorf("Now mismatch (-want +got):\n%s", d)
	}
}

// TestClockGeneration: the generation moves with every move of the clock
// that real time does not explain, and Reading agrees with Now and Frozen.
func TestClockGeneration(t *testing.T) {
	t.Parallel()
	real := newClkReal()
	c := NewVirtualClock(real.Now, clkStart, false)
	for _, st := range []struct {
		name   string
		do     func()
		change bool
	}{
		{"real time passes", func() { real.move(time.Hour) }, false},
		{"advance", func() { c.Advance(time.Second) }, true},
		{"freeze", func() { c.Freeze(time.Time{}) }, true},
		{"unfreeze", func() { c.Unfreeze() }, true},
	} {
		before := c.Generation()
		st.do()
		if got := c.Generation() != before; got != st.change {
			t.Errorf("%s: generation changed %v, want %v", st.name, got, st.change)
		}
		now, frozen := c.Reading()
		if !now.Equal(c.Now()) || frozen != c.Frozen() {
			t.Errorf("%s: Reading() = %v, %v; want %v, %v", st.name, now, frozen, c.Now(), c.Frozen())
		}
	}
}
