package scenario

import (
	"fmt"
	"io"
	"strings"
)

// WriteText writes the readable report: a line per scenario, and for each
// failure what was expected, what came, the diff and the journal excerpt.
func WriteText(w io.Writer, results []*Result) {
	passed := 0
	for _, r := range results {
		if r.Passed {
			passed++
			continue
		}
		fmt.Fprintln(w)
		writeFailure(w, r)
	}
	fmt.Fprintf(w, "\n%d passed, %d failed\n", passed, len(results)-passed)
}

// writeFailure writes what the text report says of a failed scenario, and
// the JUnit report in its failure: no tally of the run.
func writeFailure(w io.Writer, r *Result) {
	f := r.Failure
	if f == nil {
		f = &Failure{}
	}
	fmt.Fprintf(w, "FAIL %s (%s:%d)\n  %s at line %d: %s\n", r.Name, r.File, r.Line, f.Step, f.Line, indent(f.Message))
	if f.Expected != "" {
		fmt.Fprintf(w, "  expected: %s\n", indent(f.Expected))
	}
	if f.Got != "" {
		fmt.Fprintf(w, "  got:      %s\n", indent(f.Got))
	}
	if f.Diff != "" {
		fmt.Fprintf(w, "  diff (-expected +got):\n%s\n", indent("    "+f.Diff))
	}
	if f.Output != "" {
		fmt.Fprintf(w, "  output:\n%s\n", indent("    "+f.Output))
	}
	if len(r.Journal) > 0 {
		whose := "the client's last calls to the scenario's app"
		if f.Step == "setup" {
			whose = "the runner's setup calls to the scenario's app"
		}
		fmt.Fprintf(w, "  journal (%s):\n    %s\n", whose, strings.Join(r.Journal, "\n    "))
	}
	if r.Skipped > 0 {
		fmt.Fprintf(w, "  %d later steps skipped\n", r.Skipped)
	}
}

func indent(s string) string { return strings.ReplaceAll(strings.TrimRight(s, "\n"), "\n", "\n    ") }

// ProgressLine is the one line a scenario gets as it ends.
func ProgressLine(r *Result) string {
	state := "ok  "
	if !r.Passed {
		state = "FAIL"
	}
	return fmt.Sprintf("%s %-60s %6.2fs", state, r.Name, r.Duration.Seconds())
}

// WriteJUnit writes the JUnit XML report of results alone; see
// Report.WriteJUnit.
func WriteJUnit(w io.Writer, results []*Result) error {
	return (&Report{Results: results}).WriteJUnit(w)
}

// WriteJSON writes the JSON report of results alone; see Report.WriteJSON.
func WriteJSON(w io.Writer, results []*Result) error {
	return (&Report{Results: results}).WriteJSON(w)
}
