package httpapi_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/wxmock/wxmock/internal/mock"
)

// Black-box tests of Tencent Maps' places (seed 001, §6 and §7), and the
// helpers the store tests share (prefix ss).

// Fixture places (internal/fixtures/data/map_pois.json).
const (
	ssXMax    = "2708071440732747189" // X-MAX工厂, 海珠区 440105 (the seed's example)
	ssRongyi  = "2880741500279549033" // 榕意茶餐厅(江南西店), 海珠区
	ssHetian  = "5938314494307741153" // 禾田便利店(滨江东店), 海珠区
	ssNanan   = "5724813416191327557" // 南岸咖啡(琶洲店), 海珠区
	ssJingwei = "4578916104913485206" // 京味斋(三里屯店), 朝阳区 110105 (Beijing)
	ssLingnan = "7113648118354006661" // 岭南味道酒家(体育西店), 天河区 440106
	ssPudong  = "9783999549089073374" // 浦东嘉园大药房, 浦东新区 310115
)

// ss440105 lists the fixture places of 海珠区, in uid order.
var ss440105 = []string{"2083423410019193262", ssXMax, ssRongyi, ssNanan, "5938314494307741153", "5946452515212602801"}

// A second app, made with POST /__wxmock/apps.
const (
	ssAppB    = "wx5353535353535353"
	ssSecretB = "53535353535353535353535353535353"
)

const (
	ssPic1 = "http://mmbiz.qpic.cn/a.jpg"
	ssPic2 = "http://mmbiz.qpic.cn/b.jpg"
	ssPic3 = "http://mmbiz.qpic.cn/c.jpg"
)

// ssXMaxPlace is the seed's example answer of search_map_poi (§6).
var ssXMaxPlace = ssPlace{BranchName: "X-MAX工厂", Address: "广东省广州市海珠区怡安路172-174号怡安花园二、三层(中海名都)",
	Longitude: 113.274810791, Latitude: 23.1088695526, Telephone: " 020-89190388", Category: "运动健身:健身中心",
	SosomapPOIUID: ssXMax, DataSupply: 2, PicURLs: []string{}, CardIDList: []string{}}

// ssPlace is one item of search_map_poi.
type ssPlace struct {
	BranchName    string   `json:"branch_name"`
	Address       string   `json:"address"`
	Longitude     float64  `json:"longitude"`
	Latitude      float64  `json:"latitude"`
	Telephone     string   `json:"telephone"`
	Category      string   `json:"category"`
	SosomapPOIUID string   `json:"sosomap_poi_uid"`
	DataSupply    int      `json:"data_supply"`
	PicURLs       []string `json:"pic_urls"`
	CardIDList    []string `json:"card_id_list"`
}

// ssAuditRow is an audit as GET /__wxmock/audits lists it.
type ssAuditRow struct {
	AuditID uint64 `json:"audit_id"`
	AppID   string `json:"appid"`
	Kind    string `json:"kind"`
	Subject string `json:"subject"`
	State   string `json:"state"`
	Reason  string `json:"reason"`
	Result  string `json:"result"`
}

// ssJSON encodes v as a request body, without HTML escaping.
func ssJSON(v any) string {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		panic(err)
	}
	return strings.TrimSpace(buf.String())
}

// ssPics is a pic_list: a JSON document in a string (seed 001, §8).
func ssPics(urls ...string) string {
	return ssJSON(map[string][]string{"list": urls})
}

// ssMerge returns base with over applied; a nil value removes the key.
func ssMerge(base, over map[string]any) map[string]any {
	out := make(map[string]any, len(base)+len(over))
	for k, v := range base {
		if v != nil {
			out[k] = v
		}
	}
	for k, v := range over {
		if v == nil {
			delete(out, k)
		} else {
			out[k] = v
		}
	}
	return out
}

// ssSub is e for a subtest of the test that made e: its failures are the
// subtest's.
func ssSub(e *env, t *testing.T) *env {
	c := *e
	c.t = t
	return &c
}

