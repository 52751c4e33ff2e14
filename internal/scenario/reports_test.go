package scenario_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/wxmock/wxmock/internal/scenario"
)

// client is a run step whose shell client POSTs each body to its path,
// in order: "path body" a line.
func client(calls ...string) string {
	var b strings.Builder
	b.WriteString("  - run:\n      command: |\n")
	for _, c := range calls {
		path, body, _ := strings.Cut(c, " ")
		b.WriteString(`        curl -s -o /dev/null "$WXMOCK_BASE_URL` + path + `?access_token=$WXMOCK_ACCESS_TOKEN" -d '` + body + "'\n")
	}
	return b.String()
}

// TestReportShowsOnlyTheClientsCalls: the journal a failure shows is the
// client's calls to the scenario's app; the runner's own (its setup, its
// request steps) are not listed as the client's, so a client that failed
// before any call shows none. After a setup failure, the report lists the
// runner's setup calls and says they are the runner's.
func TestReportShowsOnlyTheClientsCalls(t *testing.T) {
	t.Parallel()
	const setup = `
setup:
  roles: [{name: 店长}]
  promoters: [{openid: o000000000000000000000000001, role_id: 2}]
`
	tests := []struct {
		name, yaml string
		want       []string // the failure's journal
		header     string   // the text report's journal header; "" for none
	}{
		{"a client that fails before any call", "name: no call" + setup + `
steps:
  - run: {command: "exit 1"}
`, nil, ""},
		{"a client that fails after a call", "name: one call" + setup + `
steps:
` + client("/promoter/getrole {}") + `        exit 1
`, []string{"#4 POST /promoter/getrole → 200 errcode 0 {}"}, "journal (the client's last calls to the scenario's app):"},
		{"a request step's call is the runner's", "name: request" + setup + `
steps:
  - request: {path: /promoter/getrole, body: {}}
  - run: {command: "exit 1"}
`, nil, ""},
		{"a setup that fails", `
name: setup fails
setup:
  promoters: [{openid: o000000000000000000000000001, role_id: 9}]
steps:
  - run: {command: "exit 0"}
`, nil, "journal (the runner's setup calls to the scenario's app):"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			scs, err := scenario.Parse("journal.yaml", []byte(tt.yaml))
			if err != nil {
				t.Fatal(err)
			}
			res := runScenarios(t, scs)[0]
			if res.Passed {
				t.Fatal("scenario passed, want it to fail")
			}
			var text bytes.Buffer
			scenario.WriteText(&text, []*scenario.Result{res})
			if tt.want != nil || res.Failure.Step != "setup" {
				if diff := cmp.Diff(tt.want, res.Journal); diff != "" {
					t.Errorf("journal mismatch (-want +got):\n%s", diff)
				}
			} else if len(res.Journal) == 0 {
				t.Errorf("a failed setup shows no journal:\n%s", text.String())
			}
			if tt.header == "" && strings.Contains(text.String(), "journal (") {
				t.Errorf("the report shows a journal, want none:\n%s", text.String())
			}
			if tt.header != "" && !strings.Contains(text.String(), "  "+tt.header+"\n") {
				t.Errorf("the report does not say %q:\n%s", tt.header, text.String())
			}
		})
	}
}

// TestRequestStepUnderAdminKeepsTheClientsCall: a request step to
// /__wxmock/ is not journaled, so the runner does not take the newest
// entry, the client's call, for its own.
func TestRequestStepUnderAdminKeepsTheClientsCall(t *testing.T) {
	t.Parallel()
	scs, err := scenario.Parse("admin.yaml", []byte(`
name: a call, then the runner reads the faults
steps:
`+client("/promoter/getrole {}")+`
  - request: {method: GET, path: /__wxmock/faults}
  - expect_requests: {path: /promoter/getrole, count: 1}
`))
	if err != nil {
		t.Fatal(err)
	}
	if res := runScenarios(t, scs)[0]; !res.Passed {
		var b bytes.Buffer
		scenario.WriteText(&b, []*scenario.Result{res})
		t.Error(b.String())
	}
}
