package httpapi_test

import (
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/wxmock/wxmock/internal/sim"
)

// --- the tests ---

// TestStorePushPlain: a plain-mode push of the merchant's approval.
func TestStorePushPlain(t *testing.T) {
	t.Parallel()
	rc := spNewReceiver(t, nil)
	e := setup(t, spPushTo(rc, sim.PushPlain))
	tok := e.token()
	spApply(t, e, tok, spUpload(t, e, tok), "TestShop001", "a shop for push tests")
	auditID, status, _ := spMerchantAudit(t, e, tok)
	if status != 2 || auditID == 0 {
		t.Fatalf("before the audit: status %d audit_id %d, want 2 and an id", status, auditID)
	}
	spFlush(t, e)
	if got := rc.all(); len(got) != 0 {
		t.Fatalf("%d pushes before the audit resolved", len(got))
	}

	now := spResolve(t, e)
	if now != start.Unix()+5 {
		t.Errorf("clock %d after a 5 s advance, want %d", now, start.Unix()+5)
	}
	rq := spOne(t, rc.next())
	plain, _ := spOpen(t, rq, sim.PushPlain, spToken, "", appID, "/wx")
	if ts := rq.Query.Get("timestamp"); ts != strconv.FormatInt(now, 10) {
		t.Errorf("timestamp %s, want the virtual clock's %d", ts, now)
	}
	ev := spCheckEvent(t, plain, "apply_merchant_audit_info", spOriginalID, now)
	if ev.FromUserName != sim.AdminOpenID(appID) {
		t.Errorf("FromUserName %q, want the app's administrator %q", ev.FromUserName, sim.AdminOpenID(appID))
	}
	diff(t, "merchant event", struct {
		AuditID uint64
		Status  int
		Reason  string
	}{auditID, 1, ""}, struct {
		AuditID uint64
		Status  int
		Reason  string
	}{ev.AuditID, ev.Status, ev.Reason})
	if _, st, _ := spMerchantAudit(t, e, tok); st != 1 {
		t.Errorf("get_merchant_audit_info status %d after the push, want 1", st)
	}

	logged := spPushes(t, e, "")
	if len(logged) != 1 {
		t.Fatalf("%d pushes logged, want 1", len(logged))
	}
	p := logged[0]
	if p.State != "delivered" || len(p.Attempts) != 1 || p.Attempts[0].Status != 200 || p.Mode != "plain" ||
		p.AppID != appID || p.Event != "apply_merchant_audit_info" || p.Body != string(rq.Body) || p.Plain != string(rq.Body) {
		t.Errorf("logged push %+v does not match the delivery %s", p, rq.Body)
	}
	if p.URL != rc.srv.URL+"/wx?"+rq.RawQuery {
		t.Errorf("logged URL %s, receiver saw /wx?%s", p.URL, rq.RawQuery)
	}
}

// TestStorePushSafe: safe mode sends only ToUserName and Encrypt.
func TestStorePushSafe(t *testing.T) {
	t.Parallel()
	rc := spNewReceiver(t, nil)
	e := setup(t, spPushTo(rc, sim.PushSafe))
	tok := e.token()
	spApply(t, e, tok, spUpload(t, e, tok), "TestShop001", "a shop for push tests")
	auditID, _, _ := spMerchantAudit(t, e, tok)
	now := spResolve(t, e)

	rq := spOne(t, rc.next())
	diff(t, "safe-mode body elements", []string{"ToUserName", "Encrypt"}, spChildren(t, rq.Body))
	plain, outer := spOpen(t, rq, sim.PushSafe, spToken, spAESKey, appID, "/wx")
	if outer.ToUserName != spOriginalID {
		t.Errorf("envelope ToUserName %q, want %s", outer.ToUserName, spOriginalID)
	}
	if !strings.HasPrefix(string(rq.Body), "<xml><ToUserName><![CDATA["+spOriginalID+"]]></ToUserName><Encrypt><![CDATA[") {
		t.Errorf("safe-mode body does not follow REFERENCE.md's layout:\n%s", rq.Body)
	}
	if ts := rq.Query.Get("timestamp"); ts != strconv.FormatInt(now, 10) {
		t.Errorf("timestamp %s, want %d", ts, now)
	}
	ev := spCheckEvent(t, plain, "apply_merchant_audit_info", spOriginalID, now)
	if ev.AuditID != auditID || ev.Status != 1 || ev.Reason != "" || ev.Encrypt != "" {
		t.Errorf("decrypted event %+v, want audit %d status 1", ev, auditID)
	}
	if p := spPushes(t, e, ""); len(p) != 1 || p[0].Plain != string(plain) || p[0].Body != string(rq.Body) || p[0].Mode != "safe" {
		t.Errorf("logged push %+v does not match the delivery", p)
	}
}

