package scenario_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/wxmock/wxmock/internal/scenario"
)

// report is what a test reads of a failed scenario: the failing step's
// message, what it says came, and the journal lines of the report.
type report struct {
	Message string
	Got     string
	Journal []string
}

func runReport(t *testing.T, yaml string) report {
	t.Helper()
	scs, err := scenario.Parse("report.yaml", []byte(yaml))
	if err != nil {
		t.Fatal(err)
	}
	res := runScenarios(t, scs)[0]
	if res.Passed || res.Failure == nil {
		t.Fatal("scenario passed, want it to fail")
	}
	return report{Message: res.Failure.Message, Got: res.Failure.Got, Journal: res.Journal}
}

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

// TestFailuresSayWhy: a step reports every check that failed, one per
// line, and each says what it expected and what came instead: the calls
// made after the last one in order, the pushes that did arrive.
func TestFailuresSayWhy(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, yaml string
		want       string // the failure's message
		got        string // a part of what the failure says came
	}{
		{"a -1 never retried fails count and retried_after", `
name: no retry
faults:
  - {path: /promoter/getrole, errcode: -1, times: 1}
steps:
` + client("/promoter/getrole {}") + `
  - expect_requests: {path: /promoter/getrole, count: 2, retried_after: [-1]}
`, "count: expected 2, got 1\nretried_after: the -1 answer at #2 was not retried",
			"1 call to /promoter/getrole:\n  #2 POST /promoter/getrole → -1 {}"},
		{"order names the call missing and the calls after the last found", `
name: order
steps:
` + client("/promoter/getrole {}", `/promoter/getpromoter {"start_id":"1000"}`, "/promoter/getrole {}", "/promoter/getrole {}",
			"/promoter/getrole {}", "/promoter/getrole {}", "/promoter/getrole {}", "/promoter/getrole {}") + `
  - expect_requests:
      order:
        - /promoter/getrole
        - {method: POST, path: /promoter/getpromoter, body: {start_id: "2000"}}
`, `order (item 2 of 2): expected POST /promoter/getpromoter with start_id "2000" after #2; the calls after #2 were: ` +
			`#3 POST /promoter/getpromoter → 103006 {"start_id":"1000"}, #4 POST /promoter/getrole → 0 {}, #5 POST /promoter/getrole → 0 {}, ` +
			`#6 POST /promoter/getrole → 0 {}, #7 POST /promoter/getrole → 0 {}, and 2 more`,
			"8 calls:\n  #2 POST /promoter/getrole → 0 {}\n  #3 POST /promoter/getpromoter → 103006 {\"start_id\":\"1000\"}\n"},
		{"order, last and count of a selection", `
name: order in a selection
faults:
  - {path: /promoter/getpromoter, errcode: -1, times: 1}
steps:
` + client(`/promoter/getpromoter {"limit":10}`, `/promoter/getpromoter {"limit":10}`) + `
  - expect_requests:
      path: /promoter/getpromoter
      count: 3
      order: [{errcode: -1}, {errcode: 0}, {body: {start_id: "2000"}}]
      last: {errcode: 0}
`, "count: expected 3, got 2\n" +
			`order (item 2 of 3): expected a call to /promoter/getpromoter answered 0 after #2; the calls after #2 were: #3 POST /promoter/getpromoter → 103006 {"limit":10}` + "\n" +
			`last: expected a call to /promoter/getpromoter answered 0; the last call was #3 POST /promoter/getpromoter → 103006 {"limit":10}`,
			"2 calls to /promoter/getpromoter:\n  #2 POST /promoter/getpromoter → -1 {\"limit\":10}\n"},
		{"expect_push lists the pushes that came", `
name: push
setup:
  app: {push: {url: receiver}}
steps:
  - request:
      path: /cgi-bin/media/upload
      query: {type: image}
      upload: {filename: logo.jpg, content: "\xff\xd8\xff\xe0 a stand-in jpeg"}
    save: {media: /media_id}
  - request:
      path: /wxa/apply_merchant
      body: {first_catid: 278, second_catid: 279, headimg_mediaid: "${media}", nickname: 场景便利店, intro: 社区便利店}
    expect: {errcode: 0}
  - advance: 5s
  - expect_push: {event: apply_merchant_audit_info, fields: {status: "3", reason: 证件不清晰}, within: 100ms}
`, "no such push arrived within 100ms\npush 1 apply_merchant_audit_info: reason \"\", not 证件不清晰; status 1, not 3",
			"1 push arrived at the runner's receiver:\n  push 1 apply_merchant_audit_info: audit_id "},
		{"expect_state reports each check", `
name: state
setup:
  roles: [{name: 店长}]
steps:
  - expect_state:
      promoters: {count: 2}
      roles:
        - {count: 3}
        - {contains: [{name: 店员}]}
`, "promoters: expected 2, got 0\nroles: expected 3, got 2\nno row of roles matches {\"name\":\"店员\"}",
			`"name":"店长"`},
		{"a request step reports its errcode and its body", `
name: answer
faults:
  - {path: /promoter/getrole, errcode: -1, times: 1}
steps:
  - request: {path: /promoter/getrole, body: {}}
    expect: {errcode: 0, body: {total_cnt: 1}}
`, "errcode: expected 0, got -1\nbody at /total_cnt: missing; want 1",
			`HTTP 200: {"errcode":-1,"errmsg":"system error rid: `},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := runReport(t, tt.yaml)
			if diff := cmp.Diff(tt.want, r.Message); diff != "" {
				t.Errorf("message mismatch (-want +got):\n%s", diff)
			}
			if !strings.Contains(r.Got, tt.got) {
				t.Errorf("got %q, want it to hold %q", r.Got, tt.got)
			}
		})
	}
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
