package sim

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// fakeSteps is a migration path as the next change of State's shape would
// add one: version 0 named the apps "applications"; version 1 lists
// apps; a fake version 2 renames "apps" back, so that the chain shows.
func fakeSteps() []Migration {
	rename := func(from, to string) func(map[string]any) error {
		return func(doc map[string]any) error {
			v, ok := doc[from]
			if !ok {
				return errors.New(from + " missing")
			}
			delete(doc, from)
			doc[to] = v
			return nil
		}
	}
	return []Migration{{From: 0, Apply: rename("applications", "apps")}, {From: 1, Apply: rename("apps", "tmp_apps")}}
}

const fakeApp = `{"appid":"wx0123456789abcdef","secret":"00000000000000000000000000000000","name":"n","original_id":"gh_0123456789ab","created_at":1,"push":{"url":"","token":"","aes_key":"","mode":"plain"}}`

func TestMigrate(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name    string
		doc     map[string]any
		to      int
		want    map[string]any
		wantErr string
	}{
		{"current: untouched", map[string]any{"version": 1.0, "apps": 1.0}, 1, map[string]any{"version": 1.0, "apps": 1.0}, ""},
		{"v0 (no version) to v1", map[string]any{"applications": 1.0}, 1, map[string]any{"version": 1, "apps": 1.0}, ""},
		{"v0 to v2, in order", map[string]any{"version": 0.0, "applications": 1.0}, 2, map[string]any{"version": 2, "tmp_apps": 1.0}, ""},
		{"v1 to v2", map[string]any{"version": 1.0, "apps": 1.0}, 2, map[string]any{"version": 2, "tmp_apps": 1.0}, ""},
		{"newer refused", map[string]any{"version": 3.0}, 2, nil, "version 3 is newer than this wxmock reads (2)"},
		{"older than the path", map[string]any{"version": 0.0}, 3, nil, "migrating version 0 to 1: applications missing"},
		{"no step from there", map[string]any{"version": 2.0}, 3, nil, "version 2 is older than any this wxmock can migrate"},
		{"version not a number", map[string]any{"version": "1"}, 1, nil, `"version" is 1, want a whole number`},
		{"version not whole", map[string]any{"version": 1.5}, 1, nil, `want a whole number`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := Migrate(tt.doc, "version", tt.to, fakeSteps())
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("Migrate: error %v, want one with %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("Migrate: %v", err)
			}
			if diff := cmp.Diff(tt.want, tt.doc); diff != "" {
				t.Errorf("document mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestDecodeStateMigrates: a fake version 0 document is migrated, then
// decoded strictly; the real path refuses what it cannot read.
func TestDecodeStateMigrates(t *testing.T) {
	t.Parallel()
	v0 := `{"applications":[` + fakeApp + `]}`
	st, err := decodeState([]byte(v0), 1, fakeSteps()[:1])
	if err != nil {
		t.Fatalf("decodeState(v0): %v", err)
	}
	if st.Version != 1 || len(st.Apps) != 1 || st.Apps[0].AppID != "wx0123456789abcdef" {
		t.Errorf("decodeState(v0) = version %d, apps %+v; want version 1 and the app", st.Version, st.Apps)
	}
	for _, tt := range []struct{ name, doc, wantErr string }{
		{"newer", `{"version":2}`, "version 2 is newer than this wxmock reads (1)"},
		{"unversioned", `{"apps":[]}`, "version 0 is older than any"},
		{"unknown field", `{"version":1,"aps":[]}`, `unknown field "aps"`},
		{"truncated", `{"version":1,"apps":[`, "unexpected end of JSON input"},
		{"trailing data", `{"version":1} {}`, "after top-level value"},
		{"null", `null`, "null, want a state document"},
		{"not an object", `[]`, "cannot unmarshal array"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := DecodeState([]byte(tt.doc))
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("DecodeState(%s): error %v, want one with %q", tt.doc, err, tt.wantErr)
			}
		})
	}
	if _, err := DecodeState([]byte(`{"version":1,"apps":[` + fakeApp + `]}`)); err != nil {
		t.Errorf("DecodeState(current): %v", err)
	}
}

// TestGeneration: a committed write and a replacement change the
// generation; a refused write and a refused replacement do not.
func TestGeneration(t *testing.T) {
	t.Parallel()
	s := capSim(t)
	steps := []struct {
		name   string
		do     func() error
		change bool
	}{
		{"refused write", func() error { _, err := s.AddRole(capApp, RoleSpec{}); return err }, false},
		{"committed write", func() error { _, err := s.IssueToken("client_credential", capApp, strings.Repeat("0", 32)); return err }, true},
		{"refused replace", func() error { return s.Replace(&State{Version: 99}) }, false},
		{"replace", func() error { st, _ := s.Export(); return s.Replace(st) }, true},
	}
	for _, st := range steps {
		before := s.Generation()
		_ = st.do()
		if got := s.Generation() != before; got != st.change {
			t.Errorf("%s: generation changed %v, want %v", st.name, got, st.change)
		}
	}
}
