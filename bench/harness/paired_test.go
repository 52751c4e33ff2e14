package main

import (
	"math"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// TestMedianRank checks the interval's ranks against binomial tables:
// P(Bin(n, ½) ≤ k−1) ≤ 2.5 % < P(Bin(n, ½) ≤ k).
func TestMedianRank(t *testing.T) {
	t.Parallel()
	tests := []struct{ n, want int }{
		{1, 0}, {5, 0}, // 2 × (½)⁵ = 6.25 % > 5 %: no interval
		{6, 1},    // 2 × (½)⁶ = 3.1 %
		{9, 2},    // P(≤1) = 1.95 %
		{16, 4},   // P(≤3) = 1.06 %, P(≤4) = 3.84 %
		{20, 6},   // P(≤5) = 2.07 %, P(≤6) = 5.77 %
		{100, 40}, // P(≤39) = 1.76 %, P(≤40) = 2.84 %
	}
	for _, tt := range tests {
		if got := medianRank(tt.n, 0.95); got != tt.want {
			t.Errorf("medianRank(%d, 0.95) = %d, want %d", tt.n, got, tt.want)
		}
	}
}

func TestMedianCI(t *testing.T) {
	t.Parallel()
	nan := math.NaN()
	type res struct {
		M, Lo, Hi float64
		OK        bool
	}
	tests := []struct {
		name string
		v    []float64
		want res
	}{
		{"none", nil, res{nan, nan, nan, false}},
		{"only NaN", []float64{nan}, res{nan, nan, nan, false}},
		{"too few for an interval", []float64{3, 1, 2}, res{2, nan, nan, false}},
		{"six: the extremes", []float64{6, 1, 5, 2, 4, 3}, res{3.5, 1, 6, true}},
		{"NaN left out", []float64{6, 1, nan, 5, 2, 4, 3}, res{3.5, 1, 6, true}},
		{"twenty: 6th and 15th", []float64{20, 19, 18, 17, 16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1}, res{10.5, 6, 15, true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			m, lo, hi, ok := medianCI(tt.v, 0.95)
			if diff := cmp.Diff(tt.want, res{m, lo, hi, ok}, cmp.Comparer(func(a, b float64) bool {
				return a == b || math.IsNaN(a) && math.IsNaN(b)
			})); diff != "" {
				t.Errorf("medianCI mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestRatiosByRound(t *testing.T) {
	t.Parallel()
	nan := math.NaN()
	got := ratiosByRound([]float64{2, nan, 3, 4, 5}, []float64{1, 1, 0, 8})
	if diff := cmp.Diff([]float64{2, 0.5}, got); diff != "" {
		t.Errorf("ratiosByRound mismatch (-want +got):\n%s", diff)
	}
}

// TestPairedSectionGolden builds the paired rounds' section from made-up
// rounds of the ceiling and both wxmock rows (one of its rounds sent
// nothing) and a skipped server, and compares it with
// testdata/paired.golden.md.
func TestPairedSectionGolden(t *testing.T) {
	t.Parallel()
	defs := serverDefs()
	// Each server wobbles from round to round by its own pattern, −3 …
	// +3 %, so that the ratios spread.
	mk := func(def *serverDef, rps, cpu float64, step int) *serverResult {
		r := newServerResult(def)
		for round := range 8 {
			wobble := 1 + 0.01*float64((round*step)%7-3)
			r.pairedRPS = append(r.pairedRPS, rps*wobble)
			r.pairedCPU = append(r.pairedCPU, cpu/wobble)
		}
		return r
	}
	ceiling := mk(&defs[0], 100000, 20000, 1)
	info := mk(&defs[1], 86000, 23000, 3)
	warn := mk(&defs[2], 88000, 22500, 5)
	info.pairedCPU[2] = math.NaN()
	skipped := newServerResult(&defs[3])
	skipped.skipped = "java not found"
	got := pairedSection([]*serverResult{ceiling, info, warn, skipped}, 8, 3*time.Second, 32)
	golden := filepath.Join("testdata", "paired.golden.md")
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("section mismatch (-want +got):\n%s", diff)
	}
}

func TestPairedSectionEmpty(t *testing.T) {
	t.Parallel()
	defs := serverDefs()
	only := newServerResult(&defs[0])
	only.pairedRPS = []float64{1}
	none := newServerResult(&defs[1])
	if got := pairedSection([]*serverResult{only, none}, 1, time.Second, 32); got != "" {
		t.Errorf("pairedSection with one server measured = %q, want none", got)
	}
}
