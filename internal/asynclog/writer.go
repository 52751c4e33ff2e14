package asynclog

import (
	"io"
	"sync"
	"time"
)

// DefaultLimit is the default bound of the text waiting to be written:
// about 8,000 request lines of 130 bytes. A Writer holds at most twice its
// limit: the lines waiting, and the buffer of the write under way.
const DefaultLimit = 1 << 20

// Linger is how long the writing goroutine waits, once a line is
// pending, for more to gather before it writes them: a line appears at
// most this late, and a busy server makes one write(2) and one wake-up
// for many lines rather than one for each.
const Linger = 2 * time.Millisecond

// Writer gathers lines and writes them to another writer from its own
// goroutine. It is safe for concurrent use. Close it to write what is
// left.
type Writer struct {
	out    io.Writer
	limit  int
	linger time.Duration
	onDrop func(n uint64)

	mu      sync.Mutex
	pending []byte // what waits to be written
	spare   []byte // the buffer the last write took, for reuse
	dropped uint64 // lines dropped since onDrop was last told
	closing bool   // Close has begun: no more wakes
	closed  bool   // the goroutine is done: lines are written at once
	wake    chan struct{}
	quit    chan struct{} // closed by Close: stop lingering
	done    chan struct{}
}

// New returns a Writer to out that holds at most limit bytes waiting
// (DefaultLimit when limit <= 0). onDrop, when not nil, is called from the
// writing goroutine, after a write, with the number of lines dropped
// since its last call; it may log through the Writer itself.
func New(out io.Writer, limit int, onDrop func(n uint64)) *Writer {
	return newLingering(out, limit, onDrop, Linger)
}

// newLingering is New with another linger than Linger, for tests.
func newLingering(out io.Writer, limit int, onDrop func(n uint64), linger time.Duration) *Writer {
	if limit <= 0 {
		limit = DefaultLimit
	}
	w := &Writer{out: out, limit: limit, linger: linger, onDrop: onDrop,
		wake: make(chan struct{}, 1), quit: make(chan struct{}), done: make(chan struct{})}
	go w.run()
	return w
}

// Write queues a copy of p, one whole line as log/slog writes it, and
// never blocks on out. A line that does not fit in the limit is dropped
// and counted. After Close, lines are written at once.
func (w *Writer) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return w.out.Write(p)
	}
	if len(w.pending)+len(p) > w.limit {
		w.dropped++
		return len(p), nil
	}
	// Only the first line into an empty queue wakes the goroutine: the
	// lines after it are taken by the same flush.
	wake := len(w.pending) == 0
	if len(p) > cap(w.pending)-len(w.pending) {
		w.pending = grow(w.pending, len(p), w.limit)
	}
	w.pending = append(w.pending, p...)
	if wake && !w.closing {
		select {
		case w.wake <- struct{}{}:
		default: // a flush is already due
		}
	}
	return len(p), nil
}

// run writes what gathers until Close, each time Linger after the first
// line.
func (w *Writer) run() {
	defer close(w.done)
	t := time.NewTimer(w.linger)
	defer t.Stop()
	for range w.wake {
		if !w.backlogged() {
			t.Reset(w.linger)
			select {
			case <-t.C:
			case <-w.quit:
			}
		}
		w.flush()
	}
}

// backlogged reports whether a quarter of the limit waits already, as
// it does when lines came faster than the last write took: they are
// written at once, not after another linger.
func (w *Writer) backlogged() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return len(w.pending) >= max(w.limit/4, 1)
}

// grow returns buf with room for n more bytes: twice its capacity, at
// least 4 KB, and never more than limit, so that the two buffers the
// Writer alternates between are always kept for reuse and hold at most
// 2×limit between them.
func grow(buf []byte, n, limit int) []byte {
	c := max(2*cap(buf), len(buf)+n, 4<<10)
	c = max(min(c, limit), len(buf)+n)
	out := make([]byte, len(buf), c)
	copy(out, buf)
	return out
}

// flush writes everything pending in one write, then reports drops.
func (w *Writer) flush() {
	w.mu.Lock()
	buf := w.pending
	w.pending, w.spare = w.spare[:0], nil
	dropped := w.dropped
	w.dropped = 0
	w.mu.Unlock()
	if len(buf) > 0 {
		_, _ = w.out.Write(buf)
	}
	w.mu.Lock()
	if w.spare == nil && cap(buf) <= w.limit {
		w.spare = buf[:0]
	}
	w.mu.Unlock()
	if dropped > 0 && w.onDrop != nil {
		w.onDrop(dropped)
	}
}

// Close writes what is pending, and reports any drop not yet reported,
// and stops the goroutine; later lines are written synchronously. It
// returns nil.
func (w *Writer) Close() error {
	w.mu.Lock()
	if w.closing {
		w.mu.Unlock()
		return nil
	}
	w.closing = true
	close(w.quit)
	close(w.wake)
	w.mu.Unlock()
	<-w.done
	w.mu.Lock()
	w.closed = true
	if len(w.pending) > 0 {
		_, _ = w.out.Write(w.pending)
	}
	dropped := w.dropped
	w.pending, w.spare, w.dropped = nil, nil, 0
	w.mu.Unlock()
	if dropped > 0 && w.onDrop != nil {
		w.onDrop(dropped)
	}
	return nil
}
