package main

import "time"

// schedule is an open-loop send schedule: request i is meant to leave at
// start + i/rate, whatever happened to the ones before it. Latency is taken
// from that intended time, so a server that stalls is charged for every
// request that should have been sent during the stall, not only for the one
// it was holding (no coordinated omission).
type schedule struct {
	start time.Time
	rate  float64 // requests per second
	n     int     // requests in all
}

// newSchedule is the schedule of rate requests per second for d from start.
func newSchedule(start time.Time, rate float64, d time.Duration) schedule {
	n := 0
	if rate > 0 && d > 0 {
		n = int(rate * d.Seconds())
	}
	return schedule{start: start, rate: rate, n: n}
}

// at is request i's intended send time. It is computed from i, not by
// adding intervals, so rounding does not drift over a long run.
func (s schedule) at(i int) time.Time {
	return s.start.Add(time.Duration(float64(i) * float64(time.Second) / s.rate))
}
