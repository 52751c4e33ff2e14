package httpapi_test

import (
	"encoding/json"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/wxmock/wxmock/internal/httpapi"
	"github.com/wxmock/wxmock/internal/mock"
	"github.com/wxmock/wxmock/internal/sim"
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

func TestAdminHealth(t *testing.T) {
	t.Parallel()
	e := setup(t)
	r := e.admin(http.MethodGet, "/health", "")
	admStatus(t, r, http.StatusOK)
	diff(t, "health", map[string]any{"status": "ok", "now": admNum(start.Unix()), "apps": admNum(2)}, r.Body) // the default app and the legacy store app
}

func TestAdminReset(t *testing.T) {
	t.Parallel()
	e := setup(t)
	initial := e.admState()
	tok := e.token()
	e.admDeclare(tok, admOpenA)
	admStatus(t, e.admin(http.MethodPost, "/apps", `{"name":"extra"}`), http.StatusOK)
	if e.admState() == initial {
		t.Fatal("the state did not change before the reset")
	}
	r := e.admin(http.MethodPost, "/reset", "")
	admStatus(t, r, http.StatusOK)
	diff(t, "reset answer", map[string]any{"status": "reset"}, r.Body)
	diff(t, "state after reset", initial, e.admState())
	j := e.admin(http.MethodGet, "/journal", "")
	diff(t, "journal after reset", `{"entries":[]}`, j.Raw)
	e.wantErr(e.post("/promoter/getrole", tok, `{}`), 40001, sim.ErrInvalidCredential.Msg)
}

// TestAdminResetToInitial checks that reset returns to Options.Initial, not
// to the embedded default.
func TestAdminResetToInitial(t *testing.T) {
	t.Parallel()
	base := setup(t)
	base.admin(http.MethodPost, "/apps", `{"appid":"wx1111111111111111","secret":"11111111111111111111111111111111","name":"second","original_id":"gh_111111111111"}`)
	var st sim.State
	admDecode(t, resp{Raw: base.admState()}, &st)
	e := setup(t, func(o *mock.Options) { o.Initial = &st })
	want := e.admState()
	e.admin(http.MethodPost, "/apps", `{"name":"third"}`)
	admStatus(t, e.admin(http.MethodPost, "/reset", ""), http.StatusOK)
	diff(t, "state after reset", want, e.admState())
	diff(t, "state", base.admState(), want)
}

func TestAdminApps(t *testing.T) {
	t.Parallel()
	e := setup(t)
	type apps struct {
		Apps []sim.App `json:"apps"`
	}
	def := sim.App{AppID: appID, Secret: secret, Name: "wxmock default app", OriginalID: "gh_0123456789ab", CreatedAt: 1700000000, Push: sim.Push{Mode: "plain"}}
	var got apps
	admDecode(t, e.admin(http.MethodGet, "/apps", ""), &got)
	legacy := sim.App{AppID: mock.LegacyAppID, Secret: mock.LegacySecret, Name: "wxmock legacy store app", OriginalID: "gh_000000001e9a", CreatedAt: 1700000000, Push: sim.Push{Mode: "plain"}}
	diff(t, "default apps", apps{Apps: []sim.App{legacy, def}}, got)

	r := e.admin(http.MethodPost, "/apps", `{"name":"shop"}`)
	admStatus(t, r, http.StatusOK)
	var made sim.App
	admDecode(t, r, &made)
	for _, c := range []struct{ what, value, pattern string }{
		{"appid", made.AppID, `^wx[0-9a-f]{16}$`},
		{"secret", made.Secret, `^[0-9a-f]{32}$`},
		{"original_id", made.OriginalID, `^gh_[0-9a-f]{12}$`},
	} {
		if !regexp.MustCompile(c.pattern).MatchString(c.value) {
			t.Errorf("generated %s %q does not match %s", c.what, c.value, c.pattern)
		}
	}
	diff(t, "created app", sim.App{AppID: made.AppID, Secret: made.Secret, Name: "shop", OriginalID: made.OriginalID, CreatedAt: start.Unix(), Push: sim.Push{Mode: "plain"}}, made)
	var other sim.App
	admDecode(t, e.admin(http.MethodPost, "/apps", `{}`), &other)
	if other.AppID == made.AppID || other.Secret == made.Secret || other.OriginalID == made.OriginalID {
		t.Errorf("two generated apps share an identifier: %+v %+v", made, other)
	}
	admDecode(t, e.admin(http.MethodGet, "/apps", ""), &got)
	if len(got.Apps) != 4 {
		t.Fatalf("%d apps, want 4 (two built in, two made): %+v", len(got.Apps), got.Apps)
	}
	// A new app starts with the default role, and its token reaches only it.
	tok := e.tokenOf(made.AppID, made.Secret)
	r = e.post("/promoter/getrole", tok, `{}`)
	diff(t, "new app's roles", `{"role_list":[{"role_id":1,"name":"推广员","desc":""}],"total_cnt":1,"errcode":0,"errmsg":"OK"}`, r.Raw)
}

func TestAdminAppReplaceKeepsData(t *testing.T) {
	t.Parallel()
	e := setup(t)
	const id = "wx1111111111111111"
	const oldSecret, newSecret = "11111111111111111111111111111111", "22222222222222222222222222222222"
	r := e.admin(http.MethodPost, "/apps", `{"appid":"`+id+`","secret":"`+oldSecret+`","name":"a","original_id":"gh_111111111111"}`)
	admStatus(t, r, http.StatusOK)
	tok := e.tokenOf(id, oldSecret)
	e.wantOK(e.post("/promoter/addrole", tok, `{"name":"sales"}`), "ok")
	e.admDeclare(tok, admOpenA)
	e.advance(time.Minute)

	r = e.admin(http.MethodPost, "/apps", `{"appid":"`+id+`","secret":"`+newSecret+`","name":"b","original_id":"gh_222222222222"}`)
	admStatus(t, r, http.StatusOK)
	var got sim.App
	admDecode(t, r, &got)
	diff(t, "replaced app", sim.App{AppID: id, Secret: newSecret, Name: "b", OriginalID: "gh_222222222222", CreatedAt: start.Unix(), Push: sim.Push{Mode: "plain"}}, got)

	roles := e.post("/promoter/getrole", tok, `{}`)
	diff(t, "roles after replace", `{"role_list":[{"role_id":1,"name":"推广员","desc":""},{"role_id":2,"name":"sales","desc":""}],"total_cnt":2,"errcode":0,"errmsg":"OK"}`, roles.Raw)
	ps := e.post("/promoter/getpromoter", tok, `{}`)
	diff(t, "promoters after replace", json.Number("1"), ps.Body["total_cnt"])
	e.wantErr(e.do(http.MethodGet, "/cgi-bin/token?grant_type=client_credential&appid="+id+"&secret="+oldSecret, ""), 40125, "invalid appsecret")
	e.tokenOf(id, newSecret)
}

// TestAdminAppReplaceKeepsSettings: a replace that leaves a setting out
// keeps its value rather than generating a new one.
func TestAdminAppReplaceKeepsSettings(t *testing.T) {
	t.Parallel()
	e := setup(t)
	const id, sec = "wx1111111111111111", "11111111111111111111111111111111"
	admStatus(t, e.admin(http.MethodPost, "/apps", `{"appid":"`+id+`","secret":"`+sec+`","name":"a","original_id":"gh_111111111111"}`), http.StatusOK)
	r := e.admin(http.MethodPost, "/apps", `{"appid":"`+id+`","name":"renamed"}`)
	admStatus(t, r, http.StatusOK)
	var got sim.App
	admDecode(t, r, &got)
	diff(t, "replaced app", sim.App{AppID: id, Secret: sec, Name: "renamed", OriginalID: "gh_111111111111", CreatedAt: start.Unix(), Push: sim.Push{Mode: "plain"}}, got)
	e.tokenOf(id, sec)
}

func TestAdminAppBad(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, body, word string
	}{
		{"short appid", `{"appid":"wx123"}`, "appid"},
		{"upper-case appid", `{"appid":"wx0123456789ABCDEF"}`, "appid"},
		{"appid without wx", `{"appid":"ab0123456789abcdef"}`, "appid"},
		{"bad secret", `{"secret":"nothex"}`, "secret"},
		{"bad original_id", `{"original_id":"gh_1"}`, "original_id"},
		{"name too long", `{"name":"` + strings.Repeat("x", 121) + `"}`, "name"},
		{"unknown field", `{"bogus":"wx1111111111111111"}`, "bogus"},
		{"wrong type", `{"appid":1}`, ""},
		{"malformed JSON", `{"appid":`, ""},
		{"trailing data", `{} {}`, ""},
		{"trailing bracket", `{"name":"x"}]`, ""},
		// encoding/json would take appId for appid; the admin API does not.
		{"field in another case", `{"appId":"wx1111111111111111"}`, "appId"},
		{"field in upper case", `{"NAME":"x"}`, "NAME"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := setup(t)
			before := e.admState()
			admErr(t, e.admin(http.MethodPost, "/apps", tt.body), http.StatusBadRequest, tt.word)
			diff(t, "state", before, e.admState())
		})
	}
}

