package schemas_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
	"github.com/wxmock/wxmock/schemas"
)

const okOpenID = "o6_bmjrPTlm6_2sgVt7hMZOPfL2M"

// items joins n copies of item into a JSON array.
func items(item string, n int) string {
	return "[" + strings.TrimSuffix(strings.Repeat(item+",", n), ",") + "]"
}

// nested is n arrays, one inside the other.
func nested(n int) string { return strings.Repeat("[", n) + strings.Repeat("]", n) }

// nestedObjects is n objects, one inside the other (go-cmp compares deeply
// nested slices in exponential time, maps not).
func nestedObjects(n int) string {
	return strings.Repeat(`{"a":`, n-1) + "{}" + strings.Repeat("}", n-1)
}

func TestDecodeRequestSizeLimits(t *testing.T) {
	t.Parallel()
	s := load(t)
	promoter := `{"openid":"` + okOpenID + `","role_id":1}`
	tests := []struct {
		name, endpoint, body string
		want                 []schemas.Violation
	}{
		{name: "eleven promoters", endpoint: "promoter/addpromoter", body: `{"promoter_list":` + items(promoter, 11) + `}`,
			want: []schemas.Violation{{Pointer: "/promoter_list", Keyword: "maxItems", Code: 103001,
				Message: "maximum 10 items required, but found 11 items", Value: "(an array of 11 items)"}}},
		{name: "a million zeros: the first item's type comes first", endpoint: "promoter/addpromoter",
			body: `{"promoter_list":` + items("0", 1_000_000) + `}`,
			want: []schemas.Violation{
				{Pointer: "/promoter_list/0", Keyword: "type", Code: 47001, Message: "expected object, but got number", Value: json.Number("0")},
				{Pointer: "/promoter_list", Keyword: "maxItems", Code: 103001,
					Message: "maximum 10 items required, but found 1000000 items", Value: "(an array of 1000000 items)"}}},
		{name: "sendmsg role_id of 1,001", endpoint: "promoter/sendmsg",
			body: `{"msg_type":1,"content":"c","path":"p","role_id":` + items("1", 1001) + `}`,
			want: []schemas.Violation{{Pointer: "/role_id", Keyword: "maxItems", Code: 103001,
				Message: "maximum 1000 items required, but found 1001 items", Value: "(an array of 1001 items)"}}},
		{name: "an unknown field's array past MaxItems", endpoint: "promoter/getrole", body: `{"x":{"y":` + items("{}", 1001) + `}}`,
			want: []schemas.Violation{{Pointer: "/x/y", Keyword: "maxItems", Code: 47001,
				Message: "1001 items, more than the 1000 any request may hold", Value: "(an array of 1001 items)"}}},
		{name: "an array where the schema wants a string", endpoint: "wxa/add_store", body: `{"pic_list":` + items(`"a"`, 1001) + `}`,
			want: []schemas.Violation{
				{Pointer: "/pic_list", Keyword: "maxItems", Code: 47001,
					Message: "1001 items, more than the 1000 any request may hold", Value: "(an array of 1001 items)"},
				{Pointer: "/pic_list", Keyword: "type", Code: 47001, Message: "expected string, but got array"}}},
		{name: "the alias's $ref is followed, with the alias's errcodes", endpoint: "wxa/applywxastore",
			body: `{"qualification_list":` + items(`"m"`, 6) + `}`,
			want: []schemas.Violation{{Pointer: "/qualification_list", Keyword: "maxItems", Code: 40097,
				Message: "maximum 5 items required, but found 6 items", Value: "(an array of 6 items)"}}},
		{name: "a name of 51 bytes", endpoint: "promoter/addrole", body: `{"name":"` + strings.Repeat("n", 51) + `"}`,
			want: []schemas.Violation{{Pointer: "/name", Keyword: "maxBytes", Code: 103002,
				Message: "51 bytes of UTF-8, more than 50", Value: strings.Repeat("n", 51)}}},
		{name: "escapes count as what they decode to", endpoint: "promoter/addrole", body: `{"name":"` + strings.Repeat(`\u5e97`, 17) + `"}`,
			want: []schemas.Violation{{Pointer: "/name", Keyword: "maxBytes", Code: 103002,
				Message: "51 bytes of UTF-8, more than 50", Value: strings.Repeat("店", 17)}}},
		{name: "a surrogate pair is 4 bytes", endpoint: "promoter/addrole", body: `{"name":"` + strings.Repeat(`\ud83d\ude00`, 13) + `"}`,
			want: []schemas.Violation{{Pointer: "/name", Keyword: "maxBytes", Code: 103002,
				Message: "52 bytes of UTF-8, more than 50", Value: strings.Repeat("😀", 13)}}},
		{name: "a lone surrogate is U+FFFD, 3 bytes", endpoint: "promoter/addrole", body: `{"name":"` + strings.Repeat(`\ud800`, 17) + `"}`,
			want: []schemas.Violation{{Pointer: "/name", Keyword: "maxBytes", Code: 103002,
				Message: "51 bytes of UTF-8, more than 50", Value: strings.Repeat("\uFFFD", 17)}}},
		{name: "an escaped key is the key it decodes to", endpoint: "promoter/addrole", body: `{"n\u0061me":"` + strings.Repeat("n", 51) + `"}`,
			want: []schemas.Violation{{Pointer: "/name", Keyword: "maxBytes", Code: 103002,
				Message: "51 bytes of UTF-8, more than 50", Value: strings.Repeat("n", 51)}}},
		{name: "a wrong type elsewhere comes first", endpoint: "promoter/addrole", body: `{"name":"` + strings.Repeat("x", 60) + `","desc":7}`,
			want: []schemas.Violation{
				{Pointer: "/desc", Keyword: "type", Message: "expected string, but got number", Value: json.Number("7"), Code: 47001},
				{Pointer: "/name", Keyword: "maxBytes", Message: "60 bytes of UTF-8, more than 50", Value: strings.Repeat("x", 60), Code: 103002}}},
		{name: "two megabytes in a field of 20 bytes", endpoint: "promoter/getpromoter", body: `{"retail_id":"` + strings.Repeat("r", 2<<20) + `"}`,
			want: []schemas.Violation{{Pointer: "/retail_id", Keyword: "maxBytes", Code: 103002,
				Message: "2097152 bytes of UTF-8, more than 20", Value: strings.Repeat("r", 200) + "… (2097152 bytes)"}}},
		{name: "a long payload's preview cuts after whole escapes and characters", endpoint: "promoter/getpromoter",
			body: `{"retail_id":"` + strings.Repeat("长", 66) + `\n` + strings.Repeat("x", 300) + `"}`,
			want: []schemas.Violation{{Pointer: "/retail_id", Keyword: "maxBytes", Code: 103002,
				Message: "499 bytes of UTF-8, more than 20", Value: strings.Repeat("长", 66) + "\n… (499 bytes)"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			doc, got, err := s.DecodeRequest(tt.endpoint, []byte(tt.body))
			if err != nil || doc != nil {
				t.Fatalf("DecodeRequest = %v, %v; want violations", doc, err)
			}
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("violations mismatch (-want +got):\n%s", d)
			}
		})
	}
}

