package httpapi_test

// End-to-end tests of the XML audit pushes: a real HTTP receiver gets each
// push, and the test checks it with its own implementation of WeChat's
// signing and encryption, written from REFERENCE.md ("Pushes") rather than
// taken from internal/push, so that a mistake shared by both sides of the
// push package cannot hide.

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/sha1"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"maps"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wxmock/wxmock/internal/mock"
	"github.com/wxmock/wxmock/internal/sim"
)

const (
	spToken = "tok123"
	// spAESKey is the EncodingAESKey of WeChat's documentation; its last
	// character carries unused bits, as generated keys often do.
	spAESKey = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"
	// spOriginalID is the default app's original id (default_state.json).
	spOriginalID = "gh_0123456789ab"
	// spFirstCat and spSecondCat are 购物 and 综合商场, a category pair with
	// sensitive_type 0 (internal/fixtures/data/categories.json).
	spFirstCat, spSecondCat = 278, 279
)

// spReq is one request a receiver got.
type spReq struct {
	Method      string
	Path        string
	RawQuery    string
	Query       url.Values
	ContentType string
	Body        []byte
}

// spReceiver is an app's message server: it records every request and
// answers 200 "success" unless answer says otherwise.
type spReceiver struct {
	srv    *httptest.Server
	answer func(n int, w http.ResponseWriter, r *http.Request)

	mu   sync.Mutex
	reqs []spReq
	seen int // requests handed out by next
}

func spNewReceiver(t *testing.T, answer func(n int, w http.ResponseWriter, r *http.Request)) *spReceiver {
	t.Helper()
	rc := &spReceiver{answer: answer}
	rc.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		rc.mu.Lock()
		rc.reqs = append(rc.reqs, spReq{Method: r.Method, Path: r.URL.Path, RawQuery: r.URL.RawQuery,
			Query: r.URL.Query(), ContentType: r.Header.Get("Content-Type"), Body: body})
		n := len(rc.reqs)
		rc.mu.Unlock()
		if rc.answer != nil {
			rc.answer(n, w, r)
			return
		}
		_, _ = io.WriteString(w, "success")
	}))
	t.Cleanup(rc.srv.Close)
	return rc
}

// all returns every request so far.
func (rc *spReceiver) all() []spReq {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return slices.Clone(rc.reqs)
}

// next returns the requests that arrived since its last call.
func (rc *spReceiver) next() []spReq {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	out := slices.Clone(rc.reqs[rc.seen:])
	rc.seen = len(rc.reqs)
	return out
}