func TestAdminClock(t *testing.T) {
	t.Parallel()
	e := setup(t)
	r := e.admin(http.MethodGet, "/clock", "")
	admStatus(t, r, http.StatusOK)
	diff(t, "clock", map[string]any{"now": admNum(start.Unix()), "time": "2024-01-24T06:00:27Z", "frozen": true}, r.Body)
	if got := start.UTC().Format(time.RFC3339); got != "2024-01-24T06:00:27Z" {
		t.Fatalf("start is %s", got)
	}
}

func TestAdminClockAdvance(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		bodies []string
		status int
		want   int64 // seconds after start
	}{
		{"one second", []string{`{"seconds":1}`}, http.StatusOK, 1},
		{"one day", []string{`{"seconds":86400}`}, http.StatusOK, 86400},
		{"fractions add up", []string{`{"seconds":2.5}`, `{"seconds":0.5}`}, http.StatusOK, 3},
		{"a fraction below a second", []string{`{"seconds":0.25}`}, http.StatusOK, 0},
		{"ten years", []string{`{"seconds":315360000}`}, http.StatusOK, tenYears},
		{"zero", []string{`{"seconds":0}`}, http.StatusBadRequest, 0},
		{"negative", []string{`{"seconds":-5}`}, http.StatusBadRequest, 0},
		{"missing", []string{`{}`}, http.StatusBadRequest, 0},
		{"empty body", []string{``}, http.StatusBadRequest, 0},
		{"null", []string{`{"seconds":null}`}, http.StatusBadRequest, 0},
		{"more than ten years", []string{`{"seconds":315360001}`}, http.StatusBadRequest, 0},
		{"a string", []string{`{"seconds":"60"}`}, http.StatusBadRequest, 0},
		{"unknown field", []string{`{"seconds":1,"minutes":1}`}, http.StatusBadRequest, 0},
		{"malformed JSON", []string{`{"seconds":`}, http.StatusBadRequest, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := setup(t)
			var r resp
			for _, b := range tt.bodies {
				r = e.admin(http.MethodPost, "/clock/advance", b)
			}
			want := start.Add(time.Duration(tt.want) * time.Second)
			if tt.status == http.StatusOK {
				admStatus(t, r, http.StatusOK)
				diff(t, "advance answer", map[string]any{"now": admNum(want.Unix()), "time": want.UTC().Format(time.RFC3339), "frozen": true}, r.Body)
			} else {
				admErr(t, r, tt.status)
			}
			diff(t, "clock", want.Unix(), e.m.Sim.Now().Unix())
		})
	}
}

