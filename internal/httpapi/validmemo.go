package httpapi

import (
	"sync"
	"sync/atomic"
	"unsafe"
)

// The bounds of a validMemo: bodies are small, and few are remembered, so
// that the memo holds at most 64 KiB an endpoint whatever clients send.
const (
	memoBodyLimit = 256
	memoEntries   = 256
)

// validMemo remembers small request bodies of one endpoint that were
// valid: they decoded, broke no rule of the request schema and named no
// unknown field. The schema never changes while the server runs, so the
// same bytes are valid again, and a client that sends the same small body
// over and over (a poll of getrole, a load test) skips schema validation,
// the costliest step of a small request. When the memo is full it is
// forgotten and filled anew.
//
// has takes no lock and writes no memory that another has reads (see
// sim's genCache): every request of a memoized endpoint asks it.
type validMemo struct {
	cur atomic.Pointer[memoSet]
	mu  sync.Mutex // serializes adds
}

// memoSet is the bodies remembered since the memo last started over.
type memoSet struct {
	bodies sync.Map // string to struct{}
	n      int      // entries; under validMemo.mu
}

// has reports whether body is remembered as valid.
func (m *validMemo) has(body []byte) bool {
	set := m.cur.Load()
	if len(body) > memoBodyLimit || set == nil {
		return false
	}
	// The lookup's key is body's bytes, not a copy: nothing keeps it.
	_, ok := set.bodies.Load(unsafe.String(unsafe.SliceData(body), len(body)))
	return ok
}

// add remembers body as valid.
func (m *validMemo) add(body []byte) {
	if len(body) > memoBodyLimit {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	set := m.cur.Load()
	if set == nil || set.n >= memoEntries {
		set = &memoSet{}
		m.cur.Store(set)
	}
	if _, loaded := set.bodies.LoadOrStore(string(body), struct{}{}); !loaded {
		set.n++
	}
}
