package httpapi_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// tkMsgStale is WeChat's newer 40001 text (REFERENCE.md, Global codes).
const tkMsgStale = "invalid credential, access_token is invalid or not latest, could get access_token by getStableAccessToken, more details at https://mmbizurl.cn/s/JtxxFh33r"

// tkGrant returns the access_token and expires_in of a token answer.
func tkGrant(t *testing.T, r resp) (string, int64) {
	t.Helper()
	tok, ok := r.Body["access_token"].(string)
	if r.Status != http.StatusOK || !ok || tok == "" {
		t.Fatalf("want a token, got %d: %s", r.Status, r.Raw)
	}
	n, ok := r.Body["expires_in"].(json.Number)
	if !ok {
		t.Fatalf("expires_in is not a number: %s", r.Raw)
	}
	exp, err := n.Int64()
	if err != nil {
		t.Fatalf("expires_in %s: %v", n, err)
	}
	return tok, exp
}

// tkStable calls stable_token for the default app.
func (e *env) tkStable(force bool) resp {
	e.t.Helper()
	body := `{"grant_type":"client_credential","appid":"` + appID + `","secret":"` + secret + `"}`
	if force {
		body = `{"grant_type":"client_credential","appid":"` + appID + `","secret":"` + secret + `","force_refresh":true}`
	}
	return e.do(http.MethodPost, "/cgi-bin/stable_token", body)
}

// tkWorks fails the test unless tok is accepted by an API call.
func (e *env) tkWorks(tok string) {
	e.t.Helper()
	e.wantOK(e.post("/promoter/getrole", tok, `{}`), "OK")
}

// tkRefused fails the test unless tok is refused with code and msg.
func (e *env) tkRefused(tok string, code int, msg string) {
	e.t.Helper()
	e.wantErr(e.post("/promoter/getrole", tok, `{}`), code, msg)
}

func TestTokenIssue(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		method string
	}{
		{name: "GET", method: http.MethodGet},
		{name: "POST with the same query", method: http.MethodPost},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := setup(t)
			r := e.do(tc.method, "/cgi-bin/token?grant_type=client_credential&appid="+appID+"&secret="+secret, "")
			tok, exp := tkGrant(t, r)
			diff(t, "expires_in", int64(7200), exp)
			diff(t, "answer fields", []string{"access_token", "expires_in"}, evKeys(r.Body))
			e.tkWorks(tok)
		})
	}
}

func TestTokenCredentialErrors(t *testing.T) {
	t.Parallel()
	const unknown = "wx00000000000000ff"
	for _, tc := range []struct {
		name   string
		params map[string]string
		code   int
		msg    string
	}{
		{name: "nothing", params: map[string]string{}, code: 41002, msg: "appid missing"},
		{name: "no appid", params: map[string]string{"grant_type": "client_credential", "secret": secret}, code: 41002, msg: "appid missing"},
		{name: "no appid and a bad grant_type", params: map[string]string{"grant_type": "password", "secret": secret}, code: 41002, msg: "appid missing"},
		{name: "unknown appid", params: map[string]string{"grant_type": "client_credential", "appid": unknown, "secret": secret}, code: 40013, msg: "invalid appid"},
		{name: "unknown appid and a bad grant_type", params: map[string]string{"grant_type": "password", "appid": unknown, "secret": secret}, code: 40013, msg: "invalid appid"},
		{name: "unknown appid without grant_type or secret", params: map[string]string{"appid": unknown}, code: 40013, msg: "invalid appid"},
		{name: "malformed appid", params: map[string]string{"grant_type": "client_credential", "appid": "nope", "secret": secret}, code: 40013, msg: "invalid appid"},
		{name: "wrong grant_type", params: map[string]string{"grant_type": "password", "appid": appID, "secret": secret}, code: 40002, msg: "invalid grant_type"},
		{name: "grant_type in upper case", params: map[string]string{"grant_type": "CLIENT_CREDENTIAL", "appid": appID, "secret": secret}, code: 40002, msg: "invalid grant_type"},
		{name: "missing grant_type", params: map[string]string{"appid": appID, "secret": secret}, code: 40002, msg: "invalid grant_type"},
		{name: "wrong grant_type and no secret", params: map[string]string{"grant_type": "password", "appid": appID}, code: 40002, msg: "invalid grant_type"},
		{name: "no secret", params: map[string]string{"grant_type": "client_credential", "appid": appID}, code: 41004, msg: "appsecret missing"},
		{name: "empty secret", params: map[string]string{"grant_type": "client_credential", "appid": appID, "secret": ""}, code: 41004, msg: "appsecret missing"},
		{name: "wrong secret", params: map[string]string{"grant_type": "client_credential", "appid": appID, "secret": strings.Repeat("f", 32)}, code: 40125, msg: "invalid appsecret"},
	} {
		t.Run("token/"+tc.name, func(t *testing.T) {
			t.Parallel()
			e := setup(t)
			q := url.Values{}
			for k, v := range tc.params {
				q.Set(k, v)
			}
			e.wantErr(e.do(http.MethodGet, "/cgi-bin/token?"+q.Encode(), ""), tc.code, tc.msg)
		})
		t.Run("stable_token/"+tc.name, func(t *testing.T) {
			t.Parallel()
			e := setup(t)
			body, err := json.Marshal(tc.params)
			if err != nil {
				t.Fatal(err)
			}
			e.wantErr(e.do(http.MethodPost, "/cgi-bin/stable_token", string(body)), tc.code, tc.msg)
		})
	}
}