// TestDecodeRequestAnswersAsValidate: where the preflight answers, the
// errcode is the one Validate would have answered for the whole document.
func TestDecodeRequestAnswersAsValidate(t *testing.T) {
	t.Parallel()
	s := load(t)
	promoter := `{"openid":"` + okOpenID + `","role_id":1}`
	tests := []struct{ name, endpoint, body string }{
		{"eleven promoters", "promoter/addpromoter", `{"promoter_list":` + items(promoter, 11) + `}`},
		{"eleven zeros", "promoter/addpromoter", `{"promoter_list":` + items("0", 11) + `}`},
		{"eleven promoters, one bad", "promoter/addpromoter", `{"promoter_list":` + items(`{"openid":"bad","role_id":1}`, 11) + `}`},
		{"a long desc", "promoter/addrole", `{"name":"n","desc":"` + strings.Repeat("d", 201) + `"}`},
		{"a long name and a number desc", "promoter/addrole", `{"name":"` + strings.Repeat("x", 60) + `","desc":7}`},
		{"six qualifications", "wxa/apply_merchant", `{"first_catid":1,"second_catid":2,"headimg_mediaid":"m","nickname":"nick","intro":"i","qualification_list":` + items(`"m"`, 6) + `}`},
		{"a long path", "promoter/getrelation", `{"openid":"` + okOpenID + `","path":"` + strings.Repeat("p", 1025) + `"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, pre, err := s.DecodeRequest(tt.endpoint, []byte(tt.body))
			if err != nil || len(pre) == 0 {
				t.Fatalf("DecodeRequest: %v, %v; want the preflight to answer", pre, err)
			}
			full := validate(t, s, tt.endpoint, schemas.Request, tt.body)
			if len(full) == 0 {
				t.Fatal("Validate found nothing")
			}
			if pre[0].Code != full[0].Code {
				t.Errorf("preflight answers %d (%+v), Validate %d (%+v)", pre[0].Code, pre[0], full[0].Code, full[0])
			}
		})
	}
}

func TestDecodeRequestPasses(t *testing.T) {
	t.Parallel()
	s := load(t)
	tests := []struct{ name, endpoint, body string }{
		{"ten promoters", "promoter/addpromoter", `{"promoter_list":` + items(`{"openid":"`+okOpenID+`","role_id":1}`, 10) + `}`},
		{"a long name inside an item is the item's own failure", "promoter/addpromoter",
			`{"promoter_list":[{"openid":"` + okOpenID + `","role_id":1,"name":"` + strings.Repeat("n", 1000) + `"}]}`},
		{"sendmsg's three lists of 1,000", "promoter/sendmsg", `{"msg_type":1,"content":"c","path":"p","role_id":` + items("1", 1000) +
			`,"retail_id":` + items(`"r"`, 1000) + `,"id":` + items(`"1"`, 1000) + `}`},
		{"50 bytes in 16 escapes and 2 letters", "promoter/addrole", `{"name":"` + strings.Repeat(`\u5e97`, 16) + `ab"}`},
		{"an unknown field's array of MaxItems", "promoter/getrole", `{"x":` + items("0", schemas.MaxItems) + `}`},
		{"nested MaxDepth deep", "promoter/getrole", `{"x":` + nestedObjects(schemas.MaxDepth-1) + `}`},
		{"a wrong type alone is Validate's", "promoter/addrole", `{"name":7}`},
		{"a long unknown string", "promoter/getrole", `{"x":"` + strings.Repeat("x", 1<<20) + `"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			doc, vs, err := s.DecodeRequest(tt.endpoint, []byte(tt.body))
			if err != nil || vs != nil {
				t.Fatalf("DecodeRequest: %v, %+v", err, vs)
			}
			want, err := schemas.Decode([]byte(tt.body))
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(want, doc); d != "" {
				t.Errorf("document mismatch (-want +got):\n%s", d)
			}
		})
	}
}

