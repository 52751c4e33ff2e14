// Package lazydeadline wraps a listener's connections so that a deadline
// set later than the one in force costs no timer operation.
//
// net/http moves a connection's deadlines several times a request: the
// header deadline, the whole request's, none while the handler runs, the
// answer's write deadline, none again, the idle deadline. Each move is a
// runtime timer operation and two clock reads; for a small answer over
// loopback they are a few per cent of the server's CPU. The wrapper keeps
// the deadline asked for apart from the one armed on the socket:
//
//   - a deadline earlier than the armed one (or the first) is armed at
//     once, so a deadline never passes later than asked;
//   - a later one, or none, leaves the armed one in place, which may then
//     pass early: the Read or Write it interrupts is retried, once the
//     deadline asked for is armed instead;
//   - none, asked right after a deadline in the past (net/http's way of
//     interrupting its background read at the end of every request),
//     puts back the last future deadline armed before it: the next ones
//     net/http asks for, the idle and the header deadlines, then come
//     later than it and cost nothing, where otherwise both would be
//     armed, one after the other, on every request.
//
// A Read or Write that times out therefore does so at the deadline asked
// for, as on the bare connection, and an armed deadline is moved only
// when it passes early or must come sooner.
package lazydeadline

import (
	"errors"
	"net"
	"os"
	"sync"
	"time"
)

// Listen wraps l: every connection it accepts is wrapped (Wrap).
func Listen(l net.Listener) net.Listener { return listener{l} }

type listener struct{ net.Listener }

// Accept accepts a connection and wraps it.
func (l listener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return Wrap(c), nil
}

// Wrap returns c with lazy deadlines. Only the wrapper may set c's
// deadlines from then on. Reads may run alongside writes, as on any
// net.Conn; two reads (or two writes) at once may each see a deadline
// that passed early as passed.
func Wrap(c net.Conn) *Conn { return &Conn{Conn: c, born: time.Now()} }

// Conn is a connection whose deadlines are armed lazily (see the package
// comment).
type Conn struct {
	net.Conn
	// born is when the connection was wrapped: an armed deadline before
	// it (net/http's "a long time ago", which interrupts a read) has
	// surely passed, so a new deadline replaces it at once.
	born time.Time

	mu          sync.Mutex
	read, write side
}

// side is one direction's deadlines.
type side struct {
	asked time.Time // the deadline last asked for; zero: none
	armed time.Time // the deadline set on the connection; zero: none
	// kept is the last deadline armed that was not from before the
	// connection was wrapped (net/http's "a long time ago"): the one to
	// put back once such a deadline has done its interrupting. It may
	// have passed by then, which costs a failed Read or Write and a retry.
	kept time.Time
}

// SetDeadline sets both deadlines.
func (c *Conn) SetDeadline(t time.Time) error {
	return errors.Join(c.SetReadDeadline(t), c.SetWriteDeadline(t))
}

// SetReadDeadline asks for a read deadline of t; zero means none.
func (c *Conn) SetReadDeadline(t time.Time) error {
	return c.set(&c.read, t, c.Conn.SetReadDeadline)
}

// SetWriteDeadline asks for a write deadline of t; zero means none.
func (c *Conn) SetWriteDeadline(t time.Time) error {
	return c.set(&c.write, t, c.Conn.SetWriteDeadline)
}

func (c *Conn) set(s *side, t time.Time, arm func(time.Time) error) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	s.asked = t
	switch {
	case t.IsZero() && s.armed.Before(c.born) && !s.armed.IsZero() && !s.kept.IsZero():
		// A past deadline interrupted a Read or Write, and it is over:
		// any deadline may stand when none is asked, so the one the past
		// deadline replaced is put back, to be moved only when it passes
		// or one earlier is asked for. Should it have passed already, the
		// next Read or Write arms the one asked for then.
		s.armed = s.kept
		return arm(s.kept)
	case t.IsZero():
		return nil // the armed deadline may pass early; the retry clears it
	case s.armed.IsZero(), t.Before(s.armed), s.armed.Before(c.born):
		s.armed = t
		if !t.Before(c.born) {
			s.kept = t
		}
		return arm(t)
	}
	return nil // the armed deadline comes first, and may pass early
}

// retry reports whether err is a deadline that passed before the one
// asked for, and if so arms the one asked for: the Read or Write that
// failed with err may go on.
func (c *Conn) retry(s *side, err error, arm func(time.Time) error) bool {
	if !errors.Is(err, os.ErrDeadlineExceeded) {
		return false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if s.armed.Equal(s.asked) {
		// The deadline asked for is the armed one: it passed (or no
		// deadline is armed and the error is the connection's own).
		return false
	}
	s.armed = s.asked
	if s.asked.IsZero() || !s.asked.Before(c.born) {
		s.kept = s.asked
	}
	return arm(s.asked) == nil
}

// Read reads from the connection; a read deadline that passes before the
// one asked for does not end it.
func (c *Conn) Read(p []byte) (int, error) {
	for {
		n, err := c.Conn.Read(p)
		if err == nil || !c.retry(&c.read, err, c.Conn.SetReadDeadline) {
			return n, err
		}
		if n > 0 {
			return n, nil
		}
	}
}

// Write writes p whole unless a write fails; a write deadline that passes
// before the one asked for does not end it.
func (c *Conn) Write(p []byte) (int, error) {
	n, err := c.Conn.Write(p)
	for err != nil && c.retry(&c.write, err, c.Conn.SetWriteDeadline) {
		var m int
		m, err = c.Conn.Write(p[n:])
		n += m
	}
	return n, err
}

// CloseWrite shuts down the writing side of a TCP connection, as
// net/http does before it closes a connection whose request it stopped
// reading; it is an error on a connection without one.
func (c *Conn) CloseWrite() error {
	if cw, ok := c.Conn.(interface{ CloseWrite() error }); ok {
		return cw.CloseWrite()
	}
	return errors.ErrUnsupported
}