func TestStableTokenRequestErrors(t *testing.T) {
	t.Parallel()
	creds := "grant_type=client_credential&appid=" + appID + "&secret=" + secret
	for _, tc := range []struct {
		name   string
		method string
		target string
		body   string
		code   int
		msg    string
	}{
		{name: "GET with a query", method: http.MethodGet, target: "/cgi-bin/stable_token?" + creds, code: 43002, msg: "require POST method"},
		{name: "GET with a JSON body", method: http.MethodGet, target: "/cgi-bin/stable_token",
			body: `{"grant_type":"client_credential","appid":"` + appID + `","secret":"` + secret + `"}`, code: 43002, msg: "require POST method"},
		{name: "empty body", method: http.MethodPost, target: "/cgi-bin/stable_token", code: 44002, msg: "empty post data"},
		{name: "whitespace body", method: http.MethodPost, target: "/cgi-bin/stable_token", body: " \n\t", code: 44002, msg: "empty post data"},
		{name: "credentials in the query only", method: http.MethodPost, target: "/cgi-bin/stable_token?" + creds, body: `{}`, code: 41002, msg: "appid missing"},
		{name: "form-encoded body", method: http.MethodPost, target: "/cgi-bin/stable_token", body: creds, code: 41002, msg: "appid missing"},
		{name: "force_refresh as a string", method: http.MethodPost, target: "/cgi-bin/stable_token",
			body: `{"grant_type":"client_credential","appid":"` + appID + `","secret":"` + secret + `","force_refresh":"true"}`, code: 47001, msg: "data format error"},
		{name: "force_refresh as a number", method: http.MethodPost, target: "/cgi-bin/stable_token",
			body: `{"grant_type":"client_credential","appid":"` + appID + `","secret":"` + secret + `","force_refresh":1}`, code: 47001, msg: "data format error"},
		{name: "appid as a number", method: http.MethodPost, target: "/cgi-bin/stable_token",
			body: `{"grant_type":"client_credential","appid":123,"secret":"` + secret + `"}`, code: 47001, msg: "data format error"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := setup(t)
			e.wantErr(e.do(tc.method, tc.target, tc.body), tc.code, tc.msg)
		})
	}
}

func TestTokenExpiry(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		stable  bool
		advance time.Duration
		code    int // 0: the token works
	}{
		{name: "plain at +0", advance: 0},
		{name: "plain at +7199s", advance: 7199 * time.Second},
		{name: "plain at +7200s", advance: 7200 * time.Second, code: 42001},
		{name: "plain at +8h", advance: 8 * time.Hour, code: 42001},
		{name: "stable at +7199s", stable: true, advance: 7199 * time.Second},
		{name: "stable at +7200s", stable: true, advance: 7200 * time.Second, code: 42001},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := setup(t)
			var tok string
			if tc.stable {
				tok, _ = tkGrant(t, e.tkStable(false))
			} else {
				tok = e.token()
			}
			if tc.advance > 0 {
				e.advance(tc.advance)
			}
			if tc.code == 0 {
				e.tkWorks(tok)
				return
			}
			e.tkRefused(tok, tc.code, "access_token expired")
		})
	}
}

