package asynclog_test

import (
	"bytes"
	"fmt"
	"strings"
	"sync"
	"testing"

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
