package schemas_test

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
	"github.com/wxmock/wxmock/internal/sim"
	"github.com/wxmock/wxmock/schemas"
)

func load(t *testing.T) *schemas.Set {
	t.Helper()
	s, err := schemas.Load()
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	return s
}

func validate(t *testing.T, s *schemas.Set, endpoint, kind, body string) []schemas.Violation {
	t.Helper()
	doc, err := schemas.Decode([]byte(body))
	if err != nil {
		t.Fatalf("Decode(%s): %v", body, err)
	}
	v, err := s.Validate(endpoint, kind, doc)
	if err != nil {
		t.Fatalf("Validate: %v", err)
	}
	return v
}

// TestEveryEndpointHasBothSchemas is the smoke test: every embedded schema
// compiles, and each endpoint has a request and a response schema.
func TestEveryEndpointHasBothSchemas(t *testing.T) {
	t.Parallel()
	s := load(t)
	kinds := map[string][]string{}
	for _, name := range s.Names() {
		ep, kind, _ := strings.Cut(name, ".")
		kinds[ep] = append(kinds[ep], kind)
	}
	want := []string{"cgi-bin/stable_token", "cgi-bin/token", "promoter/addpromoter", "promoter/addrole",
		"promoter/getpromoter", "promoter/getrole", "promoter/updatepromoter", "promoter/updaterole",
		"promoter/getinvitationmaterial", "promoter/sendmsg", "promoter/singlesendmsg", "promoter/getmsg",
		"promoter/getmsgclickdata", "promoter/getsharematerial",
		"promoter/getrelation", "promoter/getorder",
		"wxa/get_merchant_category", "wxa/apply_merchant", "wxa/applywxastore", "wxa/get_merchant_audit_info",
		"wxa/modify_merchant", "wxa/get_district", "wxa/search_map_poi", "wxa/create_map_poi", "wxa/add_store",
		"wxa/update_store", "wxa/get_store_info", "wxa/get_store_list", "wxa/del_store",
		"cgi-bin/poi/getpoilist", "cgi-bin/poi/delpoi", "card/storewxa/get", "card/storewxa/set",
		"cgi-bin/media/upload"}
	var got []string
	for ep, k := range kinds {
		got = append(got, ep)
		if d := cmp.Diff([]string{schemas.Request, schemas.Response}, k); d != "" {
			t.Errorf("%s kinds mismatch (-want +got):\n%s", ep, d)
		}
	}
	if d := cmp.Diff(want, got, cmpSorted); d != "" {
		t.Errorf("endpoints mismatch (-want +got):\n%s", d)
	}
}

var cmpSorted = cmp.Transformer("sort", func(in []string) []string {
	out := append([]string(nil), in...)
	for i := range out {
		for j := i + 1; j < len(out); j++ {
			if out[j] < out[i] {
				out[i], out[j] = out[j], out[i]
			}
		}
	}
	return out
})

