package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/url"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/wxmock/wxmock/internal/scenario"
	"github.com/wxmock/wxmock/schemas"
	"gopkg.in/yaml.v3"
)

// errNoSteps is recording's error when no call can be a request step.
var errNoSteps = errors.New("no call could be written as a request step")

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
		return nil, nil, fmt.Errorf("%w:\n%s", errNoSteps, strings.Join(skipped, "\n"))
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
