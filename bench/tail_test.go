package bench

import (
	"net/http"
	"net/http/httptest"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// tailPromoters is how many promoters the server holds while its tail is
// measured: issue 12's setting, where a garbage collection runs about once
// a second with tens of milliseconds of concurrent mark.
const tailPromoters = 50000

// tailResult is one load run: latencies, sorted, and what it took.
type tailResult struct {
	lat     []time.Duration
	elapsed time.Duration
	gcs     uint32
}

func (r tailResult) quantile(q float64) time.Duration {
	if len(r.lat) == 0 {
		return 0
	}
	return r.lat[min(len(r.lat)-1, int(q*float64(len(r.lat))))]
}

func (r tailResult) rate() float64 { return float64(len(r.lat)) / r.elapsed.Seconds() }

// BenchmarkTail measures getrole's latency over loopback while the server
// holds 50,000 promoters, against the ceiling (a bare net/http handler
// answering the same bytes, measured first, in the same process, before
// the promoters are declared, as a bare binary would be): c4 is a closed
// loop on 4 connections, paced an open loop at a quarter of the ceiling's
// c4 rate on 32 connections, each latency taken from the request's due time
// (no coordinated omission). p50-us and p99-us are the quantiles, x-ceil
// the p99 over the ceiling's (issue 12: at most 1.3), gc/s the garbage
// collections a second. Run with -benchtime 20000x or more; GODEBUG=gctrace=1
// shows each collection's mark time.
func BenchmarkTail(b *testing.B) {
	s := newServer(b)
	answer := s.post(b, s.token, "/promoter/getrole", `{}`)
	target := "/promoter/getrole?access_token=" + s.token
	var ceil [2]tailResult
	// The paced rate is the same for both: a quarter of the ceiling's c4
	// rate. In process the client shares the cores, so the closed loop is
	// near the machine's limit, and half of it leaves wxmock too close to
	// its own for the p99 to measure anything but the queue.
	pace := func() float64 { return ceil[0].rate() / 4 }
	modes := []struct {
		name  string
		paced bool
	}{{"c4", false}, {"paced", true}}
	for i, mode := range modes {
		b.Run(mode.name+"/ceiling", func(b *testing.B) {
			ceil[i] = tailRun(b, ceiling(answer), target, mode.paced, pace())
		})
	}
	s.declare(b, s.token, tailPromoters, "t")
	runtime.GC()
	for i, mode := range modes {
		b.Run(mode.name+"/getrole", func(b *testing.B) {
			r := tailRun(b, s.m.HTTP, target, mode.paced, pace())
			if p := ceil[i].quantile(0.99); p > 0 {
				b.ReportMetric(float64(r.quantile(0.99))/float64(p), "x-ceil")
			}
		})
	}
	runtime.KeepAlive(s)
}

// tailRun serves h on loopback and sends it b.N requests: closed loop on 4
// connections, or paced at rate (when 0, 2,000 a second) on 32. It reports
// the quantiles, the rate and the collections a second.
func tailRun(b *testing.B, h http.Handler, target string, paced bool, rate float64) tailResult {
	srv := httptest.NewServer(h)
	defer srv.Close()
	req := rawRequest(srv.Listener.Addr().String(), target, `{}`)
	conns := 4
	if paced {
		conns = 32
		if rate <= 0 {
			rate = 2000
		}
	}
	cs := make([]*rawConn, conns)
	for i := range cs {
		c, err := dialRaw(srv.Listener.Addr().String(), req)
		if err != nil {
			b.Fatal(err)
		}
		defer c.close()
		if err := c.do(); err != nil { // warm: the server's goroutine and buffers
			b.Fatal(err)
		}
		cs[i] = c
	}
	lats := make([][]time.Duration, conns)
	var next atomic.Int64
	var failed atomic.Value
	var wg sync.WaitGroup
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	gc0 := ms.NumGC
	b.ResetTimer()
	start := time.Now().Add(time.Millisecond)
	for w, c := range cs {
		lats[w] = make([]time.Duration, 0, b.N/conns+1)
		wg.Go(func() {
			for {
				i := next.Add(1) - 1
				if i >= int64(b.N) {
					return
				}
				var t time.Time
				if paced {
					t = start.Add(time.Duration(float64(i) * float64(time.Second) / rate))
					if wait := time.Until(t); wait > 0 {
						time.Sleep(wait)
					}
				} else {
					t = time.Now()
				}
				if err := c.do(); err != nil {
					failed.Store(err)
					return
				}
				lats[w] = append(lats[w], time.Since(t))
			}
		})
	}
	wg.Wait()
	b.StopTimer()
	if err, _ := failed.Load().(error); err != nil {
		b.Fatal(err)
	}
	r := tailResult{elapsed: time.Since(start)}
	runtime.ReadMemStats(&ms)
	r.gcs = ms.NumGC - gc0
	for _, l := range lats {
		r.lat = append(r.lat, l...)
	}
	slices.Sort(r.lat)
	b.ReportMetric(float64(r.quantile(0.5).Microseconds()), "p50-us")
	b.ReportMetric(float64(r.quantile(0.99).Microseconds()), "p99-us")
	b.ReportMetric(r.rate(), "req/s")
	b.ReportMetric(float64(r.gcs)/r.elapsed.Seconds(), "gc/s")
	if paced {
		b.ReportMetric(rate, "offered/s")
	}
	return r
}