func TestAdminClockSet(t *testing.T) {
	t.Parallel()
	later := start.Unix() + 3600
	tests := []struct {
		name   string
		body   string
		status int
		now    int64
		frozen bool
	}{
		{"freeze a frozen clock", `{"frozen":true}`, http.StatusOK, start.Unix(), true},
		{"unfreeze", `{"frozen":false}`, http.StatusOK, start.Unix(), false},
		{"later", `{"now":` + strconv.FormatInt(later, 10) + `}`, http.StatusOK, later, true},
		{"later and unfrozen", `{"now":` + strconv.FormatInt(later, 10) + `,"frozen":false}`, http.StatusOK, later, false},
		{"the same second", `{"now":` + strconv.FormatInt(start.Unix(), 10) + `}`, http.StatusOK, start.Unix(), true},
		{"ten years on", `{"now":` + strconv.FormatInt(start.Unix()+tenYears, 10) + `}`, http.StatusOK, start.Unix() + tenYears, true},
		{"nothing", `{}`, http.StatusOK, start.Unix(), true},
		{"earlier", `{"now":` + strconv.FormatInt(start.Unix()-1, 10) + `}`, http.StatusBadRequest, start.Unix(), true},
		{"earlier, unfreezing", `{"now":` + strconv.FormatInt(start.Unix()-1, 10) + `,"frozen":false}`, http.StatusBadRequest, start.Unix(), true},
		{"more than ten years on", `{"now":` + strconv.FormatInt(start.Unix()+tenYears+1, 10) + `}`, http.StatusBadRequest, start.Unix(), true},
		{"now as a string", `{"now":"` + strconv.FormatInt(later, 10) + `"}`, http.StatusBadRequest, start.Unix(), true},
		{"frozen as a string", `{"frozen":"false"}`, http.StatusBadRequest, start.Unix(), true},
		{"unknown field", `{"frozen":false,"speed":2}`, http.StatusBadRequest, start.Unix(), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			real := start.Add(-time.Hour)
			e := setup(t, func(o *mock.Options) { o.RealTime = func() time.Time { return real } })
			r := e.admin(http.MethodPost, "/clock", tt.body)
			want := map[string]any{"now": admNum(tt.now), "time": time.Unix(tt.now, 0).UTC().Format(time.RFC3339), "frozen": tt.frozen}
			if tt.status == http.StatusOK {
				admStatus(t, r, http.StatusOK)
				diff(t, "answer", want, r.Body)
			} else {
				admErr(t, r, tt.status)
			}
			diff(t, "clock", want, e.admin(http.MethodGet, "/clock", "").Body)
		})
	}
}

