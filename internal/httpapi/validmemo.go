package httpapi

import "sync"

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
type validMemo struct {
	mu     sync.RWMutex
	bodies map[string]struct{}
}

// has reports whether body is remembered as valid.
func (m *validMemo) has(body []byte) bool {
	if len(body) > memoBodyLimit {
		return false
	}
	m.mu.RLock()
	_, ok := m.bodies[string(body)]
	m.mu.RUnlock()
	return ok
}

// add remembers body as valid.
func (m *validMemo) add(body []byte) {
	if len(body) > memoBodyLimit {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.bodies == nil || len(m.bodies) >= memoEntries {
		m.bodies = make(map[string]struct{}, memoEntries)
	}
	m.bodies[string(body)] = struct{}{}
}
