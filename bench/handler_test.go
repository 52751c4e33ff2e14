package bench

import (
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/wxmock/wxmock/internal/asynclog"
)

// sink is a ResponseWriter that keeps nothing: the cost of answering is
// the handler's alone, not a recorder's.
type sink struct {
	h    http.Header
	code int
	n    int
}

func (s *sink) Header() http.Header         { return s.h }
func (s *sink) WriteHeader(code int)        { s.code = code }
func (s *sink) Write(p []byte) (int, error) { s.n += len(p); return len(p), nil }

// replay is a request body that starts over at each call of reset.
type replay struct {
	body string
	r    strings.Reader
}

func (b *replay) reset()                     { b.r.Reset(b.body) }
func (b *replay) Read(p []byte) (int, error) { return b.r.Read(p) }
func (b *replay) Close() error               { return nil }

// replayed is one POST served over and over: its body replayed and its
// writer's headers cleared at each call, so that a call allocates only
// what the handler itself does.
type replayed struct {
	req *http.Request
	rb  *replay
	w   *sink
}

func newReplayed(u *url.URL, target, body string) *replayed {
	rb := &replay{body: body}
	req := &http.Request{Method: http.MethodPost, URL: u, RequestURI: target, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header: http.Header{"Content-Type": {"application/json"}}, Body: rb, ContentLength: int64(len(body)), Host: "127.0.0.1"}
	return &replayed{req: req, rb: rb, w: &sink{h: http.Header{}}}
}

// serve has h answer once and reports whether it answered 200.
func (r *replayed) serve(h http.Handler) bool {
	r.rb.reset()
	clear(r.w.h)
	r.w.code, r.w.n = 0, 0
	h.ServeHTTP(r.w, r.req)
	return r.w.code == 0 || r.w.code == http.StatusOK
}

// handled calls h once per iteration with the same request (replayed).
func handled(b *testing.B, h http.Handler, target, body string) {
	b.Helper()
	u, err := url.ParseRequestURI(target)
	if err != nil {
		b.Fatal(err)
	}
	r := newReplayed(u, target, body)
	for b.Loop() {
		if !r.serve(h) {
			b.Fatalf("%s: %d", target, r.w.code)
		}
	}
}

// handledInParallel is handled on every P at once (b.RunParallel), each
// goroutine with its own request and writer: what the handler's shared
// state (caches, journal, log queue) costs when all cores answer.
func handledInParallel(b *testing.B, h http.Handler, target, body string) {
	b.Helper()
	u, err := url.ParseRequestURI(target)
	if err != nil {
		b.Fatal(err)
	}
	b.RunParallel(func(pb *testing.PB) {
		r := newReplayed(u, target, body)
		for pb.Next() {
			if !r.serve(h) {
				b.Errorf("%s: %d", target, r.w.code)
				return
			}
		}
	})
}

// BenchmarkHandler is getrole's cost in the handler alone: one request
// replayed into a writer that keeps nothing, against the ceiling's handler
// (a fixed answer) in the same run. It isolates what wxmock adds to
// net/http's own cost, which every row of the side-by-side harness also
// pays: ns/op, allocs/op and cpu-us/op (process CPU, garbage collection
// included), x-ceil the CPU over the ceiling's. log=async is cmd/wxmock's
// logger (asynclog's Handler) writing to a file. get_store_list10 is a
// page of 10 stores (about 5 KB) polled, x-getrole its CPU over getrole's
// (log=off) in the same run. The parallel rows answer on every P at once,
// as a loaded server does: what wxmock's shared state costs when cores
// pass it back and forth (their x-ceil is over the parallel ceiling's);
// log=async less log=off there is the log line's cost with the log
// queue's lock passed between cores, as in the running server.
func BenchmarkHandler(b *testing.B) {
	plain := newServer(b)
	plain.addStores(b, 10)
	fastQueue := asynclog.New(logFile(b), asynclog.DefaultLimit, nil)
	b.Cleanup(func() { fastQueue.Close() })
	fast := newLoggedServer(b, slog.New(asynclog.NewHandler(fastQueue, false, slog.LevelInfo)))
	answer := plain.post(b, plain.token, "/promoter/getrole", `{}`)
	getrole := "/promoter/getrole?access_token="
	var ceil, role float64
	b.Run("ceiling", func(b *testing.B) {
		ceil = cpuPerOp(b, func() { handled(b, ceiling(answer), getrole, `{}`) })
	})
	for _, row := range []struct {
		name string
		s    *server
	}{{"getrole/log=off", plain}, {"getrole/log=async", fast}} {
		b.Run(row.name, func(b *testing.B) {
			cpu := cpuPerOp(b, func() { handled(b, row.s.m.HTTP, getrole+row.s.token, `{}`) })
			b.ReportMetric(cpu/ceil, "x-ceil")
			if row.s == plain {
				role = cpu
			}
		})
	}
	var ceilPar float64
	b.Run("ceiling/parallel", func(b *testing.B) {
		ceilPar = cpuPerOp(b, func() { handledInParallel(b, ceiling(answer), getrole, `{}`) })
	})
	for _, row := range []struct {
		name string
		s    *server
	}{{"getrole/log=off/parallel", plain}, {"getrole/log=async/parallel", fast}} {
		b.Run(row.name, func(b *testing.B) {
			cpu := cpuPerOp(b, func() { handledInParallel(b, row.s.m.HTTP, getrole+row.s.token, `{}`) })
			b.ReportMetric(cpu/ceilPar, "x-ceil")
		})
	}
	b.Run("get_store_list10/log=off", func(b *testing.B) {
		cpu := cpuPerOp(b, func() {
			handled(b, plain.m.HTTP, "/wxa/get_store_list?access_token="+plain.token, `{"offset":0,"limit":10}`)
		})
		b.ReportMetric(cpu/ceil, "x-ceil")
		b.ReportMetric(cpu/role, "x-getrole")
	})
}

var _ io.ReadCloser = (*replay)(nil)
