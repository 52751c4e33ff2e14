package main

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"
	"time"
)

// TestQuickRun runs the harness for real, -quick, against the ceiling and
// both wxmock rows (no WireMock: java takes seconds to start). It builds
// both binaries, so it is opt-in: WXMOCK_HARNESS_SMOKE=1. It checks that a
// table comes out with every server in it, never how fast they were.
func TestQuickRun(t *testing.T) {
	if testing.Short() || os.Getenv("WXMOCK_HARNESS_SMOKE") == "" {
		t.Skip("set WXMOCK_HARNESS_SMOKE=1 to run the harness against wxmock and the ceiling")
	}
	// -quick: one whole cycle of 6 paired rounds, two turns of 3, so
	// that the Go servers are started afresh once.
	cfg, err := parseFlags([]string{"-quick", "-duration", "200ms", "-servers", "ceiling,wxmock,wxmock-warn", "-work", t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	var out, log bytes.Buffer
	if err := run(ctx, cfg, &out, &log); err != nil {
		t.Fatalf("run: %v\nlog:\n%s", err, log.String())
	}
	for _, want := range []string{"| measure | ceiling | wxmock | wxmock (warn) |", "| req/s, -c32 |", "| p99 paced |", "| failed requests (all rounds) | 0 | 0 | 0 |", "### Paired rounds", "| wxmock / wxmock (warn) |", "6 rounds of 200ms", "Started afresh and warmed before each turn of 3 rounds after the first"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s\nlog:\n%s", want, out.String(), log.String())
		}
	}
	if n := strings.Count(log.String(), "afresh; warming it"); n != 3 {
		t.Errorf("%d servers started afresh, want 3 (one turn after the first):\n%s", n, log.String())
	}
}
