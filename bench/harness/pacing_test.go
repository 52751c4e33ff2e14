package main

import (
	"testing"
	"time"
)

func TestSchedule(t *testing.T) {
	t.Parallel()
	start := time.Unix(1700000000, 0)
	tests := []struct {
		name   string
		rate   float64
		d      time.Duration
		wantN  int
		checks map[int]time.Duration // request → offset from start
	}{
		{"1000/s for 2s", 1000, 2 * time.Second, 2000, map[int]time.Duration{0: 0, 1: time.Millisecond, 1999: 1999 * time.Millisecond}},
		{"3/s: no drift from adding rounded intervals", 3, 10 * time.Second, 30, map[int]time.Duration{1: 333333333, 2: 666666666, 3: time.Second, 29: 9666666666}},
		{"a fractional rate", 2.5, 2 * time.Second, 5, map[int]time.Duration{1: 400 * time.Millisecond, 4: 1600 * time.Millisecond}},
		{"no rate, no requests", 0, time.Second, 0, nil},
		{"no time, no requests", 1000, 0, 0, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := newSchedule(start, tt.rate, tt.d)
			if s.n != tt.wantN {
				t.Errorf("n = %d, want %d", s.n, tt.wantN)
			}
			for i, want := range tt.checks {
				if got := s.at(i).Sub(start); got != want {
					t.Errorf("at(%d) = start+%v, want start+%v", i, got, want)
				}
			}
			for i := 1; i < s.n; i++ {
				if !s.at(i).After(s.at(i - 1)) {
					t.Fatalf("at(%d) = %v, not after at(%d) = %v", i, s.at(i), i-1, s.at(i-1))
				}
			}
		})
	}
}