// waitFor polls until the receiver has n requests or d has passed.
func (rc *spReceiver) waitFor(n int, d time.Duration) []spReq {
	deadline := time.Now().Add(d)
	for {
		got := rc.all()
		if len(got) >= n || time.Now().After(deadline) {
			return got
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// spStatuses answers the n-th request with codes[n-1], 200 past the end.
func spStatuses(codes ...int) func(int, http.ResponseWriter, *http.Request) {
	return func(n int, w http.ResponseWriter, _ *http.Request) {
		code := http.StatusOK
		if n <= len(codes) {
			code = codes[n-1]
		}
		w.WriteHeader(code)
		_, _ = io.WriteString(w, "success")
	}
}

// spPushTo makes the default app push to rc in mode, with short delivery
// timeouts.
func spPushTo(rc *spReceiver, mode string) func(*mock.Options) {
	return func(o *mock.Options) {
		o.DefaultPush = sim.Push{URL: rc.srv.URL + "/wx?x=1", Token: spToken, AESKey: spAESKey, Mode: mode}
		o.PushTimeout = 200 * time.Millisecond
		o.PushRetryDelay = 10 * time.Millisecond
	}
}

// --- WeChat's scheme, written from REFERENCE.md ---

// spSign is hex(sha1(concat(sort(parts)))).
func spSign(parts ...string) string {
	s := slices.Clone(parts)
	slices.Sort(s)
	sum := sha1.Sum([]byte(strings.Join(s, "")))
	return hex.EncodeToString(sum[:])
}

// spDecrypt opens an Encrypt value: key = base64(EncodingAESKey + "="),
// IV = key[:16], AES-256-CBC, PKCS#7 to blocks of 32, then 16 random bytes,
// a 4-byte big-endian length, the message and the appid.
func spDecrypt(encodingAESKey, b64 string) (random, msg []byte, appid string, err error) {
	key, err := base64.StdEncoding.DecodeString(encodingAESKey + "=")
	if err != nil || len(key) != 32 {
		return nil, nil, "", fmt.Errorf("key %q: %v (%d bytes)", encodingAESKey, err, len(key))
	}
	ct, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		return nil, nil, "", fmt.Errorf("Encrypt is not base64: %v", err)
	}
	if len(ct) == 0 || len(ct)%32 != 0 {
		return nil, nil, "", fmt.Errorf("ciphertext of %d bytes is not padded to a multiple of 32", len(ct))
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, nil, "", err
	}
	pt := make([]byte, len(ct))
	cipher.NewCBCDecrypter(block, key[:16]).CryptBlocks(pt, ct)
	pad := int(pt[len(pt)-1])
	if pad < 1 || pad > 32 {
		return nil, nil, "", fmt.Errorf("pad byte %d is not 1 to 32", pad)
	}
	for _, c := range pt[len(pt)-pad:] {
		if int(c) != pad {
			return nil, nil, "", fmt.Errorf("bad PKCS#7 padding % x", pt[len(pt)-pad:])
		}
	}
	pt = pt[:len(pt)-pad]
	if len(pt) < 20 {
		return nil, nil, "", fmt.Errorf("plaintext of %d bytes has no room for its prefix", len(pt))
	}
	n := binary.BigEndian.Uint32(pt[16:20])
	if uint64(n) > uint64(len(pt)-20) {
		return nil, nil, "", fmt.Errorf("length field %d exceeds the %d bytes left", n, len(pt)-20)
	}
	return pt[:16], pt[20 : 20+n], string(pt[20+n:]), nil
}

// --- XML ---

// spEvent is every element an audit push may carry.
type spEvent struct {
	XMLName      xml.Name `xml:"xml"`
	ToUserName   string   `xml:"ToUserName"`
	FromUserName string   `xml:"FromUserName"`
	CreateTime   int64    `xml:"CreateTime"`
	MsgType      string   `xml:"MsgType"`
	Event        string   `xml:"Event"`
	AuditID      uint64   `xml:"audit_id"`
	Status       int      `xml:"status"`
	Reason       string   `xml:"reason"`
	MapPOIID     string   `xml:"map_poi_id"`
	Name         string   `xml:"name"`
	Address      string   `xml:"address"`
	Latitude     string   `xml:"latitude"`
	Longitude    string   `xml:"longitude"`
	ShRemark     string   `xml:"sh_remark"`
	IsUpgrade    int      `xml:"is_upgrade"`
	PoiID        string   `xml:"poiid"`
	Encrypt      string   `xml:"Encrypt"`
}

func spParse(t *testing.T, body []byte) spEvent {
	t.Helper()
	var ev spEvent
	if err := xml.Unmarshal(body, &ev); err != nil {
		t.Fatalf("push body is not XML: %v\n%s", err, body)
	}
	return ev
}

// spChildren lists the names of the root's child elements in order.
func spChildren(t *testing.T, body []byte) []string {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(body))
	var names []string
	depth := 0
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("push body is not XML: %v\n%s", err, body)
		}
		switch tk := tok.(type) {
		case xml.StartElement:
			depth++
			if depth == 2 {
				names = append(names, tk.Name.Local)
			}
		case xml.EndElement:
			depth--
		}
	}
	return names
}

// spElem is an element of a seed sample and whether the sample wraps its
// value in CDATA.
type spElem struct {
	name  string
	cdata bool
}

// spLayouts are the four samples of seed 001, element by element.
var spLayouts = func() map[string][]spElem {
	head := []spElem{{"ToUserName", true}, {"FromUserName", true}, {"CreateTime", false}, {"MsgType", true}, {"Event", true}}
	with := func(tail ...spElem) []spElem { return append(slices.Clone(head), tail...) }
	return map[string][]spElem{
		"apply_merchant_audit_info": with(spElem{"audit_id", false}, spElem{"status", false}, spElem{"reason", true}),
		"create_map_poi_audit_info": with(spElem{"audit_id", false}, spElem{"status", false}, spElem{"map_poi_id", true},
			spElem{"name", true}, spElem{"address", true}, spElem{"latitude", true}, spElem{"longitude", true}, spElem{"sh_remark", true}),
		"add_store_audit_info": with(spElem{"audit_id", false}, spElem{"status", false}, spElem{"reason", true},
			spElem{"is_upgrade", false}, spElem{"poiid", false}),
		"modify_store_audit_info": with(spElem{"audit_id", false}, spElem{"status", false}, spElem{"reason", true}),
	}
}()

// spOpenID is the shape of a real openid (REFERENCE.md "The store family").
var spOpenID = regexp.MustCompile(`^o[A-Za-z0-9_-]{27}$`)

