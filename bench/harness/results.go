package main

import "time"

// summary is one load run reduced to what the table shows.
type summary struct {
	RPS      float64
	P50, P99 time.Duration
	Errors   int
	LagP99   time.Duration // paced only
	Rate     float64       // paced only
}

func summarize(r loadResult) summary {
	return summary{
		RPS:    r.throughput(),
		P50:    percentile(r.Latencies, 50),
		P99:    percentile(r.Latencies, 99),
		Errors: r.Errors,
		LagP99: percentile(r.Lag, 99),
		Rate:   r.Rate,
	}
}

// serverResult collects everything measured on one server over the run.
type serverResult struct {
	def          *serverDef
	skipped      string // why the server is not in the table, if it is not
	startups     []time.Duration
	idleRSS      int64
	loadedRSS    int64             // the largest seen at the end of a -c32 run
	closed       map[int][]summary // by concurrency, one per round
	paced        []summary         // one per round
	cpuPerReq    []time.Duration   // -c32, one per round; -1 for a round that sent nothing
	notes        []string          // differences from wxmock's answer, and the like
	pairedRPS    []float64         // req/s in each paired round (paired.go)
	pairedCPU    []float64         // CPU ns per request in each paired round; NaN for one that sent nothing
	pairedErrors int               // failed requests over the paired rounds
}

func newServerResult(def *serverDef) *serverResult {
	return &serverResult{def: def, closed: map[int][]summary{}}
}

// medianOf is the median over rounds of one field of the summaries.
func medianOf(ss []summary, f func(summary) float64) float64 {
	v := make([]float64, len(ss))
	for i, s := range ss {
		v[i] = f(s)
	}
	return median(v)
}
