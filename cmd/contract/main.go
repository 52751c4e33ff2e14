// Command contract runs scenario files against wxmock: the contract a
// WeChat client must keep. See README.md.
//
//	contract [-base-url URL] [-junit FILE] [-json FILE] [-parallel N] [-run REGEXP] PATH...
//	contract validate -endpoint promoter/addpromoter [-kind request|response] FILE
//	contract record -target https://api.weixin.qq.com [-listen 127.0.0.1:8081] [-out recorded.yaml] [-name NAME]
//
// contract record is a proxy for a team with credentials: point a real
// client at -listen, and it forwards every call to -target and the answer
// back unchanged, checks the request and the answer of each known endpoint
// against the schemas (printing violations as contract validate does), and
// as each call ends rewrites -out as one scenario of the calls so far: a
// request step per call that expects the answer received, ignoring what
// varies (rids, tokens, ids, times). Running that scenario keeps wxmock
// honest. SIGINT or SIGTERM stops it; it exits 1 when a call broke a schema.
//
// It exits 0 when every scenario passes, 1 when one fails, and 2 when it
// could not run: a bad scenario file or usage, a -junit or -json file that
// cannot be written (checked before anything runs), or a -base-url where no
// wxmock answers GET /__wxmock/health. A bad scenario file does not stop
// the others: they run, and the reports show the bad file as an errored
// test with its parse error; the exit code is 2 all the same.
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/signal"
	"regexp"
	"strings"
	"syscall"
	"time"

	"github.com/wxmock/wxmock/internal/scenario"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

// Exit codes.
const (
	exitPass  = 0
	exitFail  = 1
	exitUsage = 2
)

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 1 && (args[0] == "version" || args[0] == "-version" || args[0] == "--version") {
		printVersion(stdout)
		return exitPass
	}
	if len(args) > 0 && args[0] == "validate" {
		return validate(args[1:], os.Stdin, stdout, stderr)
	}
	if len(args) > 0 && args[0] == "record" {
		return recordCmd(ctx, args[1:], stdout, stderr)
	}
	fs := flag.NewFlagSet("contract", flag.ContinueOnError)
	fs.SetOutput(stderr)
	baseURL := fs.String("base-url", "", "run against this running wxmock, one scenario at a time (default: a wxmock in process per scenario)")
	junit := fs.String("junit", "", "write a JUnit XML report to this file")
	jsonOut := fs.String("json", "", "write a JSON report to this file")
	parallel := fs.Int("parallel", 4, "scenarios run at once")
	only := fs.String("run", "", "run only the scenarios whose name matches this regular expression")
	adminToken := fs.String("admin-token", os.Getenv("WXMOCK_ADMIN_TOKEN"), "with -base-url: the admin token of a wxmock started with -admin-token (default $WXMOCK_ADMIN_TOKEN)")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: contract [flags] [DIR or FILE ...]   run scenarios (default: scenarios/)\n"+
			"       contract validate -endpoint promoter/addpromoter [-kind request|response] FILE   check a body against its schema\n"+
			"       contract record [flags]   proxy the real service and write what a client does as a scenario\n"+
			"       contract version\n\nExample: contract -junit report.xml scenarios/\n\nFlags:\n")
		fs.PrintDefaults()
	}
	// A bad flag is said once, with a hint, rather than above the whole
	// usage; -h prints the usage.
	fs.SetOutput(io.Discard)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fs.SetOutput(stderr)
			fs.Usage()
			return exitPass
		}
		fmt.Fprintf(stderr, "contract: %v (contract -h lists the flags)\n", err)
		return exitUsage
	}
	fs.SetOutput(stderr)
	paths := fs.Args()
	if len(paths) == 0 {
		paths = []string{"scenarios"}
	}
	scs, bad, err := load(paths, *only)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return exitUsage
	}
	if len(scs) == 0 && len(bad) == 0 {
		fmt.Fprintln(stderr, "contract: no scenario to run")
		return exitUsage
	}
	for _, o := range []struct{ flag, path string }{{"-junit", *junit}, {"-json", *jsonOut}} {
		if err := checkWritable(o.path); err != nil {
			fmt.Fprintf(stderr, "contract: %s: %v\n", o.flag, err)
			return exitUsage
		}
	}
	if *baseURL != "" {
		if err := checkHealth(ctx, *baseURL, *adminToken); err != nil {
			fmt.Fprintf(stderr, "contract: wxmock at %s does not answer: %v\n", *baseURL, err)
			return exitUsage
		}
	}
	r, err := scenario.NewRunner(scenario.Options{BaseURL: *baseURL, Parallel: *parallel, AdminToken: *adminToken,
		Progress: progress(stdout)})
	if err != nil {
		fmt.Fprintln(stderr, "contract:", err)
		return exitUsage
	}
	rep := &scenario.Report{BadFiles: bad, Roots: paths, Started: time.Now(), Hostname: hostname()}
	rep.Results = r.Run(ctx, scs)
	scenario.WriteText(stdout, rep.Results)
	if err := writeFile(*junit, rep.WriteJUnit); err != nil {
		fmt.Fprintln(stderr, "contract:", err)
		return exitUsage
	}
	if err := writeFile(*jsonOut, rep.WriteJSON); err != nil {
		fmt.Fprintln(stderr, "contract:", err)
		return exitUsage
	}
	if len(bad) > 0 {
		// Last, where a CI log's reader looks: the good files ran, but the
		// run is not a pass.
		fmt.Fprintf(stderr, "\ncontract: %s not run:\n", plural(len(bad), "bad scenario file"))
		for _, b := range bad {
			fmt.Fprintln(stderr, b.Err)
		}
		return exitUsage
	}
	for _, res := range rep.Results {
		if !res.Passed {
			return exitFail
		}
	}
	return exitPass
}

