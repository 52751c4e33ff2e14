package scenario_test

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/wxmock/wxmock/internal/scenario"
)

// TestRunOutputIsBounded: a command that prints 50 MB costs the runner no
// more than one that prints a line, and the report shows the output's
// head and tail with the count of the bytes between. It is not parallel,
// so that other tests do not allocate while it measures.
func TestRunOutputIsBounded(t *testing.T) {
	const total = 50_000_000
	r, err := scenario.NewRunner(scenario.Options{})
	if err != nil {
		t.Fatal(err)
	}
	// run runs a client that prints n bytes and fails, and returns its
	// output as reported and the bytes the run allocated.
	run := func(n int) (string, uint64) {
		scs, err := scenario.Parse("output.yaml", []byte(fmt.Sprintf(`
name: a client that prints %d bytes
steps:
  - run: {command: "yes 'line of output' | head -c %d; exit 1"}
`, n, n)))
		if err != nil {
			t.Fatal(err)
		}
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		res := r.Run(context.Background(), scs)[0]
		runtime.ReadMemStats(&after)
		if res.Passed || res.Failure == nil {
			t.Fatal("scenario passed, want the run step to fail on its exit code")
		}
		return res.Failure.Output, after.TotalAlloc - before.TotalAlloc
	}
	_, quiet := run(100)
	got, loud := run(total)
	const head, tail = 2000, 6000
	want := lines(0, head) + fmt.Sprintf("\n… (%d bytes not shown) …\n", total-head-tail) + lines(total-tail, tail)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("output mismatch (-want +got):\n%s", diff)
	}
	// The scenario's own wxmock takes some MB; the output kept whole took
	// 50 MB and more.
	if limit := quiet + 8<<20; loud > limit {
		t.Errorf("a run that printed %d bytes allocated %d bytes, want at most %d (one that printed 100 allocated %d)", total, loud, limit, quiet)
	}
}

// lines is n bytes of what `yes 'line of output'` prints, from offset on.
func lines(offset, n int) string {
	const line = "line of output\n"
	var b strings.Builder
	for i := offset; i < offset+n; i++ {
		b.WriteByte(line[i%len(line)])
	}
	return b.String()
}
