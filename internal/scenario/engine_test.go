package scenario_test

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/wxmock/wxmock/internal/mock"
	"github.com/wxmock/wxmock/internal/scenario"
)

func runScenarios(t *testing.T, scs []*scenario.Scenario) []*scenario.Result {
	t.Helper()
	r, err := scenario.NewRunner(scenario.Options{Parallel: 4})
	if err != nil {
		t.Fatal(err)
	}
	return r.Run(context.Background(), scs)
}

// TestProjectScenarios runs scenarios/, the project's executable
// specification, as part of go test ./...
func TestProjectScenarios(t *testing.T) {
	t.Parallel()
	scs, err := scenario.LoadDir("../../scenarios")
	if err != nil {
		t.Fatal(err)
	}
	if len(scs) == 0 {
		t.Fatal("no scenarios in scenarios/")
	}
	results := runScenarios(t, scs)
	var report bytes.Buffer
	scenario.WriteText(&report, results)
	for _, r := range results {
		if !r.Passed {
			t.Errorf("scenario %q failed:\n%s", r.Name, report.String())
			break
		}
	}
}

// TestRunnerFails: each kind of check fails when the answer or the state
// differs, with the step, its line and a readable reason.
func TestRunnerFails(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, yaml, want string
	}{
		{"body", `
name: body
steps:
  - request: {path: /promoter/getrole, body: {}}
    expect: {body: {total_cnt: 2}}
`, "body at /total_cnt: want 2, got 1"},
		{"errcode", `
name: errcode
steps:
  - request: {path: /promoter/getrole, body: {}}
    expect: {errcode: 103006}
`, "errcode"},
		{"exact", `
name: exact
steps:
  - request: {path: /promoter/getrole, body: {}}
    expect: {match: exact, body: {total_cnt: 1}}
`, "unexpected field"},
		{"state", `
name: state
steps:
  - expect_state: {promoters: {count: 1}}
`, "promoters"},
		{"requests", `
name: requests
steps:
  - expect_requests: {path: /promoter/getpromoter, count: 1}
`, "calls to /promoter/getpromoter"},
		{"push", `
name: push
setup: {app: {push: {url: receiver}}}
steps:
  - expect_push: {event: apply_merchant_audit_info, within: 100ms}
`, "no such push arrived"},
		{"run exit code", `
name: run
steps:
  - run: {command: "exit 3"}
`, "exit code"},
		{"violations", `
name: violations
steps:
  - run: {command: 'curl -s -o /dev/null "$WXMOCK_BASE_URL/promoter/addrole?access_token=$WXMOCK_ACCESS_TOKEN" -d "{\"name\":7}"'}
  - expect_no_violations: true
`, "1 schema violation in"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			scs, err := scenario.Parse(tt.name+".yaml", []byte(tt.yaml))
			if err != nil {
				t.Fatal(err)
			}
			res := runScenarios(t, scs)[0]
			if res.Passed || res.Failure == nil {
				t.Fatalf("scenario passed, want a failure with %q", tt.want)
			}
			got := res.Failure.Message + " " + res.Failure.Expected + " " + res.Failure.Got
			if !strings.Contains(got, tt.want) {
				t.Errorf("failure %q, want it to mention %q", got, tt.want)
			}
			if res.Failure.Line == 0 || res.Failure.Step == "" {
				t.Errorf("failure names no step or line: %+v", res.Failure)
			}
		})
	}
}

// TestRunnerChecksTheClient: a client run with the scenario's credentials
// in its environment is seen by expect_requests, retries included.
func TestRunnerChecksTheClient(t *testing.T) {
	t.Parallel()
	scs, err := scenario.Parse("client.yaml", []byte(`
name: a shell client retries after -1
faults:
  - {path: /promoter/getrole, errcode: -1, times: 1}
steps:
  - run:
      command: |
        for i in 1 2; do curl -s "$WXMOCK_BASE_URL/promoter/getrole?access_token=$WXMOCK_ACCESS_TOKEN" -d '{}'; done
  - expect_requests:
      path: /promoter/getrole
      count: 2
      order: [{errcode: -1}, {errcode: 0}]
      retried_after: [-1]
  - expect_no_violations: true
`))
	if err != nil {
		t.Fatal(err)
	}
	res := runScenarios(t, scs)[0]
	if !res.Passed {
		var b bytes.Buffer
		scenario.WriteText(&b, []*scenario.Result{res})
		t.Fatal(b.String())
	}
}

