package openapi_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// TestDocumentIsValid31 parses the served document as OpenAPI 3.1 and
// validates it against the specification's schema.
func TestDocumentIsValid31(t *testing.T) {
	t.Parallel()
	_, srv := newMock(t, time.Time{}, true)
	raw := served(t, srv.URL)
	newValidator(t, raw)
	doc := decoded(t, raw)
	servers, _ := doc["servers"].([]any)
	if len(servers) != 1 || servers[0].(map[string]any)["url"] != srv.URL {
		t.Errorf("servers = %v, want the server's own URL %s", servers, srv.URL)
	}
}

// TestDocumentContents checks what the document says at a few places: the
// rewrites of the schemas, the errcode examples with the catalogue's
// errmsg, the query parameters, the upload and the token's security.
func TestDocumentContents(t *testing.T) {
	t.Parallel()
	_, srv := newMock(t, time.Time{}, true)
	doc := decoded(t, served(t, srv.URL))
	op := func(path, method string) map[string]any {
		return doc["paths"].(map[string]any)[path].(map[string]any)[method].(map[string]any)
	}
	comp := func(name string) map[string]any {
		return doc["components"].(map[string]any)["schemas"].(map[string]any)[name].(map[string]any)
	}
	example := func(path, method, name string) any {
		content := op(path, method)["responses"].(map[string]any)["200"].(map[string]any)["content"].(map[string]any)
		ex, _ := content["application/json"].(map[string]any)["examples"].(map[string]any)[name].(map[string]any)
		return ex["value"]
	}
	tests := []struct {
		name      string
		got, want any
	}{
		{"maxBytes is an annotation", comp("promoter.addrole.request")["properties"].(map[string]any)["name"].(map[string]any)["x-maxBytes"], 50.0},
		{"maxBytes implies maxLength", comp("promoter.addrole.request")["properties"].(map[string]any)["name"].(map[string]any)["maxLength"], 50.0},
		{"a $ref to a file", comp("cgi-bin.token.response")["oneOf"].([]any)[0], map[string]any{"$ref": "#/components/schemas/common.error"}},
		{"a $ref to $defs", comp("wxa.get_district.response")["oneOf"].([]any)[1].(map[string]any)["properties"].(map[string]any)["result"].(map[string]any)["items"].(map[string]any)["items"],
			map[string]any{"$ref": "#/components/schemas/wxa.get_district.response.region"}},
		{"$defs leave the file", comp("wxa.get_district.response")["$defs"], nil},
		{"x-errcodes example", example("/promoter/addpromoter", "post", "errcode_103007"),
			map[string]any{"errcode": 103007.0, "errmsg": "openid is invaild or error rid: 65b0a77b-1a2b3c4d-5e6f7a8b"}},
		{"token example", example("/promoter/addpromoter", "post", "errcode_42001"),
			map[string]any{"errcode": 42001.0, "errmsg": "access_token expired rid: 65b0a77b-1a2b3c4d-5e6f7a8b"}},
		{"no token errors on a public endpoint", example("/cgi-bin/token", "get", "errcode_41001"), nil},
		{"store errmsg", example("/wxa/apply_merchant", "post", "errcode_40097"),
			map[string]any{"errcode": 40097.0, "errmsg": "invalid args rid: 65b0a77b-1a2b3c4d-5e6f7a8b"}},
		{"query parameters", op("/cgi-bin/token", "get")["parameters"].([]any)[0].(map[string]any)["name"], "appid"},
		{"public", op("/cgi-bin/token", "get")["security"], []any{}},
		{"access_token", op("/wxa/add_store", "post")["security"], []any{map[string]any{"access_token": []any{}}}},
		{"upload field", op("/cgi-bin/media/upload", "post")["requestBody"].(map[string]any)["content"].(map[string]any)["multipart/form-data"].(map[string]any)["schema"].(map[string]any)["required"], []any{"media"}},
	}
	for _, tt := range tests {
		if d := cmp.Diff(tt.want, tt.got); d != "" {
			t.Errorf("%s mismatch (-want +got):\n%s", tt.name, d)
		}
	}
}