// ssDecode checks that r is a success (errcode 0 or none) and decodes it.
func ssDecode[T any](e *env, r resp) T {
	e.t.Helper()
	var v T
	if r.Status != http.StatusOK || r.code() != 0 {
		e.t.Fatalf("want success, got HTTP %d: %s", r.Status, r.Raw)
		return v
	}
	if err := json.Unmarshal([]byte(r.Raw), &v); err != nil {
		e.t.Fatalf("decode %s: %v", r.Raw, err)
	}
	return v
}

// ssState is the whole exported state.
func ssState(e *env) any {
	e.t.Helper()
	r := e.admin(http.MethodGet, "/state", "")
	if r.Status != http.StatusOK {
		e.t.Fatalf("GET state: %d %s", r.Status, r.Raw)
	}
	var v any
	if err := json.Unmarshal([]byte(r.Raw), &v); err != nil {
		e.t.Fatalf("state: %v", err)
	}
	return v
}

// ssRejected checks that a call is answered code and msg and changes no
// state.
func ssRejected(e *env, path, tok, body string, code int, msg string) {
	e.t.Helper()
	before := ssState(e)
	e.wantErr(e.post(path, tok, body), code, msg)
	if d := cmp.Diff(before, ssState(e)); d != "" {
		e.t.Errorf("state changed by a rejected %s %s (-before +after):\n%s", path, body, d)
	}
}

