package push

import (
	"slices"
	"time"
	"unicode/utf8"
)

// State is where a push stands in its delivery.
type State string

// The states of a push. Pending covers the queue, an attempt in flight and
// the wait before a retry.
const (
	StatePending   State = "pending"
	StateDelivered State = "delivered"
	StateFailed    State = "failed"
	StateSkipped   State = "skipped"
)

// maxLogged bounds the XML kept per push, so that a log of LogSize pushes
// stays small whatever the events carry.
const maxLogged = 16 << 10

// Push is the log entry of one push: what was sent where, and each attempt.
// Body is the XML as sent and Plain the XML before encryption (the same in
// plain mode), both clipped to 16 KB. Error says why a failed push failed,
// or why a skipped one could not be built; it is empty otherwise.
type Push struct {
	ID       uint64    `json:"id"`
	AppID    string    `json:"appid"`
	Event    string    `json:"event"`
	URL      string    `json:"url"`
	Mode     Mode      `json:"mode"`
	Body     string    `json:"body"`
	Plain    string    `json:"plain"`
	State    State     `json:"state"`
	Error    string    `json:"error,omitempty"`
	Attempts []Attempt `json:"attempts"`
}

// Attempt is one POST of a push. Status is 0 when no answer came; Error is
// empty for a 2xx answer. At and DurationMS use wall time, not the virtual
// clock, because they measure the receiver, not the simulated world.
type Attempt struct {
	N          int       `json:"n"`
	Status     int       `json:"status"`
	Error      string    `json:"error,omitempty"`
	DurationMS int64     `json:"duration_ms"`
	At         time.Time `json:"at"`
}

// Filter selects pushes for List: those of AppID (any app when empty) with
// an ID above Since, so a poller passes the last ID it has seen.
type Filter struct {
	AppID string
	Since uint64
}

// pushLog is a ring of the newest pushes. The Deliverer's mutex guards it.
type pushLog struct {
	ring  []*Push
	head  int // index of the oldest entry
	count int
}

func newPushLog(size int) *pushLog {
	return &pushLog{ring: make([]*Push, size)}
}

// add stores p, dropping the oldest entry when full. A dropped push still in
// flight keeps being updated through the job's pointer, harmlessly.
func (l *pushLog) add(p *Push) {
	if l.count < len(l.ring) {
		l.ring[(l.head+l.count)%len(l.ring)] = p
		l.count++
		return
	}
	l.ring[l.head] = p
	l.head = (l.head + 1) % len(l.ring)
}

// list returns deep copies, oldest first, so callers never share memory
// with pushes that workers are still updating.
func (l *pushLog) list(f Filter) []Push {
	out := []Push{}
	for i := range l.count {
		p := l.ring[(l.head+i)%len(l.ring)]
		if p.ID <= f.Since || f.AppID != "" && p.AppID != f.AppID {
			continue
		}
		c := *p
		c.Attempts = slices.Clone(p.Attempts)
		out = append(out, c)
	}
	return out
}

// clip returns b as a string of at most maxLogged bytes, cut at a rune
// boundary so the log stays valid UTF-8 when encoded as JSON.
func clip(b []byte) string {
	if len(b) <= maxLogged {
		return string(b)
	}
	n := maxLogged
	for n > 0 && !utf8.RuneStart(b[n]) {
		n--
	}
	return string(b[:n])
}
