package schemas

import (
	"sort"
	"strconv"
	"strings"
)

// MaxUnknownFields bounds what UnknownFields reports for one document.
const MaxUnknownFields = 20

// UnknownFields returns the JSON pointers of the object keys of doc, a
// request decoded by Decode, that the endpoint's request schema does not
// name: sorted, at most MaxUnknownFields. WeChat ignores such a field, and
// so does Validate; a client that sends one has most likely misspelt a
// field it meant to send. The walk follows "properties", the "items" of an
// array, "$ref" and the branches of "allOf", "anyOf" and "oneOf" (a key any
// branch names is known); where the schema names no properties it stops.
func (s *Set) UnknownFields(endpoint string, doc any) []string {
	e, ok := s.requests[endpoint]
	if !ok {
		return nil
	}
	file, root := e.url, e.root()
	u := unknownWalker{raw: s.raw}
	u.walk([]schemaNode{{file, root}}, doc, &pathTokens{})
	sort.Strings(u.out)
	if len(u.out) > MaxUnknownFields {
		u.out = u.out[:MaxUnknownFields]
	}
	return u.out
}

// KnownFields returns the property names the request schema of endpoint
// names for the object at pointer (as UnknownFields reports it, with array
// indexes), sorted: the candidates for a "did you mean".
func (s *Set) KnownFields(endpoint, pointer string) []string {
	file := baseURL + endpoint + "." + Request + ".json"
	root := s.raw.get(file)
	if root == nil {
		return nil
	}
	u := unknownWalker{raw: s.raw}
	nodes := u.expand([]schemaNode{{file, root}}, 0)
	toks := tokens(pointer)
	for _, tok := range toks {
		var next []schemaNode
		for _, n := range nodes {
			if props, ok := n.node["properties"].(map[string]any); ok {
				if sub := asMap(props[tok]); sub != nil {
					next = append(next, schemaNode{n.file, sub})
				}
			}
			if _, err := strconv.Atoi(tok); err == nil {
				if items := asMap(n.node["items"]); items != nil {
					next = append(next, schemaNode{n.file, items})
				}
			}
		}
		nodes = u.expand(next, 0)
	}
	var out []string
	seen := map[string]bool{}
	for _, n := range nodes {
		props, _ := n.node["properties"].(map[string]any)
		for name := range props {
			if !seen[name] {
				seen[name] = true
				out = append(out, name)
			}
		}
	}
	sort.Strings(out)
	return out
}

// schemaNode is a schema and the file it is in, against which its $refs
// resolve.
type schemaNode struct {
	file string
	node map[string]any
}

type unknownWalker struct {
	raw *docs
	out []string
}

// expand adds to nodes what applies along with them: their $refs and the
// branches of allOf, anyOf and oneOf, followed to maxRefDepth.
func (u *unknownWalker) expand(nodes []schemaNode, depth int) []schemaNode {
	if depth > maxRefDepth {
		return nil
	}
	var out []schemaNode
	b := limitsBuilder{raw: u.raw}
	for _, n := range nodes {
		if n.node == nil {
			continue
		}
		out = append(out, n)
		var more []schemaNode
		if ref, ok := n.node["$ref"].(string); ok {
			if rfile, _, rnode := b.resolve(n.file, ref); rnode != nil {
				more = append(more, schemaNode{rfile, rnode})
			}
		}
		for _, kw := range []string{"allOf", "anyOf", "oneOf"} {
			branches, _ := n.node[kw].([]any)
			for _, br := range branches {
				if m := asMap(br); m != nil {
					more = append(more, schemaNode{n.file, m})
				}
			}
		}
		out = append(out, u.expand(more, depth+1)...)
	}
	return out
}

// walk records the pointer of each key of doc that nodes do not name.
// pointer is where doc is, built only for a key recorded: a body of
// known keys, the usual one, costs no string.
func (u *unknownWalker) walk(nodes []schemaNode, doc any, pointer *pathTokens) {
	switch doc.(type) {
	case map[string]any, []any:
	default:
		return // a scalar has no key to be unknown
	}
	nodes = u.expand(nodes, 0)
	if len(nodes) == 0 {
		return
	}
	switch v := doc.(type) {
	case map[string]any:
		named := false
		for _, n := range nodes {
			if _, ok := n.node["properties"].(map[string]any); ok {
				named = true
			}
		}
		if !named {
			return
		}
		for key, child := range v {
			var subs []schemaNode
			for _, n := range nodes {
				props, _ := n.node["properties"].(map[string]any)
				if sub, ok := props[key]; ok {
					subs = append(subs, schemaNode{n.file, asMap(sub)})
				}
			}
			pointer.push(key, -1)
			if len(subs) == 0 {
				u.out = append(u.out, pointer.String())
			} else {
				u.walk(subs, child, pointer)
			}
			pointer.pop()
		}
	case []any:
		var subs []schemaNode
		for _, n := range nodes {
			if items := asMap(n.node["items"]); items != nil {
				subs = append(subs, schemaNode{n.file, items})
			}
		}
		if len(subs) == 0 {
			return
		}
		for i, child := range v {
			pointer.push("", i)
			u.walk(subs, child, pointer)
			pointer.pop()
		}
	}
}

// pathTokens is a JSON pointer under construction: keys and array
// indexes, written out only when asked.
type pathTokens struct {
	keys []string
	idx  []int // -1 for a key
}

func (p *pathTokens) push(key string, i int) {
	p.keys, p.idx = append(p.keys, key), append(p.idx, i)
}

func (p *pathTokens) pop() {
	p.keys, p.idx = p.keys[:len(p.keys)-1], p.idx[:len(p.idx)-1]
}

// String is the pointer, its keys escaped.
func (p *pathTokens) String() string {
	var b strings.Builder
	for j, k := range p.keys {
		b.WriteByte('/')
		if p.idx[j] >= 0 {
			b.WriteString(strconv.Itoa(p.idx[j]))
		} else {
			b.WriteString(escapeToken(k))
		}
	}
	return b.String()
}
