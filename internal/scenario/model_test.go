package scenario_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/wxmock/wxmock/internal/scenario"
)

func ptr[T any](v T) *T { return &v }

// everyStep is testdata/good/every_step.yaml as the model holds it, with
// every default filled in.
func everyStep() *scenario.Scenario {
	const openid = "o6_bmjrPTlm6_2sgVt7hMZOPfL2M"
	atLeastOne := scenario.Count{Min: 1, Max: scenario.Unbounded}
	return &scenario.Scenario{
		Name:        "every step kind",
		Description: "One of each step, so that the parser's model of each is tested.\n",
		File:        "testdata/good/every_step.yaml",
		Line:        2,
		Setup: scenario.Setup{
			App: scenario.App{AppID: "wx00000000000000aa", Secret: "0123456789abcdef0123456789abcdef", Name: "every step",
				Push: &scenario.Push{URL: scenario.PushReceiver, Token: "tok123", AESKey: "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", Mode: "safe"}},
			StateFile: "data/seed.json",
			Clock:     scenario.Clock{Start: time.Date(2024, 1, 24, 6, 0, 27, 0, time.UTC), Frozen: false},
			Roles:     []scenario.Role{{Name: "店长", Desc: "门店负责人"}},
			Promoters: []scenario.Promoter{
				{OpenID: openid, RoleID: 2, RetailID: "store-1", Name: "张三", Phone: "13800000000", AuthStatus: 1, DeclStatus: 1, Count: 1},
				{RoleID: 1, DeclStatus: 1, Count: 4500},
			},
		},
		Faults: []scenario.Fault{
			{Path: "/promoter/getpromoter", ErrCode: ptr(-1), ErrMsg: "system error", Times: 1, Line: 19},
			{Path: "/wxa/add_store", LatencyMS: 1500, Every: 3, Probability: 0.5, Seed: 7, Line: 20},
			{Path: "/promoter/addrole", Drop: true, Line: 21},
		},
		Steps: []scenario.Step{
			{
				Line: 23, Name: "first page",
				Request: &scenario.Request{Method: "POST", Path: "/promoter/getpromoter",
					Query:   map[string]string{"lang": "zh_CN", "page": "2"},
					Headers: map[string]string{"X-Trace": "abc"},
					Body:    map[string]any{"role_id": json.Number("2"), "start_id": "0"}},
				Expect: &scenario.Expect{Status: 200, ErrCode: ptr(0), Body: &scenario.Matcher{
					Value: map[string]any{"total_cnt": json.Number("1"), "promoter_list": []any{
						map[string]any{"openid": openid, "role_id": json.Number("2")}}},
					Exact:  true,
					Ignore: []string{"/errmsg", "/promoter_list/*/update_time"}}},
				Save: map[string]string{"first_id": "/promoter_list/0/id"},
			},
			{Line: 36, Request: &scenario.Request{Method: "GET", Path: "/wxa/get_merchant_audit_info", Token: scenario.Token{Omit: true}},
				Expect: &scenario.Expect{Status: 200, ErrCode: ptr(41001)}},
			{Line: 38, Request: &scenario.Request{Method: "POST", Path: "/promoter/addrole", Token: scenario.Token{Value: "${access_token}"}, Raw: "{not json"}},
			{Line: 39, Request: &scenario.Request{Method: "POST", Path: "/cgi-bin/media/upload", Query: map[string]string{"type": "image"},
				Upload: &scenario.Upload{Field: "media", Filename: "logo.jpg", Content: "\u00ff\u00d8\u00ff\u00e0 jpeg"}},
				Save: map[string]string{"media": "/media_id"}},
			{Line: 44, Run: &scenario.Run{Command: []string{"go", "run", "./examples/promoter-sync"}, Dir: "../..", Timeout: 2 * time.Minute, ExitCode: 3,
				Env: map[string]string{"SYNC_PAGES": "3", "VERBOSE": "true", "MEDIA": "${media}"}}},
			{Line: 50, Run: &scenario.Run{Command: []string{"sh", "-c", "./sync.sh --once"}, Timeout: scenario.DefaultRunTimeout}},
			{Line: 51, Advance: &scenario.Advance{Duration: 2 * time.Hour}},
			{Line: 52, Advance: &scenario.Advance{Duration: 90 * time.Second}},
			{Line: 53, Advance: &scenario.Advance{Duration: 1500 * time.Millisecond}},
			{Line: 54, Authorize: &scenario.Authorize{OpenID: openid, AuthStatus: 1}},
			{Line: 55, Authorize: &scenario.Authorize{AppID: "${appid}", OpenID: openid, AuthStatus: 2}},
			{Line: 56, Resolve: &scenario.Resolve{Audit: scenario.AuditLatest}},
			{Line: 57, Resolve: &scenario.Resolve{Audit: "414569513", Status: ptr(3), Reason: "证件不清晰"}},
			{Line: 58, Resolve: &scenario.Resolve{Audit: "${first_id}", Kind: "add_store_audit_info", Outcome: "reject"}},
			{Line: 59, ExpectPush: &scenario.ExpectPush{Event: "apply_merchant_audit_info", Fields: map[string]string{"status": "1", "reason": ""}, Within: 10 * time.Second}},
			{Line: 60, ExpectPush: &scenario.ExpectPush{Event: "add_store_audit_info", Within: scenario.DefaultPushWithin}},
			{Line: 61, ExpectRequests: &scenario.ExpectRequests{
				Call: scenario.Call{Method: "POST", Path: "/promoter/getpromoter",
					Body: &scenario.Matcher{Value: map[string]any{"role_id": json.Number("2")}}},
				Count: scenario.Count{Min: 4, Max: 4},
				Order: []scenario.Call{
					{Path: "/cgi-bin/token"},
					{ErrCode: ptr(-1)},
					{ErrCode: ptr(0), Body: &scenario.Matcher{Value: map[string]any{"start_id": "2000"}}},
				},
				Last:         &scenario.Call{ErrCode: ptr(103006)},
				RetriedAfter: []int{-1},
				Since:        scenario.SinceLastRun,
			}},
			{Line: 73, ExpectRequests: &scenario.ExpectRequests{
				Call: scenario.Call{Path: "/promoter/*", ErrCode: ptr(0),
					Body: &scenario.Matcher{Value: map[string]any{"start_id": "4000"}, Exact: true, Ignore: []string{"/role_id"}}},
				Count:        scenario.Count{Min: 1, Max: 5},
				RetriedAfter: []int{-1, 45009},
				Since:        scenario.SinceScenario,
			}},
			{Line: 74, ExpectRequests: &scenario.ExpectRequests{Call: scenario.Call{Path: "/cgi-bin/stable_token"},
				Count: scenario.Count{Min: 0, Max: 1}, Since: scenario.SinceScenario}},
			{Line: 75, ExpectState: &scenario.ExpectState{Tables: map[string][]scenario.StateCheck{
				"promoters": {{Where: map[string]any{"auth_status": json.Number("1")}, Count: &scenario.Count{Min: 4500, Max: 4500}}},
				"roles": {
					{Contains: []any{map[string]any{"name": "店长"}}},
					{Where: map[string]any{"role_id": json.Number("1")}, Count: &scenario.Count{Min: 1, Max: 1}},
				},
				"stores": {{Count: &atLeastOne}},
			}}},
			{Line: 81, ExpectNoViolations: true},
		},
	}
}