// TestAdminClockRunning unfreezes the clock and moves the injected real time.
func TestAdminClockRunning(t *testing.T) {
	t.Parallel()
	real := time.Unix(1e9, 0)
	e := setup(t, func(o *mock.Options) { o.RealTime = func() time.Time { return real } })
	clock := func() map[string]any { return e.admin(http.MethodGet, "/clock", "").Body }
	at := func(sec int64, frozen bool) map[string]any {
		return map[string]any{"now": admNum(start.Unix() + sec), "time": start.Add(time.Duration(sec) * time.Second).UTC().Format(time.RFC3339), "frozen": frozen}
	}
	real = real.Add(time.Hour)
	diff(t, "frozen clock after real time moved", at(0, true), clock())
	e.admin(http.MethodPost, "/clock", `{"frozen":false}`)
	real = real.Add(30 * time.Second)
	diff(t, "running clock", at(30, false), clock())
	e.advance(100 * time.Second)
	diff(t, "running clock after advance", at(130, false), clock())
	e.admin(http.MethodPost, "/clock", `{"frozen":true}`)
	real = real.Add(time.Hour)
	diff(t, "frozen again", at(130, true), clock())
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
		Query: "access_token=" + tok, Endpoint: "promoter/addrole", AppID: appID, Status: http.StatusOK,
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

func TestAdminAuthorize(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		body   string
		status int
		auth   int // auth_status of promoter A afterwards
	}{
		{"accept", `{"openid":"` + admOpenA + `","auth_status":1}`, http.StatusOK, 1},
		{"accept with the default appid", `{"appid":"` + appID + `","openid":"` + admOpenA + `","auth_status":1}`, http.StatusOK, 1},
		{"cancel", `{"openid":"` + admOpenA + `","auth_status":2}`, http.StatusOK, 2},
		{"back to none", `{"openid":"` + admOpenA + `","auth_status":0}`, http.StatusOK, 0},
		{"by unionid", `{"openid":"` + sim.UnionIDOf(admOpenA) + `","auth_status":1}`, http.StatusOK, 1},
		{"missing openid", `{"auth_status":1}`, http.StatusBadRequest, 0},
		{"missing auth_status", `{"openid":"` + admOpenA + `"}`, http.StatusBadRequest, 0},
		{"auth_status 3", `{"openid":"` + admOpenA + `","auth_status":3}`, http.StatusBadRequest, 0},
		{"auth_status -1", `{"openid":"` + admOpenA + `","auth_status":-1}`, http.StatusBadRequest, 0},
		{"auth_status as a string", `{"openid":"` + admOpenA + `","auth_status":"1"}`, http.StatusBadRequest, 0},
		{"unknown app", `{"appid":"wx9999999999999999","openid":"` + admOpenA + `","auth_status":1}`, http.StatusNotFound, 0},
		{"unknown openid", `{"openid":"` + admOpenC + `","auth_status":1}`, http.StatusNotFound, 0},
		{"promoter of another app", `{"appid":"wx2222222222222222","openid":"` + admOpenA + `","auth_status":1}`, http.StatusNotFound, 0},
		{"cancelled declaration", `{"openid":"` + admOpenB + `","auth_status":1}`, http.StatusConflict, 0},
		{"unknown field", `{"openid":"` + admOpenA + `","auth_status":1,"status":1}`, http.StatusBadRequest, 0},
		{"malformed JSON", `{"openid":`, http.StatusBadRequest, 0},
		{"empty body", ``, http.StatusBadRequest, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := setup(t)
			e.admin(http.MethodPost, "/apps", `{"appid":"wx2222222222222222"}`)
			tok := e.token()
			e.admDeclare(tok, admOpenA, admOpenB)
			e.wantOK(e.post("/promoter/updatepromoter", tok, `{"id":"2","decl_status":2}`), "OK")
			e.advance(10 * time.Second)
			r := e.admin(http.MethodPost, "/promoters/authorize", tt.body)
			wantA := map[string]any{
				"openid": admOpenA, "role_id": admNum(1), "retail_id": "r0", "extra_info": "", "auth_status": admNum(int64(tt.auth)),
				"decl_status": admNum(1), "update_time": admNum(start.Unix()), "id": "1", "name": "", "phone": "",
			}
			if tt.status == http.StatusOK {
				wantA["update_time"] = admNum(start.Unix() + 10)
				admStatus(t, r, http.StatusOK)
				diff(t, "answer", map[string]any{"promoter": wantA, "unionid": sim.UnionIDOf(admOpenA)}, r.Body)
			} else {
				admErr(t, r, tt.status)
			}
			got := e.post("/promoter/getpromoter", tok, `{"openid":"`+admOpenA+`"}`)
			diff(t, "promoter A", []any{wantA}, got.Body["promoter_list"])
		})
	}
}