func TestTokenReissue(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		advance time.Duration
		oldOK   bool
	}{
		{name: "old token at once", advance: 0, oldOK: true},
		{name: "old token at +299s", advance: 299 * time.Second, oldOK: true},
		{name: "old token at +300s", advance: 300 * time.Second, oldOK: false},
		{name: "old token at +1h", advance: time.Hour, oldOK: false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := setup(t)
			old := e.token()
			fresh := e.token()
			if old == fresh {
				t.Fatalf("second call returned the same token %q", old)
			}
			if tc.advance > 0 {
				e.advance(tc.advance)
			}
			if tc.oldOK {
				e.tkWorks(old)
			} else {
				e.tkRefused(old, 40001, tkMsgStale)
			}
			e.tkWorks(fresh)
		})
	}
	t.Run("a third call does not extend the first token", func(t *testing.T) {
		t.Parallel()
		e := setup(t)
		first, second := e.token(), e.token()
		e.advance(200 * time.Second)
		third := e.token()
		// Only the token before the newest keeps its grace ("新老"): the
		// first stops the moment the third is issued.
		e.tkRefused(first, 40001, tkMsgStale)
		e.advance(100 * time.Second) // 300 s after the second token
		e.tkRefused(first, 40001, tkMsgStale)
		e.tkWorks(second)
		e.advance(200 * time.Second) // 300 s after the third token
		e.tkRefused(second, 40001, tkMsgStale)
		e.tkWorks(third)
	})
}

func TestStableTokenNormalMode(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name      string
		advance   time.Duration
		same      bool
		expiresIn int64
	}{
		{name: "at once", advance: 0, same: true, expiresIn: 7200},
		{name: "at +1000s", advance: 1000 * time.Second, same: true, expiresIn: 6200},
		{name: "at +6899s", advance: 6899 * time.Second, same: true, expiresIn: 301},
		{name: "at +6901s, in the last 300s", advance: 6901 * time.Second, same: false, expiresIn: 7200},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := setup(t)
			first, exp := tkGrant(t, e.tkStable(false))
			diff(t, "first expires_in", int64(7200), exp)
			if tc.advance > 0 {
				e.advance(tc.advance)
			}
			second, exp := tkGrant(t, e.tkStable(false))
			diff(t, "second expires_in", tc.expiresIn, exp)
			diff(t, "same token", tc.same, first == second)
			e.tkWorks(first)
			e.tkWorks(second)
		})
	}
	t.Run("old and new both work until the old expires", func(t *testing.T) {
		t.Parallel()
		e := setup(t)
		old, _ := tkGrant(t, e.tkStable(false))
		e.advance(6901 * time.Second)
		fresh, _ := tkGrant(t, e.tkStable(false))
		if fresh == old {
			t.Fatal("no new token in the last 300 s")
		}
		e.advance(298 * time.Second) // +7199 s
		e.tkWorks(old)
		e.tkWorks(fresh)
		again, exp := tkGrant(t, e.tkStable(false))
		diff(t, "token after renewal", fresh, again)
		diff(t, "expires_in after renewal", int64(7200-298), exp)
		e.advance(time.Second) // +7200 s
		e.tkRefused(old, 42001, "access_token expired")
		e.tkWorks(fresh)
	})
}

