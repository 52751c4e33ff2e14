package schemas

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/wxmock/wxmock/internal/jsonschema"
)

// Explain is Validate for a person reading the result (contract validate,
// contract record). Validate reports every failure of every branch of a
// oneOf or anyOf that the document fails as a whole: a success answer with
// one bad field also "fails" the error envelope, at its errcode and errmsg.
// Explain keeps, for each such choice, the branch that explains the
// failure (see better), and says what a "not" wanted instead of "not
// failed". The server's journal keeps Validate's full list.
func (s *Set) Explain(endpoint, kind string, doc any) ([]Violation, error) {
	ve, root, err := s.failure(endpoint, kind, doc, false)
	if ve == nil {
		return nil, err
	}
	var out []Violation
	for _, leaf := range s.explained(ve) {
		v := s.violation(leaf, root, doc)
		if v.Keyword == "not" {
			v.Message = s.notMessage(leaf)
		}
		if kind == Request {
			v.Code = s.errcode(leaf, root)
			v.Itemized = itemized(root, v)
		}
		out = append(out, v)
	}
	sortViolations(out)
	return out, nil
}

// explained flattens a validation error to its leaves, as leaves does, but
// keeps one branch of each failed oneOf and anyOf.
func (s *Set) explained(ve *jsonschema.ValidationError) []*jsonschema.ValidationError {
	if len(ve.Causes) == 0 {
		return []*jsonschema.ValidationError{ve}
	}
	if kw := lastToken(ve.KeywordLocation); kw == "oneOf" || kw == "anyOf" {
		branches := make([][]*jsonschema.ValidationError, len(ve.Causes))
		for i, c := range ve.Causes {
			branches[i] = s.explained(c)
		}
		return choose(ve, branches)
	}
	var out []*jsonschema.ValidationError
	for _, c := range ve.Causes {
		out = append(out, s.explained(c)...)
	}
	return out
}

// branchScore ranks a failed branch of a choice; see better.
type branchScore struct {
	errcode bool // it rejects the errcode the answer has, or its lack of one
	shape   int  // failures of type, const, enum or not at the choice or a member of it
	depth   int  // the deepest failure, in pointer tokens
	count   int  // failures
}

// better reports whether branch a explains the failure better than b.
// WeChat's answers are told apart by their errcode, so a branch that
// rejects the errcode is the wrong shape; then a branch that rejects fewer
// of the document's types and constants near the choice; then the one the
// document got deeper into; then the one with fewer failures.
func (a branchScore) better(b branchScore) bool {
	switch {
	case a.errcode != b.errcode:
		return !a.errcode
	case a.shape != b.shape:
		return a.shape < b.shape
	case a.depth != b.depth:
		return a.depth > b.depth
	}
	return a.count < b.count
}

// shapeKeywords are the keywords that say a value is of another kind than
// a branch wants, rather than a bad value of the right kind.
var shapeKeywords = map[string]bool{"type": true, "const": true, "enum": true, "not": true}

func score(choice *jsonschema.ValidationError, leaves []*jsonschema.ValidationError) branchScore {
	at := len(tokens(choice.InstanceLocation))
	sc := branchScore{count: len(leaves)}
	for _, l := range leaves {
		kw := lastToken(l.KeywordLocation)
		depth := len(tokens(l.InstanceLocation))
		if kw == "required" {
			depth++ // it points at the missing member
		}
		sc.depth = max(sc.depth, depth)
		if shapeKeywords[kw] && depth <= at+1 {
			sc.shape++
			if l.InstanceLocation == choice.InstanceLocation+"/errcode" {
				sc.errcode = true
			}
		}
		if kw == "required" && l.InstanceLocation == choice.InstanceLocation && strings.Contains(l.Message, "'errcode'") {
			sc.errcode = true // a success answer may have no errcode
		}
	}
	return sc
}

// choose keeps the failures of the branch that explains a failed choice
// best. When no branch is better than the others, and they fail
// differently, it is one failure at the choice that lists each branch's.
func choose(choice *jsonschema.ValidationError, branches [][]*jsonschema.ValidationError) []*jsonschema.ValidationError {
	best := 0
	scores := make([]branchScore, len(branches))
	for i, b := range branches {
		scores[i] = score(choice, b)
		if scores[i].better(scores[best]) {
			best = i
		}
	}
	var tied []string
	for i, b := range branches {
		if i == best || !scores[best].better(scores[i]) {
			if sum := summary(choice, b); !slices.Contains(tied, sum) {
				tied = append(tied, sum)
			}
		}
	}
	if len(tied) == 1 {
		return branches[best]
	}
	for i := range tied {
		tied[i] = fmt.Sprintf("(%d) %s", i+1, tied[i])
	}
	return []*jsonschema.ValidationError{{
		KeywordLocation:         choice.KeywordLocation,
		AbsoluteKeywordLocation: choice.AbsoluteKeywordLocation,
		InstanceLocation:        choice.InstanceLocation,
		Message:                 "fails every alternative: " + strings.Join(tied, "; "),
	}}
}

// summary is a branch's failures in one line, their pointers relative to
// the choice.
func summary(choice *jsonschema.ValidationError, leaves []*jsonschema.ValidationError) string {
	parts := make([]string, 0, len(leaves))
	for _, l := range leaves {
		p := strings.TrimPrefix(l.InstanceLocation, choice.InstanceLocation)
		if p != "" {
			p += ": "
		}
		parts = append(parts, p+l.Message)
	}
	return strings.Join(parts, ", ")
}

// notMessage says what a failed "not" forbids, from its schema: the
// library's message is only "not failed".
func (s *Set) notMessage(leaf *jsonschema.ValidationError) string {
	file, frag, _ := strings.Cut(leaf.AbsoluteKeywordLocation, "#")
	var node any = s.raw.get(file)
	for _, t := range tokens(frag) {
		switch n := node.(type) {
		case map[string]any:
			node = n[t]
		case []any:
			i, err := strconv.Atoi(t)
			if err != nil || i < 0 || i >= len(n) {
				return leaf.Message
			}
			node = n[i]
		default:
			return leaf.Message
		}
	}
	sch, ok := node.(map[string]any)
	if !ok {
		return leaf.Message
	}
	if c, ok := sch["const"]; ok && len(sch) == 1 {
		return "must not be " + jsonText(c)
	}
	if p, ok := sch["pattern"].(string); ok && len(sch) == 1 {
		return fmt.Sprintf("must not match pattern '%s'", p)
	}
	if r, ok := sch["required"].([]any); ok && len(sch) == 1 {
		names := make([]string, len(r))
		for i, n := range r {
			names[i] = fmt.Sprintf("'%v'", n)
		}
		return "must not have " + strings.Join(names, ", ")
	}
	return "must not match " + jsonText(sch)
}

func jsonText(v any) string {
	data, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(data)
}
