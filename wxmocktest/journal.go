package wxmocktest

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Entry is one request in wxmock's journal, as GET /__wxmock/journal
// answers it.
type Entry struct {
	// Seq numbers the requests from 1; a reset does not restart it.
	Seq uint64
	// Time is the virtual clock's time of the request, to the second.
	Time   time.Time
	Method string
	Path   string
	// Query is the raw query, its access_token shown as "***".
	Query string
	// Endpoint is the endpoint's schema name, empty for an unknown path.
	Endpoint string
	// AppID is the app of the call's access_token, empty without one.
	AppID string
	// Status is the HTTP status; 0 when a fault dropped the connection.
	Status  int
	ErrCode int
	ErrMsg  string
	// Duration is how long wxmock took to answer, in real time.
	Duration time.Duration
	// Request and Response are the bodies, clipped when long.
	Request  string
	Response string
	// Violations are what the request broke of its endpoint's schema, the
	// first ones if there were many; ViolationCount counts them all.
	Violations     []Violation
	ViolationCount int
	// ResponseViolations are wxmock's own answers that broke the response
	// schema: wxmock bugs, which Start reports at the test's end.
	ResponseViolations []Violation
	// Notes say what else wxmock noticed, such as "unknown field retailid;
	// did you mean retail_id?" or the fault that answered the call.
	Notes []string
}

// Violation is one failed rule of a schema.
type Violation struct {
	// Pointer is the JSON pointer of the offending value in the body.
	Pointer string `json:"pointer"`
	// Keyword is the schema keyword that failed, such as "maxBytes".
	Keyword string `json:"keyword"`
	Message string `json:"message"`
	// Value is the offending value, as encoding/json decodes it into any.
	Value any `json:"value"`
	// ErrCode is the errcode WeChat answers for it.
	ErrCode int `json:"errcode"`
	// Itemized is set when the value lies in an item of a list that the
	// endpoint answers item by item (addpromoter's fail_list).
	Itemized bool `json:"itemized"`
}

// String is the violation as a test failure shows it.
func (v Violation) String() string {
	ptr := v.Pointer
	if ptr == "" {
		ptr = "(the body)"
	}
	return fmt.Sprintf("%s: %s (%s, errcode %d)", ptr, v.Message, v.Keyword, v.ErrCode)
}

// JournalFilter selects journal entries; its zero value selects them all.
type JournalFilter struct {
	// AppID keeps the calls of that app's access_token.
	AppID string
	// Path is an exact path, or a prefix when it ends in "*".
	Path string
	// Since keeps the entries after that sequence number.
	Since uint64
	// Limit keeps the newest Limit entries of the selection (0: all).
	Limit int
}

// entryWire is an Entry as the admin API encodes it.
type entryWire struct {
	Seq                uint64      `json:"seq"`
	Time               int64       `json:"time"`
	Method             string      `json:"method"`
	Path               string      `json:"path"`
	Query              string      `json:"query"`
	Endpoint           string      `json:"endpoint"`
	AppID              string      `json:"appid"`
	Status             int         `json:"status"`
	ErrCode            int         `json:"errcode"`
	ErrMsg             string      `json:"errmsg"`
	DurationUS         int64       `json:"duration_us"`
	Request            string      `json:"request"`
	Response           string      `json:"response"`
	Violations         []Violation `json:"violations"`
	ViolationCount     int         `json:"violation_count"`
	ResponseViolations []Violation `json:"response_violations"`
	Notes              []string    `json:"notes"`
}

// Journal returns the requests that f selects, oldest first, from the
// journal's last 1,000 (GET /__wxmock/journal). It fails tb if the call
// fails.
func (s *Server) Journal(tb testing.TB, f JournalFilter) []Entry {
	tb.Helper()
	q := url.Values{}
	if f.AppID != "" {
		q.Set("appid", f.AppID)
	}
	if f.Path != "" {
		q.Set("path", f.Path)
	}
	if f.Since > 0 {
		q.Set("since", strconv.FormatUint(f.Since, 10))
	}
	if f.Limit > 0 {
		q.Set("limit", strconv.Itoa(f.Limit))
	}
	var out struct {
		Entries []entryWire `json:"entries"`
	}
	if err := s.Admin(http.MethodGet, "/journal?"+q.Encode(), nil, &out); err != nil {
		fatal(tb, "reading the journal", err)
	}
	entries := make([]Entry, 0, len(out.Entries))
	for _, w := range out.Entries {
		entries = append(entries, Entry{Seq: w.Seq, Time: time.Unix(w.Time, 0).UTC(), Method: w.Method, Path: w.Path,
			Query: w.Query, Endpoint: w.Endpoint, AppID: w.AppID, Status: w.Status, ErrCode: w.ErrCode, ErrMsg: w.ErrMsg,
			Duration: time.Duration(w.DurationUS) * time.Microsecond, Request: w.Request, Response: w.Response,
			Violations: w.Violations, ViolationCount: w.ViolationCount, ResponseViolations: w.ResponseViolations, Notes: w.Notes})
	}
	return entries
}

// unknownFieldNote starts the journal's note about a field that the
// endpoint does not know.
const unknownFieldNote = "unknown field"

// RequireNoViolations fails tb, at once and with every offence listed, if
// a request in the journal broke its endpoint's schema or sent a field its
// endpoint does not know (which WeChat ignores, and so does wxmock, but
// which is most likely a misspelt field that the client means to send). It
// looks at the whole journal, the last 1,000 requests since the server
// started or was reset. To check at the end of every test instead, call it
// from t.Cleanup after Start, whose own cleanup runs later.
func (s *Server) RequireNoViolations(tb testing.TB) {
	tb.Helper()
	var bad []string
	for _, e := range s.Journal(tb, JournalFilter{}) {
		for _, v := range e.Violations {
			bad = append(bad, fmt.Sprintf("#%d %s %s: %s", e.Seq, e.Method, e.Path, v))
		}
		if n := e.ViolationCount - len(e.Violations); n > 0 {
			bad = append(bad, fmt.Sprintf("#%d %s %s: %d more violations", e.Seq, e.Method, e.Path, n))
		}
		for _, n := range e.Notes {
			if strings.HasPrefix(n, unknownFieldNote) {
				bad = append(bad, fmt.Sprintf("#%d %s %s: %s", e.Seq, e.Method, e.Path, n))
			}
		}
	}
	if len(bad) > 0 {
		tb.Fatalf("wxmocktest: requests that broke their schema or sent an unknown field (%d):\n%s", len(bad), strings.Join(bad, "\n"))
	}
}