func TestStableTokenForceRefresh(t *testing.T) {
	t.Parallel()
	t.Run("retires the old token at once", func(t *testing.T) {
		t.Parallel()
		e := setup(t)
		old, _ := tkGrant(t, e.tkStable(false))
		e.advance(10 * time.Second)
		fresh, exp := tkGrant(t, e.tkStable(true))
		if fresh == old {
			t.Fatal("force_refresh returned the old token")
		}
		diff(t, "expires_in", int64(7200), exp)
		e.tkRefused(old, 40001, tkMsgStale)
		e.tkWorks(fresh)
		normal, _ := tkGrant(t, e.tkStable(false))
		diff(t, "normal mode after force_refresh", fresh, normal)
	})
	for _, tc := range []struct {
		name    string
		gap     time.Duration
		refresh bool
	}{
		{name: "again at once", gap: 0, refresh: false},
		{name: "again after 29s", gap: 29 * time.Second, refresh: false},
		{name: "again after 30s", gap: 30 * time.Second, refresh: true},
		{name: "again after 31s", gap: 31 * time.Second, refresh: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := setup(t)
			first, _ := tkGrant(t, e.tkStable(true))
			if tc.gap > 0 {
				e.advance(tc.gap)
			}
			second, exp := tkGrant(t, e.tkStable(true))
			diff(t, "refreshed", tc.refresh, first != second)
			if tc.refresh {
				diff(t, "expires_in", int64(7200), exp)
				e.tkRefused(first, 40001, tkMsgStale)
			} else {
				diff(t, "expires_in", int64(7200-tc.gap/time.Second), exp)
				e.tkWorks(first)
			}
			e.tkWorks(second)
		})
	}
	t.Run("20 a China day", func(t *testing.T) {
		t.Parallel()
		e := setup(t)
		var cur string
		for i := 1; i <= 20; i++ {
			if i > 1 {
				e.advance(30 * time.Second)
			}
			tok, _ := tkGrant(t, e.tkStable(true))
			if tok == cur {
				t.Fatalf("force refresh %d returned the current token", i)
			}
			// A call inside the 30 s gap refreshes nothing and does not
			// count, even after the 20th: it gets the current token.
			same, _ := tkGrant(t, e.tkStable(true))
			diff(t, "token inside the gap", tok, same)
			cur = tok
		}
		e.advance(30 * time.Second)
		e.wantErr(e.tkStable(true), 45009, "reach max api daily quota limit")
		e.tkWorks(cur)
		normal, _ := tkGrant(t, e.tkStable(false))
		diff(t, "normal mode at the quota", cur, normal)

		// 2024-01-25 00:00 in China is 2024-01-24 16:00 UTC: the count
		// resets then, neither at UTC midnight nor 24 h after the first.
		midnight := time.Date(2024, 1, 25, 0, 0, 0, 0, time.FixedZone("CST", 8*3600))
		e.advance(midnight.Sub(e.m.Sim.Now()) - time.Second)
		e.wantErr(e.tkStable(true), 45009, "reach max api daily quota limit")
		e.advance(time.Second)
		next, exp := tkGrant(t, e.tkStable(true))
		if next == cur {
			t.Fatal("no refresh on the next China day")
		}
		diff(t, "expires_in on the next day", int64(7200), exp)
		e.tkWorks(next)
	})
}

func TestTokenKindsIndependent(t *testing.T) {
	t.Parallel()
	t.Run("plain calls keep the stable token", func(t *testing.T) {
		t.Parallel()
		e := setup(t)
		stable, _ := tkGrant(t, e.tkStable(false))
		plain1 := e.token()
		plain2 := e.token()
		e.advance(300 * time.Second)
		e.tkRefused(plain1, 40001, tkMsgStale)
		e.tkWorks(plain2)
		e.tkWorks(stable)
		again, _ := tkGrant(t, e.tkStable(false))
		diff(t, "stable token after plain calls", stable, again)
	})
	t.Run("force_refresh keeps plain tokens", func(t *testing.T) {
		t.Parallel()
		e := setup(t)
		plain := e.token()
		stable, _ := tkGrant(t, e.tkStable(true))
		if stable == plain {
			t.Fatal("stable_token returned the plain token")
		}
		e.tkWorks(plain)
		e.advance(300 * time.Second)
		fresh, _ := tkGrant(t, e.tkStable(true))
		e.tkWorks(plain)
		e.tkRefused(stable, 40001, tkMsgStale)
		e.tkWorks(fresh)
	})
}

