package asynclog_test

import (
	"bytes"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/wxmock/wxmock/internal/asynclog"
)

// lockedBuffer is a bytes.Buffer safe for the writer's goroutine and the
// test's.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// gate is a writer that blocks every write until it is opened.
type gate struct {
	lockedBuffer
	open chan struct{}
}

func (g *gate) Write(p []byte) (int, error) {
	<-g.open
	return g.lockedBuffer.Write(p)
}

func TestLinesComeOutInOrderByClose(t *testing.T) {
	t.Parallel()
	var out lockedBuffer
	w := asynclog.New(&out, 0, nil)
	var want strings.Builder
	for i := range 1000 {
		line := fmt.Sprintf("line %d\n", i)
		want.WriteString(line)
		buf := []byte(line)
		if n, err := w.Write(buf); n != len(line) || err != nil {
			t.Fatalf("Write = %d, %v", n, err)
		}
		copy(buf, "XXXX") // slog reuses its buffer: the writer must have copied
	}
	w.Close()
	if diff := cmp.Diff(want.String(), out.String()); diff != "" {
		t.Errorf("output mismatch (-want +got):\n%s", diff)
	}
	fmt.Fprint(w, "after close\n")
	if !strings.HasSuffix(out.String(), "line 999\nafter close\n") {
		t.Errorf("a line after Close was not written at once: %q", out.String()[max(0, out.Len()-40):])
	}
}

func (l *lockedBuffer) Len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Len()
}

// TestAFullBufferDropsAndCounts: while out is stuck, lines past the limit
// are dropped without blocking, and onDrop hears how many.
func TestAFullBufferDropsAndCounts(t *testing.T) {
	t.Parallel()
	out := &gate{open: make(chan struct{})}
	var (
		mu      sync.Mutex
		dropped uint64
	)
	w := asynclog.New(out, 100, func(n uint64) {
		mu.Lock()
		dropped += n
		mu.Unlock()
	})
	// The goroutine may take what gathered in its linger (at most ten
	// lines), then blocks in out; ten more fill the 100 bytes; the rest
	// are dropped.
	line := []byte("0123456789\n"[:10])
	for range 40 {
		w.Write(line)
	}
	close(out.open)
	w.Close()
	got := out.String()
	kept := uint64(len(got) / len(line))
	mu.Lock()
	defer mu.Unlock()
	if kept+dropped != 40 || kept > 20 || kept < 10 {
		t.Errorf("%d lines written and %d dropped, want 10 to 20 written and the rest of 40 dropped", kept, dropped)
	}
}

func TestConcurrentWriters(t *testing.T) {
	t.Parallel()
	var out lockedBuffer
	w := asynclog.New(&out, 0, nil)
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := range 500 {
				fmt.Fprintf(w, "g%d %d\n", g, i)
			}
		})
	}
	wg.Wait()
	w.Close()
	if n := strings.Count(out.String(), "\n"); n != 2000 {
		t.Errorf("%d lines, want 2000", n)
	}
}

// countingWriter counts the writes it takes.
type countingWriter struct {
	lockedBuffer
	writes int
}

func (c *countingWriter) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.writes++
	return c.b.Write(p) // under the same lock: a write counted is a write seen
}

func (c *countingWriter) count() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.writes
}

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

