package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/wxmock/wxmock/schemas"
)

// recordOptions are the flags of contract record.
type recordOptions struct {
	Target string // the real service's base URL
	Listen string // the proxy's address
	Out    string // the scenario file to write
	Name   string // the scenario's name; "" names it after the target and the time
	// ready, when set, is told the address the proxy listens on, once it
	// does (a test listens on port 0).
	ready func(addr string)
}

// tokenEndpoints need no access_token: routes.go's public endpoints. Their
// appid and secret are recorded as ${appid} and ${secret}, and the
// access_token they answer is not written down.
var tokenEndpoints = map[string]bool{"cgi-bin/token": true, "cgi-bin/stable_token": true}

// varyingFields differ from one run to the next wherever they appear in an
// answer; a recorded step ignores them.
var varyingFields = map[string]bool{"update_time": true, "id": true, "audit_id": true,
	"media_id": true, "thumb_media_id": true, "created_at": true}

// methods are those a request step can send.
var methods = []string{"GET", "POST", "PUT", "DELETE", "PATCH", "HEAD"}

// maxInlineUpload is the largest upload written into the scenario; a larger
// one, or one that is not text, goes to a file beside it.
const maxInlineUpload = 4096

// recordUsage is contract record -h.
const recordUsage = `Usage: contract record -target URL [-listen ADDR] [-out FILE] [-name NAME]

A proxy in front of the real service, for a team with credentials: point a
client's base URL at -listen. Each call is forwarded to -target and its
answer back unchanged, checked against the schemas (violations printed as
contract validate prints them), and written to -out as it ends: the file is
always a complete scenario of the calls so far, so a killed recorder keeps
what it saw. Stop it with Ctrl-C or SIGTERM: exit 0, or 1 when a call broke
a schema.

Examples:
  contract record -target https://api.weixin.qq.com -out recorded.yaml
  contract record -target http://127.0.0.1:8080 -listen 127.0.0.1:9000 -name "sync, recorded"

Flags:
`

// recordCmd runs contract record.
func recordCmd(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("contract record", flag.ContinueOnError)
	var o recordOptions
	fs.StringVar(&o.Target, "target", "", "the real service's base URL, such as https://api.weixin.qq.com")
	fs.StringVar(&o.Listen, "listen", "127.0.0.1:8081", "the proxy's address; point the client's base URL at it")
	fs.StringVar(&o.Out, "out", "recorded.yaml", "the scenario file, rewritten whole as each call ends")
	fs.StringVar(&o.Name, "name", "", "the scenario's name (default: recorded from the target's host, with the time)")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), recordUsage)
		fs.PrintDefaults()
	}
	rest, err := parseSub(fs, args, stderr)
	switch {
	case errors.Is(err, flag.ErrHelp):
		return exitPass
	case err != nil:
		return exitUsage
	case len(rest) != 0 || o.Target == "":
		fmt.Fprintln(stderr, "usage: contract record -target URL [-listen ADDR] [-out FILE] [-name NAME] (contract record -h says more)")
		return exitUsage
	}
	violations, err := record(ctx, o, stdout, stderr)
	switch {
	case err != nil:
		fmt.Fprintln(stderr, "contract record:", err)
		return exitUsage
	case violations > 0:
		return exitFail
	}
	return exitPass
}

