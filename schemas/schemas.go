package schemas

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/wxmock/wxmock/internal/jsonschema"
)

//go:embed common cgi-bin promoter wxa card
var embedded embed.FS

// baseURL is where the embedded files are registered with the compiler, so
// that relative $refs between them resolve without touching the disk.
const baseURL = "file:///wxmock/schemas/"

// Kinds of schema of an endpoint.
const (
	Request  = "request"
	Response = "response"
)

// Set is the schemas of every endpoint. Each is compiled on its first use,
// so that a server answers its first request without compiling the
// schemas of every other endpoint; a Set is safe for concurrent use.
type Set struct {
	raw     *docs             // the parsed files by URL, for annotations
	entries map[string]*entry // by "endpoint.kind"; fixed at load
	// requests are the request entries of entries by endpoint alone, so
	// that a request's lookup builds no "endpoint.kind" string.
	requests map[string]*entry
	// mu guards the compiler, which is not safe for concurrent use.
	mu sync.Mutex
	c  *jsonschema.Compiler
}

// entry is one endpoint's schema of one kind, compiled once.
type entry struct {
	url  string
	name string // "endpoint.kind"
	file *doc   // the parsed file: root()
	// accept, when not nil, answers true for a document the schema
	// certainly accepts (accepters), sparing the schema library.
	accept func(any) bool
	once   sync.Once
	sch    *jsonschema.Schema
	lim    *limits // a request schema's: DecodeRequest's preflight
	err    error
}

// Files returns the embedded schema files, for tools that read the schemas
// themselves (such as a benchmark that builds a body for each endpoint).
func Files() fs.FS { return embedded }

// Load returns the embedded schemas, each compiled on its first use. That
// every one compiles, and passes Draft 2020-12's metaschema, is proved by
// the package's tests (TestEmbeddedSchemasCompile, through LoadFS), so
// the first use of an endpoint cannot fail where start-up did not, and
// Load's compiler does not check them against the metaschema again: a
// process that serves them never compiles it (2.3 to 2.7 ms and 0.3 MB
// of allocations on a cold process; internal/jsonschema/README.md).
func Load() (*Set, error) {
	s, err := newSet(embedded)
	if err != nil {
		return nil, err
	}
	s.c.SkipMetaschema = true
	for name, f := range accepters() {
		s.entries[name].accept = f
	}
	return s, nil
}

// LoadFS decodes every file of fsys and compiles every *.request.json and
// *.response.json file at once: a file that does not decode or a schema
// that fails to compile is an error.
func LoadFS(fsys fs.FS) (*Set, error) {
	s, err := newSet(fsys)
	if err != nil {
		return nil, err
	}
	if err := s.raw.decodeAll(); err != nil {
		return nil, err
	}
	if err := s.CompileAll(); err != nil {
		return nil, err
	}
	return s, nil
}

// root returns e's parsed file.
func (e *entry) root() map[string]any { return e.file.get() }

// newSet lists the files of fsys; each is read at its first use, by the
// compiler and by docs.
func newSet(fsys fs.FS) (*Set, error) {
	c := jsonschema.NewCompiler()
	c.Draft = jsonschema.Draft2020
	c.AssertFormat = true
	// No metaschema: maxBytesCompiler checks the keyword itself (maxbytes.go).
	c.RegisterExtension("maxBytes", nil, maxBytesCompiler{})
	c.LoadURL = func(url string) (io.ReadCloser, error) {
		path, ok := strings.CutPrefix(url, baseURL)
		if !ok {
			return nil, fmt.Errorf("schema %s: only the embedded files are read", url)
		}
		return fsys.Open(path)
	}
	raw, err := newDocs(fsys)
	if err != nil {
		return nil, err
	}
	s := &Set{c: c, raw: raw, entries: map[string]*entry{}, requests: map[string]*entry{}}
	for url, f := range raw.files {
		path := strings.TrimPrefix(url, baseURL)
		if strings.HasSuffix(path, ".request.json") || strings.HasSuffix(path, ".response.json") {
			name := strings.TrimSuffix(path, ".json")
			e := &entry{url: url, name: name, file: f}
			s.entries[name] = e
			if endpoint, ok := strings.CutSuffix(name, "."+Request); ok {
				s.requests[endpoint] = e
			}
		}
	}
	return s, nil
}

// Warm compiles the request schemas of endpoints not compiled yet, for a
// server to call on another goroutine as it starts: their first requests
// then find them compiled (a compile at first use is a first request's
// longest part, 1 to 2 ms on a cold process). An unknown endpoint is
// skipped, and a schema that fails to compile keeps its error for its
// first use.
func (s *Set) Warm(endpoints ...string) {
	for _, ep := range endpoints {
		if e := s.requests[ep]; e != nil {
			_, _ = s.compile(e)
		}
	}
}

// CompileAll compiles every schema not compiled yet, and returns the first
// error met in file order.
func (s *Set) CompileAll() error {
	for _, name := range s.Names() {
		if _, err := s.compiled(name); err != nil {
			return err
		}
	}
	return nil
}

// compiled returns the schema "endpoint.kind", compiling it on first use.
func (s *Set) compiled(name string) (*entry, error) {
	e, ok := s.entries[name]
	if !ok {
		return nil, fmt.Errorf("no schema %s", name)
	}
	return s.compile(e)
}

