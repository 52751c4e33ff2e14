package httpapi

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/wxmock/wxmock/schemas"
)

// What one journal entry keeps, so that the journal's memory is bounded by
// its size times entryLimit whatever clients send: a body of megabytes, a
// query of a megabyte, a million violations (issue 8).
const (
	// entryLimit bounds the text of an entry, 60 KiB by the limits below
	// (TestJournalEntryBound holds them to it).
	entryLimit = 64 << 10
	// journalBodyLimit bounds the request, the response and the query.
	journalBodyLimit = 8 << 10
	// fieldLimit bounds the method, the path, the endpoint, the appid, the
	// errmsg, a note, and a violation's pointer and message.
	fieldLimit = 256
	// keywordLimit bounds a violation's keyword.
	keywordLimit = 64
	// valueLimit bounds the payload kept with a violation.
	valueLimit = 256
	// maxViolations is how many violations an entry keeps of a request's,
	// and of a response's; ViolationCount counts them all.
	maxViolations = 20
	// maxNotes is how many notes an entry keeps.
	maxNotes = 8
)

// bound cuts an entry down to its limits.
func bound(e *Entry) {
	e.Method, e.Path, e.ErrMsg = clipText(e.Method, fieldLimit), clipText(e.Path, fieldLimit), clipText(e.ErrMsg, fieldLimit)
	e.Endpoint, e.AppID = clipText(e.Endpoint, fieldLimit), clipText(e.AppID, fieldLimit)
	e.Query, e.Request, e.Response = clipString(e.Query), clipString(e.Request), clipString(e.Response)
	if n := len(e.Violations); n > 0 {
		e.ViolationCount = max(e.ViolationCount, n)
		e.Violations = clipViolations(e.Violations[:min(n, maxViolations)])
	}
	if n := len(e.ResponseViolations); n > maxViolations {
		e.Notes = append(e.Notes, fmt.Sprintf("%d response violations, the first %d kept", n, maxViolations))
		e.ResponseViolations = e.ResponseViolations[:maxViolations]
	}
	e.ResponseViolations = clipViolations(e.ResponseViolations)
	if n := len(e.Notes); n > maxNotes {
		// The last note says most about how the request ended.
		e.Notes = append(e.Notes[:maxNotes-1:maxNotes-1], fmt.Sprintf("%d notes, %d left out", n, n-maxNotes+1))
	}
	for i, n := range e.Notes {
		e.Notes[i] = clipText(n, fieldLimit)
	}
}

// clipText cuts s to limit bytes, at a character's boundary.
func clipText(s string, limit int) string {
	if len(s) <= limit {
		return s
	}
	return strings.ToValidUTF8(s[:limit-len("…")], "") + "…"
}

// clipString is clip for a string.
func clipString(s string) string {
	if len(s) <= journalBodyLimit {
		return s
	}
	return clip([]byte(s))
}

// clip copies at most journalBodyLimit bytes of b into a new string, so an
// entry never keeps a large body alive.
func clip(b []byte) string {
	if len(b) <= journalBodyLimit {
		return string(b)
	}
	return string(b[:journalBodyLimit-len("…(truncated)")]) + "…(truncated)"
}

// clipViolations keeps each violation small: its pointer and message, and
// its payload, where a client may have sent megabytes.
func clipViolations(vs []schemas.Violation) []schemas.Violation {
	for i := range vs {
		vs[i].Pointer, vs[i].Message = clipText(vs[i].Pointer, fieldLimit), clipText(vs[i].Message, fieldLimit)
		vs[i].Keyword = clipText(vs[i].Keyword, keywordLimit)
		switch v := vs[i].Value.(type) {
		case string:
			if len(v) > valueLimit {
				suffix := fmt.Sprintf("… (%d bytes)", len(v))
				vs[i].Value = strings.ToValidUTF8(v[:valueLimit-len(suffix)], "") + suffix
			}
		case json.Number:
			if len(v) > valueLimit {
				vs[i].Value = clipText(string(v), valueLimit)
			}
		case []any:
			if len(v) > 0 {
				vs[i].Value = fmt.Sprintf("(an array of %d items)", len(v))
			}
		case map[string]any:
			if len(v) > 0 {
				vs[i].Value = fmt.Sprintf("(an object of %d fields)", len(v))
			}
		}
	}
	return vs
}

// entryText is the text an entry holds, in bytes: what entryLimit bounds.
func entryText(e *Entry) int {
	n := len(e.Method) + len(e.Path) + len(e.Query) + len(e.Endpoint) + len(e.AppID) + len(e.ErrMsg) + len(e.Request) + len(e.Response)
	for _, vs := range [][]schemas.Violation{e.Violations, e.ResponseViolations} {
		for _, v := range vs {
			n += len(v.Pointer) + len(v.Keyword) + len(v.Message) + len(fmt.Sprint(v.Value))
		}
	}
	for _, note := range e.Notes {
		n += len(note)
	}
	return n
}
