package openapi

import (
	"encoding/json"
	"net/http"
	"path"
	"sort"
	"strings"
)

// Errcodes of the checks every endpoint runs before its own rules, in
// WeChat's order (DESIGN.md, Fidelity rules): token, method, empty body,
// JSON syntax. -1 (system error) can answer any call.
const (
	codeSystem       = -1
	codeBadToken     = 40001
	codeNoToken      = 41001
	codeTokenExpired = 42001
	codeRequireGET   = 43001
	codeRequirePOST  = 43002
	codeEmptyBody    = 44002
	codeDataFormat   = 47001
)

// errcodes lists, sorted, the errcodes an endpoint documents: those of the
// checks it runs first, and those its request schema maps violations to
// ("x-errcodes" at the root, "x-errcode" on a property), in the file and
// in the files it refers to.
func errcodes(ep Endpoint, comps *components, reqFile string) ([]int, error) {
	set := map[int]bool{codeSystem: true}
	if !ep.Public {
		set[codeBadToken], set[codeNoToken], set[codeTokenExpired] = true, true, true
	}
	switch ep.Method {
	case http.MethodPost:
		set[codeRequirePOST] = true
	case "":
		set[codeRequireGET] = true
	}
	if !ep.Query && !ep.Multipart {
		set[codeEmptyBody], set[codeDataFormat] = true, true
	}
	if err := schemaCodes(comps, reqFile, set, map[string]bool{}); err != nil {
		return nil, err
	}
	out := make([]int, 0, len(set))
	for c := range set {
		out = append(out, c)
	}
	sort.Ints(out)
	return out, nil
}

// schemaCodes adds the errcodes of file's annotations, and of the files it
// refers to, to set.
func schemaCodes(comps *components, file string, set map[int]bool, seen map[string]bool) error {
	if seen[file] {
		return nil
	}
	seen[file] = true
	doc, err := comps.file(file)
	if err != nil {
		return err
	}
	var refs []string
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, c := range x {
				switch k {
				case "x-errcodes", "x-errcode":
					codesIn(c, set)
				case "$ref":
					if s, ok := c.(string); ok {
						if target, _, _ := strings.Cut(s, "#"); target != "" {
							refs = append(refs, path.Join(path.Dir(file), target))
						}
					}
				default:
					walk(c)
				}
			}
		case []any:
			for _, c := range x {
				walk(c)
			}
		}
	}
	walk(doc)
	for _, r := range refs {
		if err := schemaCodes(comps, r, set, seen); err != nil {
			return err
		}
	}
	return nil
}

// codesIn adds the errcodes of a keyword → errcode map to set.
func codesIn(v any, set map[int]bool) {
	m, _ := v.(map[string]any)
	for _, c := range m {
		if n, ok := c.(json.Number); ok {
			if i, err := n.Int64(); err == nil {
				set[int(i)] = true
			}
		}
	}
}
