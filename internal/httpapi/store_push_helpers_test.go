package httpapi_test

import (
	"bytes"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"
)

// --- driving wxmock ---

// spUpload uploads a small JPEG as the app's image and returns its media_id.
func spUpload(t *testing.T, e *env, tok string) string {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	part, err := mw.CreateFormFile("media", "head.jpg")
	if err != nil {
		t.Fatal(err)
	}
	_, _ = part.Write([]byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00 a tiny stand-in for a head image"))
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	req := httptest.NewRequest(http.MethodPost, "/cgi-bin/media/upload?type=image&access_token="+url.QueryEscape(tok), &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	rec := httptest.NewRecorder()
	e.m.HTTP.ServeHTTP(rec, req)
	var out struct {
		MediaID string `json:"media_id"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil || out.MediaID == "" {
		t.Fatalf("upload: %d %s", rec.Code, rec.Body)
	}
	return out.MediaID
}

// spApply calls apply_merchant with the non-sensitive category pair.
func spApply(t *testing.T, e *env, tok, media, nickname, intro string) {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"first_catid": spFirstCat, "second_catid": spSecondCat,
		"headimg_mediaid": media, "nickname": nickname, "intro": intro})
	e.wantOK(e.post("/wxa/apply_merchant", tok, string(body)), "ok")
}

// spMerchantAudit returns get_merchant_audit_info's data.
func spMerchantAudit(t *testing.T, e *env, tok string) (auditID uint64, status int, reason string) {
	t.Helper()
	r := e.do(http.MethodGet, "/wxa/get_merchant_audit_info?access_token="+url.QueryEscape(tok), "")
	var out struct {
		ErrCode int `json:"errcode"`
		Data    struct {
			AuditID uint64 `json:"audit_id"`
			Status  int    `json:"status"`
			Reason  string `json:"reason"`
		} `json:"data"`
	}
	if err := json.Unmarshal([]byte(r.Raw), &out); err != nil || out.ErrCode != 0 {
		t.Fatalf("get_merchant_audit_info: %v %s", err, r.Raw)
	}
	return out.Data.AuditID, out.Data.Status, out.Data.Reason
}

// spFlush waits until every push is delivered or given up.
func spFlush(t *testing.T, e *env) {
	t.Helper()
	if r := e.admin(http.MethodPost, "/pushes/flush", `{}`); r.Status != http.StatusOK {
		t.Fatalf("flush: %d %s", r.Status, r.Raw)
	}
}

// spResolve advances the clock past the audit delay and waits for the
// pushes; it returns the clock's seconds after the advance.
func spResolve(t *testing.T, e *env) int64 {
	t.Helper()
	e.advance(5 * time.Second)
	spFlush(t, e)
	return e.m.Sim.Now().Unix()
}

// spLogged is a push as GET /__wxmock/pushes lists it.
type spLogged struct {
	ID       uint64 `json:"id"`
	AppID    string `json:"appid"`
	Event    string `json:"event"`
	URL      string `json:"url"`
	Mode     string `json:"mode"`
	Body     string `json:"body"`
	Plain    string `json:"plain"`
	State    string `json:"state"`
	Error    string `json:"error"`
	Attempts []struct {
		N      int    `json:"n"`
		Status int    `json:"status"`
		Error  string `json:"error"`
	} `json:"attempts"`
}

func spPushes(t *testing.T, e *env, query string) []spLogged {
	t.Helper()
	r := e.admin(http.MethodGet, "/pushes"+query, "")
	var out struct {
		Pushes []spLogged `json:"pushes"`
	}
	if r.Status != http.StatusOK {
		t.Fatalf("GET /pushes: %d %s", r.Status, r.Raw)
	}
	if err := json.Unmarshal([]byte(r.Raw), &out); err != nil {
		t.Fatalf("GET /pushes: %v\n%s", err, r.Raw)
	}
	return out.Pushes
}

// spOne returns the single request of reqs.
func spOne(t *testing.T, reqs []spReq) spReq {
	t.Helper()
	if len(reqs) != 1 {
		t.Fatalf("receiver got %d requests, want 1", len(reqs))
	}
	return reqs[0]
}

// spServe calls the handler without a testing.T, for goroutines.
func spServe(h http.Handler, method, target, body string) (int, string) {
	req := httptest.NewRequest(method, target, strings.NewReader(body))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Code, rec.Body.String()
}

// spWithin runs fn in a goroutine and fails the test when it has not
// returned within limit.
func spWithin(t *testing.T, limit time.Duration, what string, fn func() (int, string)) (int, string) {
	t.Helper()
	type result struct {
		code int
		body string
	}
	done := make(chan result, 1)
	go func() {
		c, b := fn()
		done <- result{c, b}
	}()
	timer := time.NewTimer(limit)
	defer timer.Stop()
	select {
	case r := <-done:
		return r.code, r.body
	case <-timer.C:
		t.Errorf("%s did not answer within %s", what, limit)
		return 0, ""
	}
}

// spResolveAudit resolves an audit through the control API.
func spResolveAudit(t *testing.T, e *env, auditID uint64, body string) {
	t.Helper()
	r := e.admin(http.MethodPost, "/audits/"+strconv.FormatUint(auditID, 10)+"/resolve", body)
	if r.Status != http.StatusOK {
		t.Fatalf("resolve %d %s: %d %s", auditID, body, r.Status, r.Raw)
	}
}
