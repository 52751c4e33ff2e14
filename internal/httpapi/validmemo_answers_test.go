package httpapi_test

import (
	"net/http"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/wxmock/wxmock/internal/httpapi"
)

// TestRepeatedBodiesAreCheckedAlike sends each body three times, after a
// valid one of the same endpoint: a small body remembered as valid must
// be answered and journaled as the first time, and one that is not valid
// must never be taken for one that was.
func TestRepeatedBodiesAreCheckedAlike(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, path, body string
	}{
		{"valid", "/promoter/getrole", `{}`},
		{"valid with a field", "/promoter/getrole", `{"role_id":1}`},
		{"unknown field", "/promoter/getrole", `{"roleid":1}`},
		{"wrong type", "/promoter/getrole", `{"role_id":"x"}`},
		{"not JSON", "/promoter/getrole", `{`},
		{"form on stable_token", "/cgi-bin/stable_token", `grant_type=client_credential`},
		{"item violation", "/promoter/addpromoter", `{"promoter_list":[{"openid":"x","role_id":1}]}`},
		{"a note of the handler's", "/promoter/getpromoter", `{"decl_status":1}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := setup(t)
			tok := e.token()
			target := tt.path + "?access_token=" + tok
			if r := e.do(http.MethodPost, "/promoter/getrole?access_token="+tok, `{}`); r.code() != 0 {
				t.Fatalf("getrole {}: %s", r.Raw)
			}
			var answers []string
			var entries []httpapi.Entry
			for range 3 {
				answers = append(answers, e.do(http.MethodPost, target, tt.body).Raw)
				entry := e.hsLast(tt.path)
				entry.Response = cut(entry.Response)
				entries = append(entries, entry)
			}
			ignore := cmpopts.IgnoreFields(httpapi.Entry{}, "Seq", "DurationUS", "ErrMsg")
			for i := 1; i < len(entries); i++ {
				if diff := cmp.Diff(entries[0], entries[i], ignore); diff != "" {
					t.Errorf("entry of send %d mismatch (-first +this):\n%s", i+1, diff)
				}
				if cut(answers[0]) != cut(answers[i]) {
					t.Errorf("answer of send %d: %s, the first %s", i+1, answers[i], answers[0])
				}
			}
		})
	}
}

// cut drops an errmsg's rid, which differs from call to call.
func cut(s string) string {
	if i := len(s) - len(`rid: 00000000-00000000-00000000"}`); i > 0 && s[i:i+4] == "rid:" {
		return s[:i]
	}
	return s
}
