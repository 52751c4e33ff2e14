package scenario

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// ridSuffix is the " rid: xxxxxxxx-xxxxxxxx-xxxxxxxx" WeChat ends errors with.
var ridSuffix = regexp.MustCompile(` rid: [0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}$`)

// Match compares got, a decoded JSON value, with the matcher's value: in
// partial mode only the object keys the expected value has; in exact mode
// the same keys. Arrays compare item by item and need the same length.
// Ignored pointers ("*" for any key or index) are not compared. It returns
// the JSON pointer of the first difference and a message, or "" and nil.
func (m *Matcher) Match(got any) (string, error) {
	return matchAt("", m.Value, normalize(got), m)
}

// normalize turns a value decoded with UseNumber or plain into the same
// shapes: numbers as json.Number, so 1 and 1.0 compare equal by value.
func normalize(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, c := range x {
			out[k] = normalize(c)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, c := range x {
			out[i] = normalize(c)
		}
		return out
	case float64:
		return json.Number(strconv.FormatFloat(x, 'g', -1, 64))
	case int:
		return json.Number(strconv.Itoa(x))
	}
	return v
}

func (m *Matcher) ignored(ptr string) bool {
	for _, ig := range m.Ignore {
		if pointerMatches(ig, ptr) {
			return true
		}
	}
	return false
}

func pointerMatches(pattern, ptr string) bool {
	p, q := strings.Split(pattern, "/"), strings.Split(ptr, "/")
	if len(p) != len(q) {
		return false
	}
	for i := range p {
		if p[i] != "*" && p[i] != q[i] {
			return false
		}
	}
	return true
}

func matchAt(ptr string, want, got any, m *Matcher) (string, error) {
	if m.ignored(ptr) {
		return "", nil
	}
	want = normalize(want)
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			return orRoot(ptr), fmt.Errorf("want an object, got %s", showJSON(got))
		}
		for _, k := range sortedNames(w) {
			c, ok := g[k]
			if !ok {
				if m.ignored(ptr + "/" + k) {
					continue
				}
				return orRoot(ptr + "/" + k), fmt.Errorf("missing; want %s", showJSON(w[k]))
			}
			if p, err := matchAt(ptr+"/"+k, w[k], c, m); err != nil {
				return p, err
			}
		}
		if m.Exact {
			for _, k := range sortedNames(g) {
				if _, ok := w[k]; !ok && !m.ignored(ptr+"/"+k) {
					return orRoot(ptr + "/" + k), fmt.Errorf("unexpected field %s", showJSON(g[k]))
				}
			}
		}
		return "", nil
	case []any:
		g, ok := got.([]any)
		if !ok {
			return orRoot(ptr), fmt.Errorf("want an array, got %s", showJSON(got))
		}
		if len(g) != len(w) {
			return orRoot(ptr), fmt.Errorf("want %d items, got %d", len(w), len(g))
		}
		for i := range w {
			if p, err := matchAt(ptr+"/"+strconv.Itoa(i), w[i], g[i], m); err != nil {
				return p, err
			}
		}
		return "", nil
	case json.Number:
		if g, ok := got.(json.Number); ok && numbersEqual(w, g) {
			return "", nil
		}
	case string:
		// An expected errmsg matches WeChat's with its " rid: ..." suffix.
		if g, ok := got.(string); ok && (g == w || ridSuffix.ReplaceAllString(g, "") == w) {
			return "", nil
		}
	default:
		if fmt.Sprint(want) == fmt.Sprint(got) && sameKind(want, got) {
			return "", nil
		}
	}
	return orRoot(ptr), fmt.Errorf("want %s, got %s", showJSON(want), showJSON(got))
}

func numbersEqual(a, b json.Number) bool {
	if a == b {
		return true
	}
	x, err1 := a.Float64()
	y, err2 := b.Float64()
	return err1 == nil && err2 == nil && x == y
}

func sameKind(a, b any) bool { return fmt.Sprintf("%T", a) == fmt.Sprintf("%T", b) }

func orRoot(ptr string) string {
	if ptr == "" {
		return "(the whole answer)"
	}
	return ptr
}

func showJSON(v any) string {
	data, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	if len(data) > 300 {
		return string(data[:300]) + "…"
	}
	return string(data)
}

// prune keeps of got only the object keys that want has, so that a
// partial match's diff shows the differences that matter.
func prune(got, want any) any {
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			return got
		}
		out := make(map[string]any, len(w))
		for k, wv := range w {
			if gv, ok := g[k]; ok {
				out[k] = prune(gv, wv)
			}
		}
		return out
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(w) {
			return got
		}
		out := make([]any, len(g))
		for i := range g {
			out[i] = prune(g[i], w[i])
		}
		return out
	}
	return got
}