// spCheckEvent checks a plain event XML against its seed sample: element
// order, CDATA wrapping and the header every push carries.
func spCheckEvent(t *testing.T, plain []byte, event, toUser string, now int64) spEvent {
	t.Helper()
	layout, ok := spLayouts[event]
	if !ok {
		t.Fatalf("no layout for %s", event)
	}
	var names []string
	for _, el := range layout {
		names = append(names, el.name)
	}
	diff(t, event+" elements", names, spChildren(t, plain))
	raw := string(plain)
	for _, el := range layout {
		open := "<" + el.name + ">"
		i := strings.Index(raw, open)
		if i < 0 {
			continue // reported by the diff above
		}
		if got := strings.HasPrefix(raw[i+len(open):], "<![CDATA["); got != el.cdata {
			t.Errorf("%s: <%s> CDATA %v, the seed's sample has %v\n%s", event, el.name, got, el.cdata, raw)
		}
	}
	ev := spParse(t, plain)
	if ev.ToUserName != toUser {
		t.Errorf("ToUserName %q, want %q", ev.ToUserName, toUser)
	}
	if !spOpenID.MatchString(ev.FromUserName) {
		t.Errorf("FromUserName %q is not a 28-character openid starting with o", ev.FromUserName)
	}
	if ev.CreateTime != now {
		t.Errorf("CreateTime %d, want the virtual clock's %d", ev.CreateTime, now)
	}
	if ev.MsgType != "event" || ev.Event != event {
		t.Errorf("MsgType %q Event %q, want event %s", ev.MsgType, ev.Event, event)
	}
	return ev
}

// spOpen checks one request as a receiver would: method, path, the
// receiver's own query kept, signature and, in the encrypted modes,
// encrypt_type, msg_signature and the payload's appid. It returns the
// plain event XML and the body as sent.
func spOpen(t *testing.T, rq spReq, mode, token, aesKey, appid, path string) (plain []byte, outer spEvent) {
	t.Helper()
	if rq.Method != http.MethodPost || rq.Path != path {
		t.Errorf("%s %s, want POST %s", rq.Method, rq.Path, path)
	}
	q := rq.Query
	if q.Get("x") != "1" || len(q["x"]) != 1 {
		t.Errorf("the receiver's own x=1 is lost: %s", rq.RawQuery)
	}
	for _, k := range []string{"signature", "timestamp", "nonce"} {
		if len(q[k]) != 1 || q.Get(k) == "" {
			t.Fatalf("query wants one non-empty %s: %s", k, rq.RawQuery)
		}
	}
	ts, nonce := q.Get("timestamp"), q.Get("nonce")
	if want := spSign(token, ts, nonce); q.Get("signature") != want {
		t.Errorf("signature %s, want %s (query %s)", q.Get("signature"), want, rq.RawQuery)
	}
	outer = spParse(t, rq.Body)
	if mode == sim.PushPlain {
		if q.Has("encrypt_type") || q.Has("msg_signature") {
			t.Errorf("plain mode sends encrypt_type or msg_signature: %s", rq.RawQuery)
		}
		if outer.Encrypt != "" {
			t.Errorf("plain mode body has <Encrypt>:\n%s", rq.Body)
		}
		return rq.Body, outer
	}
	if q.Get("encrypt_type") != "aes" || len(q["encrypt_type"]) != 1 {
		t.Errorf("encrypt_type %q, want aes: %s", q.Get("encrypt_type"), rq.RawQuery)
	}
	if outer.Encrypt == "" {
		t.Fatalf("%s mode body has no <Encrypt>:\n%s", mode, rq.Body)
	}
	if want := spSign(token, ts, nonce, outer.Encrypt); q.Get("msg_signature") != want || len(q["msg_signature"]) != 1 {
		t.Errorf("msg_signature %q, want %s", q["msg_signature"], want)
	}
	// CBC's IV only shapes the first block, the random prefix, which
	// receivers discard: a wrong IV is invisible here, as it is to them.
	random, msg, gotApp, err := spDecrypt(aesKey, outer.Encrypt)
	if err != nil {
		t.Fatalf("decrypting the push: %v", err)
	}
	if bytes.Equal(random, make([]byte, 16)) {
		t.Errorf("the 16-byte prefix is all zeros, not random")
	}
	if gotApp != appid {
		t.Errorf("payload ends with appid %q, want %q", gotApp, appid)
	}
	return msg, outer
}

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

