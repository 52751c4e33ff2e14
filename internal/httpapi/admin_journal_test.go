package httpapi_test

import (
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/wxmock/wxmock/internal/httpapi"
	"github.com/wxmock/wxmock/internal/mock"
)

func TestAdminJournal(t *testing.T) {
	t.Parallel()
	e := setup(t)
	const id2, secret2 = "wx2222222222222222", "22222222222222222222222222222222"
	e.admin(http.MethodPost, "/apps", `{"appid":"`+id2+`","secret":"`+secret2+`"}`)
	tok1, tok2 := e.token(), e.tokenOf(id2, secret2)
	diff(t, "journal before clearing", []string{"1 /cgi-bin/token " + appID, "2 /cgi-bin/token " + id2}, admSeqPaths(e.admJournal("")))
	r := e.admin(http.MethodDelete, "/journal", "")
	admStatus(t, r, http.StatusOK)
	diff(t, "clear answer", map[string]any{"status": "cleared"}, r.Body)
	diff(t, "cleared journal", []string{}, admSeqPaths(e.admJournal("")))

	e.post("/promoter/getrole", tok1, `{}`)                          // 3
	e.post("/promoter/getrole", tok2, `{}`)                          // 4
	e.post("/promoter/addrole", tok1, `{"name":"x"}`)                // 5
	e.do(http.MethodPost, "/promoter/nosuch", `{}`)                  // 6
	e.admin(http.MethodGet, "/health", "")                           // not journaled
	e.do(http.MethodGet, "/promoterx?access_token="+tok2, ``)        // 7
	e.post("/promoter/getrole", "bad-token", `{}`)                   // 8
	e.do(http.MethodGet, "/promoter/getrole?access_token="+tok2, "") // 9: 43002

	all := []string{
		"3 /promoter/getrole " + appID, "4 /promoter/getrole " + id2, "5 /promoter/addrole " + appID,
		"6 /promoter/nosuch ", "7 /promoterx ", "8 /promoter/getrole ", "9 /promoter/getrole " + id2,
	}
	tests := []struct {
		name, query string
		want        []string
	}{
		{"everything", "", all},
		{"default app", "?appid=" + appID, []string{all[0], all[2]}},
		{"second app", "?appid=" + id2, []string{all[1], all[6]}},
		{"unknown app", "?appid=wx9999999999999999", []string{}},
		{"exact path", "?path=/promoter/getrole", []string{all[0], all[1], all[5], all[6]}},
		{"exact path, no prefix match", "?path=/promoter", []string{}},
		{"prefix", "?path=/promoter/*", []string{all[0], all[1], all[2], all[3], all[5], all[6]}},
		{"prefix without slash", "?path=/promoter*", all},
		{"prefix of a name", "?path=/promoter/get*", []string{all[0], all[1], all[5], all[6]}},
		{"star alone", "?path=*", all},
		{"since", "?since=6", all[4:]},
		{"since the last", "?since=9", []string{}},
		{"since before the first", "?since=1", all},
		{"limit", "?limit=2", all[5:]},
		{"limit 0 is no limit", "?limit=0", all},
		{"limit above the count", "?limit=100", all},
		{"everything combined", "?appid=" + id2 + "&path=/promoter/*&since=3&limit=1", []string{all[6]}},
		{"app and path", "?appid=" + appID + "&path=/promoter/getrole", []string{all[0]}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			diff(t, "journal"+tt.query, tt.want, admSeqPaths(e.admFor(t).admJournal(tt.query)))
		})
	}
	bad := []string{"?since=-1", "?since=x", "?since=1.5", "?limit=-1", "?limit=x", "?limit=1.5"}
	for _, q := range bad {
		t.Run("bad "+q, func(t *testing.T) {
			t.Parallel()
			admErr(t, e.admFor(t).admin(http.MethodGet, "/journal"+q, ""), http.StatusBadRequest)
		})
	}
}

// TestAdminJournalEntry checks what one entry records.
func TestAdminJournalEntry(t *testing.T) {
	t.Parallel()
	e := setup(t)
	tok := e.token()
	e.advance(5 * time.Second)
	e.admin(http.MethodDelete, "/journal", "")
	r := e.post("/promoter/addrole", tok, `{"name":"x"}`)
	es := e.admJournal("")
	if len(es) != 1 {
		t.Fatalf("%d entries, want 1", len(es))
	}
	got := es[0]
	got.DurationUS = 0
	want := httpapi.Entry{
		Seq: 2, Time: start.Unix() + 5, Method: http.MethodPost, Path: "/promoter/addrole",
		Query: "access_token=***", Endpoint: "promoter/addrole", AppID: appID, Status: http.StatusOK,
		Request: `{"name":"x"}`, Response: r.Raw,
	}
	diff(t, "entry", want, got)
}

