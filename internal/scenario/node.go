package scenario

import (
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// node is a YAML or JSON value with the place it was written, the common
// ground of both formats: the schema checks its value, and errors find
// their line by walking it along a JSON pointer. Anchored YAML nodes are
// shared by every alias of them, so a node is never changed once built.
type node struct {
	kind      nodeKind
	line, col int
	scalar    any      // scalars: string, json.Number, bool or nil
	members   []member // mappings, in the order written
	items     []*node  // sequences
}

type nodeKind int

const (
	scalarNode nodeKind = iota
	mappingNode
	sequenceNode
)

// member is a key of a mapping and its value; the key's place is kept for
// errors about the key itself (unknown field, duplicate key).
type member struct {
	key       string
	line, col int
	val       *node
}

// maxAliasNodes bounds what aliases may add to a document, so that a few
// lines of nested aliases ("billion laughs") cannot expand to gigabytes.
const maxAliasNodes = 100000

// maxDepth bounds nesting, for the recursion of every later walk.
const maxDepth = 1000

// value converts the node to the generic JSON value the schema checks and
// encoding/json reads.
func (n *node) value() any {
	switch n.kind {
	case mappingNode:
		m := make(map[string]any, len(n.members))
		for _, mb := range n.members {
			m[mb.key] = mb.val.value()
		}
		return m
	case sequenceNode:
		s := make([]any, len(n.items))
		for i, it := range n.items {
			s[i] = it.value()
		}
		return s
	}
	return n.scalar
}

// member finds a key of a mapping.
func (n *node) member(key string) (*member, bool) {
	for i := range n.members {
		if n.members[i].key == key {
			return &n.members[i], true
		}
	}
	return nil, false
}

// find walks the node along a JSON pointer. It returns the deepest node
// reached and, when the pointer ends at a mapping's member, that member.
// ok is false when the walk stopped early.
func (n *node) find(ptr string) (at *node, mb *member, ok bool) {
	at = n
	for _, tok := range pointerTokens(ptr) {
		mb = nil
		switch at.kind {
		case mappingNode:
			m, found := at.member(tok)
			if !found {
				return at, nil, false
			}
			at, mb = m.val, m
		case sequenceNode:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(at.items) {
				return at, nil, false
			}
			at = at.items[i]
		default:
			return at, nil, false
		}
	}
	return at, mb, true
}

// yamlConverter turns yaml.v3 nodes into nodes: it resolves aliases and
// merge keys, rejects duplicate keys, and types scalars as JSON would.
type yamlConverter struct {
	done    map[*yaml.Node]*node // converted, for sharing anchored nodes
	open    map[*yaml.Node]bool  // being converted, to catch an alias inside its own anchor
	sizes   map[*node]int
	plain   int // nodes converted, each once
	errLine int
	errCol  int
}

func (c *yamlConverter) fail(n *yaml.Node, format string, a ...any) error {
	c.errLine, c.errCol = n.Line, n.Column
	return fmt.Errorf(format, a...)
}

func (c *yamlConverter) convert(n *yaml.Node, depth int) (*node, error) {
	if depth > maxDepth {
		return nil, c.fail(n, "nested more than %d deep", maxDepth)
	}
	if n.Kind == yaml.AliasNode {
		if n.Alias == nil || c.open[n.Alias] {
			return nil, c.fail(n, "alias *%s refers to a node that contains it", n.Value)
		}
		target, err := c.convert(n.Alias, depth+1)
		if err != nil {
			return nil, err
		}
		// The alias stands where it is written (a step's line is where the
		// step is used); what is inside stays where the anchor wrote it.
		at := *target
		at.line, at.col = n.Line, n.Column
		return &at, nil
	}
	if done, ok := c.done[n]; ok {
		return done, nil
	}
	c.open[n] = true
	defer delete(c.open, n)
	out := &node{line: n.Line, col: n.Column}
	c.plain++
	switch n.Kind {
	case yaml.MappingNode:
		out.kind = mappingNode
		if err := c.mapping(n, out, depth); err != nil {
			return nil, err
		}
	case yaml.SequenceNode:
		out.kind = sequenceNode
		for _, it := range n.Content {
			v, err := c.convert(it, depth+1)
			if err != nil {
				return nil, err
			}
			out.items = append(out.items, v)
		}
	case yaml.ScalarNode:
		v, err := scalar(n)
		if err != nil {
			return nil, c.fail(n, "%v", err)
		}
		out.scalar = v
	default:
		return nil, c.fail(n, "unexpected YAML node")
	}
	c.done[n] = out
	return out, nil
}

// mapping converts a mapping's pairs. Keys written in the mapping come
// first and win over merged ones ("<<: *defaults"); among merged mappings
// the first one listed wins, as the YAML merge key type says.
func (c *yamlConverter) mapping(n *yaml.Node, out *node, depth int) error {
	var merges []*yaml.Node
	first := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind == yaml.ScalarNode && k.ShortTag() == "!!merge" {
			merges = append(merges, v)
			continue
		}
		key := k
		if key.Kind == yaml.AliasNode && key.Alias != nil {
			key = key.Alias
		}
		if key.Kind != yaml.ScalarNode {
			return c.fail(k, "a mapping key must be a scalar")
		}
		if line, dup := first[key.Value]; dup {
			return c.fail(k, "duplicate key %q (first at line %d)", key.Value, line)
		}
		first[key.Value] = k.Line
		val, err := c.convert(v, depth+1)
		if err != nil {
			return err
		}
		out.members = append(out.members, member{key: key.Value, line: k.Line, col: k.Column, val: val})
	}
	for _, m := range merges {
		srcs := []*yaml.Node{m}
		if m.Kind == yaml.SequenceNode {
			srcs = m.Content
		}
		for _, src := range srcs {
			merged, err := c.convert(src, depth+1)
			if err != nil {
				return err
			}
			if merged.kind != mappingNode {
				return c.fail(src, "a merge key (<<) takes a mapping or a list of mappings")
			}
			for _, mb := range merged.members {
				if _, ok := first[mb.key]; !ok {
					first[mb.key] = mb.line
					out.members = append(out.members, mb)
				}
			}
		}
	}
	return nil
}