// checkHealth asks the wxmock at base for GET /__wxmock/health, so that a
// server that does not answer is "could not run", not a failed scenario.
func checkHealth(ctx context.Context, base, adminToken string) error {
	ctx, cancel := context.WithTimeout(ctx, healthTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, strings.TrimSuffix(base, "/")+"/__wxmock/health", nil)
	if err != nil {
		return err
	}
	if adminToken != "" {
		req.Header.Set("X-Wxmock-Admin-Token", adminToken)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(res.Body, 500))
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("GET /__wxmock/health answered %s: %s", res.Status, bytes.TrimSpace(body))
	}
	return nil
}

// healthTimeout bounds the health check of -base-url.
const healthTimeout = 10 * time.Second

// load reads the scenario files and directories, keeping the names that
// match only. A file that cannot be read or parsed is returned among bad,
// and does not stop the others; err is a usage error (a bad -run, a path
// that does not exist, a directory without scenario files).
func load(paths []string, only string) (scs []*scenario.Scenario, bad []scenario.BadFile, err error) {
	var re *regexp.Regexp
	if only != "" {
		if re, err = regexp.Compile(only); err != nil {
			return nil, nil, fmt.Errorf("contract: -run: %v", err)
		}
	}
	p, err := scenario.NewParser()
	if err != nil {
		return nil, nil, err
	}
	for _, path := range paths {
		info, err := os.Stat(path)
		if err != nil {
			return nil, nil, err
		}
		var found []*scenario.Scenario
		if info.IsDir() {
			var b []scenario.BadFile
			if found, b, err = p.LoadDirAll(path); err != nil {
				return nil, nil, err
			}
			bad = append(bad, b...)
		} else if found, err = p.ParseFile(path); err != nil {
			bad = append(bad, scenario.BadFile{File: path, Err: err})
		}
		for _, sc := range found {
			if re == nil || re.MatchString(sc.Name) {
				scs = append(scs, sc)
			}
		}
	}
	return scs, bad, nil
}

// hostname names the machine in the JUnit report.
func hostname() string {
	if h, err := os.Hostname(); err == nil && h != "" {
		return h
	}
	return "localhost"
}

// checkWritable makes sure that a report can be written to path, before
// anything runs: it opens the file for writing without truncating it, and
// removes it again if it did not exist, so that a run that goes no further
// leaves no empty report behind.
func checkWritable(path string) error {
	if path == "" {
		return nil
	}
	_, err := os.Stat(path)
	existed := err == nil
	flags := os.O_WRONLY
	if !existed {
		flags |= os.O_CREATE | os.O_EXCL
	}
	f, err := os.OpenFile(path, flags, 0o666)
	if err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if !existed {
		return os.Remove(path)
	}
	return nil
}

func writeFile(path string, write func(io.Writer) error) error {
	if path == "" {
		return nil
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	return errors.Join(write(f), f.Close())
}

// progress prints a line as each scenario ends, but only to a terminal: a
// CI log gets the report alone (wxmock prints no colours, so NO_COLOR has
// nothing to turn off).
func progress(stdout io.Writer) func(*scenario.Result) {
	if !isTerminal(stdout) {
		return nil
	}
	return func(res *scenario.Result) { fmt.Fprintln(stdout, scenario.ProgressLine(res)) }
}

// isTerminal reports whether w is a character device, as a terminal is.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
