package scenario

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/wxmock/wxmock/internal/mock"
)

// Options configure a Runner.
type Options struct {
	// BaseURL targets a running wxmock; scenarios then run one at a time,
	// since they share its clock. Empty: each scenario gets its own
	// wxmock, in process, on a free loopback port.
	BaseURL string
	// Parallel is how many scenarios run at once in process (default 4).
	Parallel int
	// Progress, when not nil, receives a line as each scenario ends.
	Progress func(r *Result)
	// AdminToken is sent with every call under /__wxmock/ (the runner's and
	// the steps'), for a running wxmock started with -admin-token.
	AdminToken string
}

// Runner runs scenarios against wxmock.
type Runner struct {
	opts   Options
	assets *mock.Assets
}

// NewRunner returns a Runner.
func NewRunner(opts Options) (*Runner, error) {
	if opts.Parallel <= 0 {
		opts.Parallel = 4
	}
	if opts.BaseURL != "" {
		opts.Parallel = 1
		opts.BaseURL = strings.TrimSuffix(opts.BaseURL, "/")
		return &Runner{opts: opts}, nil
	}
	assets, err := mock.LoadAssets()
	if err != nil {
		return nil, err
	}
	return &Runner{opts: opts, assets: assets}, nil
}

// Run runs every scenario and returns their results in the given order.
func (r *Runner) Run(ctx context.Context, scs []*Scenario) []*Result {
	out := make([]*Result, len(scs))
	sem := make(chan struct{}, r.opts.Parallel)
	var wg sync.WaitGroup
	var mu sync.Mutex
	for i, sc := range scs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			res := r.runOne(ctx, sc)
			out[i] = res
			if r.opts.Progress != nil {
				mu.Lock()
				r.opts.Progress(res)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	return out
}

// runOne runs a scenario from setup to its last step; the first failing
// step ends it.
func (r *Runner) runOne(ctx context.Context, sc *Scenario) *Result {
	res := &Result{Name: sc.Name, File: sc.File, Line: sc.Line}
	start := time.Now()
	defer func() {
		res.Duration = time.Since(start)
		res.finish()
	}()
	x, err := r.start(ctx, sc)
	if err != nil {
		res.Fail(Failure{Step: "setup", Line: sc.Line, Message: err.Error()})
		return res
	}
	defer x.close()
	if err := x.setup(); err != nil {
		res.Fail(Failure{Step: "setup", Line: sc.Line, Message: err.Error()})
		res.Journal = x.setupExcerpt()
		return res
	}
	for i := range sc.Steps {
		st := &sc.Steps[i]
		if err := ctx.Err(); err != nil {
			res.Fail(Failure{Step: stepLabel(i, st), Line: st.Line, Message: err.Error()})
			return res
		}
		f := x.step(st)
		res.keepOutput(stepLabel(i, st), st, x)
		if f != nil {
			f.Step, f.Line = stepLabel(i, st), st.Line
			res.Fail(*f)
			res.Skipped = len(sc.Steps) - i - 1
			res.Journal = x.journalExcerpt()
			return res
		}
		res.Steps++
	}
	return res
}

func stepLabel(i int, st *Step) string {
	if st.Name != "" {
		return fmt.Sprintf("steps[%d] %s (%s)", i, st.Kind(), st.Name)
	}
	return fmt.Sprintf("steps[%d] %s", i, st.Kind())
}

// start gives the scenario its server: its own wxmock in process, or the
// running one.
func (r *Runner) start(ctx context.Context, sc *Scenario) (*exec, error) {
	x := &exec{ctx: ctx, sc: sc, client: &http.Client{Timeout: 30 * time.Second}, vars: Vars{}}
	if r.opts.AdminToken != "" {
		x.client.Transport = adminTokenTransport{token: r.opts.AdminToken, next: http.DefaultTransport}
	}
	x.recv = newReceiver()
	if r.opts.BaseURL != "" {
		x.base, x.shared = r.opts.BaseURL, true
		return x, nil
	}
	start := sc.Setup.Clock.Start
	if start.IsZero() {
		start = time.Unix(0x65b0a77b, 0) // 2024-01-24 06:00:27 UTC
	}
	m, err := mock.New(mock.Options{Assets: r.assets, Seed: 1, ClockStart: start, FrozenClock: sc.Setup.Clock.Frozen,
		CheckResponses: true, JournalSize: 100000, PushTimeout: 2 * time.Second, PushRetryDelay: 100 * time.Millisecond})
	if err != nil {
		x.recv.close()
		return nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		m.Close()
		x.recv.close()
		return nil, err
	}
	srv := &http.Server{Handler: m.HTTP, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	x.base = "http://" + ln.Addr().String()
	x.stop = func() {
		_ = srv.Close()
		m.Close()
	}
	return x, nil
}

// exec is one scenario being run.
type exec struct {
	ctx    context.Context
	sc     *Scenario
	base   string
	client *http.Client
	recv   *receiver
	stop   func()

	// shared is true on a running wxmock that other runs may use too.
	shared bool

	appid, secret, token string
	push                 Push
	vars                 Vars
	// mark is the journal's last sequence number before the steps began;
	// lastRun the one before the last run step; own, the runner's own calls.
	mark, lastRun uint64
	own           map[uint64]bool
	// faults are the ids of the faults the scenario installed, removed at
	// its end on a shared server.
	faults []uint64
	// wasFrozen is a shared server's clock's frozen flag before the
	// scenario changed it, put back at its end; nil when it did not.
	wasFrozen *bool
	// runOutput is the output of the run step that ran last, until the
	// report takes it.
	runOutput *string
}

func (x *exec) close() {
	if x.shared {
		for _, id := range x.faults {
			_, _, _ = x.call(http.MethodDelete, fmt.Sprintf("/__wxmock/faults/%d", id), nil, nil)
		}
		if x.wasFrozen != nil {
			_ = x.admin(http.MethodPost, "/clock", map[string]any{"frozen": *x.wasFrozen}, nil)
		}
	}
	if x.stop != nil {
		x.stop()
	}
	x.recv.close()
}

// sortedNames lists a map's keys in order, for stable reports.
func sortedNames[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// adminTokenHeader carries wxmock's admin token (httpapi.AdminTokenHeader;
// TestRunnerWithAdminToken fails if the two part).
const adminTokenHeader = "X-Wxmock-Admin-Token"

// adminTokenTransport adds wxmock's admin token to calls under /__wxmock/.
type adminTokenTransport struct {
	token string
	next  http.RoundTripper
}

func (t adminTokenTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if strings.HasPrefix(req.URL.Path, "/__wxmock/") {
		req = req.Clone(req.Context())
		req.Header.Set(adminTokenHeader, t.token)
	}
	return t.next.RoundTrip(req)
}