// tkAppB and tkSecretB are the second app of TestAppIsolation.
const (
	tkAppB    = "wx00000000000000aa"
	tkSecretB = "00112233445566778899aabbccddeeff"
)

// tkOpenID returns a well-formed openid ending in tag.
func tkOpenID(tag string) string { return "o" + strings.Repeat("x", 27-len(tag)) + tag }

// tkPromoters lists getpromoter's answer as openid, id and name.
func tkPromoters(t *testing.T, r resp) [][3]string {
	t.Helper()
	list, ok := r.Body["promoter_list"].([]any)
	if !ok {
		t.Fatalf("no promoter_list: %s", r.Raw)
	}
	out := [][3]string{}
	for _, it := range list {
		p, _ := it.(map[string]any)
		openid, _ := p["openid"].(string)
		id, _ := p["id"].(string)
		name, _ := p["name"].(string)
		out = append(out, [3]string{openid, id, name})
	}
	return out
}

// tkTwoApps sets up the default app and a second app, with a token of each.
func tkTwoApps(t *testing.T) (e *env, tokA, tokB string) {
	t.Helper()
	e = setup(t)
	r := e.admin(http.MethodPost, "/apps", `{"appid":"`+tkAppB+`","secret":"`+tkSecretB+`"}`)
	if r.Status != http.StatusOK || r.Body["appid"] != tkAppB {
		t.Fatalf("creating the app: %d %s", r.Status, r.Raw)
	}
	return e, e.token(), e.tokenOf(tkAppB, tkSecretB)
}

func TestAppIsolation(t *testing.T) {
	t.Parallel()
	t.Run("the secret belongs to its app", func(t *testing.T) {
		t.Parallel()
		e, _, _ := tkTwoApps(t)
		e.wantErr(e.do(http.MethodGet, "/cgi-bin/token?grant_type=client_credential&appid="+tkAppB+"&secret="+secret, ""), 40125, "invalid appsecret")
	})
	t.Run("a new app has the default role", func(t *testing.T) {
		t.Parallel()
		e, _, tokB := tkTwoApps(t)
		r := e.post("/promoter/getrole", tokB, `{}`)
		e.wantOK(r, "OK")
		diff(t, "roles of B", []any{map[string]any{"role_id": json.Number("1"), "name": "推广员", "desc": ""}}, r.Body["role_list"])
		diff(t, "total_cnt of B", json.Number("1"), r.Body["total_cnt"])
	})
	t.Run("roles", func(t *testing.T) {
		t.Parallel()
		e, tokA, tokB := tkTwoApps(t)
		e.wantOK(e.post("/promoter/addrole", tokA, `{"name":"only A"}`), "ok")
		rb := e.post("/promoter/addrole", tokB, `{"name":"only B"}`)
		e.wantOK(rb, "ok")
		diff(t, "role_id of B's first role", json.Number("2"), rb.Body["role_id"])
		names := func(tok string) []string {
			r := e.post("/promoter/getrole", tok, `{}`)
			e.wantOK(r, "OK")
			var out []string
			list, _ := r.Body["role_list"].([]any)
			for _, it := range list {
				m, _ := it.(map[string]any)
				name, _ := m["name"].(string)
				out = append(out, name)
			}
			return out
		}
		diff(t, "roles of A", []string{"推广员", "only A"}, names(tokA))
		diff(t, "roles of B", []string{"推广员", "only B"}, names(tokB))
	})
	t.Run("promoters", func(t *testing.T) {
		t.Parallel()
		e, tokA, tokB := tkTwoApps(t)
		e.wantErr(e.post("/promoter/getpromoter", tokB, `{}`), 103006, "data not exist")
		for _, c := range []struct{ tok, body string }{
			{tokA, `{"promoter_list":[{"openid":"` + tkOpenID("A1") + `","role_id":1},{"openid":"` + tkOpenID("A2") + `","role_id":1}]}`},
			{tokB, `{"promoter_list":[{"openid":"` + tkOpenID("B1") + `","role_id":1}]}`},
		} {
			r := e.post("/promoter/addpromoter", c.tok, c.body)
			e.wantOK(r, "OK")
			diff(t, "fail_cnt", json.Number("0"), r.Body["fail_cnt"])
		}
		ra := e.post("/promoter/getpromoter", tokA, `{}`)
		e.wantOK(ra, "OK")
		diff(t, "promoters of A", [][3]string{{tkOpenID("A1"), "1", ""}, {tkOpenID("A2"), "2", ""}}, tkPromoters(t, ra))
		rb := e.post("/promoter/getpromoter", tokB, `{}`)
		e.wantOK(rb, "OK")
		diff(t, "promoters of B", [][3]string{{tkOpenID("B1"), "1", ""}}, tkPromoters(t, rb))
		e.wantErr(e.post("/promoter/getpromoter", tokB, `{"openid":"`+tkOpenID("A1")+`"}`), 103006, "data not exist")

		// A's promoter 2 has no counterpart in B.
		e.wantErr(e.post("/promoter/updatepromoter", tokB, `{"id":"2","name":"B"}`), 103006, "data not exist")
		// Both apps number their promoters from 1: B's update of id "1"
		// must touch B's promoter only.
		e.wantOK(e.post("/promoter/updatepromoter", tokB, `{"id":"1","name":"B"}`), "OK")
		ra = e.post("/promoter/getpromoter", tokA, `{}`)
		diff(t, "promoters of A after B's update", [][3]string{{tkOpenID("A1"), "1", ""}, {tkOpenID("A2"), "2", ""}}, tkPromoters(t, ra))
		rb = e.post("/promoter/getpromoter", tokB, `{}`)
		diff(t, "promoters of B after B's update", [][3]string{{tkOpenID("B1"), "1", "B"}}, tkPromoters(t, rb))
	})
}

