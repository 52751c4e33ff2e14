package main

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
)

// Paired rounds: many short rounds at the top concurrency, every server in
// each, after the long rounds. A ratio is taken within each round (two
// servers a few seconds apart share the machine's mood), and the table
// gives the median of those ratios with a confidence interval for it. On a
// shared machine this settles a small difference — info logging's cost of
// a few percent — that the difference of two servers' medians over three
// long rounds does not: that moved from 0.9 to 5.4 % between runs of one
// build (RESULTS.md, ninth run).

// pairTurns is how many paired rounds run for n servers when pairs are
// asked for: pairs rounded up to a whole number of 2n rounds, over which
// each server runs before each other as often as after it (0 for fewer
// than two servers: there is no pair).
func pairTurns(pairs, n int) int {
	if n < 2 || pairs <= 0 {
		return 0
	}
	cycle := 2 * n
	return (pairs + cycle - 1) / cycle * cycle
}

// pairOrder is the order of the servers in paired round round: rotated
// by the round, and reversed in every other turn of n rounds, so that
// over 2n rounds each server runs in each place twice and before each
// other n times.
func pairOrder[T any](live []T, round int) []T {
	order := rotate(live, round)
	if len(live) > 0 && (round/len(live))%2 == 1 {
		slices.Reverse(order)
	}
	return order
}

// pairedRounds runs pairTurns(cfg.pairs, servers) rounds of
// cfg.pairDuration at the top concurrency on every live server, in
// pairOrder. Each server's req/s and CPU per request go to its paired
// fields, one value a round (NaN for a round that sent nothing), its
// failed requests to pairedErrors. Before each turn of n rounds (one
// round in each order of the rotation) but the first, restart, when not
// nil, starts every fresh server afresh (it replaces the server's process
// in procs). It returns how many rounds it
// ran in full and the error that stopped it, if one did.
func pairedRounds(ctx context.Context, cfg config, live []*serverResult, procs map[*serverResult]*proc,
	closed func(*proc, int, time.Duration) (summary, int, error), restart func(*serverResult) error, logf func(string, ...any)) (int, error) {
	top := cfg.conns[len(cfg.conns)-1]
	rounds := pairTurns(cfg.pairs, len(live))
	if rounds != cfg.pairs && rounds > 0 {
		logf("paired rounds: %d, -pairs %d rounded up to a whole number of %d (twice the servers), so that each runs before each other as often as after", rounds, cfg.pairs, 2*len(live))
	}
	for round := range rounds {
		if restart != nil && round > 0 && round%len(live) == 0 {
			for _, r := range live {
				if !r.def.fresh {
					continue
				}
				if err := ctx.Err(); err != nil {
					return round, err
				}
				if err := restart(r); err != nil {
					return round, fmt.Errorf("paired round %d, starting %s afresh: %w", round+1, r.def.name, err)
				}
			}
		}
		type value struct{ rps, cpu float64 }
		got := map[*serverResult]value{}
		for _, r := range pairOrder(live, round) {
			if err := ctx.Err(); err != nil {
				return round, err
			}
			p := procs[r]
			cpu0, _ := procCPU(p.pid())
			s, n, err := closed(p, top, cfg.pairDuration)
			cpu1, _ := procCPU(p.pid())
			if err != nil {
				return round, fmt.Errorf("paired round %d, %s: %w", round+1, r.def.name, err)
			}
			v := value{math.NaN(), math.NaN()}
			if n > 0 {
				v = value{s.RPS, float64(cpu1-cpu0) / float64(n)}
			}
			got[r] = v
			r.pairedErrors += s.Errors
			logf("paired round %d, %s -c%d: %.0f req/s, %.1f µs CPU a request, %d failed", round+1, r.def.name, top, v.rps, v.cpu/1e3, s.Errors)
		}
		// A round is kept only whole, so that round k of every server
		// lines up.
		for _, r := range live {
			r.pairedRPS = append(r.pairedRPS, got[r].rps)
			r.pairedCPU = append(r.pairedCPU, got[r].cpu)
		}
	}
	return rounds, nil
}

