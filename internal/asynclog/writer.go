package asynclog

import (
	"io"
	"sync"
	"time"
)

// DefaultLimit is the default bound of the text waiting to be written:
// about 8,000 lines of 130 bytes written whole, or 6,000 request lines
// queued as records (a record counts more than its line's length: see
// recordRoom). A Writer keeps at most five times its limit (for limits of
// 6 KiB and up): the lines waiting and the buffer of the write under way
// (the limit each), the records waiting and those of the write under way
// (two thirds of it each), and the text the records are formatted into
// (kept for reuse up to 1.5 times the limit).
const DefaultLimit = 1 << 20

// Linger is how long the writing goroutine waits, once a line is
// pending, for more to gather before it writes them: a line waits at
// most this long after the write under way, if any (less when a quarter
// of the limit waits), and a busy server makes one write(2) and one
// wake-up for many lines rather than one for each. While lines keep
// coming the goroutine writes once a Linger, woken by its timer (or a
// backlog), not by the lines. 10 ms is well below what a reader of
// the log can tell; at 2 ms, five times as many write(2)s took half as
// much again of a busy server's CPU (bench/README.md, ninth pass).
const Linger = 10 * time.Millisecond

// recordRoom is what a record counts against the limit besides its
// prefix's text and its attribute's key (a bare key: LogDuration queues
// no other), so that it counts at least its line's length: the time (at
// most 35 bytes, in JSON with nanoseconds and a zone's offset, for years
// up to 9999), the duration (at most 25 bytes in text, 20 in JSON), and
// the separators, quotes and line's end; 62 bytes at most in text, 71 in
// JSON. A record is queued as 64 bytes, so the records waiting take less
// memory than the room they count.
const recordRoom = 72

// Writer gathers lines and writes them to another writer from its own
// goroutine. It is safe for concurrent use. Close it to write what is
// left.
//
// Besides whole lines (Write), a Writer queues records: a line's start
// formatted once (a Prefix), its time and a duration, which its goroutine
// formats, in order with the lines around them, when it writes them
// (Handler.LogDuration queues them). A request so logged pays for a lock
// and a copy of 64 bytes; the formatting is done in batches, off the
// request's path.
type Writer struct {
	out    io.Writer
	limit  int
	linger time.Duration
	onDrop func(n uint64)

	mu        sync.Mutex
	pending   []byte        // the bytes of the lines waiting to be written
	records   []record      // the records waiting, each placed among pending's lines
	size      int           // pending's bytes and the records' room, against limit
	spare     []byte        // the buffer the last write took, for reuse
	spareRecs []record      // the records the last write took, for reuse
	dropped   uint64        // lines dropped since onDrop was last told
	idle      bool          // the goroutine waits for wake: it has not begun, or its last flush found nothing
	closing   bool          // Close has begun: no more wakes
	closed    bool          // the goroutine is done: lines are written at once
	wake      chan struct{} // the first line since the goroutine went idle
	full      chan struct{} // a quarter of the limit waits: cut the linger short
	quit      chan struct{} // closed by Close: stop lingering
	done      chan struct{}
	text      []byte // what records are formatted into, by the goroutine (or Close) alone
}

// record is a line queued unformatted: p's text after the time t, then
// the attribute key=d. at is where it goes among the queued lines: after
// the first at bytes of pending.
type record struct {
	p   *Prefix
	t   time.Time
	key string
	d   time.Duration
	at  int
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
	w := &Writer{out: out, limit: limit, linger: linger, onDrop: onDrop, idle: true,
		wake: make(chan struct{}, 1), full: make(chan struct{}, 1),
		quit: make(chan struct{}), done: make(chan struct{})}
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
	if !w.admit(len(p)) {
		return len(p), nil
	}
	if len(p) > cap(w.pending)-len(w.pending) {
		w.pending = grow(w.pending, len(p), w.limit)
	}
	w.pending = append(w.pending, p...)
	return len(p), nil
}

// writeRecord queues r, a line the goroutine formats, or drops and counts
// it when it does not fit in the limit. After Close, the line is
// formatted and written at once, and out's error returned.
func (w *Writer) writeRecord(r record) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		_, err := w.out.Write(r.p.h.appendRecord(nil, &r))
		return err
	}
	if !w.admit(len(r.p.text) + len(r.key) + recordRoom) {
		return nil
	}
	r.at = len(w.pending)
	if len(w.records) == cap(w.records) {
		w.records = growRecords(w.records, w.limit/recordRoom)
	}
	w.records = append(w.records, r)
	return nil
}

