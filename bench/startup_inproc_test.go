package bench

import (
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"testing"
	"time"

	"github.com/wxmock/wxmock/internal/mock"
	"github.com/wxmock/wxmock/wxmocktest"
)

// BenchmarkStart starts a server, takes one token from it and stops it,
// after a first start in the process: what a test suite's second and later
// wxmocktest.Start cost (issue: at most 1 ms). The baseline is an
// httptest.Server with a handler that answers fixed bytes.
func BenchmarkStart(b *testing.B) {
	b.Run("baseline/httptest", func(b *testing.B) {
		h := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { io.WriteString(w, `{"errcode":0}`) })
		for b.Loop() {
			ts := httptest.NewServer(h)
			getOK(b, ts.Client(), ts.URL+tokenPath)
			ts.Close()
		}
	})
	b.Run("wxmocktest", func(b *testing.B) {
		startStop(b, wxmocktest.Options{}) // the first, outside the timer
		for b.Loop() {
			startStop(b, wxmocktest.Options{})
		}
	})
	b.Run("wxmocktest/NoListener", func(b *testing.B) {
		startStop(b, wxmocktest.Options{NoListener: true})
		for b.Loop() {
			startStop(b, wxmocktest.Options{NoListener: true})
		}
	})
}

func startStop(b *testing.B, o wxmocktest.Options) {
	s, err := wxmocktest.NewServer(o)
	if err != nil {
		b.Fatal(err)
	}
	getOK(b, s.HTTPClient(), s.URL()+tokenPath)
	s.Stop()
}

func getOK(b *testing.B, c *http.Client, url string) {
	resp, err := c.Get(url)
	if err != nil {
		b.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		b.Fatalf("%s: %d", url, resp.StatusCode)
	}
}

// BenchmarkServers1000 holds 1,000 mocks in one process, as a test suite
// with 1,000 parallel tests would, and calls getrole on each: ms-start is
// one start, MB-held the live heap of one mock, us-call one call.
func BenchmarkServers1000(b *testing.B) {
	const n = 1000
	newServer(b) // the process-wide work, outside the figures
	for b.Loop() {
		before := liveHeap()
		servers := make([]*server, 0, n)
		t0 := time.Now()
		for range n {
			m, err := mock.New(mock.Options{Seed: 1, ClockStart: time.Unix(1700000000, 0), FrozenClock: true})
			if err != nil {
				b.Fatal(err)
			}
			servers = append(servers, &server{m: m})
		}
		start := time.Since(t0)
		held := liveHeap() - before
		t1 := time.Now()
		for _, s := range servers {
			s.post(b, s.tokenOf(b, "wx0123456789abcdef", "0123456789abcdef0123456789abcdef"), "/promoter/getrole", `{}`)
		}
		call := time.Since(t1)
		for _, s := range servers {
			s.m.Close()
		}
		b.ReportMetric(float64(start.Microseconds())/1000/n, "ms-start")
		b.ReportMetric(float64(held)/(1<<20)/n, "MB-held")
		b.ReportMetric(float64(call.Microseconds())/n, "us-call")
		runtime.KeepAlive(servers)
	}
}
