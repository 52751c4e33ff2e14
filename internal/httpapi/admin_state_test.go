package httpapi_test

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/wxmock/wxmock/internal/mock"
	"github.com/wxmock/wxmock/internal/sim"
)

func TestAdminStateRoundTrip(t *testing.T) {
	t.Parallel()
	e := setup(t)
	tok := e.admBusy()
	exported := e.admState()

	var st sim.State
	admDecode(t, resp{Raw: exported}, &st)
	diff(t, "counters", []sim.Counters{
		{AppID: mock.LegacyAppID, NextRoleID: 2, NextPromoterID: 1, NextRelationID: 1, NextOrderID: 1},
		{AppID: appID, NextRoleID: 3, NextPromoterID: 4, Records: 3, Declared: 2, NextRelationID: 1, NextOrderID: 1},
		{AppID: "wx2222222222222222", NextRoleID: 2, NextPromoterID: 2, Records: 1, Declared: 1, NextRelationID: 1, NextOrderID: 1},
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

// TestAdminStatePutVersions: PUT state reads documents as -state and
// -persist do: the current version strictly, a newer one refused with
// the reason, and the state left as it was.
func TestAdminStatePutVersions(t *testing.T) {
	t.Parallel()
	e := setup(t)
	before := e.admin(http.MethodGet, "/state", "").Raw
	tests := []struct {
		name, body, want string
	}{
		{"newer", `{"version": 99, "apps": []}`, "version 99 is newer than this wxmock reads"},
		{"current with a miscased key", `{"version": 1, "Apps": []}`, "body:"},
	}
	for _, tc := range tests {
		r := e.admin(http.MethodPut, "/state", tc.body)
		if r.Status != http.StatusBadRequest || !strings.Contains(r.Raw, tc.want) {
			t.Errorf("%s: %d %s, want 400 with %q", tc.name, r.Status, r.Raw, tc.want)
		}
	}
	if after := e.admin(http.MethodGet, "/state", "").Raw; after != before {
		t.Error("a refused PUT state changed the state")
	}
}