// TestRecordsComeOutAmongLines: records queued between whole lines are
// formatted in their places, whether the goroutine writes them after its
// linger (in several writes) or Close does (in one); after Close a record
// is written at once.
func TestRecordsComeOutAmongLines(t *testing.T) {
	t.Parallel()
	at := time.Date(2024, 3, 5, 7, 8, 9, 5e6, time.UTC)
	for _, linger := range []time.Duration{time.Millisecond, time.Hour} {
		out := &countingWriter{}
		w := asynclog.NewLingering(out, 0, nil, linger)
		h := asynclog.NewHandler(w, false, nil)
		p := h.Prefix(slog.LevelInfo, "request", "path", "/a")
		var want strings.Builder
		for i := range 300 {
			switch i % 3 {
			case 0:
				fmt.Fprintf(w, "line %d\n", i)
				fmt.Fprintf(&want, "line %d\n", i)
			default:
				h.LogDuration(at, p, "d", time.Duration(i))
				fmt.Fprintf(&want, "time=2024-03-05T07:08:09.005Z level=INFO msg=request path=/a d=%v\n", time.Duration(i))
			}
			if i == 150 && linger == time.Millisecond {
				// The first half goes out in the goroutine's writes.
				deadline := time.Now().Add(10 * time.Second)
				for out.count() == 0 && time.Now().Before(deadline) {
					time.Sleep(time.Millisecond)
				}
			}
		}
		w.Close()
		if n := out.count(); linger == time.Millisecond && n < 2 || linger == time.Hour && n != 1 {
			t.Errorf("linger %v: %d writes, want 2 or more after a linger of 1ms, 1 by Close", linger, n)
		}
		h.LogDuration(at, p, "d", time.Second)
		want.WriteString("time=2024-03-05T07:08:09.005Z level=INFO msg=request path=/a d=1s\n")
		if diff := cmp.Diff(want.String(), out.String()); diff != "" {
			t.Errorf("linger %v: output mismatch (-want +got):\n%s", linger, diff)
		}
	}
}

// TestRecordsOfAnotherHandlerOrKey: a prefix made by another handler, or
// a key that does not stand bare, is formatted at once rather than
// queued, as BeginPrefix and End write it, among the queued lines.
func TestRecordsOfAnotherHandlerOrKey(t *testing.T) {
	t.Parallel()
	at := time.Date(2024, 3, 5, 7, 8, 9, 5e6, time.UTC)
	var out lockedBuffer
	w := asynclog.NewLingering(&out, 0, nil, time.Hour)
	text := asynclog.NewHandler(w, false, nil)
	json := asynclog.NewHandler(w, true, nil)
	p := json.Prefix(slog.LevelInfo, "request", "path", "/a")
	text.LogDuration(at, p, "d", 1)          // json's prefix through text: text's time and duration
	json.LogDuration(at, p, "a b", 2)        // a key to quote
	json.LogDuration(at, p, "d", 3)          // queued
	text.LogDuration(at, p, "d\x00e\x01", 4) // a key to escape
	w.Close()
	want := `time=2024-03-05T07:08:09.005Z,"level":"INFO","msg":"request","path":"/a" d=1ns
{"time":"2024-03-05T07:08:09.005Z","level":"INFO","msg":"request","path":"/a","a b":2}
{"time":"2024-03-05T07:08:09.005Z","level":"INFO","msg":"request","path":"/a","d":3}
time=2024-03-05T07:08:09.005Z,"level":"INFO","msg":"request","path":"/a" "d\x00e\x01"=4ns
`
	if diff := cmp.Diff(want, out.String()); diff != "" {
		t.Errorf("output mismatch (-want +got):\n%s", diff)
	}
}

// TestRecordsKeepFlowing: many times the limit, queued in chunks that
// each fit, all come out: a write gives back what its lines counted.
func TestRecordsKeepFlowing(t *testing.T) {
	t.Parallel()
	var dropped uint64
	var mu sync.Mutex
	var out lockedBuffer
	w := asynclog.NewLingering(&out, 2000, func(n uint64) { mu.Lock(); dropped += n; mu.Unlock() }, time.Millisecond)
	h := asynclog.NewHandler(w, false, nil)
	p := h.Prefix(slog.LevelInfo, "request")
	for chunk := range 30 {
		// 10 records of 23 + 1 + 72 bytes counted: 960, under half the
		// limit; each chunk waits for the one before it to be written.
		for range 10 {
			h.LogDuration(time.Now(), p, "d", 1)
		}
		deadline := time.Now().Add(10 * time.Second)
		for strings.Count(out.String(), "\n") < 10*(chunk+1) && time.Now().Before(deadline) {
			time.Sleep(100 * time.Microsecond)
		}
	}
	w.Close()
	mu.Lock()
	defer mu.Unlock()
	if lines := strings.Count(out.String(), "\n"); lines != 300 || dropped != 0 {
		t.Errorf("%d lines written and %d dropped, want 300 and none", lines, dropped)
	}
}

