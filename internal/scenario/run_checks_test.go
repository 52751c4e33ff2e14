package scenario_test

import (
	"strings"
	"testing"

	"github.com/wxmock/wxmock/internal/scenario"
)

// TestRunOutputChecks: stdout_contains and stderr_contains match each
// stream apart, line by line, with variables matching their values
// literally; a failure names every pattern that did not match and shows
// the end of its stream.
func TestRunOutputChecks(t *testing.T) {
	t.Parallel()
	const client = `printf 'starting\nsynced 3 promoters of %s\n' "$WXMOCK_APPID"; echo 'warning: slow (2.5s)' >&2; echo "$WXMOCK_BASE_URL" | tr . X`
	tests := []struct {
		name   string
		checks string // the run step's other keys
		want   []string
	}{
		{"both streams match", `stdout_contains: ['^synced \d+ promoters', 'of ${appid}$'], stderr_contains: 'slow \(2\.5s\)'`, nil},
		{"a string alone", `stdout_contains: starting`, nil},
		{"a missing line", `stdout_contains: ['^starting$', '^done$']`,
			[]string{`run: stdout has no match for "^done$"`, "stdout ended with:\nstarting\nsynced 3 promoters of wx"}},
		{"stderr is not stdout", `stdout_contains: warning`, []string{`stdout has no match for "warning"`}},
		{"stdout is not stderr", `stderr_contains: [synced, starting]`,
			[]string{`run: stderr has no match for "synced", "starting"`, "stderr ended with:\nwarning: slow (2.5s)\n"}},
		{"both streams fail", `{stdout_contains: zzz, stderr_contains: yyy}`,
			[]string{`stdout has no match for "zzz"; stderr has no match for "yyy"`, "stdout ended with:", "stderr ended with:"}},
		// The base URL's dots are X in stdout: as a regular expression
		// the URL would match.
		{"a variable matches literally", `stdout_contains: '^${base_url}$'`, []string{`no match for "^${base_url}$"`}},
		{"the exit code and a miss", `{exit_code: 3, stdout_contains: zzz}`, []string{"exit code", `stdout has no match for "zzz"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			checks := tt.checks
			if !strings.HasPrefix(checks, "{") {
				checks = "{" + checks + "}"
			}
			// The step's keys, merged into one mapping with the command.
			yaml := "name: output checks\nsteps:\n  - run: {command: " + quoteYAML(client) + ", " + strings.Trim(checks, "{}") + "}\n"
			scs, err := scenario.Parse("checks.yaml", []byte(yaml))
			if err != nil {
				t.Fatal(err)
			}
			res := runScenarios(t, scs)[0]
			if tt.want == nil {
				if !res.Passed {
					t.Fatalf("scenario failed: %+v", res.Failure)
				}
				return
			}
			if res.Passed {
				t.Fatalf("scenario passed, want a failure saying %q", tt.want)
			}
			text := res.Failure.Message + "\n" + res.Failure.Got
			for _, w := range tt.want {
				if !strings.Contains(text, w) {
					t.Errorf("failure\n%s\ndoes not say %q", text, w)
				}
			}
		})
	}
}

// quoteYAML is s as a YAML double-quoted scalar.
func quoteYAML(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}
