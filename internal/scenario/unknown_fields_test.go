package scenario_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/wxmock/wxmock/internal/scenario"
)

func TestParseExpectNoViolationsUnknownFields(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, step string
		want       scenario.Step
	}{
		{"true", "expect_no_violations: true", scenario.Step{Line: 3, ExpectNoViolations: true}},
		{"object", "expect_no_violations: {unknown_fields: true}", scenario.Step{Line: 3, ExpectNoViolations: true, NoUnknownFields: true}},
		{"object, false", "expect_no_violations: {unknown_fields: false}", scenario.Step{Line: 3, ExpectNoViolations: true}},
		{"empty object", "expect_no_violations: {}", scenario.Step{Line: 3, ExpectNoViolations: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			scs, err := scenario.Parse("s.yaml", []byte("name: x\nsteps:\n  - "+tt.step+"\n"))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, scs[0].Steps[0]); diff != "" {
				t.Errorf("step (-want +got):\n%s", diff)
			}
		})
	}
}

// TestExpectNoViolationsUnknownFields: a field the endpoint does not know
// fails expect_no_violations only when it asks for unknown_fields, and the
// failure names the call and the field.
func TestExpectNoViolationsUnknownFields(t *testing.T) {
	t.Parallel()
	const curl = `curl -s -o /dev/null "$WXMOCK_BASE_URL/promoter/addrole?access_token=$WXMOCK_ACCESS_TOKEN" -d `
	tests := []struct {
		name, body, check string
		pass              bool
		want              []string // in the failure
	}{
		{"clean, asked", `'{"name":"a","desc":"b"}'`, "{unknown_fields: true}", true, nil},
		{"unknown, not asked", `'{"name":"a","dsec":"b"}'`, "true", true, nil},
		{"unknown, asked false", `'{"name":"a","dsec":"b"}'`, "{unknown_fields: false}", true, nil},
		{"unknown, asked", `'{"name":"a","dsec":"b"}'`, "{unknown_fields: true}", false,
			[]string{"1 unknown field in the client's calls", "POST /promoter/addrole: unknown field dsec; did you mean desc?"}},
		{"unknown and a violation", `'{"name":7,"dsec":"b"}'`, "{unknown_fields: true}", false,
			[]string{"1 schema violation in the client's calls; 1 unknown field in the client's calls", "unknown field dsec"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			yaml := "name: unknown\nsteps:\n  - run:\n      command: |\n        " + curl + tt.body + "\n  - expect_no_violations: " + tt.check + "\n"
			scs, err := scenario.Parse(tt.name+".yaml", []byte(yaml))
			if err != nil {
				t.Fatalf("%v\n%s", err, yaml)
			}
			res := runScenarios(t, scs)[0]
			if res.Passed != tt.pass {
				t.Fatalf("passed %v, want %v: %+v", res.Passed, tt.pass, res.Failure)
			}
			if tt.pass {
				return
			}
			got := res.Failure.Message + "\n" + res.Failure.Got
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("failure %q, want it to mention %q", got, w)
				}
			}
		})
	}
}