func TestAdminRouting(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, method, path string
		status             int
	}{
		{"DELETE health", http.MethodDelete, "/health", http.StatusMethodNotAllowed},
		{"POST health", http.MethodPost, "/health", http.StatusMethodNotAllowed},
		{"GET reset", http.MethodGet, "/reset", http.StatusMethodNotAllowed},
		{"PUT apps", http.MethodPut, "/apps", http.StatusMethodNotAllowed},
		{"PUT clock", http.MethodPut, "/clock", http.StatusMethodNotAllowed},
		{"GET clock/advance", http.MethodGet, "/clock/advance", http.StatusMethodNotAllowed},
		{"POST journal", http.MethodPost, "/journal", http.StatusMethodNotAllowed},
		{"GET promoters/authorize", http.MethodGet, "/promoters/authorize", http.StatusMethodNotAllowed},
		{"POST state", http.MethodPost, "/state", http.StatusMethodNotAllowed},
		{"unknown call", http.MethodGet, "/nosuch", http.StatusNotFound},
		{"the prefix alone", http.MethodGet, "/", http.StatusNotFound},
		{"below a call", http.MethodGet, "/health/more", http.StatusNotFound},
		{"unknown call, POST", http.MethodPost, "/clock/rewind", http.StatusNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := setup(t)
			r := e.admin(tt.method, tt.path, "")
			if tt.status == http.StatusMethodNotAllowed {
				admErr(t, r, tt.status, tt.method, "/__wxmock"+tt.path)
				return
			}
			admStatus(t, r, tt.status)
		})
	}
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

