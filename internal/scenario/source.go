package scenario

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// readDocs reads the documents of a file: every YAML document, or the one
// JSON value of a .json file. An empty YAML document is left out.
func readDocs(file string, data []byte) ([]*node, error) {
	if isJSON(file) {
		n, err := jsonDoc(file, data)
		if err != nil {
			return nil, err
		}
		return []*node{n}, nil
	}
	return yamlDocs(file, data)
}

func isJSON(file string) bool { return strings.HasSuffix(strings.ToLower(file), ".json") }

func yamlDocs(file string, data []byte) ([]*node, error) {
	var roots []*yaml.Node
	err := decodeYAML(data, func(n *yaml.Node) { roots = append(roots, n) })
	if err != nil {
		line, col := yamlErrorPlace(data, err)
		return nil, &ParseError{File: file, Line: line, Column: col, Msg: yamlProblem(err)}
	}
	var docs []*node
	for _, root := range roots {
		if len(root.Content) == 0 {
			continue
		}
		c := &yamlConverter{done: map[*yaml.Node]*node{}, open: map[*yaml.Node]bool{}, sizes: map[*node]int{}}
		n, err := c.convert(root.Content[0], 0)
		if err != nil {
			return nil, &ParseError{File: file, Line: c.errLine, Column: c.errCol, Msg: err.Error()}
		}
		if c.size(n) > c.plain+maxAliasNodes {
			return nil, &ParseError{File: file, Line: n.line, Column: n.col,
				Msg: fmt.Sprintf("aliases expand the document by more than %d nodes", maxAliasNodes)}
		}
		if n.kind == scalarNode && n.scalar == nil {
			continue // "---" followed by nothing
		}
		docs = append(docs, n)
	}
	return docs, nil
}

// decodeYAML decodes every document of data.
func decodeYAML(data []byte, each func(*yaml.Node)) error {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	for {
		var n yaml.Node
		err := dec.Decode(&n)
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		each(&n)
	}
}

var yamlLinePrefix = regexp.MustCompile(`^yaml: (line (\d+): )?`)

// yamlProblem is yaml.v3's message without its prefix and line.
func yamlProblem(err error) string {
	return yamlLinePrefix.ReplaceAllString(err.Error(), "")
}

// yamlErrorPlace finds where a YAML syntax error is. yaml.v3 reports the
// line where the enclosing collection began, 0-based for some errors and
// not at all on the first line, and never a column; so the error is placed
// at the shortest prefix of the file that fails with the same problem:
// the first such line, then the first such character on it. That is where
// the parser gave up, which is what an editor should show. Both searches
// go forward while the bytes parsed again stay within locateBudget, and
// then halve the rest: the parser reads as a stream, so a longer prefix
// mostly fails as a shorter one did, but not always (a "[" left open fails
// where it opens, and again after each comma).
func yamlErrorPlace(data []byte, err error) (line, col int) {
	problem := yamlProblem(err)
	fails := func(end int) bool {
		e := decodeYAML(data[:end], func(*yaml.Node) {})
		return e != nil && yamlProblem(e) == problem
	}
	var ends []int // where each line ends, its newline included
	for off := 0; off < len(data); {
		nl := bytes.IndexByte(data[off:], '\n')
		if nl < 0 {
			off = len(data)
		} else {
			off += nl + 1
		}
		ends = append(ends, off)
	}
	i := firstTrue(len(ends), func(i int) int { return ends[i] }, func(i int) bool { return fails(ends[i]) })
	if i == len(ends) {
		return 0, 0 // not reproduced: leave the place out rather than guess
	}
	start := 0
	if i > 0 {
		start = ends[i-1]
	}
	var stops []int // the end of each character of the line
	for off := start; off < ends[i]; {
		_, size := utf8.DecodeRune(data[off:ends[i]])
		off += size
		stops = append(stops, off)
	}
	c := firstTrue(len(stops), func(c int) int { return stops[c] }, func(c int) bool { return fails(stops[c]) })
	if c == len(stops) || stops[c] == ends[i] && data[ends[i]-1] == '\n' {
		return i + 1, 0 // only the whole line fails
	}
	return i + 1, c + 1
}

// locateBudget bounds the bytes that each search of yamlErrorPlace parses
// one by one, about a tenth of a second.
const locateBudget = 1 << 20

