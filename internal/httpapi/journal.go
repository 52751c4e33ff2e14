package httpapi

import (
	"strings"
	"sync"

	"github.com/wxmock/wxmock/schemas"
)

// Entry is one request in the journal.
type Entry struct {
	Seq        uint64 `json:"seq"`
	Time       int64  `json:"time"` // virtual clock, unix seconds
	Method     string `json:"method"`
	Path       string `json:"path"`
	Query      string `json:"query,omitempty"`
	Endpoint   string `json:"endpoint,omitempty"` // the schema name, empty for unknown paths
	AppID      string `json:"appid,omitempty"`
	Status     int    `json:"status"`
	ErrCode    int    `json:"errcode"`
	ErrMsg     string `json:"errmsg,omitempty"`
	DurationUS int64  `json:"duration_us"`
	Request    string `json:"request,omitempty"`
	Response   string `json:"response,omitempty"`
	// Violations are the request's schema violations: what the client sent
	// wrong, with the JSON pointer, the keyword and the payload; the first
	// maxViolations of them, in the order they are answered.
	Violations []schemas.Violation `json:"violations,omitempty"`
	// ViolationCount is how many violations the request had, kept or not.
	ViolationCount int `json:"violation_count,omitempty"`
	// ResponseViolations are wxmock's own answers that broke the response
	// schema (recorded only with -check-responses); they are wxmock bugs.
	ResponseViolations []schemas.Violation `json:"response_violations,omitempty"`
	Notes              []string            `json:"notes,omitempty"`
}

// slot is an entry as the journal holds it.
type slot struct {
	Entry
	// fixed marks an answer whose keys are its type's own, none a
	// secret's (keysFixed): redaction skips its text.
	fixed bool
}

// Journal is a bounded ring of the most recent requests.
type Journal struct {
	mu sync.Mutex
	// ring grows as entries come, up to limit: a server that answers few
	// requests, as most of a test suite's do, never holds a thousand
	// empty entries. Until it is full, len(ring) == next.
	ring  []slot
	next  int // where the next entry goes
	full  bool
	seq   uint64
	limit int
	// redact replaces secrets as entries are read (Config.JournalRedact),
	// not as they are added: a request pays nothing for it.
	redact bool
}

// NewJournal returns a journal that keeps the last size entries.
func NewJournal(size int) *Journal {
	if size < 1 {
		size = 1
	}
	return &Journal{limit: size}
}

// Add appends e, bounded to entryLimit bytes of text, numbering it, and
// returns its sequence number.
func (j *Journal) Add(e Entry) uint64 { return j.add(e, false) }

// add is Add for an entry whose answer, when fixed, has no secret to
// redact.
func (j *Journal) add(e Entry, fixed bool) uint64 {
	bound(&e)
	j.mu.Lock()
	defer j.mu.Unlock()
	j.seq++
	e.Seq = j.seq
	if len(j.ring) < j.limit {
		j.ring = append(j.ring, slot{e, fixed})
	} else {
		j.ring[j.next] = slot{e, fixed}
	}
	j.next = (j.next + 1) % j.limit
	if j.next == 0 {
		j.full = true
	}
	return e.Seq
}

// Clear forgets every entry; numbering goes on.
func (j *Journal) Clear() {
	j.mu.Lock()
	defer j.mu.Unlock()
	clear(j.ring)
	j.ring = j.ring[:0]
	j.next, j.full = 0, false
}

// Filter selects journal entries; zero values select everything.
type Filter struct {
	AppID string
	Path  string // exact path, or a prefix when it ends in *
	Since uint64 // entries after this sequence number
	Limit int    // the newest Limit entries of the selection
}

func (f Filter) match(e *Entry) bool {
	if f.AppID != "" && e.AppID != f.AppID {
		return false
	}
	if p, ok := strings.CutSuffix(f.Path, "*"); ok {
		if !strings.HasPrefix(e.Path, p) {
			return false
		}
	} else if f.Path != "" && e.Path != f.Path {
		return false
	}
	return e.Seq > f.Since
}

// List returns the entries that match f, oldest first.
func (j *Journal) List(f Filter) []Entry {
	j.mu.Lock()
	defer j.mu.Unlock()
	n := j.next
	start := 0
	if j.full {
		n, start = j.limit, j.next
	}
	var picked []*slot
	for i := 0; i < n; i++ {
		if e := &j.ring[(start+i)%j.limit]; f.match(&e.Entry) {
			picked = append(picked, e)
		}
	}
	if f.Limit > 0 && len(picked) > f.Limit {
		picked = picked[len(picked)-f.Limit:]
	}
	out := make([]Entry, len(picked))
	for i, e := range picked {
		out[i] = e.Entry
		if j.redact {
			redact(&out[i], e.fixed)
		}
	}
	return out
}
