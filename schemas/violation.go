package schemas

import (
	"encoding/json"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/wxmock/wxmock/internal/jsonschema"
)

// Violation is one failed keyword of a schema.
type Violation struct {
	Pointer  string `json:"pointer"` // JSON pointer into the document
	Keyword  string `json:"keyword"`
	Message  string `json:"message"`
	Value    any    `json:"value,omitempty"` // the offending payload
	Code     int    `json:"errcode,omitempty"`
	Itemized bool   `json:"itemized,omitempty"`
}

// leaves flattens a validation error to the failures that caused it.
func leaves(ve *jsonschema.ValidationError) []*jsonschema.ValidationError {
	if len(ve.Causes) == 0 {
		return []*jsonschema.ValidationError{ve}
	}
	var out []*jsonschema.ValidationError
	for _, c := range ve.Causes {
		out = append(out, leaves(c)...)
	}
	return out
}

// missingProps finds the names in a "missing properties" message; it is
// compiled at its first use, not at every start.
var missingProps = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`'([^']*)'`) })

func (s *Set) violation(leaf *jsonschema.ValidationError, root map[string]any, doc any) Violation {
	v := Violation{Pointer: leaf.InstanceLocation, Keyword: lastToken(leaf.KeywordLocation), Message: leaf.Message}
	if v.Keyword == "required" {
		// Point at the first missing property rather than at its parent.
		if m := missingProps().FindStringSubmatch(leaf.Message); m != nil {
			v.Pointer += "/" + escapeToken(m[1])
		}
	}
	if val, ok := resolve(doc, v.Pointer); ok {
		v.Value = val
	}
	return v
}

// errcode finds the errcode of a failed keyword: the nearest "x-errcode" on
// the schema path to it, else the root's "x-errcodes".
func (s *Set) errcode(leaf *jsonschema.ValidationError, root map[string]any) int {
	keyword := lastToken(leaf.KeywordLocation)
	file, frag, _ := strings.Cut(leaf.AbsoluteKeywordLocation, "#")
	if node := s.raw.get(file); node != nil {
		toks := tokens(frag)
		best := 0
		for i := 0; i < len(toks) && node != nil; i++ {
			if code := codeIn(node["x-errcode"], keyword); code != 0 {
				best = code
			}
			node, _ = node[toks[i]].(map[string]any)
		}
		if best != 0 {
			return best
		}
	}
	if code := codeIn(root["x-errcodes"], keyword); code != 0 {
		return code
	}
	return 47001
}

func codeIn(m any, keyword string) int {
	mm, ok := m.(map[string]any)
	if !ok {
		return 0
	}
	for _, k := range []string{keyword, "*"} {
		if n, ok := mm[k].(json.Number); ok {
			c, _ := n.Int64()
			return int(c)
		}
	}
	return 0
}

// itemized reports whether v lies inside one item of the root's x-itemized
// array and is not a data format error.
func itemized(root map[string]any, v Violation) bool {
	arr, _ := root["x-itemized"].(string)
	if arr == "" || v.Code == 47001 || !strings.HasPrefix(v.Pointer, arr+"/") {
		return false
	}
	idx, rest, ok := strings.Cut(strings.TrimPrefix(v.Pointer, arr+"/"), "/")
	_, err := strconv.Atoi(idx)
	return ok && err == nil && rest != ""
}

// ItemIndex returns the index of the x-itemized item a violation lies in.
func (v Violation) ItemIndex() int {
	toks := tokens(v.Pointer)
	for i := len(toks) - 2; i >= 0; i-- {
		if n, err := strconv.Atoi(toks[i]); err == nil {
			return n
		}
	}
	return -1
}

func lastToken(ptr string) string {
	toks := tokens(ptr)
	if len(toks) == 0 {
		return ""
	}
	return toks[len(toks)-1]
}

func tokens(ptr string) []string {
	ptr = strings.TrimPrefix(ptr, "/")
	if ptr == "" {
		return nil
	}
	toks := strings.Split(ptr, "/")
	for i, t := range toks {
		if strings.IndexByte(t, '~') >= 0 {
			toks[i] = strings.ReplaceAll(strings.ReplaceAll(t, "~1", "/"), "~0", "~")
		}
	}
	return toks
}

// escapeToken writes t as a JSON pointer token (RFC 6901).
func escapeToken(t string) string {
	if strings.IndexAny(t, "~/") < 0 {
		return t
	}
	return strings.ReplaceAll(strings.ReplaceAll(t, "~", "~0"), "/", "~1")
}

// resolve follows a JSON pointer into doc.
func resolve(doc any, ptr string) (any, bool) {
	cur := doc
	for _, t := range tokens(ptr) {
		switch c := cur.(type) {
		case map[string]any:
			v, ok := c[t]
			if !ok {
				return nil, false
			}
			cur = v
		case []any:
			i, err := strconv.Atoi(t)
			if err != nil || i < 0 || i >= len(c) {
				return nil, false
			}
			cur = c[i]
		default:
			return nil, false
		}
	}
	return cur, true
}
