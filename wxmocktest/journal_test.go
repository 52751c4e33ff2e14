package wxmocktest_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/wxmock/wxmock/wxmocktest"
)

// TestRequireNoViolations: a request that breaks its schema, or sends a
// field its endpoint does not know, fails the test, each offence named;
// clean requests do not.
func TestRequireNoViolations(t *testing.T) {
	t.Parallel()
	const openid = "oAbCdEfGhIjKlMnOpQrStUvWxYz0"
	tests := []struct {
		name string
		path string
		body string
		want []string
	}{
		{"clean", "/promoter/addpromoter", `{"promoter_list":[{"openid":"` + openid + `","role_id":1,"retail_id":"s1"}]}`, nil},
		{"a name too long", "/promoter/addpromoter", `{"promoter_list":[{"openid":"` + openid + `","role_id":1,"name":"这个名字超过了三十个字节的长度限制"}]}`,
			[]string{"wxmocktest: requests that broke their schema or sent an unknown field (1):\n" +
				"#2 POST /promoter/addpromoter: /promoter_list/0/name: 51 bytes of UTF-8, more than 30 (maxBytes, errcode 103002)"}},
		{"a misspelt field", "/promoter/addpromoter", `{"promoter_list":[{"openid":"` + openid + `","role_id":1,"retailid":"s1"}]}`,
			[]string{"wxmocktest: requests that broke their schema or sent an unknown field (1):\n" +
				"#2 POST /promoter/addpromoter: unknown field /promoter_list/0/retailid; did you mean retail_id?"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := wxmocktest.Start(t, wxmocktest.Options{NoListener: true})
			call(t, srv, tt.path, tt.body)
			got := run(srv.RequireNoViolations)
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("failures mismatch (-want +got):\n%s", d)
			}
		})
	}
}

// TestJournal: the journal's entries, typed, and the filter's path, since
// and limit.
func TestJournal(t *testing.T) {
	t.Parallel()
	srv := wxmocktest.Start(t, wxmocktest.Options{NoListener: true})
	call(t, srv, "/promoter/getrole", `{}`)
	call(t, srv, "/promoter/getpromoter", `{}`)
	call(t, srv, "/promoter/getrole", `{"role_id":1}`)

	var all []wxmocktest.Entry
	if got := run(func(tb testing.TB) { all = srv.Journal(tb, wxmocktest.JournalFilter{}) }); got != nil {
		t.Fatal(got)
	}
	if len(all) != 6 {
		t.Fatalf("%d entries, want 6 (3 tokens, 3 calls)", len(all))
	}
	e := all[1]
	if e.Method != "POST" || e.Path != "/promoter/getrole" || e.Endpoint == "" || e.AppID != srv.AppID() || e.Status != 200 ||
		e.ErrCode != 0 || e.Request != "{}" || e.Response == "" || !e.Time.Equal(srv.Now().Truncate(1e9)) || e.Query != "access_token=***" {
		t.Errorf("entry %+v", e)
	}
	tests := []struct {
		name string
		f    wxmocktest.JournalFilter
		want []uint64
	}{
		{"exact path", wxmocktest.JournalFilter{Path: "/promoter/getrole"}, []uint64{2, 6}},
		{"prefix", wxmocktest.JournalFilter{Path: "/promoter/*"}, []uint64{2, 4, 6}},
		{"newest", wxmocktest.JournalFilter{Path: "/promoter/*", Limit: 1}, []uint64{6}},
		{"since", wxmocktest.JournalFilter{Since: 4}, []uint64{5, 6}},
		{"app", wxmocktest.JournalFilter{AppID: "wx00000000000000ff"}, nil},
	}
	for _, tt := range tests {
		var got []uint64
		for _, e := range srv.Journal(t, tt.f) {
			got = append(got, e.Seq)
		}
		if d := cmp.Diff(tt.want, got); d != "" {
			t.Errorf("%s: seqs mismatch (-want +got):\n%s", tt.name, d)
		}
	}
}