func TestAdminStateRoundTrip(t *testing.T) {
	t.Parallel()
	e := setup(t)
	tok := e.admBusy()
	exported := e.admState()

	var st sim.State
	admDecode(t, resp{Raw: exported}, &st)
	diff(t, "counters", []sim.Counters{
		{AppID: mock.LegacyAppID, NextRoleID: 2, NextPromoterID: 1},
		{AppID: appID, NextRoleID: 3, NextPromoterID: 4, Records: 3, Declared: 2},
		{AppID: "wx2222222222222222", NextRoleID: 2, NextPromoterID: 2, Records: 1, Declared: 1},
	}, st.Counters)
	got := make([]string, 0, len(st.Promoters))
	for _, p := range st.Promoters {
		got = append(got, p.AppID+" "+strconv.FormatUint(p.ID, 10)+" "+p.OpenID+" auth "+strconv.Itoa(p.AuthStatus)+" decl "+strconv.Itoa(p.DeclStatus))
	}
	diff(t, "promoters", []string{
		appID + " 1 " + admOpenA + " auth 1 decl 1",
		appID + " 2 " + admOpenB + " auth 2 decl 1",
		appID + " 3 " + admOpenC + " auth 0 decl 2",
		"wx2222222222222222 1 " + admOpenA + " auth 1 decl 1",
	}, got)
	if len(st.Tokens) != 5 || len(st.Stable) != 2 || len(st.Roles) != 4 || len(st.Apps) != 3 {
		t.Errorf("state holds %d tokens, %d stable, %d roles, %d apps; want 5, 2, 4, 3 (with the legacy store app)",
			len(st.Tokens), len(st.Stable), len(st.Roles), len(st.Apps))
	}

	r := e.admin(http.MethodPut, "/state", exported)
	admStatus(t, r, http.StatusOK)
	diff(t, "PUT answer", map[string]any{"status": "replaced"}, r.Body)
	diff(t, "state after PUT", exported, e.admState())

	// Into a server that has never seen it, through a reset.
	admStatus(t, e.admin(http.MethodPost, "/reset", ""), http.StatusOK)
	admStatus(t, e.admin(http.MethodPut, "/state", exported), http.StatusOK)
	diff(t, "state after reset and PUT", exported, e.admState())

	fresh := setup(t)
	admStatus(t, fresh.admin(http.MethodPut, "/state", exported), http.StatusOK)
	diff(t, "state of another server", exported, fresh.admState())
	// The counters carry on where they were.
	r = e.post("/promoter/addrole", tok, `{"name":"next"}`)
	diff(t, "next role_id", json.Number("3"), r.Body["role_id"])
}