// firstTrue is the smallest i in [0, n) for which f is true, or n. It tries
// each i in turn while the sum of cost stays within locateBudget, then
// searches the rest by halves, which assumes f stays true once it is.
func firstTrue(n int, cost func(int) int, f func(int) bool) int {
	lo, spent := 0, 0
	for ; lo < n && spent+cost(lo) <= locateBudget; lo++ {
		if f(lo) {
			return lo
		}
		spent += cost(lo)
	}
	hi := n
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		if f(mid) {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return lo
}

// jsonDoc reads a JSON file into a node, with the line and column of every
// value, which encoding/json does not keep.
func jsonDoc(file string, data []byte) (*node, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	r := &jsonReader{data: data, dec: json.NewDecoder(bytes.NewReader(data))}
	r.dec.UseNumber()
	n, err := r.value(0)
	if err == nil {
		if _, e := r.next(); e != io.EOF {
			err = r.errorf("data after the JSON value")
		}
	}
	if err != nil {
		var pe *ParseError
		if errors.As(err, &pe) {
			pe.File = file
			return nil, pe
		}
		line, col := place(data, r.errOffset(err))
		return nil, &ParseError{File: file, Line: line, Column: col, Msg: jsonProblem(err)}
	}
	return n, nil
}

type jsonReader struct {
	data []byte
	dec  *json.Decoder
	from int // where the previous token ended
	off  int // where the last token read began
}

// next reads a token and records where it began: encoding/json tells only
// where the previous one ended, and what lies between is blanks, a comma
// or a colon.
func (r *jsonReader) next() (json.Token, error) {
	off := int(r.dec.InputOffset())
	r.from = off
	for off < len(r.data) && strings.IndexByte(" \t\r\n,:", r.data[off]) >= 0 {
		off++
	}
	r.off = off
	return r.dec.Token()
}

func (r *jsonReader) errorf(format string, a ...any) error {
	line, col := place(r.data, r.off)
	return &ParseError{Line: line, Column: col, Msg: fmt.Sprintf(format, a...)}
}

var badChar = regexp.MustCompile(`^invalid character ('(?:[^'\\]|\\.)+')`)

// errOffset finds the character a syntax error is about. The offsets of
// encoding/json's token stream are not where the character is (for a
// literal they are where the value began), so the character named in the
// message is looked for from the end of the last good token.
func (r *jsonReader) errOffset(err error) int {
	var se *json.SyntaxError
	if !errors.As(err, &se) {
		return len(r.data) // the end came too early
	}
	if m := badChar.FindStringSubmatch(se.Error()); m != nil {
		if c, err := strconv.Unquote(m[1]); err == nil {
			if i := strings.Index(string(r.data[r.from:]), c); i >= 0 {
				return r.from + i
			}
		}
	}
	return r.from
}

func (r *jsonReader) value(depth int) (*node, error) {
	tok, err := r.next()
	if err == io.EOF {
		return nil, r.errorf("no JSON value")
	}
	if err != nil {
		return nil, err
	}
	if depth > maxDepth {
		return nil, r.errorf("nested more than %d deep", maxDepth)
	}
	line, col := place(r.data, r.off)
	n := &node{line: line, col: col}
	switch t := tok.(type) {
	case json.Delim:
		if t == '[' {
			n.kind = sequenceNode
			for r.dec.More() {
				it, err := r.value(depth + 1)
				if err != nil {
					return nil, err
				}
				n.items = append(n.items, it)
			}
		} else {
			n.kind = mappingNode
			seen := map[string]int{}
			for r.dec.More() {
				k, err := r.next()
				if err != nil {
					return nil, err
				}
				key, _ := k.(string)
				kl, kc := place(r.data, r.off)
				if first, dup := seen[key]; dup {
					return nil, r.errorf("duplicate key %q (first at line %d)", key, first)
				}
				seen[key] = kl
				v, err := r.value(depth + 1)
				if err != nil {
					return nil, err
				}
				n.members = append(n.members, member{key: key, line: kl, col: kc, val: v})
			}
		}
		if _, err := r.next(); err != nil { // the closing delimiter
			return nil, err
		}
	default:
		n.scalar = t // string, json.Number, bool or nil
	}
	return n, nil
}

// jsonProblem words encoding/json's errors for a file rather than a stream.
func jsonProblem(err error) string {
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return "unexpected end of JSON"
	}
	return err.Error()
}

// place turns a byte offset into a 1-based line and column, the column
// counted in characters as yaml.v3 counts it.
func place(data []byte, off int) (line, col int) {
	off = min(max(off, 0), len(data))
	start := bytes.LastIndexByte(data[:off], '\n') + 1
	return bytes.Count(data[:start], []byte("\n")) + 1, utf8.RuneCount(data[start:off]) + 1
}
