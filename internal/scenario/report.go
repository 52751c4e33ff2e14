package scenario

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"time"
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
		f := r.Failure
		fmt.Fprintf(w, "\nFAIL %s (%s:%d)\n  %s at line %d: %s\n", r.Name, r.File, r.Line, f.Step, f.Line, indent(f.Message))
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
	fmt.Fprintf(w, "\n%d passed, %d failed\n", passed, len(results)-passed)
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

type junitSuites struct {
	XMLName xml.Name     `xml:"testsuites"`
	Suites  []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Time     string      `xml:"time,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Time      string        `xml:"time,attr"`
	Failure   *junitFailure `xml:"failure,omitempty"`
}

type junitFailure struct {
	Message string `xml:"message,attr"`
	Text    string `xml:",chardata"`
}

// WriteJUnit writes JUnit XML: a suite per scenario file, a case per
// scenario.
func WriteJUnit(w io.Writer, results []*Result) error {
	var doc junitSuites
	index := map[string]int{}
	for _, r := range results {
		i, ok := index[r.File]
		if !ok {
			i = len(doc.Suites)
			index[r.File] = i
			doc.Suites = append(doc.Suites, junitSuite{Name: r.File})
		}
		s := &doc.Suites[i]
		c := junitCase{Name: r.Name, Classname: strings.TrimSuffix(r.File, ".yaml"), Time: secs(r.Duration)}
		if !r.Passed {
			var b strings.Builder
			WriteText(&b, []*Result{r})
			c.Failure = &junitFailure{Message: r.Failure.Step + ": " + r.Failure.Message, Text: b.String()}
			s.Failures++
		}
		s.Tests++
		s.Cases = append(s.Cases, c)
	}
	for i := range doc.Suites {
		var total time.Duration
		for _, r := range results {
			if r.File == doc.Suites[i].Name {
				total += r.Duration
			}
		}
		doc.Suites[i].Time = secs(total)
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	return enc.Encode(doc)
}

func secs(d time.Duration) string { return fmt.Sprintf("%.3f", d.Seconds()) }

// WriteJSON writes every result as JSON.
func WriteJSON(w io.Writer, results []*Result) error {
	passed := 0
	for _, r := range results {
		if r.Passed {
			passed++
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(map[string]any{"passed": passed, "failed": len(results) - passed, "scenarios": results})
}