func TestAdminStateTokensSurvive(t *testing.T) {
	t.Parallel()
	e := setup(t)
	tok := e.token()
	stable := e.do(http.MethodPost, "/cgi-bin/stable_token", `{"grant_type":"client_credential","appid":"`+appID+`","secret":"`+secret+`"}`)
	stok, _ := stable.Body["access_token"].(string)
	exported := e.admState()
	admStatus(t, e.admin(http.MethodPost, "/reset", ""), http.StatusOK)
	e.wantErr(e.post("/promoter/getrole", tok, `{}`), 40001, sim.ErrInvalidCredential.Msg)
	admStatus(t, e.admin(http.MethodPut, "/state", exported), http.StatusOK)
	e.wantOK(e.post("/promoter/getrole", tok, `{}`), "OK")
	e.wantOK(e.post("/promoter/getrole", stok, `{}`), "OK")
	// The same stable token is handed out again, and expiry still applies.
	again := e.do(http.MethodPost, "/cgi-bin/stable_token", `{"grant_type":"client_credential","appid":"`+appID+`","secret":"`+secret+`"}`)
	diff(t, "stable token after PUT", stok, again.Body["access_token"])
	e.advance(7200 * time.Second)
	e.wantErr(e.post("/promoter/getrole", tok, `{}`), 42001, "")
}

