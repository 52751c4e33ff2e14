package examples_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/wxmock/wxmock/internal/scenario"
)

// TestExamples builds the example clients with README.md's own command,
// then runs the contract runner on examples/scenarios, which must pass, and
// on examples/scenarios-broken, which must fail for the reasons README.md
// documents and for no other.
func TestExamples(t *testing.T) {
	bin := buildAsReadme(t)
	t.Setenv("EXAMPLES_BIN", bin) // read by run.sh in the scenarios' run steps

	t.Run("scenarios", func(t *testing.T) {
		t.Parallel()
		results := runAll(t, load(t, "scenarios"))
		if len(results) < 5 {
			t.Errorf("%d scenarios in examples/scenarios, want at least 5", len(results))
		}
		for _, r := range results {
			if !r.Passed {
				t.Errorf("scenario %q failed:\n%s", r.Name, report(r))
			}
		}
	})

	t.Run("scenarios-broken", func(t *testing.T) {
		t.Parallel()
		checkBroken(t, load(t, "scenarios-broken"), brokenFailures)
	})
}

// readmeBuild is README.md's command that builds the clients; its last
// group is the directory it writes to.
var readmeBuild = regexp.MustCompile(`(?m)^(?:.* && )?go build -o (\S+) \./examples/\.\.\.$`)

// buildAsReadme runs README.md's build command from the module's root, with
// its directory moved below a temporary one that does not exist yet, as on
// a fresh machine, and returns that directory.
func buildAsReadme(t *testing.T) string {
	t.Helper()
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	m := readmeBuild.FindSubmatch(readme)
	if m == nil {
		t.Fatalf("README.md has no line `go build -o DIR ./examples/...`")
	}
	bin := filepath.Join(t.TempDir(), "fresh", "examples-bin")
	line := strings.ReplaceAll(string(m[0]), string(m[1]), bin)
	cmd := exec.Command("sh", "-c", line)
	cmd.Dir = ".."
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", line, err, out)
	}
	for _, c := range []string{"promoter-sync", "store-onboarding", "promoter-messaging", "broken-promoter-sync", "broken-promoter-messaging"} {
		if _, err := os.Stat(filepath.Join(bin, c)); err != nil {
			t.Errorf("README.md's build command did not build %s: %v", c, err)
		}
	}
	return bin
}

// load reads every scenario below dir.
func load(t *testing.T, dir string) []*scenario.Scenario {
	t.Helper()
	scs, err := scenario.LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	return scs
}

// runAll runs scenarios in process, results in the order of scs.
func runAll(t *testing.T, scs []*scenario.Scenario) []*scenario.Result {
	t.Helper()
	r, err := scenario.NewRunner(scenario.Options{Parallel: 4})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	return r.Run(ctx, scs)
}

// report is the runner's text report of one result.
func report(r *scenario.Result) string {
	var b bytes.Buffer
	scenario.WriteText(&b, []*scenario.Result{r})
	return b.String()
}

// stepLabel is how the runner names step i in a failure.
func stepLabel(i int, st *scenario.Step) string {
	if st.Name != "" {
		return fmt.Sprintf("steps[%d] %s (%s)", i, st.Kind(), st.Name)
	}
	return fmt.Sprintf("steps[%d] %s", i, st.Kind())
}

// checkBroken proves that each broken scenario fails for the documented
// reasons only. The runner stops at a scenario's first failing step, so
// that alone would leave the later steps unchecked: each step after the
// first (the run step) is also run alone, after the run step, in a
// scenario of its own. The documented steps must fail there, with exactly
// the documented failure, and every other step must pass; the whole
// scenario must fail at the first documented step.
func checkBroken(t *testing.T, scs []*scenario.Scenario, want map[string][]stepFailure) {
	t.Helper()
	var all []*scenario.Scenario
	type variant struct {
		sc   *scenario.Scenario
		step int // the step of sc checked alone; 0 for the whole scenario
	}
	var of []variant
	for _, sc := range scs {
		if _, ok := want[sc.Name]; !ok {
			t.Errorf("scenario %q in examples/scenarios-broken has no documented failure", sc.Name)
			continue
		}
		if len(sc.Steps) < 2 || sc.Steps[0].Kind() != scenario.KindRun {
			t.Errorf("scenario %q: want a run step first, then its checks", sc.Name)
			continue
		}
		all, of = append(all, sc), append(of, variant{sc, 0})
		for i := 1; i < len(sc.Steps); i++ {
			if !strings.HasPrefix(sc.Steps[i].Kind(), "expect_") {
				t.Errorf("scenario %q: %s is not a check, so the steps cannot be checked one by one", sc.Name, stepLabel(i, &sc.Steps[i]))
				continue
			}
			alone := *sc
			// The name, short: the runner names the scenario's app after it.
			alone.Name = fmt.Sprintf("%s, step %d alone", sc.Name, i)
			alone.Steps = []scenario.Step{sc.Steps[0], sc.Steps[i]}
			all, of = append(all, &alone), append(of, variant{sc, i})
		}
	}
	for name := range want {
		if !slices.ContainsFunc(scs, func(sc *scenario.Scenario) bool { return sc.Name == name }) {
			t.Errorf("no scenario %q in examples/scenarios-broken", name)
		}
	}
	for k, r := range runAll(t, all) {
		sc, i := of[k].sc, of[k].step
		fails := want[sc.Name]
		var w *stepFailure
		var label string
		switch {
		case i == 0:
			// The whole scenario stops at the first documented failure,
			// which the runner names by its index in the file.
			w = &fails[0]
			for j := range sc.Steps {
				if sc.Steps[j].Name == w.step {
					label = stepLabel(j, &sc.Steps[j])
				}
			}
		default:
			if j := slices.IndexFunc(fails, func(f stepFailure) bool { return f.step == sc.Steps[i].Name }); j >= 0 {
				w = &fails[j]
			}
			label = stepLabel(1, &sc.Steps[i])
		}
		got := r.Failure
		switch {
		case w == nil && got != nil:
			t.Errorf("%s failed, but the steps documented to fail are %s only:\n%s", r.Name, documented(fails), report(r))
		case w == nil:
		case got == nil:
			t.Errorf("%s passed: want it to fail at %q with %q", r.Name, w.step, w.message)
		case got.Step != label || got.Message != w.message || got.Expected != w.expected:
			t.Errorf("%s failed for another reason:\nwant %s: %s (expected %q)\n got %s: %s (expected %q)\n%s",
				r.Name, label, w.message, w.expected, got.Step, got.Message, got.Expected, report(r))
		}
	}
}

// documented lists the steps of fails.
func documented(fails []stepFailure) string {
	var names []string
	for _, f := range fails {
		names = append(names, fmt.Sprintf("%q", f.step))
	}
	return strings.Join(names, " and ")
}
