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
	"mime"
	"mime/multipart"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/wxmock/wxmock/internal/scenario"
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

// queryParams are the endpoints whose parameters are their query string,
// validated as an object of strings: routes.go's query and multipart
// endpoints (internal/httpapi).
var queryParams = map[string]bool{
	"cgi-bin/token":               true,
	"wxa/get_merchant_category":   true,
	"wxa/get_merchant_audit_info": true,
	"wxa/get_district":            true,
	"cgi-bin/media/upload":        true,
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

// recordCmd runs contract record.
func recordCmd(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("contract record", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var o recordOptions
	fs.StringVar(&o.Target, "target", "", "the real service's base URL, such as https://api.weixin.qq.com")
	fs.StringVar(&o.Listen, "listen", "127.0.0.1:8081", "the proxy's address; point the client's base URL at it")
	fs.StringVar(&o.Out, "out", "recorded.yaml", "the scenario file written when the recorder stops")
	fs.StringVar(&o.Name, "name", "", "the scenario's name (default: recorded from the target's host, with the time)")
	if err := fs.Parse(args); err != nil || fs.NArg() != 0 || o.Target == "" {
		fmt.Fprintln(stderr, "usage: contract record -target URL [-listen ADDR] [-out FILE] [-name NAME]")
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
// the schemas, then writes them to o.Out as one scenario. It returns the
// number of violations.
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
	var outMu sync.Mutex
	rc := &recorder{
		set:       set,
		target:    target,
		transport: http.DefaultTransport.(*http.Transport).Clone(),
		stdout:    &lockedWriter{mu: &outMu, w: stdout},
		stderr:    &lockedWriter{mu: &outMu, w: stderr},
	}
	defer rc.transport.CloseIdleConnections()
	start := time.Now()
	srv := &http.Server{Handler: rc, ReadHeaderTimeout: 30 * time.Second,
		ErrorLog: log.New(rc.stderr, "contract record: ", 0)}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	fmt.Fprintf(rc.stderr, "contract record: forwarding http://%s to %s; stop it (Ctrl-C) to write %s\n", ln.Addr(), target, o.Out)
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
	written, err := writeRecording(o, target, start, calls, violations)
	fmt.Fprintf(rc.stdout, "%d calls, %d violations; %s\n", len(calls), violations, written)
	return violations, err
}

// writeRecording writes the calls to o.Out, with their uploads beside it,
// and says what it wrote.
func writeRecording(o recordOptions, target *url.URL, start time.Time, calls []*exchange, violations int) (string, error) {
	if len(calls) == 0 {
		return "nothing to write to " + o.Out, nil
	}
	name := o.Name
	if name == "" {
		name = "recorded from " + target.Host + " at " + start.Format("2006-01-02 15:04:05")
	}
	data, uploads, err := recording(name, target, calls, violations, o.Out)
	if err != nil {
		return "nothing written to " + o.Out, err
	}
	for path, content := range uploads {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return "nothing written to " + o.Out, err
		}
		if err := os.WriteFile(path, content, 0o644); err != nil {
			return "nothing written to " + o.Out, err
		}
	}
	if err := os.WriteFile(o.Out, data, 0o644); err != nil {
		return "nothing written to " + o.Out, err
	}
	// The file stays written whatever happens: the calls cannot be made again.
	if _, err := scenario.Parse(o.Out, data); err != nil {
		return "recorded to " + o.Out, fmt.Errorf("the recording does not read back as a scenario: %w", err)
	}
	return "recorded to " + o.Out, nil
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

// checkRequest validates the parameters of a call as wxmock reads them:
// the query string of a query endpoint, the JSON body of the others.
func (rc *recorder) checkRequest(ex *exchange) []string {
	var doc any
	switch {
	case queryParams[ex.endpoint]:
		q := map[string]any{}
		for k, v := range ex.query {
			if k != "access_token" {
				q[k] = v[0]
			}
		}
		doc = q
	case len(bytes.TrimSpace(ex.body)) == 0:
		return []string{"request: empty body (WeChat answers 44002)"}
	default:
		var err error
		if doc, err = schemas.Decode(ex.body); err != nil {
			return []string{fmt.Sprintf("request: not JSON: %v (WeChat answers 47001)", err)}
		}
	}
	return rc.check(ex.endpoint, schemas.Request, doc)
}

func (rc *recorder) checkResponse(ex *exchange) []string {
	if ex.note != "" {
		return nil
	}
	doc, err := schemas.Decode(ex.answer)
	if err != nil {
		return []string{fmt.Sprintf("response: not JSON: %v", err)}
	}
	return rc.check(ex.endpoint, schemas.Response, doc)
}

// check prints violations as contract validate does.
func (rc *recorder) check(endpoint, kind string, doc any) []string {
	vs, err := rc.set.Validate(endpoint, kind, doc)
	if err != nil {
		return []string{kind + ": " + err.Error()}
	}
	out := make([]string, 0, len(vs))
	for _, v := range vs {
		code := ""
		if v.Code != 0 {
			code = fmt.Sprintf(" → errcode %d", v.Code)
		}
		out = append(out, fmt.Sprintf("%s: %s: %s: %s%s", kind, orRoot(v.Pointer), v.Keyword, v.Message, code))
	}
	return out
}

// result returns the calls in the order they came, and the violations.
func (rc *recorder) result() ([]*exchange, int) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	calls := slices.Clone(rc.calls)
	slices.SortFunc(calls, func(a, b *exchange) int { return a.seq - b.seq })
	return calls, rc.violations
}

// recording renders the calls as one scenario in FORMAT.md's YAML, with
// the uploads that go in files beside it (by path).
func recording(name string, target *url.URL, calls []*exchange, violations int, out string) ([]byte, map[string][]byte, error) {
	root := mapping()
	add(root, "name", str(name))
	add(root, "description", str(fmt.Sprintf("Recorded by contract record from %s: %d calls, %d violations. Each step makes one call again and expects the answer the real service gave.", target, len(calls), violations)))
	steps := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
	uploads := map[string][]byte{}
	var skipped []string
	for _, ex := range calls {
		call := fmt.Sprintf("call %d %s %s", ex.seq, ex.method, ex.path)
		switch {
		case !slices.Contains(methods, ex.method):
			skipped = append(skipped, call+": a request step cannot send "+ex.method)
			continue
		case !ex.answered:
			skipped = append(skipped, fmt.Sprintf("%s: no answer (%v)", call, ex.err))
			continue
		}
		step, err := stepNode(ex, out, uploads)
		if err != nil {
			return nil, nil, err
		}
		steps.Content = append(steps.Content, step)
	}
	if len(steps.Content) == 0 {
		return nil, nil, errors.New("no call could be written as a request step:\n" + strings.Join(skipped, "\n"))
	}
	add(root, "steps", steps)
	if len(skipped) > 0 {
		root.HeadComment = "Not recorded:\n" + strings.Join(skipped, "\n")
	}
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(&yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{root}}); err != nil {
		return nil, nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, nil, err
	}
	return buf.Bytes(), uploads, nil
}

// stepNode writes one call as a request step that expects the answer.
func stepNode(ex *exchange, out string, uploads map[string][]byte) (*yaml.Node, error) {
	step := mapping()
	add(step, "name", str(fmt.Sprintf("call %d: %s %s", ex.seq, ex.method, ex.path)))
	var comments []string
	if ex.endpoint == "" {
		comments = append(comments, "Unknown endpoint: forwarded and recorded, not validated.")
	}
	for _, p := range ex.problems {
		comments = append(comments, "Violation: "+p)
	}

	req := mapping()
	if ex.method != scenario.DefaultMethod {
		add(req, "method", str(ex.method))
	}
	add(req, "path", text(ex.path))
	_, hasToken := ex.query["access_token"]
	if tokenEndpoints[ex.endpoint] || !hasToken {
		add(req, "token", &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: "false"})
	}
	if q := queryNode(ex); q != nil {
		add(req, "query", q)
	}
	switch body, kind, comment := bodyNode(ex, out, uploads); {
	case body != nil:
		add(req, kind, body)
	case comment != "":
		comments = append(comments, comment)
	}
	add(step, "request", req)

	expect := mapping()
	add(expect, "status", &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: strconv.Itoa(ex.status)})
	switch {
	case ex.note != "":
		comments = append(comments, "Answer not compared: "+ex.note+".")
	case len(bytes.TrimSpace(ex.answer)) == 0:
	default:
		if _, err := schemas.Decode(ex.answer); err != nil {
			comments = append(comments, fmt.Sprintf("Answer not compared: not JSON (%d bytes).", len(ex.answer)))
			break
		}
		body, err := jsonNode(ex.answer)
		if err != nil {
			comments = append(comments, "Answer not compared: "+err.Error()+".")
			break
		}
		if tokenEndpoints[ex.endpoint] {
			if v := member(body, "access_token"); v != nil && v.Kind == yaml.ScalarNode {
				*v = *str("(not recorded)")
			}
		}
		add(expect, "body", body)
		if ig := ignored(ex, body); len(ig) > 0 {
			seq := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Style: yaml.FlowStyle}
			for _, p := range ig {
				seq.Content = append(seq.Content, str(p))
			}
			add(expect, "ignore", seq)
		}
	}
	add(step, "expect", expect)
	step.HeadComment = strings.Join(comments, "\n")
	return step, nil
}

