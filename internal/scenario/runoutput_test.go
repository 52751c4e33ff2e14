package scenario_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/wxmock/wxmock/internal/scenario"
)

// TestRunOutputsKept: the result keeps the output of every run step, the
// ones that passed too, for the JUnit report's system-out.
func TestRunOutputsKept(t *testing.T) {
	t.Parallel()
	scs, err := scenario.Parse("outputs.yaml", []byte(`
name: outputs
steps:
  - run: {command: "echo first; echo on stderr >&2"}
  - advance: 1
  - run: {command: "printf second; exit 3"}
    name: fails
  - run: {command: "echo never"}
`))
	if err != nil {
		t.Fatal(err)
	}
	res := runScenarios(t, scs)[0]
	want := []scenario.RunOutput{
		{Step: "steps[0] run", Line: 4, Output: "first\non stderr\n"},
		{Step: "steps[2] run (fails)", Line: 6, Output: "second"},
	}
	if diff := cmp.Diff(want, res.Outputs); diff != "" {
		t.Errorf("outputs mismatch (-want +got):\n%s", diff)
	}
}