// TestRecordsCountAgainstTheLimit: a record counts its prefix's text, its
// key and room for the rest of its line against the limit; past it,
// records are dropped and counted as lines are.
func TestRecordsCountAgainstTheLimit(t *testing.T) {
	t.Parallel()
	var (
		mu      sync.Mutex
		dropped uint64
	)
	out := &gate{open: make(chan struct{})}
	w := asynclog.NewLingering(out, 1000, func(n uint64) {
		mu.Lock()
		dropped += n
		mu.Unlock()
	}, time.Hour)
	h := asynclog.NewHandler(w, false, nil)
	p := h.Prefix(slog.LevelInfo, "req") // " level=INFO msg=req": 19 bytes, 92 with the key "d" and the room
	w.Write([]byte(strings.Repeat("x", 199) + "\n"))
	for range 30 {
		h.LogDuration(time.Now(), p, "d", 1)
	}
	// The line and eight records fill the limit (936 bytes). The
	// goroutine may have taken what was queued when it found a backlog
	// (at most those), then blocked in out; ten records fill the limit
	// again; the rest are dropped.
	close(out.open)
	w.Close()
	lines := strings.Count(out.String(), "\n")
	mu.Lock()
	defer mu.Unlock()
	if lines+int(dropped) != 31 || lines < 9 || lines > 19 {
		t.Errorf("%d lines written and %d dropped, want 9 to 19 written and the rest of 31 dropped", lines, dropped)
	}
}

// TestConcurrentRecords: records and lines from many goroutines at once
// all come out, each goroutine's in its order.
func TestConcurrentRecords(t *testing.T) {
	t.Parallel()
	var out lockedBuffer
	w := asynclog.NewLingering(&out, 0, nil, 100*time.Microsecond)
	h := asynclog.NewHandler(w, false, nil)
	var wg sync.WaitGroup
	for g := range 4 {
		p := h.Prefix(slog.LevelInfo, "request", "g", fmt.Sprint(g))
		wg.Go(func() {
			for i := range 500 {
				if i%5 == 0 {
					fmt.Fprintf(w, "g=%d i=%d\n", g, i)
				} else {
					h.LogDuration(time.Now(), p, "i", time.Duration(i))
				}
			}
		})
	}
	wg.Wait()
	w.Close()
	next := map[string]int{}
	for _, line := range strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n") {
		var g string
		var i int
		if _, err := fmt.Sscanf(line, "g=%s i=%d", &g, &i); err != nil {
			f := strings.Fields(line)
			if len(f) != 5 {
				t.Fatalf("line %q", line)
			}
			g = strings.TrimPrefix(f[3], "g=")
			d, err := time.ParseDuration(strings.TrimPrefix(f[4], "i="))
			if err != nil {
				t.Fatalf("line %q: %v", line, err)
			}
			i = int(d)
		}
		if i != next[g] {
			t.Fatalf("goroutine %s: line %d after %d", g, i, next[g]-1)
		}
		next[g]++
	}
	for g := range 4 {
		if n := next[fmt.Sprint(g)]; n != 500 {
			t.Errorf("goroutine %d: %d lines, want 500", g, n)
		}
	}
}

func TestGrowStaysWithinTheLimit(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name             string
		len, cap, n, lim int
		wantCap          int
	}{
		{"empty: 4 KB", 0, 0, 100, 1 << 20, 4 << 10},
		{"doubles", 4 << 10, 4 << 10, 100, 1 << 20, 8 << 10},
		{"a line larger than double", 10, 10, 9000, 1 << 20, 9010},
		{"capped at the limit", 600 << 10, 600 << 10, 100, 1 << 20, 1 << 20},
		{"a small limit", 0, 0, 10, 100, 100},
		{"the line is what it needs past a small limit", 90, 90, 20, 100, 110},
	} {
		t.Run(tc.name, func(t *testing.T) {
			buf := make([]byte, tc.len, tc.cap)
			for i := range buf {
				buf[i] = byte(i)
			}
			got := asynclog.Grow(buf, tc.n, tc.lim)
			if cap(got) != tc.wantCap {
				t.Errorf("cap %d, want %d", cap(got), tc.wantCap)
			}
			if diff := cmp.Diff(buf, got); diff != "" {
				t.Errorf("contents changed (-before +after):\n%s", diff)
			}
		})
	}
}