// TestStorePushCompat: compat mode sends the plain fields and Encrypt.
func TestStorePushCompat(t *testing.T) {
	t.Parallel()
	rc := spNewReceiver(t, nil)
	e := setup(t, spPushTo(rc, sim.PushCompat))
	tok := e.token()
	spApply(t, e, tok, spUpload(t, e, tok), "TestShop001", "a shop for push tests")
	auditID, _, _ := spMerchantAudit(t, e, tok)
	now := spResolve(t, e)

	rq := spOne(t, rc.next())
	plain, outer := spOpen(t, rq, sim.PushCompat, spToken, spAESKey, appID, "/wx")
	names := spChildren(t, rq.Body)
	if len(names) == 0 || names[len(names)-1] != "Encrypt" {
		t.Errorf("compat body elements %v, want the event's then Encrypt", names)
	}
	diff(t, "compat plain elements", spChildren(t, plain), slices.DeleteFunc(names, func(s string) bool { return s == "Encrypt" }))
	ev := spCheckEvent(t, plain, "apply_merchant_audit_info", spOriginalID, now)
	outer.Encrypt = ""
	diff(t, "compat plain fields vs. decrypted event", ev, outer)
	if ev.AuditID != auditID || ev.Status != 1 {
		t.Errorf("event %+v, want audit %d status 1", ev, auditID)
	}
}

// TestStorePushNoURL: an app without a push URL logs its pushes as skipped.
func TestStorePushNoURL(t *testing.T) {
	t.Parallel()
	rc := spNewReceiver(t, nil) // configured nowhere: nothing may reach it
	e := setup(t)
	tok := e.token()
	spApply(t, e, tok, spUpload(t, e, tok), "TestShop001", "a shop")
	auditID, _, _ := spMerchantAudit(t, e, tok)
	now := spResolve(t, e)
	ps := spPushes(t, e, "")
	if len(ps) != 1 {
		t.Fatalf("%d pushes logged, want 1", len(ps))
	}
	p := ps[0]
	if p.State != "skipped" || p.URL != "" || len(p.Attempts) != 0 || p.Event != "apply_merchant_audit_info" {
		t.Errorf("push %+v, want skipped with no URL and no attempt", p)
	}
	ev := spCheckEvent(t, []byte(p.Plain), "apply_merchant_audit_info", spOriginalID, now)
	if ev.AuditID != auditID || ev.Status != 1 {
		t.Errorf("logged event %+v, want audit %d status 1", ev, auditID)
	}
	if n := len(rc.all()); n != 0 {
		t.Errorf("%d requests sent", n)
	}
}