// pairedSection is the Markdown of the paired rounds: each server's
// ratios to the ceiling (when it ran), and wxmock's to wxmock (warn)
// when both ran, which is info logging's cost. It is empty when no
// round ran; stopped, when not nil, says why the rounds ended early.
// fresh says whether the Go servers were started afresh for each turn
// of n rounds after the first.
func pairedSection(results []*serverResult, rounds int, d time.Duration, conns int, fresh bool, stopped error) string {
	var rs []*serverResult
	for _, r := range results {
		if r.skipped == "" && len(r.pairedRPS) > 0 {
			rs = append(rs, r)
		}
	}
	if len(rs) < 2 {
		return ""
	}
	type pair struct{ a, b *serverResult }
	var pairs []pair
	var ceiling, info, warn *serverResult
	for _, r := range rs {
		switch r.def.name {
		case "ceiling":
			ceiling = r
		case "wxmock":
			info = r
		case "wxmock-warn":
			warn = r
		}
	}
	for _, r := range rs {
		if ceiling != nil && r != ceiling {
			pairs = append(pairs, pair{r, ceiling})
		}
	}
	if info != nil && warn != nil {
		pairs = append(pairs, pair{info, warn})
	}
	if len(pairs) == 0 {
		return ""
	}

	var b strings.Builder
	fmt.Fprintf(&b, "\n### Paired rounds\n\n")
	fmt.Fprintf(&b, "%d rounds of %v at -c%d, every server in each, the order rotating (and reversed every other turn). ", len(rs[0].pairedRPS), d, conns)
	b.WriteString("A cell is the median over the rounds of a ratio taken within one round, ")
	b.WriteString("and in brackets a confidence interval of at least 95 % for that median ")
	b.WriteString("(order statistics: it assumes the rounds independent, not their distribution).")
	if fresh && len(rs[0].pairedRPS) > len(rs) {
		var names []string
		for _, r := range rs {
			if r.def.fresh {
				names = append(names, r.def.label)
			}
		}
		if len(names) > 0 {
			fmt.Fprintf(&b, " Started afresh and warmed before each turn of %d rounds after the first, so that each process's luck weighs on its turn alone: %s.", len(rs), strings.Join(names, ", "))
		}
	}
	b.WriteString("\n\n")
	if stopped != nil {
		fmt.Fprintf(&b, "The paired rounds stopped after %d of them: %v.\n\n", rounds, stopped)
	}
	b.WriteString("| ratio | req/s | CPU per request |\n|---|---:|---:|\n")
	var logging string
	for _, p := range pairs {
		rps := ratiosByRound(p.a.pairedRPS, p.b.pairedRPS)
		cpu := ratiosByRound(p.a.pairedCPU, p.b.pairedCPU)
		fmt.Fprintf(&b, "| %s / %s | %s | %s |\n", p.a.def.label, p.b.def.label, formatCI(rps), formatCI(cpu))
		if p.a == info && p.b == warn {
			// The cost is 1 − the ratio: the interval turns around.
			m, lo, hi, ok := medianCI(rps, 0.95)
			if !math.IsNaN(m) {
				logging = fmt.Sprintf("\nInfo logging's cost (1 − wxmock's req/s over wxmock (warn)'s in the same round): %.1f %%", 100*(1-m))
				if ok {
					logging += fmt.Sprintf(", interval of at least 95 %% %.1f to %.1f %%", 100*(1-hi), 100*(1-lo))
				} else {
					logging += " (too few rounds for an interval: 6 at least)"
				}
				logging += fmt.Sprintf(" over %d rounds.\n", len(rps))
			}
		}
	}
	b.WriteString(logging)
	return b.String()
}

// ratiosByRound is a[i]/b[i] for every round both have a value for
// (pairedRounds keeps every server's rounds in step).
func ratiosByRound(a, b []float64) []float64 {
	var out []float64
	for i := range min(len(a), len(b)) {
		if math.IsNaN(a[i]) || math.IsNaN(b[i]) || b[i] == 0 {
			continue
		}
		out = append(out, a[i]/b[i])
	}
	return out
}

// formatCI writes the median of v and its interval ("0.861
// (0.842–0.880)"); "—" without values, and the median alone when there
// are too few for the interval.
func formatCI(v []float64) string {
	m, lo, hi, ok := medianCI(v, 0.95)
	if math.IsNaN(m) {
		return "—"
	}
	if !ok {
		return fmt.Sprintf("%.3f", m)
	}
	return fmt.Sprintf("%.3f (%.3f–%.3f)", m, lo, hi)
}

// medianCI is the median of v (NaNs left out) and a distribution-free
// confidence interval of at least conf for it: the k-th smallest and k-th
// largest values, k the largest rank at which P(Bin(n, ½) < k) ≤ (1−conf)/2.
// ok is false when there are too few values for any such interval (fewer
// than 6 at 95 %); m is NaN without values.
func medianCI(v []float64, conf float64) (m, lo, hi float64, ok bool) {
	s := make([]float64, 0, len(v))
	for _, x := range v {
		if !math.IsNaN(x) {
			s = append(s, x)
		}
	}
	if len(s) == 0 {
		return math.NaN(), math.NaN(), math.NaN(), false
	}
	slices.Sort(s)
	m = median(s)
	k := medianRank(len(s), conf)
	if k < 1 {
		return m, math.NaN(), math.NaN(), false
	}
	return m, s[k-1], s[len(s)-k], true
}

// medianRank is the k of medianCI for n values: 0 when even k = 1 (the
// smallest and largest values) covers less than conf.
func medianRank(n int, conf float64) int {
	tail := (1 - conf) / 2
	k := 0
	cdf := 0.0 // P(Bin(n, ½) ≤ j), j = k-1 … as k grows
	for j := 0; j < n; j++ {
		cdf += binomHalf(n, j)
		if cdf > tail {
			break
		}
		k = j + 1
	}
	return k
}

// binomHalf is P(Bin(n, ½) = j), computed in logs so that no term
// underflows before it is small enough not to matter.
func binomHalf(n, j int) float64 {
	ln := func(x int) float64 { v, _ := math.Lgamma(float64(x + 1)); return v }
	return math.Exp(ln(n) - ln(j) - ln(n-j) - float64(n)*math.Ln2)
}
