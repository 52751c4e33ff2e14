package bench

import (
	"encoding/json"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/wxmock/wxmock/schemas"
)

// bodyLimit is the size of an adversarial body: just under the default
// -max-body of 2 MiB, the worst a client may send.
const bodyLimit = 2<<20 - 64

// adversary is one hostile body for one endpoint.
type adversary struct {
	endpoint, kind string
	body           []byte
}

// The kinds of hostile body. Each fills the endpoint's required fields
// with plausible values, so that as much of the body as possible gets past
// the required check, and spends the rest of bodyLimit on one attack.
var adversaryKinds = []string{
	"zeros",      // an array of 0s in the first array field (else the first field)
	"objects",    // an array of {} there
	"root-array", // the body itself an array of 0s
	"nested",     // arrays nested a million deep
	"deep-wide",  // arrays nested 63 deep, side by side
	"string",     // one string of 2 MB in the first field with a pattern (else a size limit, else any)
	"keys",       // an object of about 184,000 keys
	"pic_list",   // a pic_list JSON document of 350,000 pictures (where the endpoint has pic_list)
	"violations", // every field a wrong string of 20 bytes, every array as long as allowed: thousands of violations
}

// requestSchema is what the builders read of an endpoint's request schema.
type requestSchema struct {
	Ref        string                    `json:"$ref"`
	In         string                    `json:"x-in"`
	Required   []string                  `json:"required"`
	Properties map[string]map[string]any `json:"properties"`
}

// adversaries builds every kind of hostile body for every endpoint whose
// request is a JSON body.
func adversaries(tb testing.TB) []adversary {
	tb.Helper()
	fsys := schemas.Files()
	var out []adversary
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || !strings.HasSuffix(p, ".request.json") {
			return err
		}
		sch, err := readSchema(fsys, p)
		if err != nil || sch.In == "query" {
			return err
		}
		ep := strings.TrimSuffix(p, ".request.json")
		for _, kind := range adversaryKinds {
			if body := sch.body(kind); body != nil {
				out = append(out, adversary{endpoint: ep, kind: kind, body: body})
			}
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return out
}

// readSchema reads a request schema, following a $ref of a whole file.
func readSchema(fsys fs.FS, p string) (*requestSchema, error) {
	data, err := fs.ReadFile(fsys, p)
	if err != nil {
		return nil, err
	}
	var sch requestSchema
	if err := json.Unmarshal(data, &sch); err != nil {
		return nil, err
	}
	if sch.Ref != "" && sch.Properties == nil {
		ref, err := readSchema(fsys, path.Join(path.Dir(p), sch.Ref))
		if err != nil {
			return nil, err
		}
		ref.In = sch.In
		return ref, nil
	}
	return &sch, nil
}

// names lists the schema's properties, sorted.
func (s *requestSchema) names() []string {
	var out []string
	for k := range s.Properties {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// types lists the JSON types a property allows.
func types(prop map[string]any) []string {
	switch t := prop["type"].(type) {
	case string:
		return []string{t}
	case []any:
		var out []string
		for _, w := range t {
			s, _ := w.(string)
			out = append(out, s)
		}
		return out
	}
	return nil
}

// field picks the first property that pick accepts, else the first
// required one, else "x".
func (s *requestSchema) field(pick func(map[string]any) bool) string {
	for _, k := range s.names() {
		if pick(s.Properties[k]) {
			return k
		}
	}
	if len(s.Required) > 0 {
		return s.Required[0]
	}
	return "x"
}

// plausible is a value that a property's schema likely accepts.
func plausible(prop map[string]any) string {
	if enum, ok := prop["enum"].([]any); ok && len(enum) > 0 {
		b, _ := json.Marshal(enum[len(enum)-1])
		return string(b)
	}
	if p, _ := prop["pattern"].(string); strings.Contains(p, "o[A-Za-z") {
		return `"o6_bmjrPTlm6_2sgVt7hMZOPfL2M"`
	}
	ts := types(prop)
	switch {
	case slices.Contains(ts, "integer") || slices.Contains(ts, "number"):
		return "1"
	case slices.Contains(ts, "array"):
		return "[]"
	case slices.Contains(ts, "object"):
		return "{}"
	}
	return `"1"`
}

// object writes the body: the required fields, then the attack as field.
func (s *requestSchema) object(field, attack string) []byte {
	var b strings.Builder
	b.WriteByte('{')
	for _, k := range s.Required {
		if k != field {
			b.WriteString(strconv.Quote(k) + ":" + plausible(s.Properties[k]) + ",")
		}
	}
	b.WriteString(strconv.Quote(field) + ":" + attack + "}")
	return []byte(b.String())
}

// fill repeats item, comma-separated, to about n bytes.
func fill(item string, n int) string {
	count := n / (len(item) + 1)
	return strings.TrimSuffix(strings.Repeat(item+",", count), ",")
}

// body builds one kind of hostile body, nil when the kind does not apply.
func (s *requestSchema) body(kind string) []byte {
	room := bodyLimit - 512 // the required fields
	arrayField := s.field(func(p map[string]any) bool { return slices.Contains(types(p), "array") })
	switch kind {
	case "zeros":
		return s.object(arrayField, "["+fill("0", room)+"]")
	case "objects":
		return s.object(arrayField, "["+fill("{}", room)+"]")
	case "root-array":
		return []byte("[" + fill("0", bodyLimit-2) + "]")
	case "nested":
		return s.object(arrayField, strings.Repeat("[", room/2)+strings.Repeat("]", room/2))
	case "deep-wide":
		deep := strings.Repeat("[", 63) + strings.Repeat("]", 63)
		return s.object(arrayField, "["+fill(deep, room)+"]")
	case "string":
		f := s.field(func(p map[string]any) bool { _, ok := p["pattern"]; return ok && slices.Contains(types(p), "string") })
		if _, ok := s.Properties[f]["pattern"]; !ok {
			f = s.field(func(p map[string]any) bool { _, ok := p["maxBytes"]; return ok })
		}
		return s.object(f, `"`+strings.Repeat("1", room)+`"`)
	case "keys":
		var b strings.Builder
		b.WriteByte('{')
		for i := 0; b.Len() < bodyLimit-16; i++ {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(`"k` + strconv.Itoa(i) + `":0`)
		}
		b.WriteByte('}')
		return []byte(b.String())
	case "violations":
		// Within every size limit, so that the schema library validates
		// it all: sendmsg's three lists of 1,000 give 2,000 violations.
		const wrong = `"01111111111111111111"`
		var b strings.Builder
		b.WriteByte('{')
		for i, k := range s.names() {
			if i > 0 {
				b.WriteByte(',')
			}
			v := wrong
			if slices.Contains(types(s.Properties[k]), "array") {
				n := schemas.MaxItems
				if m, ok := s.Properties[k]["maxItems"].(float64); ok {
					n = min(n, int(m))
				}
				v = "[" + strings.TrimSuffix(strings.Repeat(wrong+",", n), ",") + "]"
			}
			b.WriteString(strconv.Quote(k) + ":" + v)
		}
		b.WriteByte('}')
		return []byte(b.String())
	case "pic_list":
		if _, ok := s.Properties["pic_list"]; !ok {
			return nil
		}
		return s.object("pic_list", strconv.Quote(`{"list":[`+fill(`"a"`, room*2/3)+`]}`))
	}
	return nil
}