func TestViolations(t *testing.T) {
	t.Parallel()
	s := load(t)
	tests := []struct {
		name     string
		endpoint string
		body     string
		want     []schemas.Violation
	}{
		{"valid", "promoter/addrole", `{"name":"店长","desc":"x"}`, nil},
		{"chinese counts three bytes: 16 characters pass", "promoter/addrole", `{"name":"` + strings.Repeat("店", 16) + `"}`, nil},
		{"17 chinese characters are 51 bytes", "promoter/addrole", `{"name":"` + strings.Repeat("店", 17) + `"}`, []schemas.Violation{
			{Pointer: "/name", Keyword: "maxBytes", Message: "51 bytes of UTF-8, more than 50", Value: strings.Repeat("店", 17), Code: 103002},
		}},
		{"missing name points at it", "promoter/addrole", `{}`, []schemas.Violation{
			{Pointer: "/name", Keyword: "required", Message: "missing properties: 'name'", Code: 103001},
		}},
		{"wrong type is a data format error and comes first", "promoter/addrole", `{"name":"` + strings.Repeat("x", 60) + `","desc":7}`, []schemas.Violation{
			{Pointer: "/desc", Keyword: "type", Message: "expected string, but got number", Value: json.Number("7"), Code: 47001},
			{Pointer: "/name", Keyword: "maxBytes", Message: "60 bytes of UTF-8, more than 50", Value: strings.Repeat("x", 60), Code: 103002},
		}},
		{"a body that is not an object", "promoter/getrole", `[]`, []schemas.Violation{
			{Keyword: "type", Message: "expected object, but got array", Value: []any{}, Code: 47001},
		}},
		{"openid pattern is 103007 and inside an item", "promoter/addpromoter", `{"promoter_list":[{"openid":"bad","role_id":1}]}`, []schemas.Violation{
			{Pointer: "/promoter_list/0/openid", Keyword: "pattern", Message: "does not match pattern '^o[A-Za-z0-9_-]{27}$'", Value: "bad", Code: 103007, Itemized: true},
		}},
		{name: "too many items is the whole request", endpoint: "promoter/addpromoter", body: `{"promoter_list":[` + strings.TrimSuffix(strings.Repeat(`{"openid":"o6_bmjrPTlm6_2sgVt7hMZOPfL2M","role_id":1},`, 11), ",") + `]}`, want: []schemas.Violation{
			{Pointer: "/promoter_list", Keyword: "maxItems", Message: "maximum 10 items required, but found 11 items", Code: 103001},
		}},
		{"a wrongly typed item field rejects the request", "promoter/addpromoter", `{"promoter_list":[{"openid":"o6_bmjrPTlm6_2sgVt7hMZOPfL2M","role_id":"1"}]}`, []schemas.Violation{
			{Pointer: "/promoter_list/0/role_id", Keyword: "type", Message: "expected integer, but got string", Value: "1", Code: 47001},
		}},
		{"decl_status as a string is accepted", "promoter/getpromoter", `{"decl_status":"2","start_id":"123"}`, nil},
		{"decl_status 3 is invalid", "promoter/getpromoter", `{"decl_status":3}`, []schemas.Violation{
			{Pointer: "/decl_status", Keyword: "enum", Message: `value must be one of "1", "2", "1", "2"`, Value: json.Number("3"), Code: 103001},
		}},
		{"updaterole needs name or desc", "promoter/updaterole", `{"role_id":2}`, []schemas.Violation{
			{Pointer: "/desc", Keyword: "required", Message: "missing properties: 'desc'", Code: 103001},
			{Pointer: "/name", Keyword: "required", Message: "missing properties: 'name'", Code: 103001},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := validate(t, s, tt.endpoint, schemas.Request, tt.body)
			for i := range got {
				if got[i].Keyword == "maxItems" {
					got[i].Value = nil // the whole array; TestMaxItemsPayload checks it
				}
			}
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("violations mismatch (-want +got):\n%s", d)
			}
		})
	}
}