func TestAdminStatePutInvalid(t *testing.T) {
	t.Parallel()
	promoter := func(mod func(p map[string]any)) func(st map[string]any) {
		return func(st map[string]any) {
			p := map[string]any{
				"appid": appID, "id": 1, "openid": admOpenA, "role_id": 1,
				"retail_id": "", "extra_info": "", "name": "", "phone": "", "auth_status": 0, "decl_status": 1,
				"update_time": start.Unix(),
			}
			if mod != nil {
				mod(p)
			}
			st["promoters"] = append(st["promoters"].([]any), p)
		}
	}
	app := func(id string) map[string]any {
		return map[string]any{"appid": id, "secret": "11111111111111111111111111111111", "name": "", "original_id": "gh_111111111111", "created_at": 1}
	}
	addTo := func(key string, v any) func(st map[string]any) {
		return func(st map[string]any) { st[key] = append(st[key].([]any), v) }
	}
	tests := []struct {
		name   string
		mod    func(st map[string]any)
		raw    string // sent as is when not empty
		status int
	}{
		{"valid promoter", promoter(nil), "", http.StatusOK},
		{"valid second app", addTo("apps", app("wx1111111111111111")), "", http.StatusOK},
		{"version 2", func(st map[string]any) { st["version"] = 2 }, "", http.StatusBadRequest},
		{"no version", func(st map[string]any) { delete(st, "version") }, "", http.StatusBadRequest},
		{"duplicate appid", addTo("apps", app(appID)), "", http.StatusBadRequest},
		{"bad appid", addTo("apps", app("wx1")), "", http.StatusBadRequest},
		{"promoter of an unknown role", promoter(func(p map[string]any) { p["role_id"] = 9 }), "", http.StatusBadRequest},
		{"promoter of an unknown app", promoter(func(p map[string]any) { p["appid"] = "wx1111111111111111" }), "", http.StatusBadRequest},
		{"openid of the wrong shape", promoter(func(p map[string]any) { p["openid"] = "o123" }), "", http.StatusBadRequest},
		{"promoter with decl_status 3", promoter(func(p map[string]any) { p["decl_status"] = 3 }), "", http.StatusBadRequest},
		{"promoter with decl_status 0", promoter(func(p map[string]any) { p["decl_status"] = 0 }), "", http.StatusBadRequest},
		{"promoter with auth_status 3", promoter(func(p map[string]any) { p["auth_status"] = 3 }), "", http.StatusBadRequest},
		{"promoter without id", promoter(func(p map[string]any) { p["id"] = 0 }), "", http.StatusBadRequest},
		{"promoter field too long", promoter(func(p map[string]any) { p["name"] = strings.Repeat("名", 11) }), "", http.StatusBadRequest},
		{"promoter id twice", func(st map[string]any) {
			promoter(nil)(st)
			promoter(func(p map[string]any) { p["openid"] = admOpenB })(st)
		}, "", http.StatusBadRequest},
		{"openid twice", func(st map[string]any) {
			promoter(nil)(st)
			promoter(func(p map[string]any) { p["id"] = 2 })(st)
		}, "", http.StatusBadRequest},
		{"openid that is another's unionid", func(st map[string]any) {
			promoter(nil)(st)
			promoter(func(p map[string]any) { p["id"], p["openid"] = 2, sim.UnionIDOf(admOpenA) })(st)
		}, "", http.StatusBadRequest},
		{"two valid promoters", func(st map[string]any) {
			promoter(nil)(st)
			promoter(func(p map[string]any) { p["id"], p["openid"] = 2, admOpenB })(st)
		}, "", http.StatusOK},
		{"role of an unknown app", addTo("roles", map[string]any{"appid": "wx1111111111111111", "role_id": 2, "name": "x", "desc": ""}), "", http.StatusBadRequest},
		{"role twice", addTo("roles", map[string]any{"appid": appID, "role_id": 1, "name": "x", "desc": ""}), "", http.StatusBadRequest},
		{"role without name", addTo("roles", map[string]any{"appid": appID, "role_id": 2, "name": "", "desc": ""}), "", http.StatusBadRequest},
		{"token of an unknown app", addTo("tokens", map[string]any{"access_token": "t", "appid": "wx1111111111111111", "kind": "token", "issued_at": 1, "expires_at": 2}), "", http.StatusBadRequest},
		{"token of an unknown kind", addTo("tokens", map[string]any{"access_token": "t", "appid": appID, "kind": "weird", "issued_at": 1, "expires_at": 2}), "", http.StatusBadRequest},
		{"counters of an unknown app", addTo("counters", map[string]any{"appid": "wx1111111111111111", "next_role_id": 1, "next_promoter_id": 1}), "", http.StatusBadRequest},
		{"unknown field", func(st map[string]any) { st["faults"] = []any{} }, "", http.StatusBadRequest},
		{"unknown field of an app", func(st map[string]any) { st["apps"].([]any)[0].(map[string]any)["push_url"] = "x" }, "", http.StatusBadRequest},
		{"malformed JSON", nil, `{"version":1,"apps":[`, http.StatusBadRequest},
		{"trailing data", nil, `{"version":1} {}`, http.StatusBadRequest},
		{"trailing bracket", nil, `{"version":1,"apps":[],"tokens":[],"stable_tokens":[],"counters":[],"roles":[],"promoters":[]}]`, http.StatusBadRequest},
		{"not an object", nil, `[]`, http.StatusBadRequest},
		{"empty body", nil, ` `, http.StatusBadRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := setup(t)
			tok := e.token()
			before := e.admState()
			body := tt.raw
			if tt.mod != nil {
				var st map[string]any
				admDecode(t, resp{Raw: before}, &st)
				tt.mod(st)
				b, err := json.Marshal(st)
				if err != nil {
					t.Fatal(err)
				}
				body = string(b)
			}
			r := e.admin(http.MethodPut, "/state", body)
			if tt.status == http.StatusOK {
				admStatus(t, r, http.StatusOK)
				if e.admState() == before {
					t.Errorf("PUT %s did not change the state", body)
				}
				return
			}
			admErr(t, r, tt.status)
			diff(t, "state after a rejected PUT", before, e.admState())
			e.wantOK(e.post("/promoter/getrole", tok, `{}`), "OK")
		})
	}
}
