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