// TestStorePushEveryKind walks the store family through every audit and
// checks each push against its seed sample.
func TestStorePushEveryKind(t *testing.T) {
	t.Parallel()
	rc := spNewReceiver(t, nil)
	e := setup(t, spPushTo(rc, sim.PushPlain))
	tok := e.token()
	media := spUpload(t, e, tok)
	open := func(event string) (spEvent, int64) {
		t.Helper()
		now := spResolve(t, e)
		plain, _ := spOpen(t, spOne(t, rc.next()), sim.PushPlain, spToken, "", appID, "/wx")
		return spCheckEvent(t, plain, event, spOriginalID, now), now
	}

	// The merchant: failed (3), refused by its administrator (4), approved (1).
	for _, c := range []struct {
		intro  string
		status int
	}{{"fails wxmock:fail here", 3}, {"refused wxmock:reject here", 4}, {"a plain shop", 1}} {
		spApply(t, e, tok, media, "TestShop001", c.intro)
		auditID, _, _ := spMerchantAudit(t, e, tok)
		ev, _ := open("apply_merchant_audit_info")
		if ev.AuditID != auditID || ev.Status != c.status || (ev.Reason == "") != (c.status == 1) {
			t.Errorf("intro %q: push %+v, want audit %d status %d (reason only on failure)", c.intro, ev, auditID, c.status)
		}
		_, st, reason := spMerchantAudit(t, e, tok)
		if st != c.status || reason != ev.Reason {
			t.Errorf("intro %q: get_merchant_audit_info %d %q, push %d %q", c.intro, st, reason, ev.Status, ev.Reason)
		}
	}

	// A place on Tencent Maps: approved (0) with its map_poi_id, refused (1).
	createPOI := func(name, introduct string) uint64 {
		t.Helper()
		body, _ := json.Marshal(map[string]any{"name": name, "longitude": "113.323753357", "latitude": "23.0974903107",
			"province": "广东省", "city": "广州市", "district": "海珠区", "address": "TIT " + name, "category": "购物:综合商场",
			"telephone": "12345678901", "photo": "http://mmbiz.qpic.cn/p.png", "license": "http://mmbiz.qpic.cn/l.png",
			"introduct": introduct, "districtid": "440105"})
		r := e.post("/wxa/create_map_poi", tok, string(body))
		var out struct {
			Data struct {
				BaseID uint64 `json:"base_id"`
			} `json:"data"`
		}
		if err := json.Unmarshal([]byte(r.Raw), &out); err != nil || out.Data.BaseID == 0 {
			t.Fatalf("create_map_poi: %v %s", err, r.Raw)
		}
		return out.Data.BaseID
	}
	baseID := createPOI("spPlace", "test")
	poi, _ := open("create_map_poi_audit_info")
	if poi.AuditID != baseID || poi.Status != 0 || poi.Name != "spPlace" || poi.Address != "TIT spPlace" ||
		poi.Latitude != "23.0974903107" || poi.Longitude != "113.323753357" || poi.ShRemark == "" {
		t.Errorf("approved place: push %+v, want base_id %d, status 0 and the place's fields", poi, baseID)
	}
	if _, err := strconv.ParseUint(poi.MapPOIID, 10, 64); err != nil {
		t.Fatalf("approved place: map_poi_id %q is not a number", poi.MapPOIID)
	}
	badID := createPOI("spBadPlace", "wxmock:fail")
	bad, _ := open("create_map_poi_audit_info")
	if bad.AuditID != badID || bad.Status != 1 || bad.Name != "spBadPlace" || bad.ShRemark == "" {
		t.Errorf("refused place: push %+v, want base_id %d, status 1 and a remark", bad, badID)
	}

	// A store at the new place: failed (3), then approved (1).
	addStore := func(extra string) uint64 {
		t.Helper()
		body, _ := json.Marshal(map[string]any{"poi_id": "", "map_poi_id": poi.MapPOIID,
			"pic_list": `{"list":["http://mmbiz.qpic.cn/a.jpg"]}`, "contract_phone": "1111222222" + extra,
			"hour": "10:00-21:00", "credential": "22883878-0", "card_id": ""})
		r := e.post("/wxa/add_store", tok, string(body))
		var out struct {
			ErrCode int `json:"errcode"`
			Data    struct {
				AuditID uint64 `json:"audit_id"`
			} `json:"data"`
		}
		if err := json.Unmarshal([]byte(r.Raw), &out); err != nil || out.ErrCode != 0 || out.Data.AuditID == 0 {
			t.Fatalf("add_store: %v %s", err, r.Raw)
		}
		return out.Data.AuditID
	}
	failID := addStore(" wxmock:fail")
	failed, _ := open("add_store_audit_info")
	if failed.AuditID != failID || failed.Status != 3 || failed.Reason == "" || failed.IsUpgrade != 0 || failed.PoiID == "" {
		t.Errorf("failed store: push %+v, want audit %d status 3 with a reason, is_upgrade 0", failed, failID)
	}
	storeID := addStore("")
	store, _ := open("add_store_audit_info")
	if store.AuditID != storeID || store.Status != 1 || store.Reason != "" || store.IsUpgrade != 0 {
		t.Errorf("approved store: push %+v, want audit %d status 1, is_upgrade 0", store, storeID)
	}
	info := e.post("/wxa/get_store_info", tok, `{"poi_id": "`+store.PoiID+`"}`)
	if info.code() != 0 || !strings.Contains(info.Raw, `"poi_id":"`+store.PoiID+`"`) || !strings.Contains(info.Raw, `"status":1`) {
		t.Errorf("get_store_info of the pushed poiid %s: %s", store.PoiID, info.Raw)
	}

	// New pictures of the store: approved (1), then failed (3).
	update := func(pic, phone string) uint64 {
		t.Helper()
		body, _ := json.Marshal(map[string]any{"poi_id": store.PoiID, "hour": "10:00-21:00", "contract_phone": phone,
			"pic_list": `{"list":["` + pic + `"]}`, "card_id": ""})
		r := e.post("/wxa/update_store", tok, string(body))
		var out struct {
			ErrCode int `json:"errcode"`
			Data    struct {
				HasAuditID int    `json:"has_audit_id"`
				AuditID    uint64 `json:"audit_id"`
			} `json:"data"`
		}
		if err := json.Unmarshal([]byte(r.Raw), &out); err != nil || out.ErrCode != 0 || out.Data.HasAuditID != 1 {
			t.Fatalf("update_store: %v %s", err, r.Raw)
		}
		return out.Data.AuditID
	}
	picID := update("http://mmbiz.qpic.cn/b.jpg", "123456")
	pics, _ := open("modify_store_audit_info")
	if pics.AuditID != picID || pics.Status != 1 || pics.Reason != "" {
		t.Errorf("approved pictures: push %+v, want audit %d status 1", pics, picID)
	}
	badPicID := update("http://mmbiz.qpic.cn/c.jpg", "123456 wxmock:fail")
	badPics, _ := open("modify_store_audit_info")
	if badPics.AuditID != badPicID || badPics.Status != 3 || badPics.Reason == "" {
		t.Errorf("failed pictures: push %+v, want audit %d status 3 with a reason", badPics, badPicID)
	}

	// Every push came from the same administrator and is logged delivered.
	for _, p := range spPushes(t, e, "?appid="+appID) {
		if p.State != "delivered" || len(p.Attempts) != 1 {
			t.Errorf("push %d (%s): state %s, %d attempts", p.ID, p.Event, p.State, len(p.Attempts))
		}
	}
}

