package scenario_test

import (
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/wxmock/wxmock/internal/scenario"
)

// parseStep parses a scenario of one step, written as YAML lines indented
// to sit under "steps:".
func parseStep(t *testing.T, step string) (scenario.Step, error) {
	t.Helper()
	got, err := scenario.Parse("step.yaml", []byte("name: one step\nsteps:\n"+step))
	if err != nil {
		return scenario.Step{}, err
	}
	return got[0].Steps[0], nil
}

// TestStepForms reads each kind of step in each of its forms, with the
// defaults the parser fills in.
func TestStepForms(t *testing.T) {
	t.Parallel()
	atLeastOne := scenario.Count{Min: 1, Max: scenario.Unbounded}
	tests := []struct {
		name string
		step string
		want scenario.Step
	}{
		{"request defaults", "  - request: {path: /promoter/getrole}\n",
			scenario.Step{Request: &scenario.Request{Method: "POST", Path: "/promoter/getrole"}}},
		{"request with token true", "  - request: {path: /a, token: true, body: null}\n",
			scenario.Step{Request: &scenario.Request{Method: "POST", Path: "/a"}}},
		{"request body of any JSON", "  - request: {path: /a, body: [1, 2.50, \"x\", true, null]}\n",
			scenario.Step{Request: &scenario.Request{Method: "POST", Path: "/a",
				Body: []any{json.Number("1"), json.Number("2.50"), "x", true, nil}}}},
		{"request with YAML numbers", "  - request: {path: /a, body: {hex: 0x1F, plus: +3, dot: .5, exp: 1e3}}\n",
			scenario.Step{Request: &scenario.Request{Method: "POST", Path: "/a",
				Body: map[string]any{"hex": json.Number("31"), "plus": json.Number("3"), "dot": json.Number("0.5"), "exp": json.Number("1e3")}}}},
		{"request upload from a file", "  - request: {path: /cgi-bin/media/upload, upload: {field: thumb, filename: t.jpg, file: t.jpg}}\n",
			scenario.Step{Request: &scenario.Request{Method: "POST", Path: "/cgi-bin/media/upload",
				Upload: &scenario.Upload{Field: "thumb", Filename: "t.jpg", File: "t.jpg"}}}},
		{"expect defaults", "  - request: {path: /a}\n    expect: {body: {errcode: 0}}\n",
			scenario.Step{Request: &scenario.Request{Method: "POST", Path: "/a"},
				Expect: &scenario.Expect{Status: 200, Body: &scenario.Matcher{Value: map[string]any{"errcode": json.Number("0")}}}}},
		{"expect status only", "  - request: {path: /nope}\n    expect: {status: 404}\n",
			scenario.Step{Request: &scenario.Request{Method: "POST", Path: "/nope"}, Expect: &scenario.Expect{Status: 404}}},
		{"run defaults", "  - run: {command: [./sync]}\n",
			scenario.Step{Run: &scenario.Run{Command: []string{"./sync"}, Timeout: time.Minute}}},
		{"run timeout in seconds", "  - run: {command: [./sync], timeout: 5}\n",
			scenario.Step{Run: &scenario.Run{Command: []string{"./sync"}, Timeout: 5 * time.Second}}},
		{"advance a duration", "  - advance: 1h30m\n", scenario.Step{Advance: &scenario.Advance{Duration: 90 * time.Minute}}},
		{"advance seconds", "  - advance: 7200\n", scenario.Step{Advance: &scenario.Advance{Duration: 2 * time.Hour}}},
		{"advance an object", "  - advance: {seconds: 0.25}\n", scenario.Step{Advance: &scenario.Advance{Duration: 250 * time.Millisecond}}},
		{"advance zero", "  - advance: 0\n", scenario.Step{Advance: &scenario.Advance{}}},
		{"authorize default", "  - authorize: {openid: \"${appid}x\"}\n",
			scenario.Step{Authorize: &scenario.Authorize{OpenID: "${appid}x", AuthStatus: 1}}},
		{"authorize none", "  - authorize: {openid: o, auth_status: 0}\n",
			scenario.Step{Authorize: &scenario.Authorize{OpenID: "o", AuthStatus: 0}}},
		{"resolve by id as a string", "  - resolve: {audit: \"42\", status: 0}\n",
			scenario.Step{Resolve: &scenario.Resolve{Audit: "42", Status: ptr(0)}}},
		{"resolve latest of a kind", "  - resolve: {kind: create_map_poi_audit_info, outcome: fail}\n",
			scenario.Step{Resolve: &scenario.Resolve{Audit: "latest", Kind: "create_map_poi_audit_info", Outcome: "fail"}}},
		{"expect_push defaults", "  - expect_push: {event: modify_store_audit_info}\n",
			scenario.Step{ExpectPush: &scenario.ExpectPush{Event: "modify_store_audit_info", Within: 5 * time.Second}}},
		{"expect_requests defaults", "  - expect_requests: {}\n",
			scenario.Step{ExpectRequests: &scenario.ExpectRequests{Count: atLeastOne, Since: "scenario"}}},
		{"expect_requests none", "  - expect_requests: {path: /cgi-bin/token, count: 0}\n",
			scenario.Step{ExpectRequests: &scenario.ExpectRequests{Call: scenario.Call{Path: "/cgi-bin/token"}, Count: scenario.Count{}, Since: "scenario"}}},
		{"expect_requests min only", "  - expect_requests: {count: {min: 2}}\n",
			scenario.Step{ExpectRequests: &scenario.ExpectRequests{Count: scenario.Count{Min: 2, Max: scenario.Unbounded}, Since: "scenario"}}},
		{"expect_requests order of calls", "  - expect_requests: {order: [{method: GET, path: /wxa/get_district, body: {}, match: exact}]}\n",
			scenario.Step{ExpectRequests: &scenario.ExpectRequests{Count: atLeastOne, Since: "scenario",
				Order: []scenario.Call{{Method: "GET", Path: "/wxa/get_district", Body: &scenario.Matcher{Value: map[string]any{}, Exact: true}}}}}},
		{"expect_state contains only", "  - expect_state: {media: {contains: [{type: image}]}}\n",
			scenario.Step{ExpectState: &scenario.ExpectState{Tables: map[string][]scenario.StateCheck{
				"media": {{Contains: []any{map[string]any{"type": "image"}}}}}}}},
		{"expect_state where with a count", "  - expect_state: {audits: [{where: {state: pending}, count: 0}]}\n",
			scenario.Step{ExpectState: &scenario.ExpectState{Tables: map[string][]scenario.StateCheck{
				"audits": {{Where: map[string]any{"state": "pending"}, Count: &scenario.Count{}}}}}}},
		{"expect_no_violations", "  - {name: clean, expect_no_violations: true}\n",
			scenario.Step{Name: "clean", ExpectNoViolations: true}},
		{"a literal ${", "  - request: {path: /a, raw: \"$${not a variable}\"}\n",
			scenario.Step{Request: &scenario.Request{Method: "POST", Path: "/a", Raw: "$${not a variable}"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := parseStep(t, tt.step)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got, cmpopts.IgnoreFields(scenario.Step{}, "Line")); diff != "" {
				t.Errorf("step mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestMultiDocument(t *testing.T) {
	t.Parallel()
	got, err := scenario.ParseFile("testdata/good/multi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	page := &scenario.Request{Method: "POST", Path: "/promoter/getpromoter", Body: map[string]any{"role_id": json.Number("1")}}
	want := []*scenario.Scenario{
		{Name: "first of three", File: "testdata/good/multi.yaml", Line: 4, Setup: scenario.Setup{Clock: scenario.Clock{Frozen: true}},
			Steps: []scenario.Step{{Line: 6, Request: &scenario.Request{Method: "GET", Path: "/cgi-bin/token", Token: scenario.Token{Omit: true}}}}},
		{Name: "second of three", File: "testdata/good/multi.yaml", Line: 8, Setup: scenario.Setup{Clock: scenario.Clock{Frozen: true}},
			Steps: []scenario.Step{
				{Line: 10, Request: page, Expect: &scenario.Expect{Status: 200, ErrCode: ptr(0)}},
				{Line: 13, Request: page, Expect: &scenario.Expect{Status: 200, ErrCode: ptr(0)}}, // *page
				{Line: 14, Request: &scenario.Request{Method: "POST", Path: "/promoter/getpromoter", // <<: *getpromoter
					Body: map[string]any{"role_id": json.Number("2")}}},
			}},
		{Name: "third of three", File: "testdata/good/multi.yaml", Line: 18,
			Setup: scenario.Setup{Clock: scenario.Clock{Start: time.Unix(1706076027, 0).UTC(), Frozen: true}},
			Steps: []scenario.Step{{Line: 22, Advance: &scenario.Advance{Duration: time.Hour}}}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("multi.yaml mismatch (-want +got):\n%s", diff)
	}
}

func TestJSONArray(t *testing.T) {
	t.Parallel()
	got, err := scenario.ParseFile("testdata/good/list.json")
	if err != nil {
		t.Fatal(err)
	}
	want := []*scenario.Scenario{
		{Name: "json one", File: "testdata/good/list.json", Line: 2, Setup: scenario.Setup{Clock: scenario.Clock{Frozen: true}},
			Steps: []scenario.Step{{Line: 2, Advance: &scenario.Advance{Duration: 5 * time.Second}}}},
		{Name: "json two", File: "testdata/good/list.json", Line: 3, Setup: scenario.Setup{Clock: scenario.Clock{Frozen: true}},
			Steps: []scenario.Step{{Line: 6, ExpectNoViolations: true}}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("list.json mismatch (-want +got):\n%s", diff)
	}
}

// TestLoadDir reads a tree in path order, leaving out hidden files, other
// extensions and the state file a scenario names.
func TestLoadDir(t *testing.T) {
	t.Parallel()
	got, err := scenario.LoadDir("testdata/dir")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, s := range got {
		names = append(names, s.File+" "+s.Name)
	}
	want := []string{
		"testdata/dir/a.yaml a",
		"testdata/dir/b.yaml b", // "b.yaml" sorts before "b/"
		"testdata/dir/b/c.yml c",
		"testdata/dir/b/d.json d1",
		"testdata/dir/b/d.json d2",
	}
	if diff := cmp.Diff(want, names); diff != "" {
		t.Errorf("LoadDir order mismatch (-want +got):\n%s", diff)
	}
}

func TestLoadDirErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		dir  string
		want string
	}{
		{"testdata/dupdir", `testdata/dupdir/two/other.yaml:2:7: name: duplicate scenario name "same" (first at testdata/dupdir/one.yaml:1)`},
		{"testdata/baddir", "testdata/baddir/x.yaml:4:5: steps/0: unknown field \"nme\" (did you mean \"name\"?)\n" +
			"testdata/baddir/y.json:2:1: unexpected end of JSON"},
		{"testdata/good/../dir/b/data", `testdata/dir/b/data/seed.json:1:2: unknown field "version"`},
		{"testdata/dir/.hidden", `testdata/dir/.hidden/broken.yaml:1:8: did not find expected ',' or ']'`},
	}
	for _, tt := range tests {
		t.Run(tt.dir, func(t *testing.T) {
			t.Parallel()
			_, err := scenario.LoadDir(tt.dir)
			if err == nil {
				t.Fatal("LoadDir succeeded, want an error")
			}
			if got := err.Error(); got != tt.want {
				t.Errorf("error\n got %s\nwant %s", got, tt.want)
			}
			var pe *scenario.ParseError
			if !errors.As(err, &pe) {
				t.Errorf("error %T is no *ParseError", err)
			}
		})
	}
	if _, err := scenario.LoadDir(t.TempDir()); err == nil || !strings.HasSuffix(err.Error(), "no scenario in the directory") {
		t.Errorf("LoadDir of an empty directory: %v, want no scenario in the directory", err)
	}
}

func TestInlineState(t *testing.T) {
	t.Parallel()
	got, err := scenario.Parse("s.yaml", []byte("name: x\nsetup:\n  app: {appid: wx0123456789abcdef}\n"+
		"  state: {version: 1, apps: [], promoters: [{appid: wx0123456789abcdef, id: 1, name: 张三}]}\nsteps:\n  - advance: 1\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := `{"apps":[],"promoters":[{"appid":"wx0123456789abcdef","id":1,"name":"张三"}],"version":1}`
	if got := string(got[0].Setup.State); got != want {
		t.Errorf("State = %s, want %s", got, want)
	}
}

// TestDocExample parses the scenario that doc.go shows.
func TestDocExample(t *testing.T) {
	t.Parallel()
	src, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, l := range strings.Split(string(src), "\n") {
		if y, ok := strings.CutPrefix(l, "//\t"); ok && !strings.Contains(y, ".yaml:") {
			lines = append(lines, y)
		}
	}
	got, err := scenario.Parse("doc.go.yaml", []byte(strings.Join(lines, "\n")))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || len(got[0].Steps) != 4 {
		t.Errorf("doc.go example: %d scenarios, want 1 of 4 steps", len(got))
	}
}
