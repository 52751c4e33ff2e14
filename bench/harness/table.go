package main

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// unit says how a cell's value is written.
type unit int

const (
	perSecond unit = iota // requests per second
	duration              // nanoseconds
	megabytes             // bytes, written in MB (10⁶)
	count                 // a plain number
)

// row is one measure across the servers; a NaN cell is a server without
// the measure.
type row struct {
	measure string
	unit    unit
	ratio   bool // show each cell's ratio to the first column's (the ceiling's)
	cells   []float64
	texts   []string // when set, the cells as written, in place of cells
}

// table is the harness's result: one column per server.
type table struct {
	columns []string
	rows    []row
}

// markdown writes t as a Markdown table. With ratios on, a cell reads
// "value (ratio×)" where ratio is the value over the first column's.
func (t table) markdown() string {
	var b strings.Builder
	b.WriteString("| measure |")
	for _, c := range t.columns {
		b.WriteString(" " + c + " |")
	}
	b.WriteString("\n|---|")
	for range t.columns {
		b.WriteString("---:|")
	}
	b.WriteString("\n")
	for _, r := range t.rows {
		b.WriteString("| " + r.measure + " |")
		if r.texts != nil {
			for _, text := range r.texts {
				b.WriteString(" " + text + " |")
			}
		} else {
			for i, v := range r.cells {
				b.WriteString(" " + formatCell(r, i, v) + " |")
			}
		}
		b.WriteString("\n")
	}
	return b.String()
}

func formatCell(r row, i int, v float64) string {
	if math.IsNaN(v) {
		return "—"
	}
	s := formatValue(r.unit, v)
	if r.ratio && i > 0 && len(r.cells) > 0 {
		if base := r.cells[0]; !math.IsNaN(base) && base != 0 {
			s += fmt.Sprintf(" (%.2f×)", v/base)
		}
	}
	return s
}

// formatValue writes v in unit u, with three significant figures or so.
func formatValue(u unit, v float64) string {
	switch u {
	case perSecond:
		return thousands(int64(math.Round(v)))
	case duration:
		d := time.Duration(v)
		switch {
		case d < time.Millisecond:
			return fmt.Sprintf("%.0f µs", v/1e3)
		case d < 10*time.Millisecond:
			return fmt.Sprintf("%.2f ms", v/1e6)
		case d < 100*time.Millisecond:
			return fmt.Sprintf("%.1f ms", v/1e6)
		default:
			return thousands(int64(math.Round(v/1e6))) + " ms"
		}
	case megabytes:
		return fmt.Sprintf("%.1f MB", v/1e6)
	default:
		return thousands(int64(math.Round(v)))
	}
}

// thousands writes n with commas between groups of three digits.
func thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// buildTable lays the servers' results out as the table, medians
// over the rounds. Skipped servers get no column.
func buildTable(results []*serverResult, conns []int) table {
	var t table
	var rs []*serverResult
	for _, r := range results {
		if r.skipped == "" {
			rs = append(rs, r)
			t.columns = append(t.columns, r.def.label)
		}
	}
	add := func(measure string, u unit, ratio bool, f func(*serverResult) float64) {
		cells := make([]float64, len(rs))
		for i, r := range rs {
			cells[i] = f(r)
		}
		t.rows = append(t.rows, row{measure: measure, unit: u, ratio: ratio, cells: cells})
	}
	top := conns[len(conns)-1]
	add(fmt.Sprintf("req/s, -c%d", top), perSecond, true, func(r *serverResult) float64 {
		return medianOf(r.closed[top], func(s summary) float64 { return s.RPS })
	})
	add(fmt.Sprintf("server CPU per request, -c%d", top), duration, true, func(r *serverResult) float64 {
		var measured []time.Duration
		for _, d := range r.cpuPerReq {
			if d >= 0 {
				measured = append(measured, d)
			}
		}
		if len(measured) == 0 {
			return math.NaN()
		}
		return float64(medianDuration(measured))
	})
	// The spread of the two ratios over the rounds: each round's value
	// over the first column's in the same round. On a shared machine a
	// median near a target says little without it.
	rates := func(r *serverResult) []float64 {
		v := make([]float64, len(r.closed[top]))
		for i, s := range r.closed[top] {
			v[i] = s.RPS
		}
		return v
	}
	cpus := func(r *serverResult) []float64 {
		v := make([]float64, len(r.cpuPerReq))
		for i, d := range r.cpuPerReq {
			v[i] = float64(d)
			if d < 0 {
				v[i] = math.NaN() // the round sent nothing
			}
		}
		return v
	}
	t.rows = append(t.rows,
		row{measure: fmt.Sprintf("req/s, -c%d, ratio in each round", top), texts: ratioRanges(rs, rates)},
		row{measure: fmt.Sprintf("CPU per request, -c%d, ratio in each round", top), texts: ratioRanges(rs, cpus)})
	for _, c := range conns {
		add(fmt.Sprintf("p50 at -c%d", c), duration, true, func(r *serverResult) float64 {
			return medianOf(r.closed[c], func(s summary) float64 { return float64(s.P50) })
		})
		add(fmt.Sprintf("p99 at -c%d", c), duration, true, func(r *serverResult) float64 {
			return medianOf(r.closed[c], func(s summary) float64 { return float64(s.P99) })
		})
	}
	add("paced rate (req/s)", perSecond, false, func(r *serverResult) float64 {
		return medianOf(r.paced, func(s summary) float64 { return s.Rate })
	})
	add("p50 paced", duration, true, func(r *serverResult) float64 {
		return medianOf(r.paced, func(s summary) float64 { return float64(s.P50) })
	})
	add("p99 paced", duration, true, func(r *serverResult) float64 {
		return medianOf(r.paced, func(s summary) float64 { return float64(s.P99) })
	})
	add("pacing timer lag p99 (load generator)", duration, false, func(r *serverResult) float64 {
		return medianOf(r.paced, func(s summary) float64 { return float64(s.LagP99) })
	})
	add("start to first 200 (median)", duration, true, func(r *serverResult) float64 {
		if len(r.startups) == 0 {
			return math.NaN()
		}
		return float64(medianDuration(r.startups))
	})
	add("idle RSS", megabytes, true, func(r *serverResult) float64 { return float64(r.idleRSS) })
	add(fmt.Sprintf("loaded RSS (after -c%d)", top), megabytes, true, func(r *serverResult) float64 { return float64(r.loadedRSS) })
	add("failed requests (all rounds)", count, false, func(r *serverResult) float64 {
		n := 0
		for _, ss := range r.closed {
			for _, s := range ss {
				n += s.Errors
			}
		}
		for _, s := range r.paced {
			n += s.Errors
		}
		return float64(n + r.pairedErrors)
	})
	return t
}

// ratioRanges is, for each server but the first, the lowest and highest
// of its per-round values over the first server's in the same round
// ("0.79–0.89×"); "—" for the first and for a server without rounds.
func ratioRanges(rs []*serverResult, values func(*serverResult) []float64) []string {
	out := make([]string, len(rs))
	for i := range out {
		out[i] = "—"
	}
	if len(rs) == 0 {
		return out
	}
	base := values(rs[0])
	for i, r := range rs[1:] {
		lo, hi := math.Inf(1), math.Inf(-1)
		for _, q := range ratiosByRound(values(r), base) {
			lo, hi = min(lo, q), max(hi, q)
		}
		if lo <= hi {
			out[i+1] = fmt.Sprintf("%.2f–%.2f×", lo, hi)
		}
	}
	return out
}
