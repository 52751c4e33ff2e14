package main

import (
	"flag"
	"math"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

func TestFormatValue(t *testing.T) {
	t.Parallel()
	tests := []struct {
		u    unit
		v    float64
		want string
	}{
		{perSecond, 65183.4, "65,183"},
		{perSecond, 999, "999"},
		{perSecond, 1234567, "1,234,567"},
		{duration, float64(27 * time.Microsecond), "27 µs"},
		{duration, float64(4040 * time.Microsecond), "4.04 ms"},
		{duration, float64(18600 * time.Microsecond), "18.6 ms"},
		{duration, float64(1716 * time.Millisecond), "1,716 ms"},
		{megabytes, 21.54e6, "21.5 MB"},
		{count, 0, "0"},
		{count, -1200, "-1,200"},
	}
	for _, tt := range tests {
		if got := formatValue(tt.u, tt.v); got != tt.want {
			t.Errorf("formatValue(%v, %v) = %q, want %q", tt.u, tt.v, got, tt.want)
		}
	}
}

// TestTableGolden builds the table from made-up results of three servers,
// one skipped, and compares its Markdown with testdata/table.golden.md.
func TestTableGolden(t *testing.T) {
	t.Parallel()
	defs := serverDefs()
	ms := func(f float64) time.Duration { return time.Duration(f * float64(time.Millisecond)) }
	mk := func(def *serverDef, scale float64) *serverResult {
		r := newServerResult(def)
		for round := range 3 {
			jitter := 1 + float64(round)/10
			for _, c := range []int{1, 4, 32} {
				// Each server but the ceiling wobbles by ±5 % from round to
				// round, so that its ratios to the ceiling's spread.
				wobble := 1.0
				if scale != 1 {
					wobble = 1 + 0.05*float64(round-1)
				}
				r.closed[c] = append(r.closed[c], summary{
					RPS: 20000 / scale * jitter * wobble, P50: ms(0.05 * float64(c) * scale * jitter), P99: ms(0.4 * float64(c) * scale * jitter),
				})
			}
			r.paced = append(r.paced, summary{Rate: 10000 / scale, P50: ms(0.1 * scale), P99: ms(5 * scale * jitter), LagP99: ms(1.1), Errors: round})
			r.cpuPerReq = append(r.cpuPerReq, time.Duration(27*scale*jitter)*time.Microsecond)
		}
		r.startups = []time.Duration{ms(16 * scale), ms(15 * scale), ms(90 * scale)}
		r.idleRSS, r.loadedRSS = int64(7e6*scale), int64(13e6*scale)
		return r
	}
	skipped := newServerResult(&defs[3])
	skipped.skipped = "java not found"
	results := []*serverResult{mk(&defs[0], 1), mk(&defs[1], 1.6), skipped}
	noStart := mk(&defs[2], 2)
	noStart.startups = nil
	// Its first round sent nothing: its CPU ratios are of rounds 2 and 3,
	// each against the ceiling's same round.
	noStart.cpuPerReq[0] = -1
	results = append(results, noStart)

	matchGolden(t, "table.golden.md", buildTable(results, []int{1, 4, 32}).markdown())
}

// matchGolden compares got with testdata/name, which -update rewrites.
func matchGolden(t *testing.T, name, got string) {
	t.Helper()
	golden := filepath.Join("testdata", name)
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
		t.Errorf("%s mismatch (-want +got):\n%s", name, diff)
	}
}

func TestFormatCellWithoutCeiling(t *testing.T) {
	t.Parallel()
	r := row{unit: count, ratio: true, cells: []float64{math.NaN(), 5, 0}}
	for i, want := range []string{"—", "5", "0"} {
		if got := formatCell(r, i, r.cells[i]); got != want {
			t.Errorf("cell %d = %q, want %q (no ratio without the ceiling)", i, got, want)
		}
	}
}