// TestStorePushRetries: non-2xx answers and timeouts are retried three
// times; a receiver that never answers does not hold up the API.
func TestStorePushRetries(t *testing.T) {
	t.Parallel()
	run := func(t *testing.T, answer func(int, http.ResponseWriter, *http.Request), opts ...func(*mock.Options)) (*env, *spReceiver, []spLogged) {
		t.Helper()
		rc := spNewReceiver(t, answer)
		e := setup(t, append([]func(*mock.Options){spPushTo(rc, sim.PushSafe)}, opts...)...)
		tok := e.token()
		spApply(t, e, tok, spUpload(t, e, tok), "TestShop001", "a shop")
		spResolve(t, e)
		return e, rc, spPushes(t, e, "")
	}
	attempts := func(p spLogged) (statuses []int) {
		for i, a := range p.Attempts {
			if a.N != i+1 {
				t.Errorf("attempt %d numbered %d", i+1, a.N)
			}
			statuses = append(statuses, a.Status)
		}
		return statuses
	}

	t.Run("500 twice then 200", func(t *testing.T) {
		t.Parallel()
		_, rc, ps := run(t, spStatuses(500, 500))
		if len(ps) != 1 {
			t.Fatalf("%d pushes logged, want 1", len(ps))
		}
		if ps[0].State != "delivered" || ps[0].Error != "" {
			t.Errorf("state %s error %q, want delivered", ps[0].State, ps[0].Error)
		}
		diff(t, "attempt statuses", []int{500, 500, 200}, attempts(ps[0]))
		reqs := rc.all()
		if len(reqs) != 3 {
			t.Fatalf("receiver got %d requests, want 3", len(reqs))
		}
		for _, rq := range reqs {
			spOpen(t, rq, sim.PushSafe, spToken, spAESKey, appID, "/wx")
			if rq.RawQuery != reqs[0].RawQuery || !bytes.Equal(rq.Body, reqs[0].Body) {
				t.Errorf("a retry differs from the first attempt")
			}
		}
	})

	t.Run("always 500", func(t *testing.T) {
		t.Parallel()
		_, rc, ps := run(t, func(_ int, w http.ResponseWriter, _ *http.Request) { w.WriteHeader(500) })
		if len(ps) != 1 || ps[0].State != "failed" || ps[0].Error == "" {
			t.Fatalf("pushes %+v, want one failed with an error", ps)
		}
		diff(t, "attempt statuses", []int{500, 500, 500, 500}, attempts(ps[0]))
		if n := len(rc.all()); n != 4 {
			t.Errorf("receiver got %d requests, want 4 (1 + 3 retries)", n)
		}
	})

	t.Run("slower than the timeout", func(t *testing.T) {
		t.Parallel()
		slow := func(_ int, w http.ResponseWriter, r *http.Request) {
			select {
			case <-r.Context().Done():
			case <-time.After(2 * time.Second):
			}
			_, _ = io.WriteString(w, "success")
		}
		_, rc, ps := run(t, slow, func(o *mock.Options) { o.PushTimeout = 100 * time.Millisecond })
		if len(ps) != 1 || ps[0].State != "failed" || ps[0].Error == "" {
			t.Fatalf("pushes %+v, want one failed with an error", ps)
		}
		diff(t, "attempt statuses (no answer)", []int{0, 0, 0, 0}, attempts(ps[0]))
		for _, a := range ps[0].Attempts {
			if a.Error == "" {
				t.Errorf("attempt %d without an error", a.N)
			}
		}
		if n := len(rc.all()); n != 4 {
			t.Errorf("receiver got %d requests, want 4", n)
		}
	})

	t.Run("redirect is no answer", func(t *testing.T) {
		t.Parallel()
		_, rc, ps := run(t, func(_ int, w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "/elsewhere", http.StatusFound)
		})
		if len(ps) != 1 || ps[0].State != "failed" {
			t.Fatalf("pushes %+v, want one failed", ps)
		}
		diff(t, "attempt statuses", []int{302, 302, 302, 302}, attempts(ps[0]))
		for _, rq := range rc.all() {
			if rq.Path != "/wx" {
				t.Errorf("the redirect was followed to %s", rq.Path)
			}
		}
	})

	t.Run("never answers", func(t *testing.T) {
		t.Parallel()
		release := make(chan struct{})
		hang := func(_ int, w http.ResponseWriter, r *http.Request) {
			select {
			case <-r.Context().Done():
			case <-release:
			}
		}
		rc := spNewReceiver(t, hang)
		e := setup(t, spPushTo(rc, sim.PushPlain), func(o *mock.Options) { o.PushTimeout = time.Minute })
		t.Cleanup(func() { close(release) }) // runs before the mock and the receiver close
		tok := e.token()
		spApply(t, e, tok, spUpload(t, e, tok), "TestShop001", "a shop")
		h := e.m.HTTP
		code, body := spWithin(t, time.Second, "clock advance", func() (int, string) {
			return spServe(h, http.MethodPost, "/__wxmock/clock/advance", `{"seconds": 5}`)
		})
		if code != http.StatusOK {
			t.Fatalf("advance: %d %s", code, body)
		}
		if got := rc.waitFor(1, 5*time.Second); len(got) != 1 {
			t.Fatalf("receiver got %d requests, want the hanging one", len(got))
		}
		// The receiver now holds the push; WeChat calls answer at once.
		q := "?access_token=" + url.QueryEscape(tok)
		var wg sync.WaitGroup
		for _, c := range []struct{ method, target, body, want string }{
			{http.MethodPost, "/promoter/getrole" + q, `{}`, `"errcode":0`},
			{http.MethodGet, "/wxa/get_merchant_audit_info" + q, "", `"status":1`},
			{http.MethodGet, "/__wxmock/pushes", "", `"state":"pending"`},
		} {
			wg.Go(func() {
				code, body := spWithin(t, time.Second, c.target, func() (int, string) { return spServe(h, c.method, c.target, c.body) })
				if code != http.StatusOK || !strings.Contains(body, c.want) {
					t.Errorf("%s while the receiver hangs: %d %s, want %s", c.target, code, body, c.want)
				}
			})
		}
		wg.Wait()
		if r := e.admin(http.MethodPost, "/pushes/flush", `{"timeout_seconds": 0.2}`); r.Status != http.StatusRequestTimeout {
			t.Errorf("flush while the receiver hangs: %d %s, want 408", r.Status, r.Raw)
		}
	})
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

