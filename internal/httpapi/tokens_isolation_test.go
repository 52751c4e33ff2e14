package httpapi_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

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