// ssUpload uploads a small jpg as a temporary image and returns its media_id.
func ssUpload(e *env, tok string) string {
	e.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	part, err := mw.CreateFormFile("media", "a.jpg")
	if err != nil {
		e.t.Fatal(err)
	}
	_, _ = part.Write([]byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00 wxmock store test image"))
	if err := mw.Close(); err != nil {
		e.t.Fatal(err)
	}
	target := "/cgi-bin/media/upload?type=image&access_token=" + tok
	req := httptest.NewRequest(http.MethodPost, target, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	rec := httptest.NewRecorder()
	e.m.HTTP.ServeHTTP(rec, req)
	out := resp{Status: rec.Code, Raw: rec.Body.String()}
	e.checkSchema(target, out)
	var v struct {
		MediaID string `json:"media_id"`
	}
	if err := json.Unmarshal([]byte(out.Raw), &v); err != nil || v.MediaID == "" {
		e.t.Fatalf("upload: %d %s", out.Status, out.Raw)
	}
	return v.MediaID
}

// ssNicknames makes merchant nicknames unique.
var ssNicknames atomic.Int64

// ssApply applies for a merchant with a category pair that needs no
// qualification (运动健身 / 健身中心) and a fresh nickname.
func ssApply(e *env, tok string) {
	e.t.Helper()
	body := ssJSON(map[string]any{"first_catid": 312, "second_catid": 313, "headimg_mediaid": ssUpload(e, tok),
		"nickname": fmt.Sprintf("ssshop%d", ssNicknames.Add(1)), "intro": "a store of the wxmock tests"})
	e.wantOK(e.post("/wxa/apply_merchant", tok, body), "ok")
}

// ssMerchant gives the token's app an approved merchant.
func ssMerchant(e *env, tok string) {
	e.t.Helper()
	ssApply(e, tok)
	e.advance(5 * time.Second)
	r := ssDecode[struct {
		Data struct {
			Status int `json:"status"`
		} `json:"data"`
	}](e, e.do(http.MethodGet, "/wxa/get_merchant_audit_info?access_token="+tok, ""))
	if r.Data.Status != 1 {
		e.t.Fatalf("merchant status %d after 5 s, want 1", r.Data.Status)
	}
}

// ssAppBToken creates the second app and returns a token of it.
func ssAppBToken(e *env) string {
	e.t.Helper()
	r := e.admin(http.MethodPost, "/apps", ssJSON(map[string]string{"appid": ssAppB, "secret": ssSecretB,
		"name": "ss second app", "original_id": "gh_535353535353"}))
	if r.Status != http.StatusOK {
		e.t.Fatalf("POST apps: %d %s", r.Status, r.Raw)
	}
	return e.tokenOf(ssAppB, ssSecretB)
}

// ssLegacyToken is a token of the app holding the fixtures' legacy stores.
func ssLegacyToken(e *env) string {
	e.t.Helper()
	return e.tokenOf(mock.LegacyAppID, mock.LegacySecret)
}

// ssAudits lists the audits.
func ssAudits(e *env) []ssAuditRow {
	e.t.Helper()
	r := e.admin(http.MethodGet, "/audits", "")
	if r.Status != http.StatusOK {
		e.t.Fatalf("GET audits: %d %s", r.Status, r.Raw)
	}
	var v struct {
		Audits []ssAuditRow `json:"audits"`
	}
	if err := json.Unmarshal([]byte(r.Raw), &v); err != nil {
		e.t.Fatal(err)
	}
	return v.Audits
}

// ssAudit finds one audit.
func ssAudit(e *env, id uint64) ssAuditRow {
	e.t.Helper()
	for _, a := range ssAudits(e) {
		if a.AuditID == id {
			return a
		}
	}
	e.t.Fatalf("no audit %d", id)
	return ssAuditRow{}
}

// ssSearch calls search_map_poi.
func ssSearch(e *env, tok string, district any, keyword string) []ssPlace {
	e.t.Helper()
	r := ssDecode[struct {
		ErrMsg string `json:"errmsg"`
		Data   struct {
			Item []ssPlace `json:"item"`
		} `json:"data"`
	}](e, e.post("/wxa/search_map_poi", tok, ssJSON(map[string]any{"districtid": district, "keyword": keyword})))
	if r.ErrMsg != "ok" {
		e.t.Errorf("search errmsg %q", r.ErrMsg)
	}
	return r.Data.Item
}

// ssUIDs lists the sosomap_poi_uid of places, sorted.
func ssUIDs(ps []ssPlace) []string {
	out := []string{}
	for _, p := range ps {
		out = append(out, p.SosomapPOIUID)
	}
	slices.Sort(out)
	return out
}

// ssMapPOIBase is the seed's example of create_map_poi (§7), without its
// trailing comma.
var ssMapPOIBase = map[string]any{
	"name": "hardenzhang", "longitude": "113.323753357", "latitude": "23.0974903107",
	"province": "广东省", "city": "广州市", "district": "海珠区", "address": "TIT", "category": "类目1:类目2",
	"telephone": "12345678901",
	"photo":     "http://mmbiz.qpic.cn/mmbiz_png/tW66AWE2K6ECFPcyAcIZTG8RlcR0sAqBibOm8gao5xOoLfIic9ZJ6MADAktGPxZI7MZLcadZUT36b14NJ2cHRHA/0?wx_fmt=png",
	"license":   "http://mmbiz.qpic.cn/mmbiz_png/tW66AWE2K6ECFPcyAcIZTG8RlcR0sAqBibOm8gao5xOoLfIic9ZJ6MADAktGPxZI7MZLcadZUT36b14NJ2cHRHA/0?wx_fmt=png",
	"introduct": "test", "districtid": "440105",
}

var ssCreatedPattern = regexp.MustCompile(`^\{"error":null,"data":\{"base_id":[1-9][0-9]*,"rich_id":[1-9][0-9]*\}\}$`)

// ssCreatePOI calls create_map_poi with the seed's example changed by over
// and returns base_id.
func ssCreatePOI(e *env, tok string, over map[string]any) uint64 {
	e.t.Helper()
	r := e.post("/wxa/create_map_poi", tok, ssJSON(ssMerge(ssMapPOIBase, over)))
	if !ssCreatedPattern.MatchString(r.Raw) {
		e.t.Fatalf("create_map_poi answered %s, want {\"error\":null,\"data\":{\"base_id\":N,\"rich_id\":M}}", r.Raw)
	}
	v := ssDecode[struct {
		Data struct {
			BaseID uint64 `json:"base_id"`
		} `json:"data"`
	}](e, r)
	return v.Data.BaseID
}

// ssApprovedPOI creates a place named name in 海珠区, lets its audit pass
// and returns its sosomap_poi_uid.
func ssApprovedPOI(e *env, tok, name string) string {
	e.t.Helper()
	ssCreatePOI(e, tok, map[string]any{"name": name})
	e.advance(5 * time.Second)
	ps := ssSearch(e, tok, "440105", name)
	if len(ps) != 1 {
		e.t.Fatalf("search %q after approval: %+v", name, ps)
	}
	return ps[0].SosomapPOIUID
}