func TestDecodeRequestErrors(t *testing.T) {
	t.Parallel()
	s := load(t)
	tests := []struct {
		name, body string
		want       schemas.DecodeError
	}{
		{"not JSON", `{"a":`, schemas.DecodeError{Offset: 5, Reason: "unexpected end of JSON input"}},
		{"trailing data", `{} {}`, schemas.DecodeError{Offset: 4, Reason: "invalid character '{' after top-level value"}},
		{"nested deeper than MaxDepth", `{"x":` + nested(schemas.MaxDepth) + `}`,
			schemas.DecodeError{Offset: 5 + schemas.MaxDepth - 1, Reason: "nested deeper than 64 levels"}},
		{"a million brackets, refused by encoding/json at 10,000", nested(1_000_000),
			schemas.DecodeError{Offset: 10001, Reason: "invalid character '[' exceeded max depth"}},
		{"more than MaxValues", `{"a":` + items("0", 1000) + strings.Repeat(`,"b":`+items("0", 1000), 9) + `,"c":1}`,
			// the 10,001st value is the 990th zero of the ninth "b"
			schemas.DecodeError{Offset: 5 + 2001 + 8*(5+2001) + 5 + 1 + 989*2, Reason: "more than 10000 values"}},
		{"a number too long", `{"role_id":1` + strings.Repeat("0", 40) + `}`,
			schemas.DecodeError{Offset: 11, Reason: "a number of more than 40 characters"}},
		{"an exponent too large", `{"role_id":1e401}`, schemas.DecodeError{Offset: 11, Reason: "number 1e401: exponent out of range"}},
		{"bytes that are not UTF-8", "{\"name\":\"ok\xff\xfe\xfd\"}", schemas.DecodeError{Offset: 11, Reason: "invalid UTF-8 (byte 0xff)"}},
		{"a character cut short", "{\"name\":\"\xe4\xb8\"}", schemas.DecodeError{Offset: 9, Reason: "invalid UTF-8 (byte 0xe4)"}},
		{"an overlong encoding", "{\"name\":\"\xc0\xaf\"}", schemas.DecodeError{Offset: 9, Reason: "invalid UTF-8 (byte 0xc0)"}},
		{"a surrogate in UTF-8", "{\"name\":\"\xed\xa0\x80\"}", schemas.DecodeError{Offset: 9, Reason: "invalid UTF-8 (byte 0xed)"}},
		{"in a key", "{\"\xff\":1}", schemas.DecodeError{Offset: 2, Reason: "invalid UTF-8 (byte 0xff)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			doc, vs, err := s.DecodeRequest("promoter/getrole", []byte(tt.body))
			var de *schemas.DecodeError
			if !errors.As(err, &de) || doc != nil || vs != nil {
				t.Fatalf("DecodeRequest = %v, %v, %v; want a *DecodeError", doc, vs, err)
			}
			if d := cmp.Diff(tt.want, *de); d != "" {
				t.Errorf("error mismatch (-want +got):\n%s", d)
			}
		})
	}
}

