package asynclog_test

import (
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/wxmock/wxmock/internal/asynclog"
)

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
