package scenario_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/wxmock/wxmock/internal/scenario"
)

// outcome is what a test reads of a one-scenario run: whether it passed,
// and the first line of its failure's message.
type outcome struct {
	Passed  bool
	Message string
}

func runOne(t *testing.T, yaml string) outcome {
	t.Helper()
	scs, err := scenario.Parse("answer.yaml", []byte(yaml))
	if err != nil {
		t.Fatal(err)
	}
	res := runScenarios(t, scs)[0]
	o := outcome{Passed: res.Passed}
	if res.Failure != nil {
		o.Message, _, _ = strings.Cut(res.Failure.Message, "\n")
	}
	return o
}

// TestExpectErrCodeNeedsAJSONObject: a missing errcode counts as 0 only in
// an answer that is a JSON object; a cut-off body or an HTML page is no
// errcode 0.
func TestExpectErrCodeNeedsAJSONObject(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, yaml string
		want       outcome
	}{
		{"errcode 0 answered", `
name: ok
steps:
  - request: {path: /promoter/getrole, body: {}}
    expect: {errcode: 0}
`, outcome{Passed: true}},
		{"a JSON object without errcode counts as 0", `
name: no errcode
steps:
  - request: {method: GET, path: /__wxmock/faults}
    expect: {errcode: 0}
`, outcome{Passed: true}},
		{"a cut-off body", `
name: cut off
faults:
  - {path: /promoter/getrole, malformed: true}
steps:
  - request: {path: /promoter/getrole, body: {}}
    expect: {errcode: 0}
`, outcome{Message: "errcode: the answer is not a JSON object"}},
		{"an HTML page", `
name: html
faults:
  - {path: /promoter/getrole, html: true}
steps:
  - request: {path: /promoter/getrole, body: {}}
    expect: {status: 502, errcode: 0}
`, outcome{Message: "errcode: the answer is not a JSON object"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if diff := cmp.Diff(tt.want, runOne(t, tt.yaml)); diff != "" {
				t.Errorf("outcome (-want +got):\n%s", diff)
			}
		})
	}
}

// TestRequestWithoutExpectNeedsStatus200: a request step without expect
// still fails on an answer that is not HTTP 200.
func TestRequestWithoutExpectNeedsStatus200(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, yaml string
		want       outcome
	}{
		{"200", `
name: ok
steps:
  - request: {path: /promoter/getrole, body: {}}
`, outcome{Passed: true}},
		{"an errcode answered with 200", `
name: errcode
faults:
  - {path: /promoter/getrole, errcode: -1}
steps:
  - request: {path: /promoter/getrole, body: {}}
`, outcome{Passed: true}},
		{"an HTML 502", `
name: html
faults:
  - {path: /promoter/getrole, html: true}
steps:
  - request: {path: /promoter/getrole, body: {}}
`, outcome{Message: "HTTP status"}},
		{"an unknown path", `
name: typo
steps:
  - request: {path: /promoter/getrol, body: {}}
`, outcome{Message: "HTTP status"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if diff := cmp.Diff(tt.want, runOne(t, tt.yaml)); diff != "" {
				t.Errorf("outcome (-want +got):\n%s", diff)
			}
		})
	}
}
