package httpapi_test

import (
	"net/http"
	"strings"
	"testing"
)

// TestJournalUnknownFieldNotes: a field the endpoint does not know is
// ignored, as WeChat ignores it, but the journal says so, with the nearest
// known name.
func TestJournalUnknownFieldNotes(t *testing.T) {
	t.Parallel()
	oid := prOID(1)
	tests := []struct {
		name, path, body string
		code             int
		want             []string
	}{
		{"none", "/promoter/addrole", `{"name":"a"}`, 0, nil},
		{"misspelt", "/promoter/addrole", `{"name":"a","dsec":"b"}`, 0, []string{"unknown field dsec; did you mean desc?"}},
		{"nothing near", "/promoter/addrole", `{"name":"a","foo":1}`, 0, []string{"unknown field foo"}},
		{"nested", "/promoter/addpromoter", `{"promoter_list":[{"openid":"` + oid + `","role_id":1,"retailid":"r"}]}`, 0,
			[]string{"unknown field /promoter_list/0/retailid; did you mean retail_id?"}},
		{"several, sorted", "/promoter/addrole", `{"zz":1,"name":"a","nme":2}`, 0,
			[]string{"unknown field nme; did you mean name?", "unknown field zz"}},
		{"alongside a violation", "/promoter/addrole", `{"name":"","nmae":"x"}`, 103001,
			[]string{"unknown field nmae; did you mean name?"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := setup(t)
			tok := e.token()
			e.admin(http.MethodDelete, "/journal", "")
			if r := e.post(tt.path, tok, tt.body); r.code() != tt.code {
				t.Fatalf("errcode %d, want %d: %s", r.code(), tt.code, r.Raw)
			}
			es := e.admJournal("")
			if len(es) != 1 {
				t.Fatalf("%d entries, want 1", len(es))
			}
			var got []string
			for _, n := range es[0].Notes {
				if strings.HasPrefix(n, "unknown field") {
					got = append(got, n)
				}
			}
			diff(t, "unknown field notes", tt.want, got)
		})
	}
}