// size is the number of nodes n stands for once aliases are expanded.
func (c *yamlConverter) size(n *node) int {
	if s, ok := c.sizes[n]; ok {
		return s
	}
	s := 1
	for _, mb := range n.members {
		s += c.size(mb.val)
		if s > math.MaxInt32 {
			break
		}
	}
	for _, it := range n.items {
		s += c.size(it)
		if s > math.MaxInt32 {
			break
		}
	}
	c.sizes[n] = s
	return s
}

// jsonNumber is the grammar of a JSON number: a YAML number written this
// way is kept as written, any other (0x1F, +1, .5) is converted.
var jsonNumber = regexp.MustCompile(`^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$`)

// scalar types a YAML scalar the way JSON would have it. Timestamps stay
// the text written (a clock start is parsed later); tags of other kinds
// have no JSON equivalent.
func scalar(n *yaml.Node) (any, error) {
	switch tag := n.ShortTag(); tag {
	case "!!str", "!!timestamp", "!!binary":
		return n.Value, nil
	case "!!null":
		return nil, nil
	case "!!bool":
		var b bool
		if err := n.Decode(&b); err != nil {
			return nil, err
		}
		return b, nil
	case "!!int", "!!float":
		if jsonNumber.MatchString(n.Value) {
			return json.Number(n.Value), nil
		}
		var i int64
		if tag == "!!int" && n.Decode(&i) == nil {
			return json.Number(strconv.FormatInt(i, 10)), nil
		}
		var f float64
		if err := n.Decode(&f); err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
			return nil, fmt.Errorf("number %s has no JSON equivalent", n.Value)
		}
		return json.Number(strconv.FormatFloat(f, 'g', -1, 64)), nil
	default:
		return nil, fmt.Errorf("unsupported YAML tag %s", tag)
	}
}

// pointerTokens splits a JSON pointer into its unescaped tokens.
func pointerTokens(ptr string) []string {
	if ptr == "" {
		return nil
	}
	toks := strings.Split(strings.TrimPrefix(ptr, "/"), "/")
	for i, t := range toks {
		toks[i] = strings.ReplaceAll(strings.ReplaceAll(t, "~1", "/"), "~0", "~")
	}
	return toks
}

// pointerJoin appends an unescaped token to a JSON pointer.
func pointerJoin(ptr, tok string) string {
	return ptr + "/" + strings.ReplaceAll(strings.ReplaceAll(tok, "~", "~0"), "/", "~1")
}
