package main

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"os/exec"
	"strings"
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
		for round := range 20 {
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
	matchGolden(t, "paired.golden.md", pairedSection([]*serverResult{ceiling, info, warn, skipped}, 20, 3*time.Second, 32, true, nil))
}

func TestPairedSectionEmpty(t *testing.T) {
	t.Parallel()
	defs := serverDefs()
	only := newServerResult(&defs[0])
	only.pairedRPS = []float64{1}
	none := newServerResult(&defs[1])
	if got := pairedSection([]*serverResult{only, none}, 1, time.Second, 32, true, nil); got != "" {
		t.Errorf("pairedSection with one server measured = %q, want none", got)
	}
}

// TestPairedSectionWithoutCeiling: without the ceiling, only wxmock over
// wxmock (warn) is a row, and a stop is said; too few rounds give the
// medians without intervals.
func TestPairedSectionWithoutCeiling(t *testing.T) {
	t.Parallel()
	defs := serverDefs()
	info, warn := newServerResult(&defs[1]), newServerResult(&defs[2])
	info.pairedRPS, info.pairedCPU = []float64{96, 97}, []float64{10, 10}
	warn.pairedRPS, warn.pairedCPU = []float64{100, 100}, []float64{9.5, 9.5}
	got := pairedSection([]*serverResult{info, warn}, 2, time.Second, 32, true, errors.New("wrk: exit status 1"))
	if strings.Contains(got, "afresh") {
		t.Errorf("the section says servers were started afresh within their first turn:\n%s", got)
	}
	for _, want := range []string{
		"The paired rounds stopped after 2 of them: wrk: exit status 1.",
		"| wxmock / wxmock (warn) | 0.965 | 1.053 |",
		"Info logging's cost (1 − wxmock's req/s over wxmock (warn)'s in the same round): 3.5 % (too few rounds for an interval: 6 at least) over 2 rounds.",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("section lacks %q:\n%s", want, got)
		}
	}
	if strings.Count(got, "\n| ") != 2 { // the header and one row
		t.Errorf("want one row of ratios, got:\n%s", got)
	}
}

func TestPairTurns(t *testing.T) {
	t.Parallel()
	tests := []struct{ pairs, n, want int }{
		{20, 1, 0}, {0, 3, 0}, {20, 2, 20}, {20, 3, 24}, {40, 3, 42}, {6, 3, 6}, {1, 6, 12}, {20, 6, 24},
	}
	for _, tt := range tests {
		if got := pairTurns(tt.pairs, tt.n); got != tt.want {
			t.Errorf("pairTurns(%d, %d) = %d, want %d", tt.pairs, tt.n, got, tt.want)
		}
	}
}

// TestPairOrderIsBalanced: over a whole number of turns, each server
// runs before each other as often as after it, and in each place as
// often as the others, for 2 to 6 servers.
func TestPairOrderIsBalanced(t *testing.T) {
	t.Parallel()
	for n := 2; n <= 6; n++ {
		live := make([]int, n)
		for i := range live {
			live[i] = i
		}
		before := make([][]int, n)
		place := make([][]int, n)
		for i := range n {
			before[i], place[i] = make([]int, n), make([]int, n)
		}
		rounds := pairTurns(1, n)
		for round := range rounds {
			order := pairOrder(live, round)
			for i, a := range order {
				place[a][i]++
				for _, b := range order[i+1:] {
					before[a][b]++
				}
			}
		}
		for a := range n {
			for b := range n {
				if a != b && before[a][b] != before[b][a] {
					t.Errorf("%d servers: %d ran before %d %d times, after it %d times", n, a, b, before[a][b], before[b][a])
				}
				if place[a][b] != rounds/n {
					t.Errorf("%d servers: %d ran in place %d %d times, want %d", n, a, b, place[a][b], rounds/n)
				}
			}
		}
	}
}

