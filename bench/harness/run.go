package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// run does one whole measurement: build, capture wxmock's answer, start-ups,
// warm-up, the rounds, then the table on out. Progress goes to logw.
func run(ctx context.Context, cfg config, out, logw io.Writer) error {
	logf := func(format string, a ...any) { fmt.Fprintf(logw, format+"\n", a...) }
	startedAt := time.Now()
	loadBefore := loadAvg()
	if err := os.MkdirAll(cfg.workDir, 0o755); err != nil {
		return err
	}
	e := &env{workDir: cfg.workDir, wxmockBin: cfg.wxmockBin}
	if err := build(e, logf); err != nil {
		return err
	}
	closed, loadFact, err := closedLoopOf(cfg.load)
	if err != nil {
		return err
	}
	logf("closed loops: %s", loadFact)
	if err := capture(e, cfg, logf); err != nil {
		return err
	}

	var results []*serverResult
	for _, d := range serverDefs() {
		if !contains(cfg.servers, d.name) {
			continue
		}
		r := newServerResult(&d)
		if err := d.prepare(e); err != nil {
			r.skipped = err.Error()
			logf("skipping %s: %v", d.name, err)
		}
		results = append(results, r)
	}
	live := func() []*serverResult {
		var l []*serverResult
		for _, r := range results {
			if r.skipped == "" {
				l = append(l, r)
			}
		}
		return l
	}

	// Start-ups, alternating servers; each instance is stopped at once.
	seq := 0
	for i := range cfg.starts {
		for _, r := range rotate(live(), i) {
			if err := ctx.Err(); err != nil {
				return err
			}
			seq++
			p, err := launch(e, r.def, seq, cfg.poll, cfg.startTimeout)
			if err != nil {
				r.skipped = "did not start: " + err.Error()
				logf("skipping %s: %v", r.def.name, err)
				continue
			}
			r.startups = append(r.startups, p.startup)
			p.stop()
			logf("start %d of %s: %v", i+1, r.def.name, p.startup.Round(10*time.Microsecond))
		}
	}

	// The long-lived instances: checked, measured idle, warmed.
	procs := map[*serverResult]*proc{}
	defer func() {
		for _, p := range procs {
			p.stop()
		}
	}()
	for _, r := range live() {
		seq++
		p, err := launch(e, r.def, seq, cfg.poll, cfg.startTimeout)
		if err != nil {
			r.skipped = "did not start: " + err.Error()
			logf("skipping %s: %v", r.def.name, err)
			continue
		}
		procs[r] = p
		if err := checkAnswer(p, e.answer, r); err != nil {
			r.skipped = err.Error()
			logf("skipping %s: %v", r.def.name, err)
		}
	}
	settle(ctx, 500*time.Millisecond)
	for _, r := range live() {
		r.idleRSS, _ = procRSS(procs[r].pid())
	}
	if cfg.warmup > 0 {
		for _, r := range live() {
			if err := ctx.Err(); err != nil {
				return err
			}
			logf("warming %s for %v", r.def.name, cfg.warmup)
			if _, _, err := closed(procs[r], cfg.conns[len(cfg.conns)-1], cfg.warmup); err != nil {
				return err
			}
		}
	}

	// The rounds: each load level on every server in turn, the order of
	// servers rotating from round to round.
	top := cfg.conns[len(cfg.conns)-1]
	for round := range cfg.rounds {
		maxRate := map[*serverResult]float64{}
		for _, c := range cfg.conns {
			for _, r := range rotate(live(), round) {
				if err := ctx.Err(); err != nil {
					return err
				}
				p := procs[r]
				cpu0, _ := procCPU(p.pid())
				s, n, err := closed(p, c, cfg.duration)
				cpu1, _ := procCPU(p.pid())
				if err != nil {
					return err
				}
				r.closed[c] = append(r.closed[c], s)
				if c == top {
					maxRate[r] = s.RPS
					// One value a round, so that round k of every server
					// lines up: -1 for a round that sent nothing.
					perReq := time.Duration(-1)
					if n > 0 {
						perReq = (cpu1 - cpu0) / time.Duration(n)
					}
					r.cpuPerReq = append(r.cpuPerReq, perReq)
					if rss, err := procRSS(p.pid()); err == nil {
						r.loadedRSS = max(r.loadedRSS, rss)
					}
				}
				logf("round %d, %s -c%d: %.0f req/s, p50 %v, p99 %v, %d failed", round+1, r.def.name, c, s.RPS, s.P50, s.P99, s.Errors)
			}
		}
		for _, r := range rotate(live(), round) {
			if err := ctx.Err(); err != nil {
				return err
			}
			rate := cfg.paceRate
			if rate == 0 {
				rate = maxRate[r] / 2
			}
			if rate <= 0 {
				continue
			}
			p := procs[r]
			s := summarize(openLoop(p.addr, p.req, cfg.pacedConns, rate, cfg.duration))
			r.paced = append(r.paced, s)
			logf("round %d, %s paced at %.0f req/s: p50 %v, p99 %v (pacing lag p99 %v), %d failed", round+1, r.def.name, rate, s.P50, s.P99, s.LagP99, s.Errors)
		}
	}

	// A paired round that fails stops the paired rounds, not the run:
	// the long rounds' table is still written.
	var restart func(*serverResult) error
	if cfg.pairFresh {
		restart = func(r *serverResult) error {
			procs[r].stop()
			seq++
			p, err := launch(e, r.def, seq, cfg.poll, cfg.startTimeout)
			if err != nil {
				return err
			}
			procs[r] = p
			if err := checkAnswer(p, e.answer, &serverResult{}); err != nil {
				return err
			}
			logf("started %s afresh; warming it for %v", r.def.name, cfg.pairDuration)
			_, _, err = closed(p, top, cfg.pairDuration)
			return err
		}
	}
	pairsRun, pairsErr := pairedRounds(ctx, cfg, live(), procs, closed, restart, logf)
	if err := ctx.Err(); err != nil {
		return err
	}
	if pairsErr != nil {
		logf("%v", pairsErr)
	}

	fmt.Fprintf(out, "## Run of %s\n\n", startedAt.UTC().Format("2006-01-02 15:04 MST"))
	fmt.Fprintf(out, "- command: `go run ./bench/harness %s`\n", strings.Join(cfg.args, " "))
	fresh := ""
	if cfg.pairFresh {
		fresh = ", the Go servers started afresh for each turn of them after the first"
	}
	fmt.Fprintf(out, "- settings: %d round(s) of %v per load level, warm-up %v, %d start(s) per server, %d paired round(s) of %v%s\n", cfg.rounds, cfg.duration, cfg.warmup, cfg.starts, cfg.pairs, cfg.pairDuration, fresh)
	fmt.Fprintf(out, "- closed loops: %s; paced load: the harness's own\n", loadFact)
	for _, f := range machineFacts() {
		fmt.Fprintf(out, "- %s\n", f)
	}
	fmt.Fprintf(out, "- load average before: %s; after: %s\n\n", loadBefore, loadAvg())
	fmt.Fprint(out, buildTable(results, cfg.conns).markdown())
	fmt.Fprint(out, pairedSection(results, pairsRun, cfg.pairDuration, top, cfg.pairFresh, pairsErr))
	for _, r := range results {
		if r.skipped != "" {
			fmt.Fprintf(out, "\n%s: not measured: %s", r.def.label, r.skipped)
		}
		for _, n := range r.notes {
			fmt.Fprintf(out, "\n%s: %s", r.def.label, n)
		}
	}
	fmt.Fprintln(out)
	return nil
}

