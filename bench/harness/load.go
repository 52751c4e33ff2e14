package main

import (
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// loadResult is what one load run against one server measured.
type loadResult struct {
	Requests  int             // answered with 200
	Errors    int             // failed or not 200
	Elapsed   time.Duration   // from the first send to the last answer
	Latencies []time.Duration // of the 200s, sorted
	Lag       []time.Duration // paced only: how late a sleeping worker woke, sorted
	Rate      float64         // paced only: the offered rate, requests per second
}

// throughput is the answered requests per second.
func (r loadResult) throughput() float64 {
	if r.Elapsed <= 0 {
		return 0
	}
	return float64(r.Requests) / r.Elapsed.Seconds()
}

// workerOut is one worker's share of a run, merged at the end so that
// workers share nothing while they run.
type workerOut struct {
	lat, lag []time.Duration
	errs     int
}

func merge(outs []workerOut, elapsed time.Duration, rate float64) loadResult {
	r := loadResult{Elapsed: elapsed, Rate: rate}
	for _, o := range outs {
		r.Latencies = append(r.Latencies, o.lat...)
		r.Lag = append(r.Lag, o.lag...)
		r.Errors += o.errs
	}
	r.Requests = len(r.Latencies)
	slices.Sort(r.Latencies)
	slices.Sort(r.Lag)
	return r
}

// closedLoop keeps conns connections each sending the next request as soon
// as the previous answer is read, for d. Latency is send to answer.
func closedLoop(addr string, req []byte, conns int, d time.Duration) loadResult {
	outs := make([]workerOut, conns)
	var wg sync.WaitGroup
	start := time.Now()
	deadline := start.Add(d)
	for w := range conns {
		wg.Go(func() {
			c := &conn{addr: addr, req: req}
			defer c.close()
			o := &outs[w]
			o.lat = make([]time.Duration, 0, 1<<14)
			for {
				t := time.Now()
				if !t.Before(deadline) {
					return
				}
				if err := c.do(); err != nil {
					o.errs++
					continue
				}
				o.lat = append(o.lat, time.Since(t))
			}
		})
	}
	wg.Wait()
	return merge(outs, time.Since(start), 0)
}

// openLoop sends at rate requests per second for d on up to conns
// connections, following a fixed schedule whatever the answers do. Latency
// is taken from each request's intended send time (see schedule). The Go
// runtime's timers wake late, typically by up to a millisecond; that lag,
// taken on the requests whose worker had to sleep (not on those sent late
// because every connection was busy), is measured too (Lag), so that the
// floor it puts under every server's latency can be read next to the
// results.
func openLoop(addr string, req []byte, conns int, rate float64, d time.Duration) loadResult {
	outs := make([]workerOut, conns)
	sched := newSchedule(time.Now().Add(5*time.Millisecond), rate, d)
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := range conns {
		wg.Go(func() {
			c := &conn{addr: addr, req: req}
			defer c.close()
			o := &outs[w]
			for {
				i := int(next.Add(1) - 1)
				if i >= sched.n {
					return
				}
				at := sched.at(i)
				if wait := time.Until(at); wait > 0 {
					time.Sleep(wait)
					o.lag = append(o.lag, time.Since(at))
				}
				if err := c.do(); err != nil {
					o.errs++
					continue
				}
				o.lat = append(o.lat, time.Since(at))
			}
		})
	}
	wg.Wait()
	return merge(outs, time.Since(sched.start), rate)
}