// record proxies calls to o.Target until ctx ends, checking each against
// the schemas and writing the calls so far to o.Out as one scenario as
// each ends (see save). It returns the number of violations.
func record(ctx context.Context, o recordOptions, stdout, stderr io.Writer) (int, error) {
	target, err := url.Parse(o.Target)
	if err != nil || (target.Scheme != "http" && target.Scheme != "https") || target.Host == "" {
		return 0, fmt.Errorf("-target %q: want an http or https base URL", o.Target)
	}
	if info, err := os.Stat(filepath.Dir(o.Out)); err != nil || !info.IsDir() {
		return 0, fmt.Errorf("-out %s: no directory to write it in", o.Out)
	}
	set, err := schemas.Load()
	if err != nil {
		return 0, err
	}
	ln, err := net.Listen("tcp", o.Listen)
	if err != nil {
		return 0, err
	}
	name := o.Name
	if name == "" {
		name = "recorded from " + target.Host + " at " + time.Now().Format("2006-01-02 15:04:05")
	}
	var outMu sync.Mutex
	rc := &recorder{
		set:       set,
		target:    target,
		transport: http.DefaultTransport.(*http.Transport).Clone(),
		stdout:    &lockedWriter{mu: &outMu, w: stdout},
		stderr:    &lockedWriter{mu: &outMu, w: stderr},
		out:       o.Out,
		name:      name,
		uploaded:  map[string]bool{},
	}
	defer rc.transport.CloseIdleConnections()
	srv := &http.Server{Handler: rc, ReadHeaderTimeout: 30 * time.Second,
		ErrorLog: log.New(rc.stderr, "contract record: ", 0)}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	fmt.Fprintf(rc.stderr, "contract record: forwarding http://%s to %s; each call is written to %s as it ends; stop it with Ctrl-C or SIGTERM\n", ln.Addr(), target, o.Out)
	if o.ready != nil {
		o.ready(ln.Addr().String())
	}
	select {
	case <-ctx.Done():
	case err := <-served:
		return 0, err
	}
	// Let the calls under way finish, so that they are recorded too.
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		_ = srv.Close()
	}
	<-served

	calls, violations := rc.result()
	written, err := rc.finishRecording()
	fmt.Fprintf(rc.stdout, "%s, %s; %s\n", plural(len(calls), "call"), plural(violations, "violation"), written)
	return violations, err
}

// lockedWriter serializes the writes of concurrent calls.
type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// recorder is the proxy: it forwards each call and keeps its exchange.
type recorder struct {
	set       *schemas.Set
	target    *url.URL
	transport *http.Transport
	stdout    io.Writer
	stderr    io.Writer
	out       string // the scenario file
	name      string // the scenario's name

	saveMu   sync.Mutex      // one save at a time, each with every call ended before it
	uploaded map[string]bool // the upload files written
	saved    []byte          // the scenario last written

	mu         sync.Mutex
	seq        int
	calls      []*exchange
	violations int
}

// exchange is one call and its answer.
type exchange struct {
	seq      int
	method   string
	path     string // escaped, as sent
	endpoint string // the schema name; "" for a path wxmock does not serve
	query    url.Values
	ctype    string // the request's Content-Type
	body     []byte
	answered bool
	status   int
	answer   []byte // decoded from gzip when it was sent so
	note     string // why the answer was not read, if it was not
	err      error  // why there is no answer
	problems []string
}

func (rc *recorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		fmt.Fprintf(rc.stderr, "contract record: %s %s: reading the request: %v\n", r.Method, r.URL.Path, err)
		http.Error(w, "contract record: reading the request: "+err.Error(), http.StatusBadRequest)
		return
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	ex := &exchange{method: r.Method, path: r.URL.EscapedPath(), query: r.URL.Query(),
		ctype: r.Header.Get("Content-Type"), body: body}
	if name := strings.TrimPrefix(r.URL.Path, "/"); rc.set.Has(name, schemas.Request) && rc.set.Has(name, schemas.Response) {
		ex.endpoint = name
	}
	rc.mu.Lock()
	rc.seq++
	ex.seq = rc.seq
	rc.mu.Unlock()

	proxy := &httputil.ReverseProxy{
		Rewrite:   func(pr *httputil.ProxyRequest) { pr.SetURL(rc.target) },
		Transport: rc.transport,
		ModifyResponse: func(res *http.Response) error {
			data, err := io.ReadAll(res.Body)
			_ = res.Body.Close()
			if err != nil {
				return err
			}
			res.Body = io.NopCloser(bytes.NewReader(data))
			ex.answered, ex.status = true, res.StatusCode
			ex.answer, ex.note = decodeBody(res.Header.Get("Content-Encoding"), data)
			return nil
		},
		ErrorHandler: func(w http.ResponseWriter, _ *http.Request, err error) {
			ex.answered, ex.err = false, err
			w.WriteHeader(http.StatusBadGateway)
		},
	}
	// wxmock's control calls are forwarded but not recorded: a scenario sets
	// its world up with setup and steps, not with /__wxmock/ requests.
	if strings.HasPrefix(r.URL.Path, "/__wxmock/") {
		proxy.ServeHTTP(w, r)
		return
	}
	// Deferred: a client that leaves while its answer is copied aborts the
	// handler with a panic, and the answer is recorded all the same.
	defer rc.finish(ex)
	proxy.ServeHTTP(w, r)
}

