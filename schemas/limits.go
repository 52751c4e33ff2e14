package schemas

import (
	"encoding/json"
	"net/url"
	"strings"
)

// limits is what the preflight of DecodeRequest checks at one node of a
// request schema. It keeps only keywords that certainly apply to the value
// there (a property named in "properties", the "items" of an array without
// "prefixItems", "$ref"), never what an "anyOf" or "oneOf" might apply, so
// that each violation the preflight finds is a real one. Everything else is
// left to Validate.
type limits struct {
	kinds     kinds // allowed JSON kinds; 0 allows any
	typeNames string
	maxItems  int // -1: the schema names none
	maxBytes  int // -1: none
	maxLength int // -1: none
	// The errcodes of the keywords above, mapped as Validate maps them.
	typeCode, maxItemsCode, maxBytesCode, maxLengthCode int
	props                                               map[string]*limits
	items                                               *limits
}

// kinds is a set of JSON kinds.
type kinds uint8

const (
	kindObject kinds = 1 << iota
	kindArray
	kindString
	kindNumber
	kindBoolean
	kindNull
)

// kindNames are the words JSON Schema and the schema library use.
var kindNames = map[kinds]string{kindObject: "object", kindArray: "array", kindString: "string",
	kindNumber: "number", kindBoolean: "boolean", kindNull: "null"}

// kindOf maps a "type" word to a kind. "integer" is a number: the preflight
// does not judge whether 2.0 or 1e3 is whole, Validate does.
func kindOf(word string) kinds {
	switch word {
	case "integer":
		return kindNumber
	default:
		for k, name := range kindNames {
			if name == word {
				return k
			}
		}
		return 0
	}
}

// maxRefDepth bounds how deep building follows properties, items and $refs:
// a schema that refers to itself stops there, with nothing checked below.
const maxRefDepth = 32

// limitsBuilder builds the limits of one endpoint's request schema.
type limitsBuilder struct {
	raw  *docs          // every schema file, by URL
	root map[string]any // the endpoint's own file: its x-errcodes
}

// build returns the limits of node, a schema in file. trail is the path of
// maps from the file's root down to node, where errcode looks for x-errcode.
func (b *limitsBuilder) build(file string, trail []map[string]any, node map[string]any, depth int) *limits {
	if node == nil || depth > maxRefDepth {
		return nil
	}
	l := &limits{maxItems: -1, maxBytes: -1, maxLength: -1}
	trail = append(trail[:len(trail):len(trail)], node)
	if ref, ok := node["$ref"].(string); ok {
		if rfile, rtrail, rnode := b.resolve(file, ref); rnode != nil {
			l = b.build(rfile, rtrail[:len(rtrail)-1], rnode, depth+1)
			if l == nil {
				l = &limits{maxItems: -1, maxBytes: -1, maxLength: -1}
			}
		}
	}
	// The node's own keywords win over those of its $ref: either is a rule
	// the value must keep, so checking either is right.
	switch t := node["type"].(type) {
	case string:
		l.kinds, l.typeNames = kindOf(t), t
		l.typeCode = b.code(trail, "type")
	case []any:
		var names []string
		var ks kinds
		for _, w := range t {
			if s, ok := w.(string); ok {
				ks |= kindOf(s)
				names = append(names, s)
			}
		}
		l.kinds, l.typeNames = ks, strings.Join(names, " or ")
		l.typeCode = b.code(trail, "type")
	}
	for kw, dst := range map[string]struct{ n, code *int }{
		"maxItems":  {&l.maxItems, &l.maxItemsCode},
		"maxBytes":  {&l.maxBytes, &l.maxBytesCode},
		"maxLength": {&l.maxLength, &l.maxLengthCode},
	} {
		if n, ok := node[kw].(json.Number); ok {
			if v, err := n.Int64(); err == nil && v >= 0 {
				*dst.n, *dst.code = int(v), b.code(trail, kw)
			}
		}
	}
	if props, ok := node["properties"].(map[string]any); ok {
		ptrail := append(trail[:len(trail):len(trail)], props)
		if l.props == nil {
			l.props = map[string]*limits{}
		}
		for name, sub := range props {
			if c := b.build(file, ptrail, asMap(sub), depth+1); c != nil {
				l.props[name] = c
			}
		}
	}
	if items, ok := node["items"].(map[string]any); ok {
		if _, prefix := node["prefixItems"]; !prefix {
			if c := b.build(file, trail, items, depth+1); c != nil {
				l.items = c
			}
		}
	} else if _, prefix := node["prefixItems"]; prefix {
		l.items = nil // a $ref's items would meet the prefix items too
	}
	return l
}

func asMap(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

// resolve follows a $ref from file to its file, the trail of maps from that
// file's root to the node, and the node.
func (b *limitsBuilder) resolve(file, ref string) (string, []map[string]any, map[string]any) {
	base, err := url.Parse(file)
	if err != nil {
		return "", nil, nil
	}
	u, err := base.Parse(ref)
	if err != nil {
		return "", nil, nil
	}
	frag := u.Fragment
	u.Fragment = ""
	target := u.String()
	node := b.raw.get(target)
	trail := []map[string]any{node}
	for _, tok := range tokens(frag) {
		node = asMap(node[tok])
		if node == nil {
			return "", nil, nil
		}
		trail = append(trail, node)
	}
	return target, trail, node
}

// code finds the errcode of a keyword at the end of trail, as errcode does
// for a failure the schema library reports: the nearest x-errcode on the
// way, else the endpoint's x-errcodes, else 47001.
func (b *limitsBuilder) code(trail []map[string]any, keyword string) int {
	best := 0
	for _, n := range trail {
		if c := codeIn(n["x-errcode"], keyword); c != 0 {
			best = c
		}
	}
	if best != 0 {
		return best
	}
	if c := codeIn(b.root["x-errcodes"], keyword); c != 0 {
		return c
	}
	return 47001
}
