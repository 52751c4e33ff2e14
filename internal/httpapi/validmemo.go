package httpapi

import (
	"unsafe"

	"github.com/wxmock/wxmock/internal/gencache"
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
// It is a gencache.Cache of one generation for ever: has takes no lock
// and writes no memory that another has reads, and every request of a
// memoized endpoint asks it. Its Max is memoEntries (New sets it).
type validMemo struct {
	bodies gencache.Cache[string, struct{}]
}

// has reports whether body is remembered as valid.
func (m *validMemo) has(body []byte) bool {
	if len(body) > memoBodyLimit {
		return false
	}
	// The lookup's key is body's bytes, not a copy: nothing keeps it.
	_, ok := m.bodies.Get(0, unsafe.String(unsafe.SliceData(body), len(body)))
	return ok
}

// add remembers body as valid.
func (m *validMemo) add(body []byte) {
	if len(body) <= memoBodyLimit {
		m.bodies.Put(0, string(body), struct{}{})
	}
}
