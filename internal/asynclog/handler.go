package asynclog

import (
	"context"
	"io"
	"log/slog"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// Handler is slog's TextHandler or JSONHandler over a writer, with more
// ways in: Begin (or BeginPrefix, with a start formatted once by Prefix),
// which formats a line by hand into a pooled buffer and hands it to the
// writer, bypassing slog's Record and handler; and LogDuration, which
// hands a Writer the line unformatted, for its goroutine to format. A line
// so written is byte for byte what slog's handler writes for the same
// record, at a fraction of the cost; it is meant for a line logged on
// every request. Every other line goes through slog.
type Handler struct {
	slog.Handler
	w     io.Writer
	json  bool
	level slog.Leveler
	bufs  sync.Pool
	// stamp is the text time of the last second a line was begun in,
	// which most lines of a busy server share.
	stamp atomic.Pointer[stamp]
}

// stamp is a second's text time, split around its milliseconds.
type stamp struct {
	sec  int64
	loc  *time.Location
	date []byte // "2006-01-02T15:04:05."
	zone []byte // "Z07:00"
}

// NewHandler returns a Handler writing to w, which must be safe for
// concurrent use and take each line in one Write (a Writer is and does),
// as JSON when json is set, else as text, at level and above (info when
// level is nil). It takes no other slog.HandlerOptions: ReplaceAttr or
// AddSource would change lines that Begin cannot.
func NewHandler(w io.Writer, json bool, level slog.Leveler) *Handler {
	if level == nil {
		level = slog.LevelInfo
	}
	ho := &slog.HandlerOptions{Level: level}
	h := &Handler{w: w, json: json, level: level}
	if json {
		h.Handler = slog.NewJSONHandler(w, ho)
	} else {
		h.Handler = slog.NewTextHandler(w, ho)
	}
	h.bufs.New = func() any { return &Line{h: h, buf: make([]byte, 0, 256)} }
	return h
}

// Line is one log line being formatted by hand. Add attributes in order,
// then End it; a Line is not used after End.
type Line struct {
	h   *Handler
	buf []byte
}

// Begin starts a line at time t, level and msg, or returns nil when
// level is not enabled; every method of a nil *Line does nothing, so a
// caller may chain without checking.
func (h *Handler) Begin(t time.Time, level slog.Level, msg string) *Line {
	if level < h.level.Level() {
		return nil
	}
	l := h.begin(t)
	l.level(level, msg)
	return l
}

// Prefix is what follows the time in many lines: the level, the message
// and the first attributes. Handler.Prefix or Handler.PrefixOf formats it
// once; Handler.BeginPrefix starts a line with it, the same bytes as Begin
// and the Line's methods would write.
type Prefix struct {
	h     *Handler
	level slog.Level
	text  []byte
}

// Prefix formats level, msg and the string attributes kv (key, value,
// key, value...; a last key without a value is dropped) once, for lines
// of this handler.
func (h *Handler) Prefix(level slog.Level, msg string, kv ...string) *Prefix {
	return h.PrefixOf(level, msg, func(l *Line) {
		for i := 0; i+1 < len(kv); i += 2 {
			l.String(kv[i], kv[i+1])
		}
	})
}

// PrefixOf formats level, msg and the attributes attrs adds to the line
// it is given (with String, Int and Duration) once, for lines of this
// handler. attrs must not keep the line.
func (h *Handler) PrefixOf(level slog.Level, msg string, attrs func(*Line)) *Prefix {
	l := &Line{h: h}
	l.level(level, msg)
	attrs(l)
	return &Prefix{h: h, level: level, text: l.buf}
}

// BeginPrefix starts a line at time t with p, made by this handler's
// Prefix, or returns nil when p's level is not enabled.
func (h *Handler) BeginPrefix(t time.Time, p *Prefix) *Line {
	if p.level < h.level.Level() {
		return nil
	}
	l := h.begin(t)
	l.buf = append(l.buf, p.text...)
	return l
}

// LogDuration writes the line BeginPrefix(t, p).Duration(key, d).End()
// writes, the same bytes, or nothing when p's level is not enabled. To a
// Writer, with p made by h and a key that stands bare (letters, digits
// and underscores), the line is queued as a record and formatted by the
// Writer's goroutine when it writes: the caller pays for a lock and a
// copy, not for the formatting. Otherwise it is formatted at once.
func (h *Handler) LogDuration(t time.Time, p *Prefix, key string, d time.Duration) error {
	if p.level < h.level.Level() {
		return nil
	}
	if w, ok := h.w.(*Writer); ok && p.h == h && bareKey(key) {
		return w.writeRecord(record{p: p, t: t, key: key, d: d})
	}
	return h.BeginPrefix(t, p).Duration(key, d).End()
}

// appendRecord appends r's line, formatted as LogDuration promises.
func (h *Handler) appendRecord(b []byte, r *record) []byte {
	l := Line{h: h, buf: append(h.appendStart(b, r.t), r.p.text...)}
	l.Duration(r.key, r.d)
	l.terminate()
	return l.buf
}

// begin takes a Line from the pool and writes the time.
func (h *Handler) begin(t time.Time) *Line {
	l := h.bufs.Get().(*Line)
	l.buf = h.appendStart(l.buf[:0], t)
	return l
}

// appendStart appends a line's start: its time t.
func (h *Handler) appendStart(b []byte, t time.Time) []byte {
	if h.json {
		b = append(b, `{"time":"`...)
		b = t.Round(0).AppendFormat(b, time.RFC3339Nano)
		return append(b, '"')
	}
	b = append(b, "time="...)
	return h.appendTime(b, t.Round(0))
}

// level writes the level and the message, after the time.
func (l *Line) level(level slog.Level, msg string) {
	if l.h.json {
		l.buf = append(l.buf, `,"level":`...)
	} else {
		l.buf = append(l.buf, " level="...)
	}
	l.appendString(level.String())
	l.key("msg")
	l.appendString(msg)
}

// key starts the attribute key, after the separator. A key is nearly
// always a short word that stands bare in both formats: that is checked
// here, in one loop, before the general rules are called.
func (l *Line) key(k string) {
	bare := bareKey(k)
	switch {
	case bare && l.h.json:
		l.buf = append(append(append(l.buf, ',', '"'), k...), '"', ':')
	case bare:
		l.buf = append(append(append(l.buf, ' '), k...), '=')
	case l.h.json:
		l.buf = append(l.buf, ',')
		l.appendString(k)
		l.buf = append(l.buf, ':')
	default:
		l.buf = append(l.buf, ' ')
		l.appendString(k)
		l.buf = append(l.buf, '=')
	}
}

// bareKey reports whether k stands bare in both formats, unquoted and
// unescaped: a word of letters, digits and underscores.
func bareKey(k string) bool {
	bare := len(k) > 0
	for i := 0; i < len(k) && bare; i++ {
		c := k[i]
		bare = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
	}
	return bare
}

// appendString writes s as slog's handler writes a string value.
func (l *Line) appendString(s string) {
	if l.h.json {
		l.buf = append(l.buf, '"')
		l.buf = appendJSONString(l.buf, s)
		l.buf = append(l.buf, '"')
	} else {
		l.buf = appendTextString(l.buf, s)
	}
}

// String adds the attribute key=v, as slog.String does.
func (l *Line) String(key, v string) *Line {
	if l != nil {
		l.key(key)
		l.appendString(v)
	}
	return l
}

// Int adds the attribute key=v, as slog.Int does.
func (l *Line) Int(key string, v int) *Line {
	if l != nil {
		l.key(key)
		l.buf = strconv.AppendInt(l.buf, int64(v), 10)
	}
	return l
}

// Duration adds the attribute key=d, as slog.Duration does: d.String()
// in text, nanoseconds in JSON.
func (l *Line) Duration(key string, d time.Duration) *Line {
	if l != nil {
		l.key(key)
		if l.h.json {
			l.buf = strconv.AppendInt(l.buf, int64(d), 10)
		} else {
			l.buf = append(l.buf, d.String()...)
		}
	}
	return l
}

// End finishes the line, writes it, and gives its buffer back to the
// pool. Its error is the writer's.
func (l *Line) End() error {
	if l == nil {
		return nil
	}
	l.terminate()
	_, err := l.h.w.Write(l.buf)
	if cap(l.buf) <= 4<<10 { // a line with a huge value does not stay in the pool
		l.h.bufs.Put(l)
	}
	return err
}

// terminate ends the line: its brace in JSON, and its newline.
func (l *Line) terminate() {
	if l.h.json {
		l.buf = append(l.buf, '}')
	}
	l.buf = append(l.buf, '\n')
}

// Enabled is the inner handler's, made explicit so that the method set
// says what a Handler answers.
func (h *Handler) Enabled(ctx context.Context, level slog.Level) bool {
	return h.Handler.Enabled(ctx, level)
}

// appendTime is appendRFC3339Millis, with the date, the time to the
// second and the zone kept from the last line of the same second.
func (h *Handler) appendTime(b []byte, t time.Time) []byte {
	sec, loc := t.Unix(), t.Location()
	st := h.stamp.Load()
	if st == nil || st.sec != sec || st.loc != loc {
		whole := appendRFC3339Millis(nil, t)
		const dateLen = len("2006-01-02T15:04:05.")
		if len(whole) < dateLen+3 || whole[dateLen-1] != '.' {
			return append(b, whole...) // a year past 9999: not cached
		}
		st = &stamp{sec: sec, loc: loc, date: whole[:dateLen], zone: whole[dateLen+3:]}
		h.stamp.Store(st)
	}
	b = append(b, st.date...)
	ms := t.Nanosecond() / int(time.Millisecond)
	b = append(b, byte('0'+ms/100), byte('0'+ms/10%10), byte('0'+ms%10))
	return append(b, st.zone...)
}

// appendRFC3339Millis is log/slog's text time: RFC 3339 with exactly
// three digits of milliseconds.
func appendRFC3339Millis(b []byte, t time.Time) []byte {
	// RFC3339Nano trims trailing zeros, so add 1/10 ms to keep four
	// digits after the point, then drop the fourth (as log/slog does).
	const prefixLen = len("2006-01-02T15:04:05.000")
	n := len(b)
	t = t.Truncate(time.Millisecond).Add(time.Millisecond / 10)
	b = t.AppendFormat(b, time.RFC3339Nano)
	return append(b[:n+prefixLen], b[n+prefixLen+1:]...)
}
