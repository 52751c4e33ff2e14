package scenario_test

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/wxmock/wxmock/internal/scenario"
)

// sampleReport has what a JUnit report must carry: a pass with run
// output that XML cannot hold as it is, a failure, a bad file, and files
// found under an absolute and a relative root.
func sampleReport() *scenario.Report {
	abs := filepath.Join(string(filepath.Separator), "ci", "work", "contract")
	return &scenario.Report{
		Roots:    []string{abs, "more", "one.yaml"},
		Started:  time.Date(2024, 1, 24, 14, 0, 27, 0, time.FixedZone("CST", 8*3600)),
		Hostname: "ci-runner-7",
		Results: []*scenario.Result{
			{Name: "sync pages", File: filepath.Join(abs, "sync.yaml"), Line: 1, Passed: true, Duration: 1500 * time.Millisecond,
				Outputs: []scenario.RunOutput{{Step: "steps[0] run", Line: 4,
					Output: "\x1b[32mok\x1b[0m 3 pages\x00\x07 \xff\xfe ]]> <done> & \"q\"\n"}}},
			{Name: "retries", File: filepath.Join(abs, "sub", "retry.yaml"), Line: 3, Duration: 250 * time.Millisecond,
				Failure: &scenario.Failure{Step: "steps[2] expect_requests", Line: 9, Message: "count", Expected: "4", Got: "3"}},
			{Name: "one", File: "one.yaml", Line: 1, Passed: true},
			{Name: "more", File: filepath.Join("more", "m.yml"), Line: 1, Passed: true},
		},
		BadFiles: []scenario.BadFile{{File: filepath.Join(abs, "typo.yaml"),
			Err: &scenario.ParseError{File: filepath.Join(abs, "typo.yaml"), Line: 3, Column: 5, Pointer: "/steps/0", Msg: `unknown field "requst"`}}},
	}
}

func writeJUnit(t *testing.T, rep *scenario.Report) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := rep.WriteJUnit(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestJUnitSchemas checks a report against the JUnit schemas that
// Jenkins, GitLab and most other consumers follow (testdata/junit/), with
// xmllint. A CI must have xmllint (.ci/run installs libxml2-utils);
// elsewhere the test is skipped without it, and TestJUnitStructure checks
// what the schemas require.
func TestJUnitSchemas(t *testing.T) {
	t.Parallel()
	xmllint, err := exec.LookPath("xmllint")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("xmllint is not installed: .ci/run should install libxml2-utils")
		}
		t.Skip("xmllint is not installed (Debian: apt-get install libxml2-utils); TestJUnitStructure still checks the report")
	}
	report := filepath.Join(t.TempDir(), "report.xml")
	if err := os.WriteFile(report, writeJUnit(t, sampleReport()), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, xsd := range []string{"JUnit.xsd", "jenkins-junit.xsd"} {
		t.Run(xsd, func(t *testing.T) {
			out, err := exec.Command(xmllint, "--noout", "--schema", filepath.Join("testdata", "junit", xsd), report).CombinedOutput()
			if err != nil {
				data, _ := os.ReadFile(report)
				t.Errorf("the report does not validate against %s: %v\n%s\nreport:\n%s", xsd, err, out, data)
			}
		})
	}
}

// The JUnit report as the strict (Ant) schema requires it; anything else
// is in Other, which must stay empty.
type (
	xSuites struct {
		XMLName xml.Name   `xml:"testsuites"`
		Other   []xml.Attr `xml:",any,attr"`
		Suites  []xSuite   `xml:"testsuite"`
	}
	// xSuite is read by its UnmarshalXML, which keeps unknown attributes.
	xSuite struct {
		Name, Package, ID, Timestamp, Hostname, Tests, Failures, Errors, Skipped, Time *string
		Other                                                                          []xml.Attr
		Properties                                                                     *xProperties
		Cases                                                                          []xCase
		SystemOut, SystemErr                                                           *string
	}
	xProperties struct {
		Property []struct {
			Name  string `xml:"name,attr"`
			Value string `xml:"value,attr"`
		} `xml:"property"`
	}
	xCase struct {
		Name      *string    `xml:"name,attr"`
		Classname *string    `xml:"classname,attr"`
		Time      *string    `xml:"time,attr"`
		Other     []xml.Attr `xml:",any,attr"`
		Failure   *xProblem  `xml:"failure"`
		Error     *xProblem  `xml:"error"`
		Skipped   *struct{}  `xml:"skipped"`
		SystemOut *string    `xml:"system-out"`
	}
	xProblem struct {
		Message *string `xml:"message,attr"`
		Type    *string `xml:"type,attr"`
		Text    string  `xml:",chardata"`
	}
)

