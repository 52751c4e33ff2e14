package examples_test

import (
	"bytes"
	"context"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/wxmock/wxmock/internal/scenario"
)

// clients are the example clients, built once for every scenario.
var clients = []string{"promoter-sync", "store-onboarding", "promoter-messaging", "broken-promoter-sync", "broken-promoter-messaging"}

// TestExamples builds the example clients, then runs the contract runner
// on examples/scenarios, which must pass, and on examples/scenarios-broken,
// which must fail for the reasons the broken client deserves.
func TestExamples(t *testing.T) {
	bin := t.TempDir()
	build(t, bin)
	t.Setenv("EXAMPLES_BIN", bin) // read by run.sh in the scenarios' run steps

	t.Run("scenarios", func(t *testing.T) {
		t.Parallel()
		results := runDir(t, "scenarios")
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
		// The failure each broken scenario must end with: the missing
		// retry, the missing pages, the delivery not waited for, or the
		// click data not waited for; got is in the failure's calls.
		want := map[string]struct{ step, message, got string }{
			"broken-promoter-sync does not retry a -1": {
				step:    "expect_requests (the call answered -1 was sent again)",
				message: "retried_after: the -1 answer at #",
				got:     "POST /promoter/getpromoter → -1 {}",
			},
			"broken-promoter-sync reads only the first page": {
				step:    "expect_requests (every page, each after the last id of the one before)",
				message: "count: expected 3, got 1",
				got:     "1 call to /promoter/getpromoter:\n  #",
			},
			"broken-promoter-messaging does not wait for the delivery": {
				step:    "expect_requests (the delivery was polled until it ended, not asked once)",
				message: "count: expected 2 to 20, got 1",
				got:     "POST /promoter/getmsg → 0 {\"msg_id\":",
			},
			"broken-promoter-messaging takes 103013 for no clicks": {
				step:    "expect_requests (the click data was asked after the delivery, again on -1 and 103013, until it was ready)",
				message: "order (item 4 of 4): expected a call to /promoter/getmsgclickdata answered 0 after #",
				got:     "POST /promoter/getmsgclickdata → 103013 {\"send_date\":\"2024-01-25\",\"dimonsion\":0,\"msg_id\":",
			},
		}
		results := runDir(t, "scenarios-broken")
		if len(results) != len(want) {
			t.Errorf("%d scenarios in examples/scenarios-broken, want %d", len(results), len(want))
		}
		for _, r := range results {
			w, ok := want[r.Name]
			switch {
			case !ok:
				t.Errorf("unexpected scenario %q in examples/scenarios-broken", r.Name)
			case r.Passed:
				t.Errorf("scenario %q passed: the runner missed the broken client", r.Name)
			case r.Steps == 0:
				t.Errorf("scenario %q failed before the client's calls were checked:\n%s", r.Name, report(r))
			case !strings.HasSuffix(r.Failure.Step, w.step) || !strings.Contains(r.Failure.Message, w.message) ||
				!strings.Contains(r.Failure.Got, w.got):
				t.Errorf("scenario %q failed for another reason: want step %q, message %q, got %q:\n%s",
					r.Name, w.step, w.message, w.got, report(r))
			}
		}
	})
}

// build compiles the example clients into dir.
func build(t *testing.T, dir string) {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("the go command is needed to build the example clients: %v", err)
	}
	args := []string{"build", "-o", dir}
	for _, c := range clients {
		args = append(args, "./"+c)
	}
	cmd := exec.Command(goTool, args...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
}

// runDir runs every scenario below dir in process.
func runDir(t *testing.T, dir string) []*scenario.Result {
	t.Helper()
	scs, err := scenario.LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	r, err := scenario.NewRunner(scenario.Options{Parallel: 4})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	return r.Run(ctx, scs)
}

// report is the runner's text report of one result.
func report(r *scenario.Result) string {
	var b bytes.Buffer
	scenario.WriteText(&b, []*scenario.Result{r})
	return b.String()
}
