package scenario

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"time"
)

// The JUnit report is valid under both schemas CIs read it by: the Apache
// Ant one (windyroad's JUnit.xsd, the strict one: a suite has its package,
// id, timestamp, hostname, properties, system-out and system-err, a case
// no output of its own) and the Jenkins one (jenkins-junit.xsd, which
// wants at least one property). testdata/junit/ holds both, and
// TestJUnitSchemas checks a report against them.

type junitSuites struct {
	XMLName xml.Name     `xml:"testsuites"`
	Suites  []junitSuite `xml:"testsuite"`
}

// junitSuite is a scenario file.
type junitSuite struct {
	Name       string          `xml:"name,attr"`
	Package    string          `xml:"package,attr"`
	ID         int             `xml:"id,attr"`
	Timestamp  string          `xml:"timestamp,attr"`
	Hostname   string          `xml:"hostname,attr"`
	Tests      int             `xml:"tests,attr"`
	Failures   int             `xml:"failures,attr"`
	Errors     int             `xml:"errors,attr"`
	Skipped    int             `xml:"skipped,attr"`
	Time       string          `xml:"time,attr"`
	Properties []junitProperty `xml:"properties>property"`
	Cases      []junitCase     `xml:"testcase"`
	SystemOut  junitText       `xml:"system-out"`
	SystemErr  junitText       `xml:"system-err"`

	total time.Duration
}

type junitProperty struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

// junitCase is a scenario, or a bad file.
type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Time      string        `xml:"time,attr"`
	Failure   *junitProblem `xml:"failure,omitempty"`
	Error     *junitProblem `xml:"error,omitempty"`
}

type junitProblem struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",cdata"`
}

// junitText is an element's text, in CDATA sections: a reader of the file
// sees the lines as they were printed, not "&#xA;" for each newline.
type junitText struct {
	Text string `xml:",cdata"`
}

// junitTimestamp is ISO 8601 without a zone, as the Ant schema wants; the
// report writes UTC.
const junitTimestamp = "2006-01-02T15:04:05"

// badFileType is the type of a bad file's error.
const badFileType = "bad scenario file"

// WriteJUnit writes the JUnit XML report: a suite per scenario file, a
// case per scenario, and a suite of one errored case per bad file. A
// failure's text is the text report's account of it, without the tally of
// the run; a suite's system-out holds the output of its run steps.
// Characters that XML cannot carry (terminal escapes, other control
// characters, invalid UTF-8) are left out or replaced, so the file stays
// well-formed whatever a client printed.
func (rep *Report) WriteJUnit(w io.Writer) error {
	stamp := rep.started().UTC().Format(junitTimestamp)
	host := rep.Hostname
	if host == "" {
		host = "localhost"
	}
	var doc junitSuites
	index := map[string]int{}
	suite := func(file string) *junitSuite {
		i, ok := index[file]
		if !ok {
			i = len(doc.Suites)
			index[file] = i
			name := xmlSafe(rep.rel(file))
			doc.Suites = append(doc.Suites, junitSuite{Name: name, Package: name, ID: i, Timestamp: stamp,
				Hostname: xmlSafe(host), Properties: []junitProperty{{Name: "file", Value: name}}})
		}
		return &doc.Suites[i]
	}
	var out strings.Builder
	for _, r := range rep.Results {
		s := suite(r.File)
		c := junitCase{Name: xmlSafe(r.Name), Classname: xmlSafe(rep.className(r.File)), Time: secs(r.Duration)}
		if !r.Passed {
			var b strings.Builder
			writeFailure(&b, r)
			msg := "failed"
			if f := r.Failure; f != nil {
				msg = f.Step + ": " + f.Message
			}
			c.Failure = &junitProblem{Message: xmlSafe(msg), Type: xmlSafe(failureType(r)), Text: xmlSafe(b.String())}
			s.Failures++
		}
		for _, o := range r.Outputs {
			out.Reset()
			fmt.Fprintf(&out, "--- %s: %s (line %d)\n%s", r.Name, o.Step, o.Line, o.Output)
			if !strings.HasSuffix(o.Output, "\n") {
				out.WriteString("\n")
			}
			s.SystemOut.Text += xmlSafe(out.String())
		}
		s.Tests++
		s.total += r.Duration
		s.Cases = append(s.Cases, c)
	}
	for _, b := range rep.BadFiles {
		s := suite(b.File)
		text := b.Err.Error()
		msg, _, _ := strings.Cut(text, "\n")
		s.Cases = append(s.Cases, junitCase{Name: s.Name, Classname: xmlSafe(rep.className(b.File)), Time: secs(0),
			Error: &junitProblem{Message: xmlSafe(msg), Type: badFileType, Text: xmlSafe(text)}})
		s.Tests++
		s.Errors++
	}
	for i := range doc.Suites {
		doc.Suites[i].Time = secs(doc.Suites[i].total)
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// failureType is a failure's JUnit type: the kind of step that failed,
// "request" or "expect_requests", or "setup".
func failureType(r *Result) string {
	if r.Failure == nil || r.Failure.Step == "" {
		return "failure"
	}
	step := r.Failure.Step
	if _, rest, ok := strings.Cut(step, "] "); ok {
		step = rest
	}
	kind, _, _ := strings.Cut(step, " ")
	return kind
}

func secs(d time.Duration) string { return fmt.Sprintf("%.3f", d.Seconds()) }