// admit counts a line of n bytes against the limit, with w.mu held, or
// drops and counts it when it does not fit. Unless Close has begun, the
// first line since the goroutine went idle wakes it (the lines after it
// are taken by the same flush; a line dropped wakes it too, to report
// the drop), and the line that brings the queue to a quarter of the
// limit cuts its linger short.
func (w *Writer) admit(n int) bool {
	if w.size+n > w.limit {
		w.dropped++
		w.wakeIdle() // a line longer than the limit: report the drop
		return false
	}
	if q := w.backlog(); !w.wakeIdle() && !w.closing && w.size < q && w.size+n >= q {
		select {
		case w.full <- struct{}{}:
		default: // already told
		}
	}
	w.size += n
	return true
}

// wakeIdle wakes the goroutine, with w.mu held, when it is idle and Close
// has not begun, and reports whether it did.
func (w *Writer) wakeIdle() bool {
	if !w.idle || w.closing {
		return false
	}
	w.idle = false
	w.wake <- struct{}{} // never blocks: one wake per idle, and the goroutine took the last
	return true
}

// backlog is the size at which the queue is written without lingering:
// a quarter of the limit.
func (w *Writer) backlog() int { return max(w.limit/4, 1) }

// run writes what gathers until Close: woken by the first line, it
// writes a linger later, and again each linger after while lines keep
// coming, woken by its timer (or a backlog, at once); a linger that
// brought no line makes it idle until the next. What is left at Close,
// Close writes.
func (w *Writer) run() {
	defer close(w.done)
	t := time.NewTimer(w.linger)
	defer t.Stop()
	for range w.wake {
		for {
			if !w.backlogged() {
				t.Reset(w.linger)
				select {
				case <-t.C:
				case <-w.full:
				case <-w.quit:
					return
				}
			}
			if !w.flush() {
				break
			}
		}
	}
}

// backlogged reports whether a quarter of the limit waits already, as
// it does when lines came faster than the last write took: they are
// written at once, not after another linger.
func (w *Writer) backlogged() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.size >= w.backlog()
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

// growRecords returns recs with room for one more: twice its capacity,
// at least 64, and never more than most (the most records the limit
// holds), so that the two record buffers are always kept for reuse.
func growRecords(recs []record, most int) []record {
	out := make([]record, len(recs), max(min(2*cap(recs), most), min(64, most), len(recs)+1))
	copy(out, recs)
	return out
}

// flush writes everything pending in one write, then reports drops. It
// reports whether there was anything: when not, the goroutine is idle
// from then on, until a line wakes it.
func (w *Writer) flush() bool {
	w.mu.Lock()
	if w.size == 0 && w.dropped == 0 {
		w.idle = true
		w.mu.Unlock()
		return false
	}
	select {
	case <-w.full: // this flush takes the backlog it told of
	default:
	}
	buf, recs := w.pending, w.records
	w.pending, w.spare = w.spare[:0], nil
	w.records, w.spareRecs = w.spareRecs[:0], nil
	w.size = 0
	dropped := w.dropped
	w.dropped = 0
	w.mu.Unlock()
	w.writeOut(buf, recs)
	clear(recs) // let go of the prefixes and the times' locations
	w.mu.Lock()
	if w.spare == nil && cap(buf) <= w.limit {
		w.spare = buf[:0]
	}
	if w.spareRecs == nil && cap(recs) <= max(w.limit/recordRoom, 1) {
		w.spareRecs = recs[:0]
	}
	w.mu.Unlock()
	if dropped > 0 && w.onDrop != nil {
		w.onDrop(dropped)
	}
	return true
}

// writeOut writes the lines of buf with recs formatted among them, in
// one write. Only the goroutine calls it, or Close once it is done.
func (w *Writer) writeOut(buf []byte, recs []record) {
	if len(recs) == 0 {
		if len(buf) > 0 {
			_, _ = w.out.Write(buf)
		}
		return
	}
	text, from := w.text[:0], 0
	for i := range recs {
		r := &recs[i]
		text = append(text, buf[from:r.at]...)
		from = r.at
		text = r.p.h.appendRecord(text, r)
	}
	text = append(text, buf[from:]...)
	_, _ = w.out.Write(text)
	if cap(text) <= w.limit+w.limit/2 {
		w.text = text[:0]
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
	w.writeOut(w.pending, w.records)
	dropped := w.dropped
	w.pending, w.spare, w.dropped, w.size = nil, nil, 0, 0
	w.records, w.spareRecs, w.text = nil, nil, nil
	w.mu.Unlock()
	if dropped > 0 && w.onDrop != nil {
		w.onDrop(dropped)
	}
	return nil
}