func TestTokenBeforeMethod(t *testing.T) {
	t.Parallel()
	for _, ep := range evPostEndpoints {
		for _, tc := range []struct {
			name   string
			method string
			query  string // "GOOD" and "EXPIRED" stand for such tokens
			body   string
			code   int
			msg    string
		}{
			{name: "GET without access_token", method: http.MethodGet, query: "", code: 41001, msg: "access_token missing"},
			{name: "GET with an empty access_token", method: http.MethodGet, query: "?access_token=", code: 41001, msg: "access_token missing"},
			{name: "GET with a bad token", method: http.MethodGet, query: "?access_token=nope", code: 40001, msg: tkMsgStale},
			{name: "GET with an expired token", method: http.MethodGet, query: "?access_token=EXPIRED", code: 42001, msg: "access_token expired"},
			{name: "GET with a good token", method: http.MethodGet, query: "?access_token=GOOD", code: 43002, msg: "require POST method"},
			{name: "POST an empty body without access_token", method: http.MethodPost, query: "", code: 41001, msg: "access_token missing"},
			{name: "POST malformed JSON with a bad token", method: http.MethodPost, query: "?access_token=nope", body: "{", code: 40001, msg: tkMsgStale},
		} {
			t.Run(ep+"/"+tc.name, func(t *testing.T) {
				t.Parallel()
				e := setup(t)
				q := tc.query
				switch q {
				case "?access_token=EXPIRED":
					q = "?access_token=" + e.token()
					e.advance(7200 * time.Second)
				case "?access_token=GOOD":
					q = "?access_token=" + e.token()
				}
				e.wantErr(e.do(tc.method, ep+q, tc.body), tc.code, tc.msg)
			})
		}
	}
}

// TestTokensStayBounded: however often a client asks on a frozen clock,
// an app holds the new token and the one before it, not every token ever
// issued (each call used to scan them all).
func TestTokensStayBounded(t *testing.T) {
	t.Parallel()
	e := setup(t)
	for i := 0; i < 200; i++ {
		e.token()
		e.do(http.MethodPost, "/cgi-bin/stable_token", `{"grant_type":"client_credential","appid":"`+appID+`","secret":"`+secret+`","force_refresh":true}`)
		e.advance(31 * time.Second)
	}
	st, err := e.m.Sim.Export()
	if err != nil {
		t.Fatal(err)
	}
	if n := len(st.Tokens); n > 4 {
		t.Errorf("the app holds %d tokens after 200 refreshes of each kind, want at most 4", n)
	}
}