// queryNode is the call's query without its access_token, with the appid
// and secret of a token call as variables.
func queryNode(ex *exchange) *yaml.Node {
	keys := make([]string, 0, len(ex.query))
	for k := range ex.query {
		if k != "access_token" {
			keys = append(keys, k)
		}
	}
	if len(keys) == 0 {
		return nil
	}
	slices.Sort(keys)
	q := mapping()
	for _, k := range keys {
		v := text(ex.query[k][0])
		if tokenEndpoints[ex.endpoint] && (k == "appid" || k == "secret") {
			v = str("${" + k + "}")
		}
		add(q, k, v)
	}
	return q
}

// bodyNode is the request's body as a step sends it: JSON as body, a
// multipart file as upload, other text as raw. It returns the key, or a
// comment on a body it cannot write.
func bodyNode(ex *exchange, out string, uploads map[string][]byte) (node *yaml.Node, key, comment string) {
	if len(ex.body) == 0 {
		return nil, "", ""
	}
	if mt, params, err := mime.ParseMediaType(ex.ctype); err == nil && strings.HasPrefix(mt, "multipart/") {
		return uploadNode(ex, params["boundary"], out, uploads)
	}
	if _, err := schemas.Decode(ex.body); err == nil {
		if n, err := jsonNode(ex.body); err == nil {
			if tokenEndpoints[ex.endpoint] {
				for _, k := range []string{"appid", "secret"} {
					if v := member(n, k); v != nil && v.Kind == yaml.ScalarNode && v.Tag == "!!str" {
						*v = *str("${" + k + "}")
					}
				}
			}
			return n, "body", ""
		}
	}
	if utf8.Valid(ex.body) {
		return text(string(ex.body)), "raw", ""
	}
	return nil, "", fmt.Sprintf("The body (%d bytes, not text) is not recorded.", len(ex.body))
}

