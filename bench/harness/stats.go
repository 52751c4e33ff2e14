package main

import (
	"math"
	"slices"
	"time"
)

// percentile is the nearest-rank p-th percentile (0 < p ≤ 100) of sorted
// values: the smallest value that at least p % of them do not exceed. It is
// 0 for no values.
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	rank := int(math.Ceil(p / 100 * float64(len(sorted))))
	rank = min(max(rank, 1), len(sorted))
	return sorted[rank-1]
}

// median is the median of values (the mean of the two middle ones for an
// even count), NaN for none. Values is not changed.
func median(values []float64) float64 {
	if len(values) == 0 {
		return math.NaN()
	}
	s := slices.Clone(values)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// medianDuration is median over durations.
func medianDuration(values []time.Duration) time.Duration {
	f := make([]float64, len(values))
	for i, v := range values {
		f[i] = float64(v)
	}
	m := median(f)
	if math.IsNaN(m) {
		return 0
	}
	return time.Duration(m)
}