// closedLoopOf is the closed loop of the generator load names (see
// config.load), and a line that says which it is. The loop returns its
// summary and how many requests it sent.
func closedLoopOf(load string) (func(p *proc, conns int, d time.Duration) (summary, int, error), string, error) {
	bin, _ := exec.LookPath("wrk")
	switch {
	case load == "wrk" && bin == "":
		return nil, "", fmt.Errorf("-load wrk: wrk is not on PATH (Debian: apt-get install wrk)")
	case load == "go" || bin == "":
		fact := "the harness's own generator"
		if load == "auto" {
			fact += " (wrk is not on PATH)"
		}
		return func(p *proc, conns int, d time.Duration) (summary, int, error) {
			res := closedLoop(p.addr, p.req, conns, d)
			return summarize(res), res.Requests + res.Errors, nil
		}, fact, nil
	}
	return func(p *proc, conns int, d time.Duration) (summary, int, error) {
		return wrkLoad(bin, p.dir, p.addr, p.req, conns, d)
	}, wrkVersion(bin) + ", two threads (one for -c1)", nil
}

// build puts wxmock (unless given) and the ceiling into the work folder,
// built from the module the harness runs in.
func build(e *env, logf func(string, ...any)) error {
	bin := filepath.Join(e.workDir, "bin")
	targets := []struct {
		pkg string
		out *string
	}{
		{"github.com/wxmock/wxmock/bench/harness/ceiling", &e.ceilingBin},
		{"github.com/wxmock/wxmock/cmd/wxmock", &e.wxmockBin},
	}
	for _, t := range targets {
		if *t.out != "" {
			continue
		}
		*t.out = filepath.Join(bin, filepath.Base(t.pkg))
		logf("building %s", t.pkg)
		if b, err := exec.Command("go", "build", "-o", *t.out, t.pkg).CombinedOutput(); err != nil {
			return fmt.Errorf("go build %s: %v\n%s", t.pkg, err, b)
		}
	}
	return nil
}

// capture starts wxmock once and records its answer to the measured
// request, which every other server is then set up to give.
func capture(e *env, cfg config, logf func(string, ...any)) error {
	defs := serverDefs()
	p, err := launch(e, &defs[1], 0, cfg.poll, cfg.startTimeout)
	if err != nil {
		return fmt.Errorf("capturing wxmock's answer: %w", err)
	}
	defer p.stop()
	a, _, err := p.fetch()
	if err != nil {
		return fmt.Errorf("capturing wxmock's answer: %w", err)
	}
	e.answer = a
	logf("wxmock answers %d bytes, Content-Type %q: %s", len(a.Body), a.ContentType, a.Body)
	return nil
}

// checkAnswer fails unless p answers the captured body; a different
// Content-Type is only noted, since some servers add a charset.
func checkAnswer(p *proc, want answer, r *serverResult) error {
	got, _, err := p.fetch()
	if err != nil {
		return fmt.Errorf("checking its answer: %w", err)
	}
	if !bytes.Equal(got.Body, want.Body) {
		return fmt.Errorf("answers other bytes: %q, want %q", got.Body, want.Body)
	}
	if got.ContentType != want.ContentType {
		r.notes = append(r.notes, fmt.Sprintf("answers Content-Type %q (wxmock: %q)", got.ContentType, want.ContentType))
	}
	return nil
}

// rotate is s turned left by k, so that each round starts with another
// server.
func rotate[T any](s []T, k int) []T {
	if len(s) == 0 {
		return s
	}
	k %= len(s)
	return append(append([]T{}, s[k:]...), s[:k]...)
}

func contains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

func settle(ctx context.Context, d time.Duration) {
	select {
	case <-ctx.Done():
	case <-time.After(d):
	}
}
