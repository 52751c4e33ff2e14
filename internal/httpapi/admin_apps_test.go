package httpapi_test

import (
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/wxmock/wxmock/internal/mock"
	"github.com/wxmock/wxmock/internal/sim"
)

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
		{"the prefix alone lists the calls", http.MethodGet, "/", http.StatusOK},
		{"the prefix alone, POST", http.MethodPost, "/", http.StatusMethodNotAllowed},
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