// TestPairedRounds runs the paired rounds with a stand-in load: rounds
// rounded up to whole turns, a round that sent nothing kept as NaN in
// step with the others, failures counted, and a failing load stopping
// the rounds with the whole rounds kept.
func TestPairedRounds(t *testing.T) {
	t.Parallel()
	defs := serverDefs()
	self := &exec.Cmd{Process: &os.Process{Pid: os.Getpid()}} // procCPU reads a live process
	var live []*serverResult
	procs := map[*serverResult]*proc{}
	for i := range 3 {
		r := newServerResult(&defs[i])
		live = append(live, r)
		procs[r] = &proc{def: &defs[i], cmd: self}
	}
	cfg := config{conns: []int{1, 4, 32}, pairs: 4, pairDuration: time.Millisecond}
	calls := 0
	closed := func(p *proc, conns int, d time.Duration) (summary, int, error) {
		calls++
		if conns != 32 || d != time.Millisecond {
			t.Errorf("load at -c%d for %v, want -c32 for 1ms", conns, d)
		}
		if p.def.name == "wxmock" && calls <= 3 { // its first round sent nothing
			return summary{Errors: 2}, 0, nil
		}
		return summary{RPS: 100, Errors: 1}, 10, nil
	}
	n, err := pairedRounds(context.Background(), cfg, live, procs, closed, nil, func(string, ...any) {})
	if err != nil || n != 6 {
		t.Fatalf("pairedRounds = %d, %v; want 6 rounds (4 rounded up to twice 3 servers), no error", n, err)
	}
	for _, r := range live {
		if len(r.pairedRPS) != 6 || len(r.pairedCPU) != 6 {
			t.Errorf("%s: %d req/s and %d CPU values, want 6 each", r.def.name, len(r.pairedRPS), len(r.pairedCPU))
		}
	}
	info := live[1]
	if !math.IsNaN(info.pairedRPS[0]) || !math.IsNaN(info.pairedCPU[0]) || info.pairedRPS[1] != 100 {
		t.Errorf("wxmock's rounds: req/s %v, CPU %v; want NaN, then 100 req/s", info.pairedRPS, info.pairedCPU)
	}
	if info.pairedErrors != 2+5 || live[0].pairedErrors != 6 {
		t.Errorf("failed requests: wxmock %d, ceiling %d; want 7 and 6", info.pairedErrors, live[0].pairedErrors)
	}

	// A load that fails in the third round's second turn: two whole
	// rounds are kept, the third's first value is not.
	calls = 0
	for _, r := range live {
		r.pairedRPS, r.pairedCPU = nil, nil
	}
	failing := func(p *proc, conns int, d time.Duration) (summary, int, error) {
		calls++
		if calls == 8 {
			return summary{}, 0, errors.New("wrk: exit status 1")
		}
		return summary{RPS: 100}, 10, nil
	}
	n, err = pairedRounds(context.Background(), cfg, live, procs, failing, nil, func(string, ...any) {})
	if err == nil || !strings.Contains(err.Error(), "paired round 3") || n != 2 {
		t.Fatalf("pairedRounds = %d, %v; want 2 rounds and the third's error", n, err)
	}
	roundsKept(t, live, 2)
}

// TestPairedRoundsStartAfresh: before each turn of n rounds but the
// first, every fresh server is started afresh, between the turns' rounds
// and never within one; a server that is not fresh (WireMock) is kept; a
// failing start stops the rounds with the whole turns kept.
func TestPairedRoundsStartAfresh(t *testing.T) {
	t.Parallel()
	defs := serverDefs()
	self := &exec.Cmd{Process: &os.Process{Pid: os.Getpid()}}
	var live []*serverResult
	procs := map[*serverResult]*proc{}
	for _, i := range []int{0, 1, 3} { // the ceiling, wxmock, WireMock
		r := newServerResult(&defs[i])
		live = append(live, r)
		procs[r] = &proc{def: &defs[i], cmd: self}
	}
	cfg := config{conns: []int{32}, pairs: 7, pairDuration: time.Millisecond} // 12 rounds: four turns of 3
	loads := 0
	closed := func(p *proc, conns int, d time.Duration) (summary, int, error) {
		loads++
		return summary{RPS: 100}, 10, nil
	}
	var fresh []string
	restart := func(r *serverResult) error {
		fresh = append(fresh, fmt.Sprintf("fresh %s after %d loads", r.def.name, loads))
		return nil
	}
	n, err := pairedRounds(context.Background(), cfg, live, procs, closed, restart, func(string, ...any) {})
	if err != nil || n != 12 {
		t.Fatalf("pairedRounds = %d, %v; want 12 rounds, no error", n, err)
	}
	var want []string
	for _, loads := range []int{9, 18, 27} {
		want = append(want, fmt.Sprintf("fresh ceiling after %d loads", loads), fmt.Sprintf("fresh wxmock after %d loads", loads))
	}
	if diff := cmp.Diff(want, fresh); diff != "" {
		t.Errorf("fresh starts mismatch (-want +got):\n%s", diff)
	}

	for _, r := range live {
		r.pairedRPS, r.pairedCPU = nil, nil
	}
	failing := func(r *serverResult) error {
		if r.def.name == "wxmock" {
			return errors.New("did not start")
		}
		return nil
	}
	n, err = pairedRounds(context.Background(), cfg, live, procs, closed, failing, func(string, ...any) {})
	if err == nil || !strings.Contains(err.Error(), "paired round 4, starting wxmock afresh: did not start") || n != 3 {
		t.Fatalf("pairedRounds = %d, %v; want 3 rounds and the start's error", n, err)
	}
	roundsKept(t, live, 3)
}

// roundsKept checks that every server kept n paired rounds.
func roundsKept(t *testing.T, live []*serverResult, n int) {
	t.Helper()
	for _, r := range live {
		if len(r.pairedRPS) != n {
			t.Errorf("%s: %d rounds kept, want %d", r.def.name, len(r.pairedRPS), n)
		}
	}
}