// TestDecodeRequestMaxLength uses a schema of its own: no embedded request
// schema has maxLength, which counts characters, or an x-errcode on a size.
func TestDecodeRequestMaxLength(t *testing.T) {
	t.Parallel()
	fsys := fstest.MapFS{"x/y.request.json": {Data: []byte(`{
		"type": "object", "x-errcodes": {"maxLength": 7},
		"properties": {
			"s": {"type": "string", "maxLength": 3},
			"t": {"type": "string", "maxLength": 3, "x-errcode": {"maxLength": 8}}
		}}`)}}
	s, err := schemas.LoadFS(fsys)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, body string
		want       []schemas.Violation
	}{
		{"three characters of 2 bytes", `{"s":"ééé"}`, nil},
		{"four characters", `{"s":"éééé"}`, []schemas.Violation{{Pointer: "/s", Keyword: "maxLength", Code: 7,
			Message: "length must be <= 3, but got 4", Value: "éééé"}}},
		{"an x-errcode on the property", `{"t":"abcd"}`, []schemas.Violation{{Pointer: "/t", Keyword: "maxLength", Code: 8,
			Message: "length must be <= 3, but got 4", Value: "abcd"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, got, err := s.DecodeRequest("x/y", []byte(tt.body))
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("violations mismatch (-want +got):\n%s", d)
			}
			if tt.want == nil {
				return
			}
			doc, _ := schemas.Decode([]byte(tt.body))
			full, err := s.Validate("x/y", schemas.Request, doc)
			if err != nil || len(full) != 1 || full[0].Code != got[0].Code || full[0].Message != got[0].Message {
				t.Errorf("Validate answers %+v, %v; the preflight %+v", full, err, got)
			}
		})
	}
}

