package asynclog_test

import (
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/wxmock/wxmock/internal/asynclog"
)

// TestLinesLinger: the goroutine waits its linger after a line before
// writing, so lines that come meanwhile go out in the same write; Close
// cuts the linger short.
func TestLinesLinger(t *testing.T) {
	t.Parallel()
	out := &countingWriter{}
	w := asynclog.NewLingering(out, 0, nil, time.Hour)
	for i := range 20 {
		fmt.Fprintf(w, "line %d\n", i)
		time.Sleep(time.Millisecond) // time for a goroutine that would write at once
	}
	if n := out.count(); n != 0 {
		t.Errorf("%d writes within the linger, want none", n)
	}
	w.Close()
	if n, lines := out.count(), strings.Count(out.String(), "\n"); n != 1 || lines != 20 {
		t.Errorf("Close wrote %d lines in %d writes, want 20 in 1", lines, n)
	}
}

func TestABacklogIsWrittenWithoutLingering(t *testing.T) {
	t.Parallel()
	out := &countingWriter{}
	w := asynclog.NewLingering(out, 1000, nil, time.Hour)
	defer w.Close()
	// A quarter of the limit at once: the goroutine wakes to a backlog.
	w.Write([]byte(strings.Repeat("x", 299) + "\n"))
	deadline := time.Now().Add(10 * time.Second)
	for out.count() == 0 {
		if time.Now().After(deadline) {
			t.Fatal("a backlog of a quarter of the limit was not written within 10 s: it lingered")
		}
		time.Sleep(time.Millisecond)
	}
}

// TestABacklogCutsTheLingerShort: lines that bring the queue to a
// quarter of the limit while the goroutine lingers are written then, not
// when the linger ends.
func TestABacklogCutsTheLingerShort(t *testing.T) {
	t.Parallel()
	out := &countingWriter{}
	w := asynclog.NewLingering(out, 1000, nil, time.Hour)
	defer w.Close()
	w.Write([]byte("first\n")) // wakes the goroutine, which lingers an hour
	time.Sleep(10 * time.Millisecond)
	for range 25 { // 6 + 25×10 bytes: past 250, a quarter of the limit
		w.Write([]byte("123456789\n"))
	}
	deadline := time.Now().Add(10 * time.Second)
	for out.count() == 0 {
		if time.Now().After(deadline) {
			t.Fatal("a backlog that built up during the linger was not written within 10 s")
		}
		time.Sleep(time.Millisecond)
	}
	if got := strings.Count(out.String(), "\n"); got != 26 {
		t.Errorf("the backlog's write had %d lines, want 26", got)
	}
}

// TestTheGoroutineGoesIdle: once a linger brings no line, the goroutine
// waits for the next line to wake it rather than for its timer, and that
// line does wake it.
func TestTheGoroutineGoesIdle(t *testing.T) {
	t.Parallel()
	out := &countingWriter{}
	w := asynclog.NewLingering(out, 0, nil, time.Millisecond)
	defer w.Close()
	if !asynclog.Idle(w) {
		t.Error("a new Writer's goroutine is not idle")
	}
	for i := range 2 {
		fmt.Fprintf(w, "line %d\n", i)
		deadline := time.Now().Add(10 * time.Second)
		for out.count() <= i || !asynclog.Idle(w) {
			if time.Now().After(deadline) {
				t.Fatalf("line %d: %d writes and idle %v after 10 s, want %d writes and idle", i, out.count(), asynclog.Idle(w), i+1)
			}
			time.Sleep(time.Millisecond)
		}
	}
	if diff := cmp.Diff("line 0\nline 1\n", out.String()); diff != "" {
		t.Errorf("output mismatch (-want +got):\n%s", diff)
	}
}

// TestADropWakesTheGoroutine: a line longer than the limit, dropped
// while the goroutine is idle, is reported without waiting for another
// line or for Close.
func TestADropWakesTheGoroutine(t *testing.T) {
	t.Parallel()
	reported := make(chan uint64, 1)
	w := asynclog.NewLingering(io.Discard, 10, func(n uint64) { reported <- n }, time.Millisecond)
	defer w.Close()
	w.Write([]byte(strings.Repeat("x", 99) + "\n"))
	select {
	case n := <-reported:
		if n != 1 {
			t.Errorf("%d lines reported dropped, want 1", n)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("a line dropped while the goroutine was idle was not reported within 10 s")
	}
}