// uploadNode records the first file of a multipart body: inline when it is
// short text, else in a file beside the scenario.
func uploadNode(ex *exchange, boundary, out string, uploads map[string][]byte) (*yaml.Node, string, string) {
	mr := multipart.NewReader(bytes.NewReader(ex.body), boundary)
	for {
		part, err := mr.NextPart()
		if err != nil {
			return nil, "", fmt.Sprintf("The multipart body (%d bytes) has no file to record.", len(ex.body))
		}
		if part.FileName() == "" {
			continue
		}
		content, err := io.ReadAll(part)
		if err != nil {
			return nil, "", "The multipart body is not recorded: " + err.Error()
		}
		up := mapping()
		if part.FormName() != "media" {
			add(up, "field", str(part.FormName()))
		}
		add(up, "filename", str(part.FileName()))
		if len(content) <= maxInlineUpload && utf8.Valid(content) && !bytes.Contains(content, []byte("${")) {
			add(up, "content", str(string(content)))
		} else {
			stem := strings.TrimSuffix(filepath.Base(out), filepath.Ext(out))
			rel := filepath.Join(stem+".uploads", fmt.Sprintf("call-%d.bin", ex.seq))
			uploads[filepath.Join(filepath.Dir(out), rel)] = content
			add(up, "file", str(filepath.ToSlash(rel)))
		}
		return up, "upload", ""
	}
}

