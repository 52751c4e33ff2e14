package bench

import (
	"bytes"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/wxmock/wxmock/internal/asynclog"
	"github.com/wxmock/wxmock/internal/fixtures"
	"github.com/wxmock/wxmock/internal/mock"
)

// newLoggedServer is newServer with the logger log.
func newLoggedServer(tb testing.TB, log *slog.Logger) *server {
	tb.Helper()
	m, err := mock.New(mock.Options{Seed: 1, ClockStart: time.Unix(1700000000, 0), FrozenClock: true, Logger: log})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(m.Close)
	s := &server{m: m}
	s.token = s.tokenOf(tb, fixtures.DefaultAppID, fixtures.DefaultSecret)
	return s
}

// logFile is a temporary file for a benchmark's log: a write to it is a
// real write(2), as a server's stderr redirected to a file is.
func logFile(tb testing.TB) *os.File {
	tb.Helper()
	f, err := os.CreateTemp(tb.TempDir(), "log")
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { f.Close() })
	return f
}

// infoLogger is the text logger cmd/wxmock builds by default, writing
// every line to w as it comes.
func infoLogger(w io.Writer) *slog.Logger {
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelInfo}))
}

// ceiling is a bare net/http handler answering body: what any Go server
// answering the same bytes costs at least.
func ceiling(body []byte) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json; encoding=utf-8")
		_, _ = w.Write(body)
	})
}

// recorded calls h once per iteration through a ResponseRecorder.
func recorded(b *testing.B, h http.Handler, target, body string) {
	b.Helper()
	for b.Loop() {
		req := httptest.NewRequest(http.MethodPost, target, strings.NewReader(body))
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatalf("%s: %d %s", target, rec.Code, rec.Body)
		}
	}
}

// looped calls h once per iteration over a loopback socket, keeping the
// connection alive; the client's CPU counts too, the same for every row.
func looped(b *testing.B, h http.Handler, target, body string) {
	b.Helper()
	srv := httptest.NewServer(h)
	defer srv.Close()
	client := srv.Client()
	url := srv.URL + target
	buf := make([]byte, 0, 4096)
	for b.Loop() {
		resp, err := client.Post(url, "application/json", strings.NewReader(body))
		if err != nil {
			b.Fatal(err)
		}
		w := bytes.NewBuffer(buf[:0])
		_, err = io.Copy(w, resp.Body)
		resp.Body.Close()
		if err != nil || resp.StatusCode != http.StatusOK {
			b.Fatalf("%s: %d %v", target, resp.StatusCode, err)
		}
	}
}

// BenchmarkCPU compares wxmock's cost per request with a bare net/http
// handler that answers getrole's bytes (the ceiling), measured first in
// the same run: x-ceil is the process CPU per request over the ceiling's
// (target: at most 1.2 for getrole with info logging on). Rows run through
// a ResponseRecorder (rec) and over a loopback socket with keep-alive
// (tcp), where the client's share is in both sides of the ratio. Logging
// goes to a temporary file: log=off discards it, log=file writes every
// line synchronously (cmd/wxmock's logger before issue 12), log=slog-async
// through asynclog's queue but formatted by slog's TextHandler, log=async
// as cmd/wxmock's logger does: asynclog's Handler, whose request line the
// adapter formats by hand (target: within 3 % of log=off).
func BenchmarkCPU(b *testing.B) {
	plain := newServer(b)
	logged := newLoggedServer(b, infoLogger(logFile(b)))
	queue := asynclog.New(logFile(b), asynclog.DefaultLimit, nil)
	b.Cleanup(func() { queue.Close() })
	queued := newLoggedServer(b, infoLogger(queue))
	fastQueue := asynclog.New(logFile(b), asynclog.DefaultLimit, nil)
	b.Cleanup(func() { fastQueue.Close() })
	fast := newLoggedServer(b, slog.New(asynclog.NewHandler(fastQueue, false, slog.LevelInfo)))
	getrole := "/promoter/getrole?access_token="
	answer := plain.post(b, plain.token, "/promoter/getrole", `{}`)
	for _, way := range []struct {
		name string
		run  func(*testing.B, http.Handler, string, string)
	}{{"rec", recorded}, {"tcp", looped}} {
		var ceil float64
		b.Run(way.name+"/ceiling", func(b *testing.B) {
			ceil = cpuPerOp(b, func() { way.run(b, ceiling(answer), getrole, `{}`) })
		})
		rows := []struct {
			name string
			s    *server
		}{{"getrole/log=off", plain}, {"getrole/log=file", logged}, {"getrole/log=slog-async", queued}, {"getrole/log=async", fast}}
		for _, row := range rows {
			b.Run(way.name+"/"+row.name, func(b *testing.B) {
				cpu := cpuPerOp(b, func() { way.run(b, row.s.m.HTTP, getrole+row.s.token, `{}`) })
				b.ReportMetric(cpu/ceil, "x-ceil")
			})
		}
	}
}

// cpuPerOp runs a benchmark's loop and reports the process CPU per
// operation in microseconds (cpu-us/op), garbage collection included,
// which it returns.
func cpuPerOp(b *testing.B, loop func()) float64 {
	b.ReportAllocs()
	cpu0 := processCPU()
	loop()
	cpu := float64((processCPU() - cpu0).Nanoseconds()) / 1000 / float64(b.N)
	b.ReportMetric(cpu, "cpu-us/op")
	return cpu
}

// BenchmarkCostOfCalls measures addpromoter with 10 new items and
// get_store_list of 10 stores (about 5 KB) against getrole, measured
// first in the same run: x-getrole is the process CPU per request over
// getrole's. Targets: addpromoter at most 150 µs of CPU, get_store_list at
// most 1.5 x getrole.
func BenchmarkCostOfCalls(b *testing.B) {
	s := newServer(b)
	var base float64
	b.Run("getrole", func(b *testing.B) {
		base = cpuPerOp(b, func() {
			for b.Loop() {
				s.post(b, s.token, "/promoter/getrole", `{}`)
			}
		})
	})
	b.Run("addpromoter10", func(b *testing.B) {
		a := newServer(b)
		bodies, next := batches(50000, "a"), 0
		cpu := cpuPerOp(b, func() {
			for b.Loop() {
				if next == len(bodies) {
					// The app's cap: the state reset, off the timer (its
					// CPU is counted, spread over 5,000 batches), so that
					// the heap holds one app of at most 50,000, as a
					// server would (a fresh server per 50,000 kept every
					// earlier one alive until the end, and the collector
					// marked them all).
					b.StopTimer()
					a.reset(b)
					next = 0
					b.StartTimer()
				}
				a.post(b, a.token, "/promoter/addpromoter", bodies[next])
				next++
			}
		})
		b.ReportMetric(cpu/base, "x-getrole")
	})
	b.Run("get_store_list10", func(b *testing.B) {
		st := newServer(b)
		st.addStores(b, 10)
		body := `{"offset":0,"limit":10}`
		if n := len(st.post(b, st.token, "/wxa/get_store_list", body)); n < 4000 {
			b.Fatalf("get_store_list answered %d bytes, want about 5 KB", n)
		}
		cpu := cpuPerOp(b, func() {
			for b.Loop() {
				st.post(b, st.token, "/wxa/get_store_list", body)
			}
		})
		b.ReportMetric(cpu/base, "x-getrole")
	})
}