// TestStorePushBadSettings: the control API refuses push settings WeChat's
// console would refuse.
func TestStorePushBadSettings(t *testing.T) {
	t.Parallel()
	e := setup(t)
	countApps := func() int {
		t.Helper()
		var out struct {
			Apps []json.RawMessage `json:"apps"`
		}
		r := e.admin(http.MethodGet, "/apps", "")
		if err := json.Unmarshal([]byte(r.Raw), &out); err != nil {
			t.Fatalf("GET /apps: %v %s", err, r.Raw)
		}
		return len(out.Apps)
	}
	before := countApps()
	for _, c := range []struct {
		name, push string
	}{
		{"safe without aes_key", `{"url": "http://127.0.0.1/wx", "token": "tok123", "mode": "safe"}`},
		{"compat without aes_key", `{"url": "http://127.0.0.1/wx", "token": "tok123", "mode": "compat"}`},
		{"aes_key of 42", `{"url": "http://127.0.0.1/wx", "token": "tok123", "aes_key": "` + spAESKey[:42] + `", "mode": "safe"}`},
		{"aes_key of 44", `{"url": "http://127.0.0.1/wx", "token": "tok123", "aes_key": "` + spAESKey + `A", "mode": "safe"}`},
		{"aes_key of 42 in plain mode", `{"url": "http://127.0.0.1/wx", "token": "tok123", "aes_key": "` + spAESKey[:42] + `", "mode": "plain"}`},
		{"aes_key not base64", `{"url": "http://127.0.0.1/wx", "token": "tok123", "aes_key": "` + spAESKey[:42] + `!", "mode": "safe"}`},
		{"token a!", `{"url": "http://127.0.0.1/wx", "token": "a!", "mode": "plain"}`},
		{"token too short", `{"url": "http://127.0.0.1/wx", "token": "ab", "mode": "plain"}`},
		{"token too long", `{"url": "http://127.0.0.1/wx", "token": "` + strings.Repeat("a", 33) + `", "mode": "plain"}`},
		{"url without token", `{"url": "http://127.0.0.1/wx", "mode": "plain"}`},
		{"url ftp://x", `{"url": "ftp://x", "token": "tok123", "mode": "plain"}`},
		{"url with an unclosed IPv6 bracket", `{"url": "http://[::1", "token": "tok123", "mode": "plain"}`},
		{"url without a host", `{"url": "http:///wx", "token": "tok123", "mode": "plain"}`},
		{"url with only a port", `{"url": "http://:9000/wx", "token": "tok123", "mode": "plain"}`},
		{"url with a space in the host", `{"url": "http://exa mple.com/wx", "token": "tok123", "mode": "plain"}`},
		{"url with a bad escape", `{"url": "http://127.0.0.1/wx%zz", "token": "tok123", "mode": "plain"}`},
		{"url javascript:", `{"url": "javascript:alert(1)", "token": "tok123", "mode": "plain"}`},
		{"unknown mode", `{"url": "http://127.0.0.1/wx", "token": "tok123", "mode": "aes"}`},
	} {
		r := e.admin(http.MethodPost, "/apps", `{"push": `+c.push+`}`)
		if r.Status != http.StatusBadRequest {
			t.Errorf("%s: %d %s, want 400", c.name, r.Status, r.Raw)
		}
	}
	if n := countApps(); n != before {
		t.Errorf("%d apps after the refusals, want %d", n, before)
	}
	// The control case: the same settings done right are accepted.
	ok := `{"url": "https://example.com/wx?x=1", "token": "` + strings.Repeat("a", 32) + `", "aes_key": "` + spAESKey + `", "mode": "safe"}`
	if r := e.admin(http.MethodPost, "/apps", `{"push": `+ok+`}`); r.Status != http.StatusOK {
		t.Errorf("good settings: %d %s", r.Status, r.Raw)
	}
}

// TestStorePushSettingsChange: new push settings of the default app apply
// to the next push, and a reset restores the configured ones.
func TestStorePushSettingsChange(t *testing.T) {
	t.Parallel()
	rc := spNewReceiver(t, nil)
	e := setup(t, spPushTo(rc, sim.PushPlain))
	const key2, token2 = "ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210zyxwvut", "changed789"
	r := e.admin(http.MethodPost, "/apps", `{"appid": "`+appID+`", "push": {"url": "`+rc.srv.URL+`/moved?x=1", "token": "`+token2+`", "aes_key": "`+key2+`", "mode": "compat"}}`)
	if r.Status != http.StatusOK {
		t.Fatalf("POST /apps: %d %s", r.Status, r.Raw)
	}
	tok := e.token()
	spApply(t, e, tok, spUpload(t, e, tok), "TestShop001", "fails wxmock:fail")
	now := spResolve(t, e)
	plain, _ := spOpen(t, spOne(t, rc.next()), sim.PushCompat, token2, key2, appID, "/moved")
	if ev := spCheckEvent(t, plain, "apply_merchant_audit_info", spOriginalID, now); ev.Status != 3 {
		t.Errorf("status %d, want 3", ev.Status)
	}

	if r := e.admin(http.MethodPost, "/reset", `{}`); r.Status != http.StatusOK {
		t.Fatalf("reset: %d %s", r.Status, r.Raw)
	}
	tok = e.token()
	spApply(t, e, tok, spUpload(t, e, tok), "TestShop001", "a shop")
	now = spResolve(t, e)
	plain, _ = spOpen(t, spOne(t, rc.next()), sim.PushPlain, spToken, "", appID, "/wx")
	if ev := spCheckEvent(t, plain, "apply_merchant_audit_info", spOriginalID, now); ev.Status != 1 {
		t.Errorf("after the reset: status %d, want 1", ev.Status)
	}
}
