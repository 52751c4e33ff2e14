package scenario_test

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/wxmock/wxmock/internal/scenario"
)

func TestVarsExpandString(t *testing.T) {
	t.Parallel()
	vars := scenario.Vars{"appid": "wx0123456789abcdef", "audit_id": json.Number("414569513"), "ok": true, "list": []any{"a"}}
	tests := []struct {
		in, want, err string
	}{
		{"plain", "plain", ""},
		{"/a?appid=${appid}", "/a?appid=wx0123456789abcdef", ""},
		{"${audit_id}/${ok}/${list}", `414569513/true/["a"]`, ""},
		{"$${appid} costs $5", "${appid} costs $5", ""},
		{"${nope}", "", "undefined variable ${nope}"},
		{"${appid", "", `"${appid" has ${ without }; write $${ for a literal ${`},
		{"${1a}", "", `bad variable name "1a": want letters, digits and _, not starting with a digit`},
	}
	for _, tt := range tests {
		got, err := vars.ExpandString(tt.in)
		if tt.err != "" {
			if err == nil || err.Error() != tt.err {
				t.Errorf("ExpandString(%q) error = %v, want %s", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("ExpandString(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
}

// TestVarsExpand keeps the type of a value that a string only refers to.
func TestVarsExpand(t *testing.T) {
	t.Parallel()
	vars := scenario.Vars{"id": json.Number("7"), "name": "张三"}
	in := map[string]any{
		"audit_id": "${id}",
		"text":     "id ${id}",
		"list":     []any{"${name}", json.Number("1"), nil, false},
	}
	want := map[string]any{
		"audit_id": json.Number("7"),
		"text":     "id 7",
		"list":     []any{"张三", json.Number("1"), nil, false},
	}
	got, err := vars.Expand(in)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Expand mismatch (-want +got):\n%s", diff)
	}
	if in["audit_id"] != "${id}" {
		t.Error("Expand changed its argument")
	}
	if _, err := vars.Expand([]any{"${nope}"}); err == nil || err.Error() != "undefined variable ${nope}" {
		t.Errorf("Expand of an undefined variable: %v", err)
	}
}