func TestParseEveryStep(t *testing.T) {
	t.Parallel()
	got, err := scenario.ParseFile("testdata/good/every_step.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]*scenario.Scenario{everyStep()}, got); diff != "" {
		t.Errorf("every_step.yaml mismatch (-want +got):\n%s", diff)
	}
	var kinds []string
	for _, st := range got[0].Steps {
		if k := st.Kind(); len(kinds) == 0 || kinds[len(kinds)-1] != k {
			kinds = append(kinds, k)
		}
	}
	if diff := cmp.Diff(scenario.Kinds(), kinds); diff != "" {
		t.Errorf("every_step.yaml should hold every kind, in order (-want +got):\n%s", diff)
	}
}

// TestJSONAndYAMLAgree reads the same scenario written both ways: only
// where it was read from differs.
func TestJSONAndYAMLAgree(t *testing.T) {
	t.Parallel()
	fromYAML, err := scenario.ParseFile("testdata/good/every_step.yaml")
	if err != nil {
		t.Fatal(err)
	}
	fromJSON, err := scenario.ParseFile("testdata/good/every_step.json")
	if err != nil {
		t.Fatal(err)
	}
	if fromJSON[0].File != "testdata/good/every_step.json" || fromJSON[0].Line != 1 || fromJSON[0].Steps[0].Line != 60 {
		t.Errorf("JSON places: file %s, line %d, first step line %d; want every_step.json, 1, 60",
			fromJSON[0].File, fromJSON[0].Line, fromJSON[0].Steps[0].Line)
	}
	where := cmp.Options{
		cmpopts.IgnoreFields(scenario.Scenario{}, "File", "Line"),
		cmpopts.IgnoreFields(scenario.Step{}, "Line"),
		cmpopts.IgnoreFields(scenario.Fault{}, "Line"),
	}
	if diff := cmp.Diff(fromYAML, fromJSON, where); diff != "" {
		t.Errorf("JSON and YAML mismatch (-yaml +json):\n%s", diff)
	}
}

func TestCount(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		count scenario.Count
		text  string
		allow []int
		deny  []int
	}{
		{"exact", scenario.Count{Min: 3, Max: 3}, "3", []int{3}, []int{0, 2, 4}},
		{"at least", scenario.Count{Min: 1, Max: scenario.Unbounded}, "at least 1", []int{1, 1 << 30}, []int{0}},
		{"at most", scenario.Count{Min: 0, Max: 2}, "at most 2", []int{0, 2}, []int{3}},
		{"range", scenario.Count{Min: 1, Max: 5}, "1 to 5", []int{1, 5}, []int{0, 6}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := tt.count.String(); got != tt.text {
				t.Errorf("String() = %q, want %q", got, tt.text)
			}
			for _, n := range tt.allow {
				if !tt.count.Allows(n) {
					t.Errorf("Allows(%d) = false, want true", n)
				}
			}
			for _, n := range tt.deny {
				if tt.count.Allows(n) {
					t.Errorf("Allows(%d) = true, want false", n)
				}
			}
		})
	}
}

func TestScenarioPath(t *testing.T) {
	t.Parallel()
	s := &scenario.Scenario{File: "scenarios/sync/pages.yaml"}
	for rel, want := range map[string]string{
		"data/seed.json": "scenarios/sync/data/seed.json",
		"../x.json":      "scenarios/x.json",
		"/abs/seed.json": "/abs/seed.json",
		"":               "",
	} {
		if got := s.Path(rel); got != want {
			t.Errorf("Path(%q) = %q, want %q", rel, got, want)
		}
	}
}
