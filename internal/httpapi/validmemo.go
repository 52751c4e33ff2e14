package httpapi

import (
	"unsafe"

	"github.com/wxmock/wxmock/internal/gencache"
)

// The bounds of a validMemo: bodies are small, and few are remembered.
// A document decoded from 256 bytes of JSON takes at most about 6.6 KB
// (an array of 80 empty objects; 235 bytes for get_store_list's
// {"offset":0,"limit":10}), so that the memo holds at most about 440 KB
// an endpoint whatever clients send, and 15 MB for the 34 endpoints.
const (
	memoBodyLimit = 256
	memoEntries   = 64
)

// validMemo remembers small request bodies of one endpoint that were
// valid, with the document each decoded to: they decoded, broke no rule
// of the request schema and named no unknown field. The schema never
// changes while the server runs, so the same bytes decode to the same
// document and are valid again, and a client that sends the same small
// body over and over (a poll of getrole or of a page of stores, a load
// test) skips decoding and schema validation, most of what a small
// request costs. When the memo is full it is forgotten and filled anew.
//
// The document is shared by every call that sends its bytes: handlers
// read a call's body and never write to it (the fuzz targets check, after
// every input, that each document remembered is still what its bytes
// decode to).
//
// It is a gencache.Cache of one generation for ever: get takes no lock
// and writes no memory that another get reads, and every request of a
// memoized endpoint asks it. Its Max is memoEntries (New sets it).
type validMemo struct {
	bodies gencache.Cache[string, any]
}

// get returns the document of body when body is remembered as valid.
func (m *validMemo) get(body []byte) (any, bool) {
	if len(body) > memoBodyLimit {
		return nil, false
	}
	// The lookup's key is body's bytes, not a copy: nothing keeps it.
	return m.bodies.Get(0, unsafe.String(unsafe.SliceData(body), len(body)))
}

// add remembers body as valid, and doc as what it decodes to.
func (m *validMemo) add(body []byte, doc any) {
	if len(body) <= memoBodyLimit {
		m.bodies.Put(0, string(body), doc)
	}
}
