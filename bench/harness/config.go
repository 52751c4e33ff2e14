package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// config is one run's settings, from the flags.
type config struct {
	args         []string      // the command line's flags, for the report
	servers      []string      // names from serverDefs, in the table's order
	rounds       int           // rounds of every load level on every server
	duration     time.Duration // of each load level on each server, each round
	warmup       time.Duration // closed-loop -c32 load on each server before round 1
	starts       int           // start-ups measured per server
	conns        []int         // closed-loop concurrencies
	pacedConns   int           // connections the paced load may use at once
	paceRate     float64       // paced requests per second; 0: half of each server's own -c32 rate in the round
	workDir      string        // binaries, npm packages, configs and logs
	wxmockBin    string        // a wxmock binary to use instead of building one
	poll         time.Duration // start-up polling interval
	startTimeout time.Duration // how long a server may take to answer its first 200
	load         string        // the closed loops' generator: "auto", "wrk" or "go"
	pairs        int           // paired rounds at the top concurrency, after the rounds (paired.go)
	pairDuration time.Duration // of each server's turn in a paired round
	pairFresh    bool          // start the Go servers afresh for each turn (n rounds) of paired rounds
}

// parseFlags reads the command line into a config; -quick first sets a
// few-seconds run that later flags may still change.
func parseFlags(args []string) (config, error) {
	fs := flag.NewFlagSet("harness", flag.ContinueOnError)
	var c config
	all := make([]string, 0, 6)
	for _, d := range serverDefs() {
		all = append(all, d.name)
	}
	servers := fs.String("servers", strings.Join(all, ","), "servers to measure, comma-separated, from: "+strings.Join(all, ", "))
	quick := fs.Bool("quick", false, "a short run (two or three minutes with every server) to check the harness works: 1 round, 500ms per level, no warm-up, 1 start, one cycle of paired rounds of 200ms (twice the servers; other flags still apply)")
	fs.IntVar(&c.rounds, "rounds", 3, "rounds; each runs every load level on every server, servers alternating")
	fs.DurationVar(&c.duration, "duration", 10*time.Second, "length of each load level on each server")
	fs.DurationVar(&c.warmup, "warmup", 20*time.Second, "warm-up load (-c32) on each server before the first round, for the JITs")
	fs.IntVar(&c.starts, "starts", 5, "start-ups measured per server (the median is shown)")
	fs.IntVar(&c.pacedConns, "paced-conns", 32, "connections the paced load may have in flight")
	fs.Float64Var(&c.paceRate, "pace-rate", 0, "paced load in requests per second for every server; 0: half of each server's own -c32 rate in the same round")
	fs.StringVar(&c.workDir, "work", filepath.Join(os.TempDir(), "wxmock-harness"), "work folder: binaries, the npm cache, configurations and server logs")
	fs.StringVar(&c.wxmockBin, "wxmock", "", "wxmock binary to measure (default: built from this checkout)")
	fs.DurationVar(&c.poll, "poll", 100*time.Microsecond, "start-up polling interval")
	fs.DurationVar(&c.startTimeout, "start-timeout", 60*time.Second, "how long a server may take to answer its first 200")
	fs.IntVar(&c.pairs, "pairs", 20, "paired rounds after the rounds: short -c32 loads of every server, each ratio taken within a round, rounded up to a whole number of twice the servers; 0: none")
	fs.DurationVar(&c.pairDuration, "pair-duration", 3*time.Second, "length of each server's turn in a paired round")
	fs.BoolVar(&c.pairFresh, "pair-fresh", true, "start the Go servers (the ceiling and wxmock) afresh, and warm them for -pair-duration, before each turn of paired rounds (one round per server) after the first, so that no one process's luck (where its memory and threads landed) weighs on every round; the JIT servers are kept")
	fs.StringVar(&c.load, "load", "auto", "the closed loops' load generator: wrk (Debian's package), go (the harness's own), or auto: wrk when it is on PATH; the paced load is always the harness's")
	if err := fs.Parse(args); err != nil {
		return config{}, err
	}
	if fs.NArg() > 0 {
		return config{}, fmt.Errorf("unexpected arguments: %q", fs.Args())
	}
	if *quick {
		set := map[string]bool{}
		fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
		if !set["rounds"] {
			c.rounds = 1
		}
		if !set["duration"] {
			c.duration = 500 * time.Millisecond
		}
		if !set["warmup"] {
			c.warmup = 0
		}
		if !set["starts"] {
			c.starts = 1
		}
		if !set["pairs"] {
			c.pairs = 1 // rounded up to one whole cycle: two turns, twice the servers
		}
		if !set["pair-duration"] {
			c.pairDuration = 200 * time.Millisecond
		}
	}
	c.conns = []int{1, 4, 32}
	c.args = args
	known := map[string]bool{}
	for _, n := range all {
		known[n] = true
	}
	for _, n := range strings.Split(*servers, ",") {
		n = strings.TrimSpace(n)
		if n == "" {
			continue
		}
		if !known[n] {
			return config{}, fmt.Errorf("-servers: unknown server %q (known: %s)", n, strings.Join(all, ", "))
		}
		c.servers = append(c.servers, n)
	}
	if c.load != "auto" && c.load != "wrk" && c.load != "go" {
		return config{}, fmt.Errorf("-load: %q is not auto, wrk or go", c.load)
	}
	if len(c.servers) == 0 || c.rounds < 1 || c.starts < 1 || c.duration <= 0 || c.pacedConns < 1 || c.pairs < 0 || c.pairDuration <= 0 {
		return config{}, fmt.Errorf("need at least one server, round, start, a positive -duration, -pair-duration and -paced-conns, and no negative -pairs")
	}
	return c, nil
}