// TestLimitsMatchTheDomain keeps the byte limits of the request schemas and
// the simulator's constants the same: the schema answers whole requests, the
// domain answers items of a batch, and both must agree.
func TestLimitsMatchTheDomain(t *testing.T) {
	t.Parallel()
	s := load(t)
	tests := []struct {
		endpoint, field, wrap string
		max                   int
	}{
		{"promoter/addrole", "name", `{%s}`, sim.MaxRoleNameBytes},
		{"promoter/addrole", "desc", `{"name":"n",%s}`, sim.MaxRoleDescBytes},
		{"promoter/updaterole", "name", `{"role_id":2,%s}`, sim.MaxRoleNameBytes},
		{"promoter/updaterole", "desc", `{"role_id":2,%s}`, sim.MaxRoleDescBytes},
		{"promoter/getpromoter", "retail_id", `{%s}`, sim.MaxRetailIDBytes},
		{"promoter/updatepromoter", "retail_id", `{"id":"1",%s}`, sim.MaxRetailIDBytes},
		{"promoter/updatepromoter", "extra_info", `{"id":"1",%s}`, sim.MaxExtraInfoBytes},
		{"promoter/updatepromoter", "name", `{"id":"1",%s}`, sim.MaxNameBytes},
		{"promoter/updatepromoter", "phone", `{"id":"1",%s}`, sim.MaxPhoneBytes},
		{"promoter/addpromoter", "retail_id", `{"promoter_list":[{"openid":"o6_bmjrPTlm6_2sgVt7hMZOPfL2M","role_id":1,%s}]}`, sim.MaxRetailIDBytes},
		{"promoter/addpromoter", "extra_info", `{"promoter_list":[{"openid":"o6_bmjrPTlm6_2sgVt7hMZOPfL2M","role_id":1,%s}]}`, sim.MaxExtraInfoBytes},
		{"promoter/addpromoter", "name", `{"promoter_list":[{"openid":"o6_bmjrPTlm6_2sgVt7hMZOPfL2M","role_id":1,%s}]}`, sim.MaxNameBytes},
		{"promoter/addpromoter", "phone", `{"promoter_list":[{"openid":"o6_bmjrPTlm6_2sgVt7hMZOPfL2M","role_id":1,%s}]}`, sim.MaxPhoneBytes},
		{"promoter/getrelation", "path", `{"openid":"o6_bmjrPTlm6_2sgVt7hMZOPfL2M",%s}`, sim.MaxPathBytes},
		{"promoter/getorder", "mch_id", `{"openid":"o6_bmjrPTlm6_2sgVt7hMZOPfL2M",%s}`, sim.MaxMchIDBytes},
		{"promoter/getorder", "trade_no", `{"openid":"o6_bmjrPTlm6_2sgVt7hMZOPfL2M",%s}`, sim.MaxTradeNoBytes},
		{"promoter/getorder", "out_trade_no", `{"openid":"o6_bmjrPTlm6_2sgVt7hMZOPfL2M",%s}`, sim.MaxOutTradeNoBytes},
	}
	for _, tt := range tests {
		t.Run(tt.endpoint+"/"+tt.field, func(t *testing.T) {
			t.Parallel()
			at := func(n int) string {
				return strings.Replace(tt.wrap, "%s", `"`+tt.field+`":"`+strings.Repeat("a", n)+`"`, 1)
			}
			if v := validate(t, s, tt.endpoint, schemas.Request, at(tt.max)); len(v) != 0 {
				t.Errorf("%d bytes: want no violation, got %+v", tt.max, v)
			}
			v := validate(t, s, tt.endpoint, schemas.Request, at(tt.max+1))
			if len(v) != 1 || v[0].Keyword != "maxBytes" || v[0].Code != sim.ErrParamTooLong.Code {
				t.Errorf("%d bytes: want one maxBytes violation with 103002, got %+v", tt.max+1, v)
			}
		})
	}
}

func TestLoadFSRejectsABrokenSchema(t *testing.T) {
	t.Parallel()
	fsys := fstest.MapFS{"x/bad.request.json": {Data: []byte(`{"type": 7}`)}}
	if _, err := schemas.LoadFS(fsys); err == nil {
		t.Fatal("LoadFS accepted a schema with \"type\": 7")
	}
	// maxBytes has no metaschema: its compiler checks it (maxbytes.go).
	for _, bad := range []string{`-1`, `1.5`, `"50"`, `null`, `[]`, `1e30`} {
		fsys = fstest.MapFS{"x/bad.request.json": {Data: []byte(`{"maxBytes": ` + bad + `}`)}}
		if _, err := schemas.LoadFS(fsys); err == nil || !strings.Contains(err.Error(), "maxBytes must be an integer of at least 0") {
			t.Errorf("LoadFS with maxBytes %s: %v, want the keyword's error", bad, err)
		}
	}
	for _, good := range []string{`0`, `50`} {
		fsys = fstest.MapFS{"x/good.request.json": {Data: []byte(`{"maxBytes": ` + good + `}`)}}
		if _, err := schemas.LoadFS(fsys); err != nil {
			t.Errorf("LoadFS with maxBytes %s: %v", good, err)
		}
	}
}

func TestDecodeRejectsTrailingData(t *testing.T) {
	t.Parallel()
	for _, body := range []string{`{}{}`, `{} x`, `{`, ``} {
		if _, err := schemas.Decode([]byte(body)); err == nil {
			t.Errorf("Decode(%q) = nil error", body)
		}
	}
	for _, body := range []string{`{"a":1e999999}`, `{"a":[1e-401]}`, `{"a":1` + strings.Repeat("0", 40) + `}`} {
		if _, err := schemas.Decode([]byte(body)); err == nil {
			t.Errorf("Decode(%.30s) accepted an unbounded number", body)
		}
	}
	for _, body := range []string{`{"a":1e400}`, `{"a":18446744073709551615}`, `{"a":-2.5E-3}`} {
		if _, err := schemas.Decode([]byte(body)); err != nil {
			t.Errorf("Decode(%s): %v", body, err)
		}
	}
	if _, err := schemas.Decode([]byte(" {\"a\":1} \n")); err != nil {
		t.Errorf("Decode with surrounding space: %v", err)
	}
}