// ignored lists the pointers of an answer that vary between runs: the
// errmsg of an error (it ends in a rid), the token of a token call, and
// the varyingFields wherever they are ("*" for any index).
func ignored(ex *exchange, body *yaml.Node) []string {
	var out []string
	if code, ok := errcodeOf(ex.answer); ok && code != 0 && member(body, "errmsg") != nil {
		out = append(out, "/errmsg")
	}
	if tokenEndpoints[ex.endpoint] {
		for _, k := range []string{"access_token", "expires_in"} {
			if member(body, k) != nil {
				out = append(out, "/"+k)
			}
		}
	}
	var walk func(n *yaml.Node, ptr string)
	walk = func(n *yaml.Node, ptr string) {
		switch n.Kind {
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				k := n.Content[i].Value
				p := ptr + "/" + strings.NewReplacer("~", "~0", "/", "~1").Replace(k)
				if varyingFields[k] {
					if !slices.Contains(out, p) {
						out = append(out, p)
					}
					continue
				}
				walk(n.Content[i+1], p)
			}
		case yaml.SequenceNode:
			for _, c := range n.Content {
				walk(c, ptr+"/*")
			}
		}
	}
	walk(body, "")
	return out
}

// jsonNode turns a JSON document into YAML nodes, keeping the order of its
// keys and the text of its numbers. Its strings are written so that the
// runner reads them as they are: "${" as "$${".
func jsonNode(data []byte) (*yaml.Node, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	n, err := readJSON(dec)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("data after the JSON value")
	}
	return n, nil
}

func readJSON(dec *json.Decoder) (*yaml.Node, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case json.Delim:
		n := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
		if t == '{' {
			n = mapping()
		}
		seen := map[string]bool{}
		for dec.More() {
			if n.Kind == yaml.MappingNode {
				k, err := dec.Token()
				if err != nil {
					return nil, err
				}
				key, _ := k.(string)
				if seen[key] {
					return nil, fmt.Errorf("duplicate key %q", key)
				}
				seen[key] = true
				n.Content = append(n.Content, str(key))
			}
			c, err := readJSON(dec)
			if err != nil {
				return nil, err
			}
			n.Content = append(n.Content, c)
		}
		if _, err := dec.Token(); err != nil { // the closing delimiter
			return nil, err
		}
		return n, nil
	case string:
		return text(t), nil
	case json.Number:
		tag := "!!int"
		if strings.ContainsAny(string(t), ".eE") {
			tag = "!!float"
		}
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: tag, Value: string(t)}, nil
	case bool:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: strconv.FormatBool(t)}, nil
	case nil:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Value: "null"}, nil
	}
	return nil, fmt.Errorf("unexpected JSON token %v", tok)
}

func mapping() *yaml.Node { return &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"} }

// str is a string written as it is.
func str(s string) *yaml.Node {
	n := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s}
	if s == "<<" { // yaml.v3 leaves it plain, where it reads as a merge key
		n.Style = yaml.DoubleQuotedStyle
	}
	return n
}

// text is a string of recorded data, which the runner must not read as a
// ${variable}.
func text(s string) *yaml.Node { return str(strings.ReplaceAll(s, "${", "$${")) }

func add(m *yaml.Node, key string, v *yaml.Node) { m.Content = append(m.Content, str(key), v) }

// member is the value of key in mapping m, or nil.
func member(m *yaml.Node, key string) *yaml.Node {
	if m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}