// TestStorePushSecondApp: an app created through the control API pushes
// with its own settings, original_id and appid.
func TestStorePushSecondApp(t *testing.T) {
	t.Parallel()
	rc := spNewReceiver(t, nil)
	e := setup(t, spPushTo(rc, sim.PushSafe))
	const key2, token2 = "ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210zyxwvut", "second456"
	r := e.admin(http.MethodPost, "/apps", `{"name": "second", "push": {"url": "`+rc.srv.URL+`/second?x=1", "token": "`+token2+`", "aes_key": "`+key2+`", "mode": "safe"}}`)
	var app struct {
		AppID      string `json:"appid"`
		Secret     string `json:"secret"`
		OriginalID string `json:"original_id"`
	}
	if err := json.Unmarshal([]byte(r.Raw), &app); r.Status != http.StatusOK || err != nil || app.AppID == "" {
		t.Fatalf("POST /apps: %d %v %s", r.Status, err, r.Raw)
	}
	if app.AppID == appID || app.OriginalID == spOriginalID || app.OriginalID == "" {
		t.Fatalf("second app %+v shares the default app's identifiers", app)
	}

	tok1, tok2 := e.token(), e.tokenOf(app.AppID, app.Secret)
	spApply(t, e, tok1, spUpload(t, e, tok1), "FirstShop", "the default app's shop")
	spApply(t, e, tok2, spUpload(t, e, tok2), "SecondShop", "the second app's shop")
	audit1, _, _ := spMerchantAudit(t, e, tok1)
	audit2, _, _ := spMerchantAudit(t, e, tok2)
	now := spResolve(t, e)

	reqs := rc.next()
	if len(reqs) != 2 {
		t.Fatalf("receiver got %d requests, want 2", len(reqs))
	}
	byPath := map[string]spReq{}
	for _, rq := range reqs {
		byPath[rq.Path] = rq
	}
	first, ok1 := byPath["/wx"]
	second, ok2 := byPath["/second"]
	if !ok1 || !ok2 {
		t.Fatalf("requests went to %v, want /wx and /second", slices.Sorted(maps.Keys(byPath)))
	}
	plain1, _ := spOpen(t, first, sim.PushSafe, spToken, spAESKey, appID, "/wx")
	plain2, outer2 := spOpen(t, second, sim.PushSafe, token2, key2, app.AppID, "/second")
	ev1 := spCheckEvent(t, plain1, "apply_merchant_audit_info", spOriginalID, now)
	ev2 := spCheckEvent(t, plain2, "apply_merchant_audit_info", app.OriginalID, now)
	if outer2.ToUserName != app.OriginalID {
		t.Errorf("second app's envelope ToUserName %q, want %s", outer2.ToUserName, app.OriginalID)
	}
	if ev1.AuditID != audit1 || ev2.AuditID != audit2 || audit1 == audit2 {
		t.Errorf("audit ids: pushes %d, %d; apps %d, %d", ev1.AuditID, ev2.AuditID, audit1, audit2)
	}
	if ev2.FromUserName != sim.AdminOpenID(app.AppID) || ev1.FromUserName == ev2.FromUserName {
		t.Errorf("FromUserName %q and %q: want each app's own administrator", ev1.FromUserName, ev2.FromUserName)
	}
	if ps := spPushes(t, e, "?appid="+app.AppID); len(ps) != 1 || ps[0].AppID != app.AppID || ps[0].State != "delivered" {
		t.Errorf("GET /pushes?appid=%s: %+v", app.AppID, ps)
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

// TestStorePushRunningClock: with the clock running, a due audit resolves
// on the ticker and its push arrives without any advance.
func TestStorePushRunningClock(t *testing.T) {
	t.Parallel()
	rc := spNewReceiver(t, nil)
	e := setup(t, spPushTo(rc, sim.PushCompat), func(o *mock.Options) {
		o.FrozenClock = false
		o.AuditDelay = -1
		o.Tick = 20 * time.Millisecond
	})
	tok := e.token()
	spApply(t, e, tok, spUpload(t, e, tok), "TestShop001", "a shop")
	auditID, _, _ := spMerchantAudit(t, e, tok)
	reqs := rc.waitFor(1, 5*time.Second)
	if len(reqs) != 1 {
		t.Fatalf("receiver got %d requests within 5 s, want 1", len(reqs))
	}
	plain, _ := spOpen(t, reqs[0], sim.PushCompat, spToken, spAESKey, appID, "/wx")
	ev := spParse(t, plain)
	if ev.Event != "apply_merchant_audit_info" || ev.AuditID != auditID || ev.Status != 1 {
		t.Errorf("event %+v, want the approval of audit %d", ev, auditID)
	}
	if now := e.m.Sim.Now().Unix(); ev.CreateTime < start.Unix() || ev.CreateTime > now {
		t.Errorf("CreateTime %d outside [%d, %d]", ev.CreateTime, start.Unix(), now)
	}
	if ts := reqs[0].Query.Get("timestamp"); ts != strconv.FormatInt(ev.CreateTime, 10) {
		t.Errorf("timestamp %s, CreateTime %d", ts, ev.CreateTime)
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

// TestStorePushAdminResolve: a held audit pushes nothing until the control
// API resolves it; the reason it gives arrives byte for byte, whatever XML
// it holds, and every message length pads correctly to blocks of 32.
func TestStorePushAdminResolve(t *testing.T) {
	t.Parallel()
	rc := spNewReceiver(t, nil)
	e := setup(t, spPushTo(rc, sim.PushSafe))
	tok := e.token()
	media := spUpload(t, e, tok)

	spApply(t, e, tok, media, "TestShop001", "held wxmock:hold")
	auditID, _, _ := spMerchantAudit(t, e, tok)
	spResolve(t, e)
	if got := rc.next(); len(got) != 0 {
		t.Fatalf("a held audit pushed %d times", len(got))
	}
	if _, st, _ := spMerchantAudit(t, e, tok); st != 2 {
		t.Fatalf("held audit: status %d, want 2", st)
	}
	spResolveAudit(t, e, auditID, `{"status": 4}`)
	spFlush(t, e)
	plain, _ := spOpen(t, spOne(t, rc.next()), sim.PushSafe, spToken, spAESKey, appID, "/wx")
	ev := spCheckEvent(t, plain, "apply_merchant_audit_info", spOriginalID, e.m.Sim.Now().Unix())
	if ev.AuditID != auditID || ev.Status != 4 || ev.Reason == "" {
		t.Errorf("refused by the admin API: %+v, want audit %d status 4 with a reason", ev, auditID)
	}

	// Reasons with markup, a CDATA terminator and non-ASCII text, then one
	// of each length from 1 to 32 so that the plaintext meets every
	// residue modulo 32, the aligned one included.
	reasons := []string{"a]]>b <c>&amp; \"q\" 'a' 中文理由 ]]]]>", "]]>"}
	for n := 1; n <= 32; n++ {
		reasons = append(reasons, strings.Repeat("r", n))
	}
	pads := map[int]bool{}
	for _, reason := range reasons {
		spApply(t, e, tok, media, "TestShop001", "held wxmock:hold")
		id, _, _ := spMerchantAudit(t, e, tok)
		b, _ := json.Marshal(map[string]any{"outcome": "fail", "reason": reason})
		spResolveAudit(t, e, id, string(b))
		spFlush(t, e)
		rq := spOne(t, rc.next())
		plain, outer := spOpen(t, rq, sim.PushSafe, spToken, spAESKey, appID, "/wx")
		ev := spParse(t, plain)
		if ev.AuditID != id || ev.Status != 3 || ev.Reason != reason {
			t.Errorf("reason %q: push %+v", reason, ev)
		}
		ct, _ := base64.StdEncoding.DecodeString(outer.Encrypt)
		pad := len(ct) - 20 - len(plain) - len(appID)
		if pad < 1 || pad > 32 {
			t.Errorf("reason %q: %d bytes of padding", reason, pad)
		}
		pads[pad] = true
	}
	if !pads[32] {
		t.Errorf("no message was aligned to 32 bytes: pads seen %v", slices.Sorted(maps.Keys(pads)))
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

// TestStorePushRepeatable: two mocks with the same seed and the same calls
// send byte-identical pushes (nonces and encrypted payloads included).
func TestStorePushRepeatable(t *testing.T) {
	t.Parallel()
	var got [2][]spReq
	for i := range got {
		rc := spNewReceiver(t, nil)
		e := setup(t, spPushTo(rc, sim.PushSafe))
		tok := e.token()
		spApply(t, e, tok, spUpload(t, e, tok), "TestShop001", "fails wxmock:fail")
		spResolve(t, e)
		spApply(t, e, tok, spUpload(t, e, tok), "TestShop001", "a shop")
		spResolve(t, e)
		got[i] = rc.all()
		if len(got[i]) != 2 {
			t.Fatalf("run %d: %d pushes, want 2", i, len(got[i]))
		}
	}
	for j := range got[0] {
		a, b := got[0][j], got[1][j]
		if a.RawQuery != b.RawQuery || !bytes.Equal(a.Body, b.Body) {
			t.Errorf("push %d differs between runs:\n%s\n%s\n%s\n%s", j, a.RawQuery, a.Body, b.RawQuery, b.Body)
		}
	}
	if got[0][0].Query.Get("nonce") == got[0][1].Query.Get("nonce") {
		t.Errorf("two pushes share the nonce %s", got[0][0].Query.Get("nonce"))
	}
}