// TestDecodeRequestBuildsAsEncodingJSON: the document DecodeRequest builds
// is the one encoding/json builds with UseNumber (Decode).
func TestDecodeRequestBuildsAsEncodingJSON(t *testing.T) {
	t.Parallel()
	s := load(t)
	for _, body := range []string{
		`{}`, ` { } `, `[]`, `[ ]`, `"x"`, `0`, `-1.5e+3`, `true`, `false`, `null`,
		"{\"a\" : [ 1 , {\"b\":null} , [] , {} , \"\" ] ,\n\t\"c\":false}",
		`{"a":1,"a":2}`,
		`{"k\u00e9y":"v\"\\\/\b\f\n\r\t\u0041\u00e9\u4e2d\ud83d\ude00"}`,
		`{"lone":"\ud800x\udc00"}`,
		`{"中文":"推广员","emoji":"😀"}`,
		`{"n":[0,-0,1e5,1E-5,12345678901234567890,0.1]}`,
	} {
		t.Run(body, func(t *testing.T) {
			t.Parallel()
			want, err := schemas.Decode([]byte(body))
			if err != nil {
				t.Fatal(err)
			}
			if m, ok := want.(map[string]any); ok && len(m) == 0 {
				want = map[string]any(nil) // the one difference: an empty body object costs no map
			}
			got, vs, err := s.DecodeRequest("promoter/getrole", []byte(body))
			if err != nil || vs != nil {
				t.Fatalf("DecodeRequest: %v, %+v", err, vs)
			}
			if d := cmp.Diff(want, got); d != "" {
				t.Errorf("document mismatch (-want +got):\n%s", d)
			}
		})
	}
}

func TestCheckBounds(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, doc string
		want      *schemas.DecodeError
	}{
		{"a pic_list", `{"list":["http://mmbiz.qpic.cn/a.jpg","http://mmbiz.qpic.cn/b.jpg"]}`, nil},
		{"MaxItems pictures", `{"list":` + items(`"a"`, schemas.MaxItems) + `}`, nil},
		{"one picture too many", `{"list":` + items(`"a"`, schemas.MaxItems+1) + `}`,
			&schemas.DecodeError{Offset: 8, Reason: "/list: 1001 items, more than the 1000 any request may hold"}},
		{"not JSON", `{"list":[`, &schemas.DecodeError{Offset: 9, Reason: "unexpected end of JSON input"}},
		{"too deep", nestedObjects(schemas.MaxDepth + 1), &schemas.DecodeError{Offset: 5 * schemas.MaxDepth, Reason: "nested deeper than 64 levels"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := schemas.CheckBounds([]byte(tt.doc))
			var got *schemas.DecodeError
			if err != nil && !errors.As(err, &got) {
				t.Fatalf("CheckBounds = %v, want a *DecodeError", err)
			}
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("error mismatch (-want +got):\n%s", d)
			}
		})
	}
}

// TestPointerEscapes: a field named with "/" and "~" is pointed at as RFC
// 6901 writes it, and its payload found, by Validate and the preflight.
func TestPointerEscapes(t *testing.T) {
	t.Parallel()
	fsys := fstest.MapFS{"x/y.request.json": {Data: []byte(`{
		"type": "object",
		"properties": {"a/b~c": {"type": "string", "maxLength": 1}, "~1": {"type": "string"}}}`)}}
	s, err := schemas.LoadFS(fsys)
	if err != nil {
		t.Fatal(err)
	}
	doc, _ := schemas.Decode([]byte(`{"a/b~c":"xy","~1":7}`))
	got, err := s.Validate("x/y", schemas.Request, doc)
	if err != nil {
		t.Fatal(err)
	}
	want := []schemas.Violation{
		{Pointer: "/a~1b~0c", Keyword: "maxLength", Message: "length must be <= 1, but got 2", Value: "xy", Code: 47001},
		{Pointer: "/~01", Keyword: "type", Message: "expected string, but got number", Value: json.Number("7"), Code: 47001},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("Validate mismatch (-want +got):\n%s", d)
	}
	_, pre, err := s.DecodeRequest("x/y", []byte(`{"a/b~c":"xy","~1":7}`))
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(want, pre); d != "" {
		t.Errorf("DecodeRequest mismatch (-want +got):\n%s", d)
	}
}
