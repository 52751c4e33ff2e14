package httpapi_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

// TestInvalidUTF8 (issue 8, item 6): bytes that are not UTF-8 in a JSON
// body are a data format error, not three U+FFFD stored in their place.
func TestInvalidUTF8(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, path, body, note string
	}{
		{"a role name", "/promoter/addrole", "{\"name\":\"\xff\xfe\xfd\"}", "at byte 9: invalid UTF-8 (byte 0xff)"},
		{"a promoter's name, inside an item", "/promoter/addpromoter",
			"{\"promoter_list\":[{\"openid\":\"o6_bmjrPTlm6_2sgVt7hMZOPfL2M\",\"role_id\":1,\"name\":\"\xe6\x8e\xa8\xe5\xb9\"}]}",
			"at byte 82: invalid UTF-8 (byte 0xe5)"},
		{"an unknown field's key", "/promoter/getrole", "{\"\xc0\xaf\":1}", "at byte 2: invalid UTF-8 (byte 0xc0)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := setup(t)
			tok := e.token()
			e.wantErr(e.post(tt.path, tok, tt.body), 47001, "data format error")
			en := e.hsLast(tt.path)
			if !strings.Contains(strings.Join(en.Notes, "\n"), tt.note) {
				t.Errorf("journal notes %q, want one that says %q", en.Notes, tt.note)
			}
			roles := e.post("/promoter/getrole", tok, `{}`)
			diff(t, "roles", json.Number("1"), roles.Body["total_cnt"])
			state := e.admin(http.MethodGet, "/state", "")
			if strings.Contains(state.Raw, "\uFFFD") || strings.Contains(state.Raw, `\ufffd`) {
				t.Errorf("state holds U+FFFD")
			}
		})
	}
}
