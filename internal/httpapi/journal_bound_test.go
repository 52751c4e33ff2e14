package httpapi

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/wxmock/wxmock/schemas"
)

// TestJournalEntryBound: an entry of megabytes everywhere is kept within
// entryLimit bytes of text, and its JSON in GET journal not much more.
func TestJournalEntryBound(t *testing.T) {
	t.Parallel()
	mb := strings.Repeat("x", 1<<20)
	huge := Entry{Method: mb, Path: mb, Query: mb, Endpoint: mb, AppID: mb, ErrMsg: mb, Request: mb, Response: mb}
	for range 1000 {
		v := schemas.Violation{Pointer: mb, Keyword: mb, Message: mb, Value: mb}
		huge.Violations = append(huge.Violations, v)
		huge.ResponseViolations = append(huge.ResponseViolations, v)
	}
	for range 100 {
		huge.Notes = append(huge.Notes, mb)
	}
	j := NewJournal(1)
	j.Add(huge)
	got := j.List(Filter{})[0]
	if n := entryText(&got); n > entryLimit {
		t.Errorf("entry keeps %d bytes of text, more than %d", n, entryLimit)
	}
	data, err := json.Marshal(got)
	if err != nil {
		t.Fatal(err)
	}
	if len(data) > entryLimit+8<<10 {
		t.Errorf("entry encodes to %d bytes", len(data))
	}
	counts := map[string]int{"violations": len(got.Violations), "violation_count": got.ViolationCount,
		"response_violations": len(got.ResponseViolations), "notes": len(got.Notes)}
	want := map[string]int{"violations": maxViolations, "violation_count": 1000, "response_violations": maxViolations, "notes": maxNotes}
	if d := cmp.Diff(want, counts); d != "" {
		t.Errorf("counts mismatch (-want +got):\n%s", d)
	}
	if last := got.Notes[len(got.Notes)-1]; last != "101 notes, 94 left out" {
		t.Errorf("last note %q", last)
	}
}

func TestClipKeepsCharacters(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in string
		limit    int
		want     string
	}{
		{"short", "推广员", 256, "推广员"},
		{"cut inside a character", strings.Repeat("员", 100), 256, strings.Repeat("员", 84) + "…"},
		{"exactly at the limit", strings.Repeat("a", 256), 256, strings.Repeat("a", 256)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if d := cmp.Diff(tt.want, clipText(tt.in, tt.limit)); d != "" {
				t.Errorf("clipText mismatch (-want +got):\n%s", d)
			}
		})
	}
}
