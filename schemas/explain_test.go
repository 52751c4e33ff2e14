package schemas_test

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/wxmock/wxmock/schemas"
)

// lines renders violations as contract validate prints them.
func lines(vs []schemas.Violation) []string {
	var out []string
	for _, v := range vs {
		line := fmt.Sprintf("%s: %s: %s", v.Pointer, v.Keyword, v.Message)
		if v.Code != 0 {
			line += fmt.Sprintf(" → errcode %d", v.Code)
		}
		out = append(out, line)
	}
	return out
}

var extraProps = regexp.MustCompile(`additionalProperties ('.*') not allowed`)

// sortExtra sorts the members an additionalProperties message names: the
// schema library lists them in map order.
func sortExtra(line string) string {
	return extraProps.ReplaceAllStringFunc(line, func(m string) string {
		names := strings.Split(extraProps.FindStringSubmatch(m)[1], ", ")
		slices.Sort(names)
		return "additionalProperties " + strings.Join(names, ", ") + " not allowed"
	})
}

// TestExplain shows, for each document, what Validate reports (before) and
// what Explain keeps (after): the branch of a oneOf or anyOf that explains
// the failure, and what a "not" forbids.
func TestExplain(t *testing.T) {
	t.Parallel()
	s := load(t)
	tests := []struct {
		name, endpoint, kind, body string
		before, after              []string
	}{
		{
			name:     "a success answer with one bad field is not also a bad error envelope",
			endpoint: "promoter/getrole", kind: schemas.Response,
			body: `{"role_list":[{"role_id":"1","name":"x","desc":""}],"total_cnt":1,"errcode":0,"errmsg":"OK"}`,
			before: []string{
				": additionalProperties: additionalProperties 'role_list', 'total_cnt' not allowed",
				"/errcode: not: not failed",
				"/errmsg: pattern: does not match pattern ' rid: [0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}$'",
				"/role_list/0/role_id: type: expected integer, but got string",
			},
			after: []string{"/role_list/0/role_id: type: expected integer, but got string"},
		},
		{
			name:     "an error answer is held to the error envelope",
			endpoint: "promoter/getrole", kind: schemas.Response,
			body: `{"errcode":40001,"errmsg":"invalid credential"}`,
			before: []string{
				"/errcode: const: value must be \"0\"",
				"/errmsg: pattern: does not match pattern ' rid: [0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}$'",
				"/errmsg: const: value must be \"OK\"",
				"/role_list: required: missing properties: 'role_list', 'total_cnt'",
			},
			after: []string{"/errmsg: pattern: does not match pattern ' rid: [0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}$'"},
		},
		{
			name:     "errcode 0 decides for the success shape, even with errmsg wrong too",
			endpoint: "promoter/getrole", kind: schemas.Response,
			body: `{"errcode":0,"errmsg":"ok"}`,
			before: []string{
				"/errcode: not: not failed",
				"/errmsg: pattern: does not match pattern ' rid: [0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}$'",
				"/errmsg: const: value must be \"OK\"",
				"/role_list: required: missing properties: 'role_list', 'total_cnt'",
			},
			after: []string{
				"/errmsg: const: value must be \"OK\"",
				"/role_list: required: missing properties: 'role_list', 'total_cnt'",
			},
		},
		{
			name:     "a not says what it forbids",
			endpoint: "promoter/updaterole", kind: schemas.Response,
			body: `{"errcode":0,"errmsg":"OK","extra":1}`,
			before: []string{
				": additionalProperties: additionalProperties 'extra' not allowed",
				": additionalProperties: additionalProperties 'extra' not allowed",
				"/errcode: not: not failed",
				"/errmsg: pattern: does not match pattern ' rid: [0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}$'",
			},
			after: []string{": additionalProperties: additionalProperties 'extra' not allowed"},
		},
		{
			name:     "a not inside the branch that explains",
			endpoint: "promoter/addpromoter", kind: schemas.Response,
			body: `{"total_cnt":1,"fail_cnt":1,"fail_list":[{"errcode":103001,"errmsg":"bad rid: 65b0a6bb-1a2b3c4d-5e6f7a8b"}],"errcode":0,"errmsg":"OK"}`,
			before: []string{
				": additionalProperties: additionalProperties 'fail_cnt', 'fail_list', 'total_cnt' not allowed",
				"/errcode: not: not failed",
				"/errmsg: pattern: does not match pattern ' rid: [0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}$'",
				"/fail_list/0/errmsg: not: not failed",
			},
			after: []string{"/fail_list/0/errmsg: not: must not match pattern ' rid: '"},
		},
		{
			name:     "the medium's type decides between media_id and thumb_media_id",
			endpoint: "cgi-bin/media/upload", kind: schemas.Response,
			body: `{"type":"thumb","media_id":"m","created_at":1}`,
			before: []string{
				": additionalProperties: additionalProperties 'created_at', 'media_id', 'type' not allowed",
				": additionalProperties: additionalProperties 'media_id' not allowed",
				"/errcode: required: missing properties: 'errcode', 'errmsg'",
				"/thumb_media_id: required: missing properties: 'thumb_media_id'",
				"/type: not: not failed",
			},
			after: []string{
				": additionalProperties: additionalProperties 'media_id' not allowed",
				"/thumb_media_id: required: missing properties: 'thumb_media_id'",
			},
		},
		{
			name:     "alternatives that explain as much are said in one line",
			endpoint: "promoter/updaterole", kind: schemas.Request,
			body: `{"role_id":1}`,
			before: []string{
				"/desc: required: missing properties: 'desc' → errcode 103001",
				"/name: required: missing properties: 'name' → errcode 103001",
			},
			after: []string{
				": anyOf: fails every alternative: (1) missing properties: 'name'; (2) missing properties: 'desc' → errcode 103001",
			},
		},
		{
			name:     "the same failure in every branch is said once",
			endpoint: "promoter/getrole", kind: schemas.Response,
			body: `[]`,
			before: []string{
				": type: expected object, but got array",
				": type: expected object, but got array",
			},
			after: []string{": type: expected object, but got array"},
		},
		{
			name:     "a valid document has nothing to explain",
			endpoint: "promoter/getrole", kind: schemas.Response,
			body: `{"errcode":40001,"errmsg":"invalid credential rid: 65b0a6bb-1a2b3c4d-5e6f7a8b"}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			before := lines(validate(t, s, tt.endpoint, tt.kind, tt.body))
			for i, l := range before {
				before[i] = sortExtra(l)
			}
			if diff := cmp.Diff(tt.before, before); diff != "" {
				t.Errorf("Validate mismatch (-want +got):\n%s", diff)
			}
			doc, err := schemas.Decode([]byte(tt.body))
			if err != nil {
				t.Fatal(err)
			}
			vs, err := s.Explain(tt.endpoint, tt.kind, doc)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.after, lines(vs)); diff != "" {
				t.Errorf("Explain mismatch (-want +got):\n%s", diff)
			}
		})
	}
}