// compile compiles e on its first use.
func (s *Set) compile(e *entry) (*entry, error) {
	e.once.Do(func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		if e.sch, e.err = s.c.Compile(e.url); e.err != nil {
			e.err = fmt.Errorf("schema %s: %w", strings.TrimPrefix(e.url, baseURL), e.err)
			return
		}
		if strings.HasSuffix(e.name, "."+Request) {
			b := limitsBuilder{raw: s.raw, root: e.root()}
			e.lim = b.build(e.url, nil, b.root, 0)
		}
	})
	return e, e.err
}

// limits returns the preflight limits of a request schema's entry, or nil
// when there is none.
func (s *Set) limits(e *entry) *limits {
	if e == nil {
		return nil
	}
	if _, err := s.compile(e); err != nil {
		return nil
	}
	return e.lim
}

// Names lists the schemas as "endpoint.kind", sorted.
func (s *Set) Names() []string {
	out := make([]string, 0, len(s.entries))
	for k := range s.entries {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Has reports whether endpoint (such as "promoter/addpromoter") has a schema
// of kind.
func (s *Set) Has(endpoint, kind string) bool {
	_, ok := s.entries[endpoint+"."+kind]
	return ok
}

// InQuery reports whether the endpoint takes its parameters from the query
// string rather than a JSON body: its request schema says "x-in": "query".
func (s *Set) InQuery(endpoint string) bool {
	in, _ := s.raw.get(baseURL + endpoint + "." + Request + ".json")["x-in"].(string)
	return in == "query"
}

// failure validates doc against the endpoint's schema of kind and returns
// the library's error tree with the schema document it is about; nil when
// doc is valid. fast lets an endpoint's accepter (accept.go) say valid
// without the library.
func (s *Set) failure(endpoint, kind string, doc any, fast bool) (*jsonschema.ValidationError, map[string]any, error) {
	e, err := s.schema(endpoint, kind)
	if err != nil {
		return nil, nil, err
	}
	if fast && e.accept != nil && e.accept(doc) {
		return nil, nil, nil
	}
	err = e.sch.Validate(doc)
	if err == nil {
		return nil, nil, nil
	}
	ve, ok := err.(*jsonschema.ValidationError)
	if !ok {
		return nil, nil, err
	}
	return ve, e.root(), nil
}

// Validate checks doc, a value decoded by Decode, against the endpoint's
// schema of kind. It returns the violations sorted with the one to answer
// first: data format errors (47001) before the rest, then by pointer.
func (s *Set) Validate(endpoint, kind string, doc any) ([]Violation, error) {
	ve, root, err := s.failure(endpoint, kind, doc, true)
	if ve == nil {
		return nil, err
	}
	var out []Violation
	for _, leaf := range leaves(ve) {
		v := s.violation(leaf, root, doc)
		if kind == Request {
			v.Code = s.errcode(leaf, root)
			v.Itemized = itemized(root, v)
		}
		out = append(out, v)
	}
	sortViolations(out)
	return out, nil
}

// schema returns the compiled schema of kind of endpoint.
func (s *Set) schema(endpoint, kind string) (*entry, error) {
	if !s.Has(endpoint, kind) {
		return nil, fmt.Errorf("no %s schema for %s", kind, endpoint)
	}
	return s.compiled(endpoint + "." + kind)
}

// sortViolations puts the violation to answer first: data format errors
// (47001) before the rest, then by pointer.
func sortViolations(out []Violation) {
	sort.SliceStable(out, func(i, j int) bool {
		if (out[i].Code == 47001) != (out[j].Code == 47001) {
			return out[i].Code == 47001
		}
		return out[i].Pointer < out[j].Pointer
	})
}

// Decode parses JSON the way Validate expects it: numbers as json.Number,
// exactly one value, nothing after it, and no number longer than
// MaxNumberLength characters. Validating a number such as 1e999999 costs the
// schema library tens of milliseconds, so a few kilobytes of them could tie
// the server up; no WeChat field needs such a number, and it is refused as
// data format.
func Decode(data []byte) (any, error) {
	var v any
	if err := decode(data, &v); err != nil {
		return nil, err
	}
	if err := checkNumbers(v); err != nil {
		return nil, err
	}
	return v, nil
}

// MaxNumberLength bounds the text of a number in a request: a uint64 has
// 20 digits, and room is left for a sign, a fraction and a short exponent.
const MaxNumberLength = 40

func checkNumbers(v any) error {
	switch x := v.(type) {
	case json.Number:
		if len(x) > MaxNumberLength {
			return fmt.Errorf("number %.20s… has more than %d characters", x, MaxNumberLength)
		}
		if _, exp, ok := strings.Cut(strings.ToLower(string(x)), "e"); ok {
			if n, err := strconv.Atoi(exp); err != nil || n > 400 || n < -400 {
				return fmt.Errorf("number %s: exponent out of range", x)
			}
		}
	case map[string]any:
		for _, c := range x {
			if err := checkNumbers(c); err != nil {
				return err
			}
		}
	case []any:
		for _, c := range x {
			if err := checkNumbers(c); err != nil {
				return err
			}
		}
	}
	return nil
}

func decode(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return fmt.Errorf("data after the JSON value")
	}
	return nil
}
