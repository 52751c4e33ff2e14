package httpapi_test

import (
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/wxmock/wxmock/internal/sim"
)

// pmShare is a getsharematerial answer's material.
type pmShare struct {
	SharePath string `json:"share_path"`
	QRCode    string `json:"qrcode"`
	Tag       string `json:"tag"`
}

// pmShareReq is a getsharematerial body for promoter 1 changed by extra (a
// nil value leaves a key out).
func pmShareReq(extra prObj) prObj {
	b := prObj{"path": "pages/goods/detail?id=7", "openid": prOID(1)}
	for k, v := range extra {
		if v == nil {
			delete(b, k)
		} else {
			b[k] = v
		}
	}
	return b
}

// pmGetShare calls getsharematerial, which must succeed.
func (e *env) pmGetShare(tok string, extra prObj) pmShare {
	e.t.Helper()
	r := e.post("/promoter/getsharematerial", tok, prJSON(e.t, pmShareReq(extra)))
	e.wantOK(r, "OK")
	var out pmShare
	admDecode(e.t, r, &out)
	return out
}

// pmCodePattern is how wxmock spells a material's code.
var pmCodePattern = regexp.MustCompile(`^[A-Za-z0-9]{10}$`)

// pmCode checks a full material (share_type 0) and returns its code: the
// share_path is path with promoter_share=<code> added, the tag names the
// app and the code, and the QR code holds exactly the share_path.
func (e *env) pmCode(path string, m pmShare) string {
	e.t.Helper()
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	prefix := path + sep + "promoter_share="
	code, ok := strings.CutPrefix(m.SharePath, prefix)
	if !ok || !pmCodePattern.MatchString(code) {
		e.t.Fatalf("share_path %q, want %q and a code", m.SharePath, prefix)
	}
	diff(e.t, "tag", "#小程序://wxmock default app/"+code, m.Tag)
	diff(e.t, "the QR code's content", m.SharePath, pmReadQR(e.t, m.QRCode))
	return code
}

func TestShareMaterialTypes(t *testing.T) {
	t.Parallel()
	e := setup(t)
	tok := e.token()
	e.pmDeclare(tok, 1, pmBound(1)...)
	all := e.pmGetShare(tok, nil)
	e.pmCode("pages/goods/detail?id=7", all)
	tests := []struct {
		shareType any
		want      pmShare
	}{
		{nil, all},
		{0, all},
		{1, pmShare{Tag: all.Tag}},
		{2, pmShare{SharePath: all.SharePath}},
		{3, pmShare{QRCode: all.QRCode}},
	}
	for _, tt := range tests {
		t.Run(prJSON(t, tt.shareType), func(t *testing.T) {
			r := e.prIn(t).post("/promoter/getsharematerial", tok, prJSON(t, pmShareReq(prObj{"share_type": tt.shareType})))
			want := prObj{"share_path": tt.want.SharePath, "qrcode": tt.want.QRCode, "tag": tt.want.Tag, "errcode": 0, "errmsg": "OK"}
			pmExact(t, "answer", prJSON(t, want), r)
		})
	}
}

func TestShareMaterialPath(t *testing.T) {
	t.Parallel()
	e := setup(t)
	tok := e.token()
	e.pmDeclare(tok, 1, pmBound(1)...)
	for _, path := range []string{
		"pages/index/index",
		"/pages/index/index",
		"pages/goods/detail?id=7",
		"pages/goods/detail?id=7&from=share",
		"pages/商品/详情?名称=鞋",
		strings.Repeat("p", sim.MaxSharePathBytes),
	} {
		t.Run(path[:min(len(path), 40)], func(t *testing.T) {
			e := e.prIn(t)
			e.pmCode(path, e.pmGetShare(tok, prObj{"path": path}))
		})
	}
}

