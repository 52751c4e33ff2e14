package httpapi_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"image"
	"image/png"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"

	"github.com/wxmock/wxmock/internal/sim"
)

// Helpers of the tests of the promoter family's messages and materials
// (sendmsg, singlesendmsg, getmsg, getmsgclickdata, getsharematerial,
// getinvitationmaterial), prefixed pm.

// pmWho is a promoter a test declares, and what the promoter and the
// merchant then did.
type pmWho struct {
	role    int    // role_id; 1 when 0
	retail  string // retail_id
	auth    int    // the auth_status the promoter sets: 0 none, 1 accepted, 2 cancelled after accepting
	cancel  bool   // the merchant cancels the declaration (after auth)
	receive string // "", "refuse" or "fail": what becomes of messages sent to it
}

// pmBound is n bound promoters (declared and authorized) of role 1.
func pmBound(n int) []pmWho {
	out := make([]pmWho, n)
	for i := range out {
		out[i] = pmWho{auth: 1}
	}
	return out
}

// pmWith is ws with receive set on each.
func pmWith(receive string, ws []pmWho) []pmWho {
	for i := range ws {
		ws[i].receive = receive
	}
	return ws
}

// pmDeclare declares ws in order, in batches of 10, as prOID(from),
// prOID(from+1), ..., and plays each one's part. In a fresh app the
// promoter with openid prOID(i) has the id i when from is 1 and calls go
// in order; pmDeclare checks the first and last of them.
func (e *env) pmDeclare(tok string, from int, ws ...pmWho) {
	e.t.Helper()
	for lo := 0; lo < len(ws); lo += 10 {
		items := []prObj{}
		for i := lo; i < min(lo+10, len(ws)); i++ {
			role := max(ws[i].role, 1)
			item := prObj{"openid": prOID(from + i), "role_id": role}
			if ws[i].retail != "" {
				item["retail_id"] = ws[i].retail
			}
			items = append(items, item)
		}
		e.prDeclare(tok, items...)
	}
	for i, w := range ws {
		id := strconv.Itoa(from + i)
		if w.auth >= 1 {
			e.pmAdminOK("/promoters/authorize", `{"openid":"`+prOID(from+i)+`","auth_status":1}`)
		}
		if w.auth == 2 {
			e.pmAdminOK("/promoters/authorize", `{"openid":"`+prOID(from+i)+`","auth_status":2}`)
		}
		if w.cancel {
			e.wantOK(e.post("/promoter/updatepromoter", tok, `{"id":"`+id+`","decl_status":2}`), "OK")
		}
		if w.receive != "" {
			e.pmReceive(prOID(from+i), w.receive)
		}
	}
	if len(ws) == 0 {
		return
	}
	for _, i := range []int{0, len(ws) - 1} {
		if got := e.prOne(tok, prOID(from+i))["id"]; got != strconv.Itoa(from+i) {
			e.t.Fatalf("promoter %s has id %v, want %d", prOID(from+i), got, from+i)
		}
	}
}

// pmAdminOK makes a control call that must succeed.
func (e *env) pmAdminOK(path, body string) resp {
	e.t.Helper()
	r := e.admin(http.MethodPost, path, body)
	if r.Status != http.StatusOK {
		e.t.Fatalf("POST %s %s: %s", path, body, r.Raw)
	}
	return r
}

// pmReceive sets what becomes of the messages sent to a promoter.
func (e *env) pmReceive(openid, receive string) {
	e.t.Helper()
	e.pmAdminOK("/promoters/receive", `{"openid":"`+openid+`","receive":"`+receive+`"}`)
}

// pmContent is the content of the test messages: a JSON object as a string,
// as the pages' example.
const pmContent = `{"title":"今日优惠活动","topic":"双十一大促","desc":"三件五折，两件七折","date":"2022/10/28"}`

// pmMsg is a valid message body changed by extra: a key with a nil value
// is left out.
func pmMsg(extra prObj) prObj {
	b := prObj{"msg_type": 1, "content": pmContent, "path": "pages/index/index"}
	for k, v := range extra {
		if v == nil {
			delete(b, k)
		} else {
			b[k] = v
		}
	}
	return b
}