func TestMaxItemsPayload(t *testing.T) {
	t.Parallel()
	s := load(t)
	v := validate(t, s, "promoter/getrole", schemas.Request, `{"role_id":-1}`)
	if len(v) != 1 || v[0].Value != json.Number("-1") || v[0].Pointer != "/role_id" {
		t.Fatalf("want the payload -1 at /role_id, got %+v", v)
	}
	body := `{"promoter_list":[` + strings.TrimSuffix(strings.Repeat(`{"openid":"o6_bmjrPTlm6_2sgVt7hMZOPfL2M","role_id":1},`, 11), ",") + `]}`
	v = validate(t, s, "promoter/addpromoter", schemas.Request, body)
	if len(v) != 1 {
		t.Fatalf("want one violation, got %+v", v)
	}
	if items, ok := v[0].Value.([]any); !ok || len(items) != 11 {
		t.Errorf("payload of maxItems: want the 11 items, got %v", v[0].Value)
	}
}

// TestInQuery: the endpoints whose parameters are their query string say so
// in their request schema; the server checks its routes against it, and
// contract record reads it.
func TestInQuery(t *testing.T) {
	t.Parallel()
	s := load(t)
	var got []string
	for _, name := range s.Names() {
		if ep, ok := strings.CutSuffix(name, "."+schemas.Request); ok && s.InQuery(ep) {
			got = append(got, ep)
		}
	}
	want := []string{"cgi-bin/media/upload", "cgi-bin/token", "wxa/get_district", "wxa/get_merchant_audit_info", "wxa/get_merchant_category"}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("query endpoints mismatch (-want +got):\n%s", d)
	}
}

// TestItemLimitsMatchTheDomain keeps the schemas' item counts and the
// message and material byte limits in step with the domain's constants,
// which apply the same rules to what the schema lets through.
func TestItemLimitsMatchTheDomain(t *testing.T) {
	t.Parallel()
	tests := []struct {
		file    string
		pointer []string // properties to follow
		keyword string
		want    int
	}{
		{"promoter/addpromoter.request.json", []string{"promoter_list"}, "maxItems", sim.MaxPromotersPerBatch},
		{"promoter/sendmsg.request.json", []string{"role_id"}, "maxItems", sim.MaxMsgListItems},
		{"promoter/sendmsg.request.json", []string{"retail_id"}, "maxItems", sim.MaxMsgListItems},
		{"promoter/sendmsg.request.json", []string{"id"}, "maxItems", sim.MaxMsgListItems},
		{"promoter/sendmsg.request.json", []string{"content"}, "maxBytes", sim.MaxMsgContentBytes},
		{"promoter/sendmsg.request.json", []string{"path"}, "maxBytes", sim.MaxMsgPathBytes},
		{"promoter/singlesendmsg.request.json", []string{"content"}, "maxBytes", sim.MaxMsgContentBytes},
		{"promoter/singlesendmsg.request.json", []string{"path"}, "maxBytes", sim.MaxMsgPathBytes},
		{"promoter/getsharematerial.request.json", []string{"path"}, "maxBytes", sim.MaxSharePathBytes},
		{"promoter/getsharematerial.request.json", []string{"title"}, "maxBytes", sim.MaxShareTitleBytes},
		{"promoter/getsharematerial.request.json", []string{"extra_info"}, "maxBytes", sim.MaxExtraInfoBytes},
	}
	for _, tt := range tests {
		t.Run(tt.file+"/"+strings.Join(tt.pointer, "/"), func(t *testing.T) {
			t.Parallel()
			data, err := os.ReadFile(tt.file)
			if err != nil {
				t.Fatal(err)
			}
			var node map[string]any
			if err := json.Unmarshal(data, &node); err != nil {
				t.Fatal(err)
			}
			for _, p := range tt.pointer {
				props, _ := node["properties"].(map[string]any)
				node, _ = props[p].(map[string]any)
			}
			got, _ := node[tt.keyword].(float64)
			if int(got) != tt.want {
				t.Errorf("%s is %v, want %d (the domain's limit)", tt.keyword, node[tt.keyword], tt.want)
			}
		})
	}
}

// TestEmbeddedSchemasCompile compiles every embedded schema at once: Load
// compiles each on its first use, and relies on this test to know that no
// first use fails.
func TestEmbeddedSchemasCompile(t *testing.T) {
	t.Parallel()
	s, err := schemas.LoadFS(schemas.Files())
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Names()) == 0 {
		t.Fatal("no schema")
	}
}
