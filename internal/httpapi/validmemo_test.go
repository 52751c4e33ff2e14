package httpapi

import (
	"bytes"
	"fmt"
	"sync"
	"testing"
)

// TestValidMemo: a body added is had, with its document, by its bytes,
// not its array; one over the size limit is never remembered; a full memo
// starts over.
func TestValidMemo(t *testing.T) {
	t.Parallel()
	var m validMemo
	m.bodies.Max = memoEntries
	if m.has([]byte(`{}`)) || m.has(nil) {
		t.Fatal("an empty memo has a body")
	}
	body := []byte(`{"a":1}`)
	m.add(body, "doc a")
	body[5] = '2' // the memo keeps its own copy
	if m.has(body) || !m.has([]byte(`{"a":1}`)) {
		t.Errorf("after add of {\"a\":1}: has(%s) = %v, has({\"a\":1}) = %v", body, m.has(body), m.has([]byte(`{"a":1}`)))
	}
	if doc, _ := m.get([]byte(`{"a":1}`)); doc != "doc a" {
		t.Errorf("get({\"a\":1}) = %v, want the document added with it", doc)
	}
	big := bytes.Repeat([]byte("x"), memoBodyLimit+1)
	m.add(big, "big")
	if m.has(big) {
		t.Error("a body over the size limit was remembered")
	}
	m.add([]byte(`{"a":1}`), "doc a") // held already: not counted again
	for i := range memoEntries - 1 {
		m.add(fmt.Appendf(nil, `{"n":%d}`, i), i)
	}
	if !m.has([]byte(`{"a":1}`)) || !m.has([]byte(`{"n":0}`)) {
		t.Fatal("a memo of memoEntries bodies forgot one")
	}
	m.add([]byte(`{"last":true}`), "last")
	if m.has([]byte(`{"a":1}`)) || m.has([]byte(`{"n":0}`)) || !m.has([]byte(`{"last":true}`)) {
		t.Error("a full memo did not start over with the body added")
	}
}

// TestValidMemoConcurrent: adds and lookups at once, for -race; the
// memo still works after.
func TestValidMemoConcurrent(t *testing.T) {
	t.Parallel()
	var m validMemo
	m.bodies.Max = memoEntries
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for i := range 3 * memoEntries {
				b := fmt.Appendf(nil, `{"w":%d,"i":%d}`, w, i%(2*memoEntries))
				m.has(b)
				m.add(b, i)
			}
		})
	}
	wg.Wait()
	m.add([]byte(`{"after":1}`), 1)
	if !m.has([]byte(`{"after":1}`)) {
		t.Error("after concurrent use, a body added is not had")
	}
}

// has reports whether body is remembered.
func (m *validMemo) has(body []byte) bool {
	_, ok := m.get(body)
	return ok
}

// TestValidMemoHasAllocatesNothing: a lookup costs no allocation.
func TestValidMemoHasAllocatesNothing(t *testing.T) {
	var m validMemo
	m.bodies.Max = memoEntries
	m.add([]byte(`{}`), map[string]any{})
	body := []byte(`{}`)
	if n := testing.AllocsPerRun(100, func() {
		if !m.has(body) {
			t.Fatal("miss")
		}
	}); n != 0 {
		t.Errorf("has allocated %v times, want 0", n)
	}
}