// pmSend makes a group send that must succeed and returns its msg_id.
func (e *env) pmSend(tok string, extra prObj) string {
	e.t.Helper()
	r := e.post("/promoter/sendmsg", tok, prJSON(e.t, pmMsg(extra)))
	e.wantOK(r, "OK")
	id, _ := r.Body["msg_id"].(string)
	if id == "" {
		e.t.Fatalf("sendmsg answered no msg_id: %s", r.Raw)
	}
	return id
}

// pmFail is one item of getmsg's fail_info.
type pmFail struct {
	ID      string `json:"id"`
	ErrCode int    `json:"errcode"`
}

// pmResult is the delivery part of a getmsg answer.
type pmResult struct {
	SendCnt     int      `json:"send_cnt"`
	Percent     int      `json:"percent"`
	FailCnt     int      `json:"fail_cnt"`
	FailInfo    []pmFail `json:"fail_info"`
	FailInfoURL string   `json:"fail_info_url"`
}

// pmGet calls getmsg for msgID, which must succeed.
func (e *env) pmGet(tok, msgID string) pmResult {
	e.t.Helper()
	r := e.post("/promoter/getmsg", tok, `{"msg_id":"`+msgID+`"}`)
	e.wantOK(r, "OK")
	var out pmResult
	admDecode(e.t, r, &out)
	return out
}

// pmFails lists the failures of the promoters with ids, all with code.
func pmFails(code int, ids ...int) []pmFail {
	out := []pmFail{}
	for _, id := range ids {
		out = append(out, pmFail{ID: strconv.Itoa(id), ErrCode: code})
	}
	return out
}

// pmDelay is the default -msg-delay: delivery, then click computation.
const pmDelay = sim.DefaultMsgDelay

// pmCST is China's time zone, UTC+8, in which the daily limits count.
var pmCST = time.FixedZone("CST", 8*3600)

// pmToChinaMidnight moves the clock to before the next China midnight.
func (e *env) pmToChinaMidnight(before time.Duration) {
	e.t.Helper()
	now := e.m.Sim.Now()
	y, m, d := now.In(pmCST).Date()
	e.advance(time.Date(y, m, d+1, 0, 0, 0, 0, pmCST).Sub(now) - before)
}

// pmToday is the China date of the clock, as send_date writes it.
func (e *env) pmToday() string { return e.m.Sim.Now().In(pmCST).Format(time.DateOnly) }

// pmState decodes the exported state.
func (e *env) pmState() sim.State {
	e.t.Helper()
	var st sim.State
	admDecode(e.t, resp{Raw: e.admState()}, &st)
	return st
}

// pmAdminRejected checks that a control call is refused with status and
// changes nothing.
func (e *env) pmAdminRejected(path, body string, status int, words ...string) {
	e.t.Helper()
	before := e.admState()
	admErr(e.t, e.admin(http.MethodPost, path, body), status, words...)
	if after := e.admState(); after != before {
		diff(e.t, "state after a rejected POST "+path, before, after)
	}
}

// pmExact checks that an answer is exactly the JSON want.
func pmExact(t *testing.T, what, want string, r resp) {
	t.Helper()
	diff(t, what, prDecode(t, want), prDecode(t, r.Raw))
}

// pmObject is a JSON object of n bytes (n at least 8).
func pmObject(n int) string { return `{"t":"` + strings.Repeat("x", n-8) + `"}` }

// pmJSON encodes a string as a JSON string literal.
func pmJSON(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// pmImage decodes a base64 PNG.
func pmImage(t *testing.T, b64 string) image.Image {
	t.Helper()
	raw, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		t.Fatalf("base64: %v", err)
	}
	img, err := png.Decode(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("png.Decode: %v", err)
	}
	return img
}

// pmReadQR decodes the one QR code of a base64 PNG. go-qrcode writes no ECI
// header, so the reader is told the content is UTF-8, as WeChat assumes.
func pmReadQR(t *testing.T, b64 string) string {
	t.Helper()
	bmp, err := gozxing.NewBinaryBitmapFromImage(pmImage(t, b64))
	if err != nil {
		t.Fatalf("NewBinaryBitmapFromImage: %v", err)
	}
	hints := map[gozxing.DecodeHintType]any{gozxing.DecodeHintType_CHARACTER_SET: "UTF-8"}
	res, err := qrcode.NewQRCodeReader().Decode(bmp, hints)
	if err != nil {
		t.Fatalf("decode QR code: %v", err)
	}
	return res.GetText()
}