func TestShareMaterialReuse(t *testing.T) {
	t.Parallel()
	e := setup(t)
	tok := e.token()
	e.pmDeclare(tok, 1, pmBound(1)...)
	created := e.m.Sim.Now().Unix()
	first := e.pmGetShare(tok, nil)
	code := e.pmCode("pages/goods/detail?id=7", first)
	same := []prObj{
		nil,
		{"openid": sim.UnionIDOf(prOID(1))},
		{"title": sim.DefaultShareTitle},
		{"env_version": "release"},
		{"env_version": ""},
		{"share_type": 0, "extra_info": ""},
	}
	for _, extra := range same {
		diff(t, "material of "+prJSON(t, extra), first, e.pmGetShare(tok, extra))
	}
	codes := map[string]bool{code: true}
	for _, extra := range []prObj{
		{"extra_info": "x"},
		{"title": "双十一"},
		{"env_version": "trial", "share_type": 1},
		{"env_version": "develop", "share_type": 1},
		{"path": "pages/goods/detail?id=8"},
	} {
		m := e.pmGetShare(tok, extra)
		c := strings.TrimPrefix(m.Tag, "#小程序://wxmock default app/")
		if codes[c] {
			t.Errorf("material of %s has the code %s of another", prJSON(t, extra), c)
		}
		codes[c] = true
	}
	st := e.pmState()
	if len(st.ShareMaterials) != 6 {
		t.Fatalf("%d materials held, want 6", len(st.ShareMaterials))
	}
	var held sim.ShareMaterial
	for _, m := range st.ShareMaterials {
		if m.Code == code {
			held = m
		}
	}
	diff(t, "material in the state", sim.ShareMaterial{AppID: appID, Code: code, PromoterID: 1, OpenID: prOID(1),
		Path: "pages/goods/detail?id=7", Title: sim.DefaultShareTitle, EnvVersion: "release",
		CreatedAt: created, ExpiresAt: created + 30*86400}, held)

	// Valid for 30 days, then a new one.
	e.advance(30*24*time.Hour - time.Second)
	tok = e.token()
	diff(t, "material a second before it expires", first, e.pmGetShare(tok, nil))
	e.advance(time.Second)
	renewed := e.pmGetShare(tok, nil)
	if c := e.pmCode("pages/goods/detail?id=7", renewed); codes[c] {
		t.Errorf("material after 30 days has the old code %s", c)
	}
	diff(t, "the renewed material again", renewed, e.pmGetShare(tok, nil))
}

func TestShareMaterialErrors(t *testing.T) {
	t.Parallel()
	e := setup(t)
	tok := e.token()
	e.pmDeclare(tok, 1,
		pmWho{auth: 1},
		pmWho{},
		pmWho{auth: 2},
		pmWho{auth: 1, cancel: true},
		pmWho{auth: 1},
	)
	// A promoter with material whose declaration is then cancelled.
	e.pmGetShare(tok, prObj{"openid": prOID(5)})
	e.wantOK(e.post("/promoter/updatepromoter", tok, `{"id":"5","decl_status":2}`), "OK")

	tests := []struct {
		name string
		mod  prObj
		code int
	}{
		{"unknown promoter", prObj{"openid": prOID(99)}, 103006},
		{"not authorized", prObj{"openid": prOID(2)}, 103006},
		{"authorization cancelled", prObj{"openid": prOID(3)}, 103006},
		{"declaration cancelled", prObj{"openid": prOID(4)}, 103006},
		{"declaration cancelled, by unionid", prObj{"openid": sim.UnionIDOf(prOID(4))}, 103006},
		{"declaration cancelled after a material", prObj{"openid": prOID(5)}, 103006},
		{"openid too short", prObj{"openid": "o123"}, 103007},
		{"openid too long", prObj{"openid": prOID(1) + "x"}, 103007},
		{"openid not starting with o", prObj{"openid": "x" + prOID(1)[1:]}, 103007},
		{"path missing", prObj{"path": nil}, 103001},
		{"path empty", prObj{"path": ""}, 103001},
		{"openid missing", prObj{"openid": nil}, 103001},
		{"share_type 4", prObj{"share_type": 4}, 103001},
		{"share_type -1", prObj{"share_type": -1}, 103001},
		{"env_version unknown", prObj{"env_version": "beta"}, 103001},
		{"title of 7 Chinese characters (21 bytes)", prObj{"title": "推广活动页面啊"}, 103002},
		{"title of 21 bytes", prObj{"title": strings.Repeat("t", 21)}, 103002},
		{"extra_info of 81 bytes", prObj{"extra_info": strings.Repeat("e", 81)}, 103002},
		{"path too long", prObj{"path": strings.Repeat("p", sim.MaxSharePathBytes+1)}, 103002},
		{"risky title", prObj{"title": "赌博"}, 103004},
		{"risky extra_info", prObj{"extra_info": "wxmock:risky"}, 103004},
		{"risky path", prObj{"path": "pages/毒品"}, 103004},
		{"share_type a string", prObj{"share_type": "1"}, 47001},
		{"path a number", prObj{"path": 1}, 47001},
		{"openid a number", prObj{"openid": 1}, 47001},
		{"title a number", prObj{"title": 1}, 47001},
		{"env_version a boolean", prObj{"env_version": true}, 47001},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := prJSON(t, pmShareReq(tt.mod))
			e.prIn(t).prRejected("/promoter/getsharematerial", tok, body, tt.code, sim.ErrorFor(tt.code, "").Msg)
		})
	}
	// The limits themselves pass.
	for _, extra := range []prObj{
		{"title": "推广活动页面" + "ab"},
		{"title": strings.Repeat("t", 20)},
		{"extra_info": strings.Repeat("字", 26) + "ab"},
		{"env_version": "trial", "share_type": 1},
		{"env_version": "develop", "share_type": 0},
		// Only the short link opens develop or trial; the path and the code
		// are answered, for the release version.
		{"env_version": "trial", "share_type": 2},
		{"env_version": "develop", "share_type": 3},
	} {
		e.pmGetShare(tok, extra)
	}
}