// decodeBody undoes a gzip Content-Encoding; another one is not read.
func decodeBody(encoding string, data []byte) ([]byte, string) {
	switch strings.ToLower(strings.TrimSpace(encoding)) {
	case "", "identity":
		return data, ""
	case "gzip", "x-gzip":
		zr, err := gzip.NewReader(bytes.NewReader(data))
		if err != nil {
			return nil, "gzip answer: " + err.Error()
		}
		plain, err := io.ReadAll(zr)
		if err != nil {
			return nil, "gzip answer: " + err.Error()
		}
		return plain, ""
	}
	return nil, "the answer is encoded as " + encoding + ": not read"
}

// finish checks a forwarded call against the schemas, prints what it
// found, and keeps it.
func (rc *recorder) finish(ex *exchange) {
	call := fmt.Sprintf("call %d %s %s", ex.seq, ex.method, ex.path)
	var b strings.Builder
	switch {
	case !ex.answered:
		fmt.Fprintf(&b, "%s: no answer from the target: %v\n", call, ex.err)
	case ex.endpoint == "":
		fmt.Fprintf(&b, "%s → %d (unknown endpoint: not validated)\n", call, ex.status)
	default:
		fmt.Fprintf(&b, "%s → %d%s\n", call, ex.status, errcodeNote(ex.answer))
	}
	if ex.endpoint != "" {
		ex.problems = rc.checkRequest(ex)
		if ex.answered {
			ex.problems = append(ex.problems, rc.checkResponse(ex)...)
		}
	}
	for _, p := range ex.problems {
		fmt.Fprintf(&b, "%s: %s\n", call, p)
	}
	if ex.note != "" {
		fmt.Fprintf(&b, "%s: %s\n", call, ex.note)
	}
	rc.mu.Lock()
	rc.calls = append(rc.calls, ex)
	rc.violations += len(ex.problems)
	rc.mu.Unlock()
	// Written before the line is printed, and before the client has all
	// of its answer: a call that was answered is on the disk.
	if err := rc.save(); err != nil && !errors.Is(err, errNoSteps) {
		fmt.Fprintf(&b, "%s: not written to %s: %v\n", call, rc.out, err)
	}
	_, _ = io.WriteString(rc.stdout, b.String())
}

func errcodeNote(answer []byte) string {
	if code, ok := errcodeOf(answer); ok {
		return fmt.Sprintf(", errcode %d", code)
	}
	return ""
}

// errcodeOf reads the errcode of a JSON answer.
func errcodeOf(answer []byte) (int64, bool) {
	var env struct {
		ErrCode *json.Number `json:"errcode"`
	}
	if json.Unmarshal(answer, &env) != nil || env.ErrCode == nil {
		return 0, false
	}
	n, err := env.ErrCode.Int64()
	return n, err == nil
}

// result returns the calls in the order they came, and the violations.
func (rc *recorder) result() ([]*exchange, int) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	calls := slices.Clone(rc.calls)
	slices.SortFunc(calls, func(a, b *exchange) int { return a.seq - b.seq })
	return calls, rc.violations
}