func TestAdminJournalRing(t *testing.T) {
	t.Parallel()
	e := setup(t, func(o *mock.Options) { o.JournalSize = 3 })
	for i := 1; i <= 5; i++ {
		e.do(http.MethodGet, "/nosuch/"+strconv.Itoa(i), "")
	}
	want := []string{"3 /nosuch/3 ", "4 /nosuch/4 ", "5 /nosuch/5 "}
	diff(t, "journal", want, admSeqPaths(e.admJournal("")))
	diff(t, "journal?limit=2", want[1:], admSeqPaths(e.admJournal("?limit=2")))
	e.admin(http.MethodDelete, "/journal", "")
	e.do(http.MethodGet, "/nosuch/6", "")
	diff(t, "journal after clear", []string{"6 /nosuch/6 "}, admSeqPaths(e.admJournal("")))
}

// TestJournalFormEncodedNote: a form-encoded body on a JSON endpoint is
// still 47001, as WeChat answers it, and the journal says what it looks
// like; a body that is merely broken JSON gets no such note.
func TestJournalFormEncodedNote(t *testing.T) {
	t.Parallel()
	const note = "the body looks form-encoded (key=value&...); this endpoint takes a JSON object, sent as the request body"
	tests := []struct {
		name, body string
		form       bool
	}{
		{"form", `name=%E5%BA%97%E9%95%BF&desc=x`, true},
		{"one field", `role_id=2`, true},
		{"broken JSON", `{"name":"x"`, false},
		{"a word", `hello`, false},
		{"JSON-ish with =", `{"a=b"}`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := setup(t)
			tok := e.token()
			e.admin(http.MethodDelete, "/journal", "")
			if r := e.post("/promoter/addrole", tok, tt.body); r.code() != 47001 {
				t.Fatalf("errcode %d, want 47001: %s", r.code(), r.Raw)
			}
			es := e.admJournal("")
			if len(es) != 1 {
				t.Fatalf("%d entries, want 1", len(es))
			}
			has := false
			for _, n := range es[0].Notes {
				has = has || n == note
			}
			if has != tt.form {
				t.Errorf("form-encoded note %v, want %v; notes %q", has, tt.form, es[0].Notes)
			}
		})
	}
}

// TestJournalEntriesStartClean: a call's record is reused by the next
// call once answered; nothing of one call (its app, notes, violations,
// bodies) shows in the next one's entry.
func TestJournalEntriesStartClean(t *testing.T) {
	t.Parallel()
	e := setup(t)
	tok := e.token()
	e.admin(http.MethodDelete, "/journal", "")
	for range 3 {
		e.post("/promoter/addrole", tok, `{"name":"x","color":7,"desc":5}`)                           // an unknown field, a violation
		e.do(http.MethodPost, "/promoter/getrole?access_token=bogus", `{}`)                           // 40001: no app
		e.do(http.MethodGet, "/cgi-bin/token?grant_type=client_credential&appid=wxnope&secret=s", "") // 40013: no body
	}
	es := e.admJournal("")
	if len(es) != 9 {
		t.Fatalf("%d entries, want 9", len(es))
	}
	for i, got := range es {
		switch i % 3 {
		case 0:
			if got.AppID != appID || len(got.Notes) == 0 || got.ViolationCount == 0 {
				t.Fatalf("entry %d (%s): want an app, a note and a violation to carry over: %+v", i, got.Path, got)
			}
		case 1, 2:
			wantApp := ""
			if i%3 == 2 {
				wantApp = "wxnope" // the token call journals the app it asked for
			}
			if got.AppID != wantApp || len(got.Notes) != 0 || len(got.Violations) != 0 || got.ViolationCount != 0 || got.ErrCode == 0 {
				t.Errorf("entry %d (%s) carries the call before it: %+v", i, got.Path, got)
			}
			if i%3 == 2 && got.Request != "" {
				t.Errorf("entry %d (%s) has a request body: %q", i, got.Path, got.Request)
			}
		}
	}
}