func TestShareMaterialCountLimit(t *testing.T) {
	t.Parallel()
	e := setup(t)
	tok := e.token()
	e.pmDeclare(tok, 1, pmBound(1)...)
	now := e.m.Sim.Now().Unix()
	// 10,000 unexpired materials, of which the first three expire in an hour.
	var st map[string]any
	admDecode(t, resp{Raw: e.admState()}, &st)
	shares := make([]any, 0, sim.MaxShareMaterials)
	for i := range sim.MaxShareMaterials {
		expires := now + 30*86400
		if i < 3 {
			expires = now + 3600
		}
		shares = append(shares, prObj{"appid": appID, "code": fmt.Sprintf("C%09d", i), "promoter_id": 1, "openid": prOID(1),
			"path": "pages/p", "extra_info": strconv.Itoa(i), "title": sim.DefaultShareTitle, "env_version": "release",
			"created_at": expires - 30*86400, "expires_at": expires})
	}
	st["share_materials"] = shares
	admStatus(t, e.admin(http.MethodPut, "/state", prJSON(t, st)), http.StatusOK)

	full := prJSON(t, pmShareReq(nil))
	e.prRejected("/promoter/getsharematerial", tok, full, sim.ErrCountLimit.Code, sim.ErrCountLimit.Msg)
	// A material already held is still answered.
	held := e.pmGetShare(tok, prObj{"path": "pages/p", "extra_info": "5"})
	diff(t, "a held material's path", "pages/p?promoter_share=C000000005", held.SharePath)

	// Expired materials make room.
	e.advance(time.Hour)
	tok = e.token()
	for i := range 3 {
		e.pmGetShare(tok, prObj{"extra_info": "new " + strconv.Itoa(i)})
	}
	e.prRejected("/promoter/getsharematerial", tok, full, sim.ErrCountLimit.Code, sim.ErrCountLimit.Msg)
	codes := map[string]bool{}
	for _, m := range e.pmState().ShareMaterials {
		codes[m.Code] = true
	}
	if len(codes) != sim.MaxShareMaterials || codes["C000000000"] || codes["C000000002"] || !codes["C000000003"] {
		t.Errorf("%d materials held (C000000000 %v, C000000002 %v, C000000003 %v), want %d without the three expired",
			len(codes), codes["C000000000"], codes["C000000002"], codes["C000000003"], sim.MaxShareMaterials)
	}
}