// UnmarshalXML reads a suite's attributes into its fields by name.
func (s *xSuite) UnmarshalXML(d *xml.Decoder, start xml.StartElement) error {
	fields := map[string]**string{"name": &s.Name, "package": &s.Package, "id": &s.ID, "timestamp": &s.Timestamp,
		"hostname": &s.Hostname, "tests": &s.Tests, "failures": &s.Failures, "errors": &s.Errors, "skipped": &s.Skipped, "time": &s.Time}
	for _, a := range start.Attr {
		if f, ok := fields[a.Name.Local]; ok {
			*f = &a.Value
		} else {
			s.Other = append(s.Other, a)
		}
	}
	var body struct {
		Properties *xProperties `xml:"properties"`
		Cases      []xCase      `xml:"testcase"`
		SystemOut  *string      `xml:"system-out"`
		SystemErr  *string      `xml:"system-err"`
	}
	if err := d.DecodeElement(&body, &start); err != nil {
		return err
	}
	s.Properties, s.Cases, s.SystemOut, s.SystemErr = body.Properties, body.Cases, body.SystemOut, body.SystemErr
	return nil
}

// TestJUnitStructure checks, without xmllint, what the schemas require of
// a report, and what a CI shows of it: required attributes, counts that
// match the cases, an ISO 8601 timestamp, classnames relative to the
// directories given, errored cases for bad files, failures without the
// run's tally, and the run steps' output in system-out.
func TestJUnitStructure(t *testing.T) {
	t.Parallel()
	data := writeJUnit(t, sampleReport())
	var doc xSuites
	if err := xml.Unmarshal(data, &doc); err != nil {
		t.Fatalf("the report is not well-formed XML: %v\n%s", err, data)
	}
	if len(doc.Other) > 0 {
		t.Errorf("testsuites has attributes the Ant schema does not allow: %v", doc.Other)
	}
	type caseView struct{ Suite, Name, Classname, Kind, Type, Message string }
	var cases []caseView
	for i, s := range doc.Suites {
		for name, v := range map[string]*string{"name": s.Name, "package": s.Package, "id": s.ID, "timestamp": s.Timestamp,
			"hostname": s.Hostname, "tests": s.Tests, "failures": s.Failures, "errors": s.Errors, "skipped": s.Skipped, "time": s.Time} {
			if v == nil {
				t.Errorf("suite %d has no %s", i, name)
			}
		}
		if t.Failed() {
			t.FailNow()
		}
		if len(s.Other) > 0 {
			t.Errorf("suite %s has unknown attributes %v", *s.Name, s.Other)
		}
		if ts, err := time.Parse("2006-01-02T15:04:05", *s.Timestamp); err != nil || !ts.Equal(time.Date(2024, 1, 24, 6, 0, 27, 0, time.UTC)) {
			t.Errorf("suite %s timestamp %q, want 2024-01-24T06:00:27 (UTC, no zone)", *s.Name, *s.Timestamp)
		}
		if *s.Hostname != "ci-runner-7" || *s.ID != strconv.Itoa(i) {
			t.Errorf("suite %s hostname %q id %q", *s.Name, *s.Hostname, *s.ID)
		}
		if s.Properties == nil || len(s.Properties.Property) == 0 || s.SystemOut == nil || s.SystemErr == nil {
			t.Errorf("suite %s lacks properties (with one property), system-out or system-err", *s.Name)
		}
		failures, errs := 0, 0
		for _, c := range s.Cases {
			if c.Name == nil || c.Classname == nil || c.Time == nil || len(c.Other) > 0 || c.SystemOut != nil || c.Skipped != nil {
				t.Errorf("suite %s: case %+v lacks name, classname or time, or has what the Ant schema forbids", *s.Name, c)
				continue
			}
			v := caseView{Suite: *s.Name, Name: *c.Name, Classname: *c.Classname}
			for kind, p := range map[string]*xProblem{"failure": c.Failure, "error": c.Error} {
				if p == nil {
					continue
				}
				if p.Type == nil || p.Message == nil {
					t.Errorf("case %s: %s without type or message", *c.Name, kind)
					continue
				}
				v.Kind, v.Type, v.Message = kind, *p.Type, *p.Message
				if strings.Contains(p.Text, "passed,") || strings.Contains(p.Text, " failed\n") {
					t.Errorf("case %s: the %s text holds the run's tally:\n%s", *c.Name, kind, p.Text)
				}
			}
			failures += btoi(c.Failure != nil)
			errs += btoi(c.Error != nil)
			cases = append(cases, v)
		}
		if want := []string{strconv.Itoa(len(s.Cases)), strconv.Itoa(failures), strconv.Itoa(errs), "0"}; !cmp.Equal(want, []string{*s.Tests, *s.Failures, *s.Errors, *s.Skipped}) {
			t.Errorf("suite %s: tests, failures, errors, skipped = %s %s %s %s, want %v", *s.Name, *s.Tests, *s.Failures, *s.Errors, *s.Skipped, want)
		}
	}
	want := []caseView{
		{Suite: "sync.yaml", Name: "sync pages", Classname: "sync"},
		{Suite: "sub/retry.yaml", Name: "retries", Classname: "sub/retry", Kind: "failure", Type: "expect_requests", Message: "steps[2] expect_requests: count"},
		{Suite: "one.yaml", Name: "one", Classname: "one"},
		{Suite: "m.yml", Name: "more", Classname: "m"},
		{Suite: "typo.yaml", Name: "typo.yaml", Classname: "typo", Kind: "error", Type: "bad scenario file",
			Message: filepath.Join(string(filepath.Separator), "ci", "work", "contract", "typo.yaml") + `:3:5: steps/0: unknown field "requst"`},
	}
	if diff := cmp.Diff(want, cases); diff != "" {
		t.Errorf("cases mismatch (-want +got):\n%s", diff)
	}
	wantOut := "--- sync pages: steps[0] run (line 4)\nok 3 pages\uFFFD\uFFFD \uFFFD ]]> <done> & \"q\"\n"
	if s := doc.Suites[0]; s.SystemOut == nil || *s.SystemOut != wantOut {
		t.Errorf("system-out = %q, want %q", deref(s.SystemOut), wantOut)
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

func deref(s *string) string {
	if s == nil {
		return "<nil>"
	}
	return *s
}

// TestJUnitFailureText: a failure's text is the text report's account of
// it, without the "N passed, M failed" that closes a run.
func TestJUnitFailureText(t *testing.T) {
	t.Parallel()
	rep := &scenario.Report{Results: []*scenario.Result{{Name: "retries", File: "retry.yaml", Line: 3,
		Failure: &scenario.Failure{Step: "steps[2] expect_requests", Line: 9, Message: "count", Expected: "4", Got: "3"}}}}
	var doc struct {
		Failure string `xml:"testsuite>testcase>failure"`
	}
	if err := xml.Unmarshal(writeJUnit(t, rep), &doc); err != nil {
		t.Fatal(err)
	}
	want := "FAIL retries (retry.yaml:3)\n  steps[2] expect_requests at line 9: count\n  expected: 4\n  got:      3\n"
	if diff := cmp.Diff(want, doc.Failure); diff != "" {
		t.Errorf("failure text mismatch (-want +got):\n%s", diff)
	}
}

// TestJUnitClassname: a case's classname is its file relative to the
// directory (or file) named on the command line, with forward slashes,
// never an absolute path.
func TestJUnitClassname(t *testing.T) {
	t.Parallel()
	abs, err := filepath.Abs("testdata")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		roots []string
		file  string
		want  string
	}{
		{"relative dir", []string{"scenarios"}, filepath.Join("scenarios", "orders", "sync.yaml"), "orders/sync"},
		{"dir with a trailing slash", []string{"scenarios/"}, filepath.Join("scenarios", "sync.yml"), "sync"},
		{"dot", []string{"."}, filepath.Join("a", "b.json"), "a/b"},
		{"absolute dir", []string{abs}, filepath.Join(abs, "dir", "a.yaml"), "dir/a"},
		{"the longest root", []string{abs, filepath.Join(abs, "dir")}, filepath.Join(abs, "dir", "b", "c.yml"), "b/c"},
		{"a file named", []string{filepath.Join(abs, "x.yaml")}, filepath.Join(abs, "x.yaml"), "x"},
		{"under no root, absolute", nil, filepath.Join(abs, "y.yaml"), "y"},
		{"under no root, relative", []string{"other"}, filepath.Join("s", "y.yaml"), "s/y"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rep := &scenario.Report{Roots: tt.roots, Results: []*scenario.Result{{Name: "n", File: tt.file, Passed: true}}}
			var c struct {
				Case struct {
					Classname string `xml:"classname,attr"`
				} `xml:"testsuite>testcase"`
			}
			if err := xml.Unmarshal(writeJUnit(t, rep), &c); err != nil {
				t.Fatal(err)
			}
			if c.Case.Classname != tt.want {
				t.Errorf("classname %q, want %q", c.Case.Classname, tt.want)
			}
		})
	}
}

// TestJSONReport: the JSON report counts and lists the bad files, and
// keeps the run steps' output.
func TestJSONReport(t *testing.T) {
	t.Parallel()
	var b bytes.Buffer
	if err := sampleReport().WriteJSON(&b); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Started                string
		Passed, Failed, Errors int
		Scenarios              []scenario.Result
		BadFiles               []struct{ File, Error string } `json:"bad_files"`
	}
	if err := json.Unmarshal(b.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if got.Started != "2024-01-24T06:00:27Z" || got.Passed != 3 || got.Failed != 1 || got.Errors != 1 || len(got.BadFiles) != 1 ||
		!strings.HasSuffix(got.BadFiles[0].Error, `typo.yaml:3:5: steps/0: unknown field "requst"`) ||
		len(got.Scenarios) != 4 || len(got.Scenarios[0].Outputs) != 1 {
		t.Errorf("JSON report:\n%s", b.String())
	}
}
