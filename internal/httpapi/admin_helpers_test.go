package httpapi_test

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/wxmock/wxmock/internal/httpapi"
)

// Promoters' openids used by the admin tests: 28 characters starting with o.
const (
	admOpenA = "oAdminTestPromoterAAAAAAAAAA"
	admOpenB = "oAdminTestPromoterBBBBBBBBBB"
	admOpenC = "oAdminTestPromoterCCCCCCCCCC"
)

// tenYears is the longest step the clock takes, in seconds.
const tenYears = 10 * 365 * 24 * 3600

// admFor returns e reporting to t, so that a subtest sharing an env fails
// itself and not its parent.
func (e *env) admFor(t *testing.T) *env {
	c := *e
	c.t = t
	return &c
}

// admNum is an integer as the harness decodes it.
func admNum(n int64) json.Number { return json.Number(strconv.FormatInt(n, 10)) }

// admDecode decodes an answer's raw text into v.
func admDecode(t *testing.T, r resp, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(r.Raw), v); err != nil {
		t.Fatalf("decode %q: %v", r.Raw, err)
	}
}

// admStatus fails the test unless r has HTTP status want.
func admStatus(t *testing.T, r resp, want int) {
	t.Helper()
	if r.Status != want {
		t.Fatalf("HTTP status %d, want %d: %s", r.Status, want, r.Raw)
	}
}

// admErr checks a control API error: the status and a body that is exactly
// {"error": "..."} with a message that mentions each of words.
func admErr(t *testing.T, r resp, status int, words ...string) {
	t.Helper()
	admStatus(t, r, status)
	msg, ok := r.Body["error"].(string)
	if !ok || msg == "" || len(r.Body) != 1 {
		t.Fatalf(`body %s, want {"error": "..."}`, r.Raw)
	}
	for _, w := range words {
		if !strings.Contains(msg, w) {
			t.Errorf("error %q does not mention %q", msg, w)
		}
	}
}

// admState exports the whole state.
func (e *env) admState() string {
	e.t.Helper()
	r := e.admin(http.MethodGet, "/state", "")
	if r.Status != http.StatusOK {
		e.t.Fatalf("GET state: %s", r.Raw)
	}
	return r.Raw
}

// admDeclare declares promoters with role 1 in the app of tok.
func (e *env) admDeclare(tok string, openids ...string) {
	e.t.Helper()
	items := make([]string, len(openids))
	for i, o := range openids {
		items[i] = `{"openid":"` + o + `","role_id":1,"retail_id":"r` + strconv.Itoa(i) + `"}`
	}
	r := e.post("/promoter/addpromoter", tok, `{"promoter_list":[`+strings.Join(items, ",")+`]}`)
	if r.code() != 0 || r.Body["fail_cnt"] != json.Number("0") {
		e.t.Fatalf("addpromoter: %s", r.Raw)
	}
}

// admJournal lists the journal with query q.
func (e *env) admJournal(q string) []httpapi.Entry {
	e.t.Helper()
	r := e.admin(http.MethodGet, "/journal"+q, "")
	if r.Status != http.StatusOK {
		e.t.Fatalf("GET journal%s: %s", q, r.Raw)
	}
	var out struct {
		Entries []httpapi.Entry `json:"entries"`
	}
	admDecode(e.t, r, &out)
	if out.Entries == nil {
		e.t.Fatalf("GET journal%s: entries is not a list: %s", q, r.Raw)
	}
	return out.Entries
}

// admSeqPaths reduces entries to "seq path appid" lines.
func admSeqPaths(es []httpapi.Entry) []string {
	out := []string{}
	for _, e := range es {
		out = append(out, strconv.FormatUint(e.Seq, 10)+" "+e.Path+" "+e.AppID)
	}
	return out
}

// admBusy fills a state with every kind of row: two apps, a role, plain
// tokens of which one is retired, stable tokens, promoters accepted,
// cancelled by the promoter and cancelled by the app.
func (e *env) admBusy() (tok string) {
	e.t.Helper()
	const id2, secret2 = "wx2222222222222222", "22222222222222222222222222222222"
	if r := e.admin(http.MethodPost, "/apps", `{"appid":"`+id2+`","secret":"`+secret2+`","name":"二号","original_id":"gh_222222222222"}`); r.Status != http.StatusOK {
		e.t.Fatalf("POST apps: %s", r.Raw)
	}
	e.token()
	e.advance(time.Minute)
	tok = e.token()
	tok2 := e.tokenOf(id2, secret2)
	for _, body := range []string{
		`{"grant_type":"client_credential","appid":"` + appID + `","secret":"` + secret + `"}`,
		`{"grant_type":"client_credential","appid":"` + id2 + `","secret":"` + secret2 + `","force_refresh":true}`,
	} {
		if r := e.do(http.MethodPost, "/cgi-bin/stable_token", body); r.Body["access_token"] == nil {
			e.t.Fatalf("stable_token: %s", r.Raw)
		}
	}
	e.wantOK(e.post("/promoter/addrole", tok, `{"name":"店长","desc":"门店负责人"}`), "ok")
	e.advance(time.Minute)
	e.admDeclare(tok, admOpenA, admOpenB, admOpenC)
	e.admDeclare(tok2, admOpenA)
	e.advance(time.Minute)
	for _, body := range []string{
		`{"openid":"` + admOpenA + `","auth_status":1}`,
		`{"openid":"` + admOpenB + `","auth_status":1}`,
		`{"openid":"` + admOpenB + `","auth_status":2}`,
		`{"appid":"` + id2 + `","openid":"` + admOpenA + `","auth_status":1}`,
	} {
		if r := e.admin(http.MethodPost, "/promoters/authorize", body); r.Status != http.StatusOK {
			e.t.Fatalf("authorize %s: %s", body, r.Raw)
		}
	}
	e.wantOK(e.post("/promoter/updatepromoter", tok, `{"id":"3","decl_status":2,"role_id":2,"name":"张三"}`), "OK")
	e.advance(time.Minute)
	return tok
}
