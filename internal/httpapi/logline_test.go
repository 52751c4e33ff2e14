package httpapi_test

import (
	"bytes"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"runtime"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/wxmock/wxmock/internal/asynclog"
	"github.com/wxmock/wxmock/internal/mock"
)

// syncBuffer is a bytes.Buffer safe for concurrent writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

// varying is what differs between two runs of the same request: its
// time and duration.
var varying = regexp.MustCompile(`(time=|duration=|"time":|"duration":)("[^"]*"|[^ ,}\n]+)`)

// requestLog runs the same requests through a server logging to h and
// returns its log, times and durations masked. h's second result, when
// not nil, is called before the log is read (to close a queue).
func requestLog(t *testing.T, h func(io.Writer) (slog.Handler, func())) string {
	t.Helper()
	var buf syncBuffer
	handler, done := h(&buf)
	e := setup(t, func(o *mock.Options) { o.Logger = slog.New(handler) })
	tok := e.token()
	e.post("/promoter/getrole", tok, `{}`)
	e.post("/promoter/getrole", "no such token", `{}`)
	// The same endpoint by another method, then the first again: the
	// line's start, kept per endpoint, follows each.
	e.m.HTTP.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/promoter/getrole?access_token="+tok, nil))
	e.post("/promoter/getrole", tok, `{}`)
	// The same method, path and app, answered with an error and then
	// without: only the errcode changes.
	e.post("/promoter/getrole", tok, `{"role_id":99}`)
	e.post("/promoter/getrole", tok, `{}`)
	for _, target := range []string{"/no%20such%22path=%E9%97%A8\\", "/%E2%80%A8"} {
		e.m.HTTP.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, target, nil))
	}
	if done != nil {
		done()
	}
	return varying.ReplaceAllString(buf.b.String(), "${1}X")
}

// TestRequestLineIsSlogs: through asynclog's Handler, where the adapter
// writes the request line by hand, the log is the one slog's own handler
// writes, in both formats; through a Handler over asynclog's Writer too,
// as cmd/wxmock logs, where a WeChat endpoint's line is queued unformatted.
func TestRequestLineIsSlogs(t *testing.T) {
	t.Parallel()
	for _, json := range []bool{false, true} {
		want := requestLog(t, func(w io.Writer) (slog.Handler, func()) {
			if json {
				return slog.NewJSONHandler(w, nil), nil
			}
			return slog.NewTextHandler(w, nil), nil
		})
		if bytes.Count([]byte(want), []byte("\n")) < 9 {
			t.Fatalf("json %v: too few lines:\n%s", json, want)
		}
		got := requestLog(t, func(w io.Writer) (slog.Handler, func()) { return asynclog.NewHandler(w, json, nil), nil })
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("json %v: log mismatch (-want +got):\n%s", json, diff)
		}
		queued := requestLog(t, func(w io.Writer) (slog.Handler, func()) {
			q := asynclog.New(w, 0, nil)
			return asynclog.NewHandler(q, json, nil), func() { q.Close() }
		})
		if diff := cmp.Diff(want, queued); diff != "" {
			t.Errorf("json %v: log through asynclog's Writer mismatch (-want +got):\n%s", json, diff)
		}
	}
}

// TestRequestLineAllocatesNothing: through asynclog's Handler, a request
// logged at info allocates no more than one not logged at all.
func TestRequestLineAllocatesNothing(t *testing.T) {
	if underRace {
		t.Skip("the race detector's sync.Pool drops buffers")
	}
	perCall := func(log *slog.Logger) float64 {
		e := setup(t, func(o *mock.Options) { o.Logger = log; o.CheckResponses = false })
		tok := e.token()
		call := func() {
			req := httptest.NewRequest(http.MethodPost, "/promoter/getrole?access_token="+tok, bytes.NewReader([]byte(`{}`)))
			e.m.HTTP.ServeHTTP(httptest.NewRecorder(), req)
		}
		for range 100 {
			call()
		}
		const n = 2000
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		for range n {
			call()
		}
		runtime.ReadMemStats(&after)
		return float64(after.Mallocs-before.Mallocs) / n
	}
	off := perCall(slog.New(slog.DiscardHandler))
	on := perCall(slog.New(asynclog.NewHandler(io.Discard, false, nil)))
	if on-off > 0.5 {
		t.Errorf("a logged request allocates %.2f times, one not logged %.2f: the line costs %.2f", on, off, on-off)
	}
	q := asynclog.New(io.Discard, 0, nil)
	defer q.Close()
	queued := perCall(slog.New(asynclog.NewHandler(q, false, nil)))
	if queued-off > 0.5 {
		t.Errorf("a request logged through asynclog's Writer allocates %.2f times, one not logged %.2f: the line costs %.2f", queued, off, queued-off)
	}
}