func TestReports(t *testing.T) {
	t.Parallel()
	results := []*scenario.Result{
		{Name: "ok", File: "a.yaml", Line: 1, Passed: true},
		{Name: "bad", File: "a.yaml", Line: 9, Failure: &scenario.Failure{Step: "steps[0] request", Line: 11, Message: "errcode", Expected: "0", Got: "-1"}},
	}
	var text, junit, js bytes.Buffer
	scenario.WriteText(&text, results)
	if !strings.HasSuffix(text.String(), "1 passed, 1 failed\n") || !strings.Contains(text.String(), "FAIL bad (a.yaml:9)") {
		t.Errorf("text report:\n%s", text.String())
	}
	if err := scenario.WriteJUnit(&junit, results); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Suites []struct {
			Tests    int `xml:"tests,attr"`
			Failures int `xml:"failures,attr"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal(junit.Bytes(), &doc); err != nil || len(doc.Suites) != 1 || doc.Suites[0].Tests != 2 || doc.Suites[0].Failures != 1 {
		t.Errorf("junit: %v %+v\n%s", err, doc, junit.String())
	}
	if err := scenario.WriteJSON(&js, results); err != nil {
		t.Fatal(err)
	}
	var out struct{ Passed, Failed int }
	if err := json.Unmarshal(js.Bytes(), &out); err != nil || out.Passed != 1 || out.Failed != 1 {
		t.Errorf("json: %v %s", err, js.String())
	}
}

// TestRunExpandsAndCountsZero: a run command's ${variables} expand, "$${"
// reaches the shell as "${", and count: 0 passes when nothing was called.
func TestRunExpandsAndCountsZero(t *testing.T) {
	t.Parallel()
	scs, err := scenario.Parse("expand.yaml", []byte(`
name: expand
steps:
  - run: {command: 'test "${base_url}" = "$WXMOCK_BASE_URL" && test -n "$${WXMOCK_APPID}" && test "${appid}" = "$WXMOCK_APPID"'}
  - expect_requests: {path: /promoter/updatepromoter, count: 0}
`))
	if err != nil {
		t.Fatal(err)
	}
	if res := runScenarios(t, scs)[0]; !res.Passed {
		var b bytes.Buffer
		scenario.WriteText(&b, []*scenario.Result{res})
		t.Fatal(b.String())
	}
}

// TestRunnerAgainstARunningServer: with BaseURL the runner uses a running
// wxmock, one scenario at a time, scopes faults to the scenario's app and
// removes them at the end.
func TestRunnerAgainstARunningServer(t *testing.T) {
	t.Parallel()
	m, err := mock.New(mock.Options{Seed: 1, FrozenClock: true})
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	srv := httptest.NewServer(m.HTTP)
	defer srv.Close()
	scs, err := scenario.Parse("shared.yaml", []byte(`
name: shared one
faults:
  - {path: /promoter/getrole, errcode: -1, times: 1}
steps:
  - request: {path: /promoter/getrole, body: {}}
    expect: {errcode: -1}
  - request: {path: /promoter/getrole, body: {}}
    expect: {errcode: 0, body: {errmsg: OK}}
---
name: shared two
setup: {clock: {start: 2030-01-01T00:00:00Z, frozen: true}}
steps:
  - request: {path: /promoter/getrole, body: {}}
    expect: {errcode: 0}
`))
	if err != nil {
		t.Fatal(err)
	}
	r, err := scenario.NewRunner(scenario.Options{BaseURL: srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	for _, res := range r.Run(context.Background(), scs) {
		if !res.Passed {
			var b bytes.Buffer
			scenario.WriteText(&b, []*scenario.Result{res})
			t.Errorf("%s", b.String())
		}
	}
	res, err := http.Get(srv.URL + "/__wxmock/faults")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var fs struct {
		Faults []any `json:"faults"`
	}
	if err := json.NewDecoder(res.Body).Decode(&fs); err != nil || len(fs.Faults) != 0 {
		t.Errorf("faults left on the server: %v %+v", err, fs.Faults)
	}
	if now := m.Sim.Now().Unix(); now < 1893456000 {
		t.Errorf("clock at %d, want moved forward to 2030-01-01", now)
	}
}

// TestRunnerWithAdminToken: against a wxmock started with -admin-token, the
// runner's own control calls and a step's call under /__wxmock/ carry the
// token; without it the same run cannot even set up.
func TestRunnerWithAdminToken(t *testing.T) {
	t.Parallel()
	m, err := mock.New(mock.Options{Seed: 1, FrozenClock: true, AdminToken: "s3cret"})
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	srv := httptest.NewServer(m.HTTP)
	defer srv.Close()
	scs, err := scenario.Parse("token.yaml", []byte(`
name: with a token
setup:
  promoters: [{openid: o000000000000000000000000001}]
steps:
  - request: {method: GET, path: /__wxmock/faults}
    expect: {status: 200}
  - expect_state: {promoters: {count: 1}}
`))
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		token string
		pass  bool
	}{{"s3cret", true}, {"", false}, {"wrong", false}} {
		r, err := scenario.NewRunner(scenario.Options{BaseURL: srv.URL, AdminToken: tt.token})
		if err != nil {
			t.Fatal(err)
		}
		res := r.Run(context.Background(), scs)
		if res[0].Passed != tt.pass {
			var b bytes.Buffer
			scenario.WriteText(&b, res)
			t.Errorf("token %q: passed %v, want %v:\n%s", tt.token, res[0].Passed, tt.pass, b.String())
		}
	}
}

// TestRunnerPutsBackASharedClock: on a running wxmock, a scenario's
// frozen or running clock holds while it runs and the server's own flag
// comes back at its end, whether the scenario passed or failed.
func TestRunnerPutsBackASharedClock(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name             string
		server, scenario bool // frozen
		failLastStep     bool
	}{
		{"a frozen server, a running scenario", true, false, false},
		{"a running server, a frozen scenario", false, true, false},
		{"a running server, a frozen scenario that fails", false, true, true},
		{"a frozen server, a frozen scenario", true, true, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			m, err := mock.New(mock.Options{Seed: 1, FrozenClock: tt.server})
			if err != nil {
				t.Fatal(err)
			}
			defer m.Close()
			srv := httptest.NewServer(m.HTTP)
			defer srv.Close()
			last := "{errcode: 0}"
			if tt.failLastStep {
				last = "{errcode: 40001}"
			}
			scs, err := scenario.Parse("clock.yaml", fmt.Appendf(nil, `
name: clock
setup: {clock: {frozen: %t}}
steps:
  - request: {method: GET, path: /__wxmock/clock}
    expect: {status: 200, body: {frozen: %t}}
  - request: {path: /promoter/getrole, body: {}}
    expect: %s
`, tt.scenario, tt.scenario, last))
			if err != nil {
				t.Fatal(err)
			}
			r, err := scenario.NewRunner(scenario.Options{BaseURL: srv.URL})
			if err != nil {
				t.Fatal(err)
			}
			res := r.Run(context.Background(), scs)[0]
			if res.Passed == tt.failLastStep || res.Steps < 1 {
				var b bytes.Buffer
				scenario.WriteText(&b, []*scenario.Result{res})
				t.Fatalf("passed %v after %d steps, want %v:\n%s", res.Passed, res.Steps, !tt.failLastStep, b.String())
			}
			resp, err := http.Get(srv.URL + "/__wxmock/clock")
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			var clock struct {
				Frozen bool `json:"frozen"`
			}
			if err := json.NewDecoder(resp.Body).Decode(&clock); err != nil || clock.Frozen != tt.server {
				t.Errorf("after the scenario the server's clock is frozen: %v (%v), want %v", clock.Frozen, err, tt.server)
			}
		})
	}
}
