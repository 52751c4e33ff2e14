package scenario_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/wxmock/wxmock/internal/scenario"
)

// TestParseErrorFiles reads each file of testdata/bad: one class of error
// each, with the exact place and words a person would see.
func TestParseErrorFiles(t *testing.T) {
	t.Parallel()
	tests := []struct {
		file string
		want scenario.ParseError
	}{
		{"unknown_field.yaml", scenario.ParseError{Line: 5, Column: 7, Pointer: "/steps/0/request", Msg: `unknown field "bdy" (did you mean "body"?)`}},
		{"unknown_field.json", scenario.ParseError{Line: 4, Column: 51, Pointer: "/steps/0/request", Msg: `unknown field "bdy" (did you mean "body"?)`}},
		{"wrong_type.yaml", scenario.ParseError{Line: 5, Column: 15, Pointer: "/steps/0/expect/status", Msg: "want integer, got string"}},
		{"missing_required.yaml", scenario.ParseError{Line: 4, Column: 7, Pointer: "/steps/0/authorize", Msg: `missing required field "openid"`}},
		{"bad_duration.yaml", scenario.ParseError{Line: 5, Column: 16, Pointer: "/steps/0/run/timeout",
			Msg: `bad duration "30 seconds": want seconds (7200) or a duration such as "5s", "2m" or "1h30m"`}},
		{"syntax.yaml", scenario.ParseError{Line: 4, Column: 4, Msg: "did not find expected '-' indicator"}},
		{"tab.yaml", scenario.ParseError{Line: 3, Column: 1, Msg: "found character that cannot start any token"}},
		{"syntax.json", scenario.ParseError{Line: 5, Column: 3, Msg: "invalid character ']' looking for beginning of value"}},
		{"two_kinds.yaml", scenario.ParseError{Line: 5, Column: 5, Pointer: "/steps/0", Msg: `a step has one kind; this one has "request" and "advance"`}},
		{"no_kind.yaml", scenario.ParseError{Line: 3, Column: 5, Pointer: "/steps/0",
			Msg: `a step needs one of "request", "run", "advance", "authorize", "resolve", "expect_push", "expect_requests", "expect_state" or "expect_no_violations"`}},
		{"undefined_var.yaml", scenario.ParseError{Line: 3, Column: 22, Pointer: "/steps/0/resolve/audit", Msg: "undefined variable ${audit_id}"}},
		{"duplicate_key.yaml", scenario.ParseError{Line: 4, Column: 1, Msg: `duplicate key "steps" (first at line 2)`}},
		{"duplicate_name.yaml", scenario.ParseError{Line: 5, Column: 7, Pointer: "/name", Msg: `duplicate scenario name "twice" (first at line 1)`}},
		{"bad_date.yaml", scenario.ParseError{Line: 3, Column: 18, Pointer: "/setup/clock/start", Msg: `bad clock start "2024-02-30T00:00:00Z": day out of range`}},
		{"count_range.yaml", scenario.ParseError{Line: 3, Column: 52, Pointer: "/steps/0/expect_requests/count", Msg: "count has min 3 above max 1"}},
		{"exclusive.yaml", scenario.ParseError{Line: 6, Column: 7, Pointer: "/steps/0/request", Msg: "give one of body, raw and upload"}},
		{"chinese_columns.yaml", scenario.ParseError{Line: 3, Column: 47, Pointer: "/steps/0/expect_state/roles", Msg: `unknown field "cont" (did you mean "count"?)`}},
	}
	files, err := filepath.Glob("testdata/bad/*")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != len(tests) {
		t.Errorf("testdata/bad has %d files and the table %d cases", len(files), len(tests))
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			t.Parallel()
			path := filepath.Join("testdata/bad", tt.file)
			_, err := scenario.ParseFile(path)
			var got *scenario.ParseError
			if !errors.As(err, &got) {
				t.Fatalf("ParseFile: %v, want a *ParseError", err)
			}
			tt.want.File = path
			if diff := cmp.Diff(&tt.want, got); diff != "" {
				t.Errorf("error mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestParseErrors covers the rarer errors, each as the one line the
// runner prints.
func TestParseErrors(t *testing.T) {
	t.Parallel()
	const head = "name: x\nsteps:\n"
	tests := []struct {
		name, file, in, want string
	}{
		{"empty file", "e.yaml", "", "e.yaml: no scenario in the file"},
		{"only comments and separators", "e.yaml", "# nothing\n---\n---\n", "e.yaml: no scenario in the file"},
		{"empty JSON array", "e.json", "[]", "e.json: no scenario in the file"},
		{"empty JSON file", "e.json", "", "e.json:1:1: no JSON value"},
		{"JSON cut short", "e.json", `{"name": "x"`, "e.json:1:13: unexpected end of JSON"},
		{"JSON twice", "e.json", `{} {}`, "e.json:1:4: data after the JSON value"},
		{"JSON duplicate key", "e.json", "{\"name\": \"x\",\n \"name\": \"y\"}", `e.json:2:2: duplicate key "name" (first at line 1)`},
		{"JSON bad literal", "e.json", `{"name": tru}`, "e.json:1:13: invalid character '}' in literal true (expecting 'e')"},
		{"a scalar document", "s.yaml", "hello\n", "s.yaml:1:1: want object, got string"},
		{"a list of non-scenarios", "s.yaml", "- 1\n", "s.yaml:1:3: 0: want object, got integer"},
		{"missing name", "s.yaml", "steps:\n  - advance: 1\n", `s.yaml:1:1: missing required field "name"`},
		{"no steps", "s.yaml", "name: x\nsteps: []\n", "s.yaml:2:8: steps: a scenario needs at least one step"},
		{"unknown top-level key", "s.yaml", "name: x\nstep:\n  - advance: 1\n", `s.yaml:2:1: unknown field "step" (did you mean "steps"?)`},
		{"unknown kind", "s.yaml", head + "  - reqest: {path: /a}\n", `s.yaml:3:5: steps/0: unknown field "reqest" (did you mean "request"?)`},
		{"expect_requests path typo", "s.yaml", head + "  - expect_requests: {path: /promoter/getprmoter, count: 0}\n",
			`s.yaml:3:29: steps/0/expect_requests/path: no WeChat endpoint is "/promoter/getprmoter": want a path wxmock serves, or a prefix ending in * (/wxa/*) (did you mean "/promoter/getpromoter"?)`},
		{"order path typo", "s.yaml", head + "  - expect_requests: {order: [/cgi-bin/token, /promoter/getrol]}\n",
			`s.yaml:3:47: steps/0/expect_requests/order/1: no WeChat endpoint is "/promoter/getrol": want a path wxmock serves, or a prefix ending in * (/wxa/*) (did you mean "/promoter/getrole"?)`},
		{"last path far from any", "s.yaml", head + "  - expect_requests: {path: /promoter/getrole, last: {path: /nothing/here}}\n",
			`s.yaml:3:61: steps/0/expect_requests/last/path: no WeChat endpoint is "/nothing/here": want a path wxmock serves, or a prefix ending in * (/wxa/*)`},
		{"unknown key far from any", "s.yaml", head + "  - advance: 1\n    zzzzzz: 1\n", `s.yaml:4:5: steps/0: unknown field "zzzzzz"`},
		{"expect without request", "s.yaml", head + "  - run: {command: x}\n    expect: {status: 200}\n", `s.yaml:4:5: steps/0: "expect" goes with "request"`},
		{"match without body", "s.yaml", head + "  - request: {path: /a}\n    expect: {errcode: 0, match: exact}\n", `s.yaml:4:26: steps/0/expect: "match" goes with "body"`},
		{"empty expect", "s.yaml", head + "  - request: {path: /a}\n    expect: {}\n", "s.yaml:4:13: steps/0/expect: expect needs status, errcode or body"},
		{"bad enum", "s.yaml", head + "  - request: {path: /a, method: PUTT}\n",
			`s.yaml:3:33: steps/0/request/method: want "GET", "POST", "PUT", "DELETE", "PATCH", "HEAD"; got "PUTT"`},
		{"path without slash", "s.yaml", head + "  - request: {path: promoter/getrole}\n",
			`s.yaml:3:21: steps/0/request/path: bad path "promoter/getrole": want one that starts with /`},
		{"negative seconds", "s.yaml", head + "  - advance: {seconds: -1}\n", "s.yaml:3:24: steps/0/advance/seconds: must be >= 0 but found -1"},
		{"advance of a wrong type", "s.yaml", head + "  - advance: [1]\n", `s.yaml:3:14: steps/0/advance: bad advance [1]: want a duration ("2h", 7200) or {seconds: N}`},
		{"duration overflow", "s.yaml", head + "  - advance: 9999999h\n", `s.yaml:3:14: steps/0/advance: bad duration "9999999h": out of range`},
		{"duration too long", "s.yaml", head + "  - run: {command: x, timeout: 9999999999}\n", "s.yaml:3:32: steps/0/run/timeout: bad duration 9999999999: more than 100 years"},
		{"no expect_no_violations", "s.yaml", head + "  - expect_no_violations: false\n", "s.yaml:3:27: steps/0/expect_no_violations: expect_no_violations takes true or {unknown_fields: true}"},
		{"expect_no_violations of a wrong kind", "s.yaml", head + "  - expect_no_violations: 1\n", "s.yaml:3:27: steps/0/expect_no_violations: expect_no_violations takes true or {unknown_fields: true}"},
		{"expect_no_violations typo", "s.yaml", head + "  - expect_no_violations: {unknown_field: true}\n",
			"s.yaml:3:27: steps/0/expect_no_violations: expect_no_violations takes true or {unknown_fields: true}"},
		{"bad variable name", "s.yaml", head + "  - request: {path: /a}\n    save: {1x: /a}\n",
			`s.yaml:4:12: steps/0/save: bad variable name "1x": want letters, digits and _, not starting with a digit`},
		{"save to a built-in", "s.yaml", head + "  - request: {path: /a}\n    save: {appid: /a}\n", `s.yaml:4:12: steps/0/save: cannot save to the built-in variable "appid"`},
		{"bad pointer", "s.yaml", head + "  - request: {path: /a}\n    save: {x: a/b}\n",
			`s.yaml:4:15: steps/0/save/x: bad JSON pointer "a/b": want "" or one like "/promoter_list/0/id" (~1 for /, ~0 for ~)`},
		{"unclosed variable", "s.yaml", head + "  - request: {path: \"/a${x\"}\n", `s.yaml:3:21: steps/0/request/path: "${x" has ${ without }; write $${ for a literal ${`},
		{"variable used by its own step", "s.yaml", head + "  - request: {path: \"/${me}\"}\n    save: {me: /x}\n", "s.yaml:3:21: steps/0/request/path: undefined variable ${me}"},
		{"fault without effect", "s.yaml", "name: x\nfaults: [{path: /a, times: 1}]\nsteps:\n  - advance: 1\n",
			"s.yaml:2:10: faults/0: a fault needs errcode, latency_ms, drop, malformed or html"},
		{"fault typo is not also a missing effect", "s.yaml", "name: x\nfaults: [{path: /a, errcod: 1}]\nsteps:\n  - advance: 1\n",
			`s.yaml:2:21: faults/0: unknown field "errcod" (did you mean "errcode"?)`},
		{"state and state_file", "s.yaml", "name: x\nsetup: {state: {}, state_file: s.json}\nsteps:\n  - advance: 1\n",
			"s.yaml:2:20: setup: give state or state_file, not both"},
		{"status and outcome", "s.yaml", head + "  - resolve: {outcome: pass, status: 1}\n", "s.yaml:3:30: steps/0/resolve: give status or outcome, not both"},
		{"openid with count", "s.yaml", "name: x\nsetup: {promoters: [{count: 2, openid: o6_bmjrPTlm6_2sgVt7hMZOPfL2M}]}\nsteps:\n  - advance: 1\n",
			"s.yaml:2:32: setup/promoters/0: count generates openids: leave openid out"},
		{"bad clock start", "s.yaml", "name: x\nsetup: {clock: {start: yesterday}}\nsteps:\n  - advance: 1\n",
			`s.yaml:2:24: setup/clock/start: bad clock start "yesterday": want RFC 3339 ("2024-01-24T06:00:27Z") or unix seconds`},
		{"bad appid", "s.yaml", "name: x\nsetup: {app: {appid: wx123}}\nsteps:\n  - advance: 1\n",
			`s.yaml:2:22: setup/app/appid: bad appid "wx123": want wx and 16 lowercase hex digits`},
		{"bad environment name", "s.yaml", head + "  - run: {command: x, env: {A-B: 1}}\n",
			`s.yaml:3:29: steps/0/run/env: bad environment variable name "A-B": want letters, digits and _`},
		{"where key that is no column", "s.yaml", head + "  - expect_state: {promoters: {where: {role: 2}, count: 0}}\n",
			`s.yaml:3:40: steps/0/expect_state/promoters/where: no column "role" in promoters (did you mean "role_id"?)`},
		{"where key far from any column", "s.yaml", head + "  - expect_state: {roles: [{count: 1}, {where: {zzzzzzzz: 2}}]}\n",
			`s.yaml:3:49: steps/0/expect_state/roles/1/where: no column "zzzzzzzz" in roles: its columns are appid, desc, name, role_id`},
		{"contains key that is no column", "s.yaml", head + "  - expect_state: {stores: {contains: [{status: 1}, {map_poi: x}]}}\n",
			`s.yaml:3:54: steps/0/expect_state/stores/contains/1: no column "map_poi" in stores (did you mean "map_poi_id"?)`},
		{"a reach column in orders", "s.yaml", head + "  - expect_state: {orders: {where: {promoter_openid: x, retailid: y}}}\n",
			`s.yaml:3:57: steps/0/expect_state/orders/where: no column "retailid" in orders (did you mean "retail_id"?)`},
		{"bad regular expression", "s.yaml", head + "  - run: {command: x, stdout_contains: \"synced (\\\\d+\"}\n",
			`s.yaml:3:40: steps/0/run/stdout_contains: bad regular expression "synced (\\d+": missing closing )`},
		{"bad regular expression in a list", "s.yaml", head + "  - run: {command: x, stderr_contains: [ok, \"a**\"]}\n",
			`s.yaml:3:45: steps/0/run/stderr_contains/1: bad regular expression "a**": invalid nested repetition operator`},
		{"empty pattern", "s.yaml", head + "  - run: {command: x, stdout_contains: []}\n",
			"s.yaml:3:40: steps/0/run/stdout_contains: want at least one regular expression"},
		{"empty pattern in a list", "s.yaml", head + "  - run: {command: x, stdout_contains: [a, '']}\n",
			"s.yaml:3:44: steps/0/run/stdout_contains/1: an empty regular expression matches any output"},
		{"pattern of a wrong type", "s.yaml", head + "  - run: {command: x, stderr_contains: 1}\n",
			"s.yaml:3:40: steps/0/run/stderr_contains: want a regular expression or a list of them"},
		{"unknown table", "s.yaml", head + "  - expect_state: {promoter: {count: 1}}\n",
			`s.yaml:3:20: steps/0/expect_state: unknown field "promoter" (did you mean "promoters"?)`},
		{"infinite number", "s.yaml", head + "  - advance: .inf\n", "s.yaml:3:14: number .inf has no JSON equivalent"},
		{"custom tag", "s.yaml", head + "  - advance: !secs 5\n", "s.yaml:3:14: unsupported YAML tag !secs"},
		{"alias inside its anchor", "s.yaml", "name: &a [*a]\n", "s.yaml:1:11: alias *a refers to a node that contains it"},
		{"unknown anchor", "s.yaml", "name: *nope\n", "s.yaml:1:11: unknown anchor 'nope' referenced"},
		{"unclosed quote", "s.yaml", "name: 'x\n", "s.yaml:1:7: found unexpected end of stream"},
		{"mapping in a plain scalar", "s.yaml", "name: x: y\n", "s.yaml:1:8: mapping values are not allowed in this context"},
		{"non-scalar key", "s.yaml", "? [a]\n: 1\n", "s.yaml:1:3: a mapping key must be a scalar"},
		{"merge of a scalar", "s.yaml", "name: x\n<<: 1\n", "s.yaml:2:5: a merge key (<<) takes a mapping or a list of mappings"},
		{"alias expansion", "s.yaml", laughs, "s.yaml:1:1: aliases expand the document by more than 100000 nodes"},
	}
	p, err := scenario.NewParser()
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := p.Parse(tt.file, []byte(tt.in))
			if err == nil {
				t.Fatalf("Parse succeeded with %d scenarios, want %s", len(got), tt.want)
			}
			var pe *scenario.ParseError
			if !errors.As(err, &pe) {
				t.Errorf("error %T is no *ParseError", err)
			}
			if err.Error() != tt.want {
				t.Errorf("error\n got %s\nwant %s", err, tt.want)
			}
		})
	}
}

// laughs is a "billion laughs" document: ten aliases of ten aliases of ...
const laughs = `a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]
h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g, *g]
i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h, *h]
`

func TestParseErrorString(t *testing.T) {
	t.Parallel()
	tests := []struct {
		err  scenario.ParseError
		want string
	}{
		{scenario.ParseError{File: "a.yaml", Line: 12, Column: 5, Pointer: "/steps/3/request", Msg: `unknown field "bdy"`},
			`a.yaml:12:5: steps/3/request: unknown field "bdy"`},
		{scenario.ParseError{File: "a.yaml", Line: 3, Msg: "found character that cannot start any token"},
			"a.yaml:3: found character that cannot start any token"},
		{scenario.ParseError{File: "a.yaml", Msg: "no scenario in the file"}, "a.yaml: no scenario in the file"},
		{scenario.ParseError{Msg: "bare"}, "bare"},
		{scenario.ParseError{File: "a.json", Line: 1, Column: 1, Pointer: "/a~1b", Msg: "m"}, "a.json:1:1: a~1b: m"},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
	}
}

func TestParseFileMissing(t *testing.T) {
	t.Parallel()
	_, err := scenario.ParseFile("testdata/no-such-file.yaml")
	if !errors.Is(err, os.ErrNotExist) {
		t.Errorf("ParseFile of a missing file: %v, want os.ErrNotExist", err)
	}
}
