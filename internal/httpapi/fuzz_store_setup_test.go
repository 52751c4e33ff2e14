package httpapi_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/wxmock/wxmock/internal/httpapi"
	"github.com/wxmock/wxmock/internal/mock"
)

// The objects of the store fuzz state. Ids come from the simulator's
// sequences, which start at WeChat-like values, so they never drift; the
// seed corpora name them.
const (
	sfzMerchantAudit = 414569513 // the merchant's audit: approved
	sfzMapAudit      = 414569514 // the created map POI's audit (its base_id): approved
	sfzMapPendAudit  = 414569515 // a second created map POI, in audit
	sfzStoreAudit    = 414569516 // the approved store's audit
	sfzPendAudit     = 414569517 // the store in audit
	sfzStorePoi      = "472671857"
	sfzPendPoi       = "472671858"
	sfzMapPOIID      = "2880741500694118547" // the approved map POI: 2880741500279549033 + its audit id
	sfzPlace         = "2880741500279549033" // the fixed place of the approved store
	sfzPendPlace     = "5938314494307741153" // the fixed place of the store in audit
	sfzFreePlace     = "5724813416191327557" // a fixed place no store uses
	sfzCard          = "pFuzzCard0000000001"
	sfzCredential    = "FZ-CRED-0001"
	sfzLegacyBase    = 590000000 // legacy stores 590000000 to 590000004, upgrade_status 0 to 4
)

// sfzWorld holds the random ids of the store fuzz state: the media ids.
type sfzWorld struct {
	image, png, thumb string
}

// sfzJPEG and sfzPNG are the first bytes of a small jpg and png.
var (
	sfzJPEG = append([]byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00"), bytes.Repeat([]byte{0x42}, 600)...)
	sfzPNG  = append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), bytes.Repeat([]byte{0x17}, 40)...)
)

// sfzPart is one part of a multipart body.
type sfzPart struct{ name, filename, data string }

// sfzMultipart writes a multipart/form-data body by hand, so that tests
// control every byte.
func sfzMultipart(boundary string, parts ...sfzPart) []byte {
	var b bytes.Buffer
	for _, p := range parts {
		b.WriteString("--" + boundary + "\r\n")
		b.WriteString(`Content-Disposition: form-data; name="` + p.name + `"`)
		if p.filename != "" {
			b.WriteString(`; filename="` + p.filename + `"`)
		}
		b.WriteString("\r\nContent-Type: application/octet-stream\r\n\r\n")
		b.WriteString(p.data)
		b.WriteString("\r\n")
	}
	b.WriteString("--" + boundary + "--\r\n")
	return b.Bytes()
}

// sfzCall sends a request that builds the state and decodes its answer,
// which must be a 200 JSON object.
func sfzCall(tb testing.TB, h http.Handler, method, target, ctype string, body []byte) map[string]any {
	tb.Helper()
	req := httptest.NewRequest(method, target, bytes.NewReader(body))
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	obj, err := decodeObject(rec.Body.Bytes())
	if rec.Code != http.StatusOK || err != nil {
		tb.Fatalf("%s %s: %d %s (%v)", method, target, rec.Code, rec.Body, err)
	}
	return obj
}

// sfzPopulate builds the store fuzz state for the default app through the
// API, with the clock standing still (the fuzzer's restore puts it back at
// start), and checks that the objects got the ids the seed corpora name.
func sfzPopulate(tb testing.TB, h http.Handler, token string) sfzWorld {
	tb.Helper()
	q := "?access_token=" + url.QueryEscape(token)
	wx := func(path, body string) map[string]any {
		tb.Helper()
		r := sfzCall(tb, h, http.MethodPost, path+q, "", []byte(body))
		if c, ok := r["errcode"]; ok && c != json.Number("0") {
			tb.Fatalf("%s: %v", path, r)
		}
		return r
	}
	resolve := func(id int, outcome string) {
		tb.Helper()
		sfzCall(tb, h, http.MethodPost, fmt.Sprintf("/__wxmock/audits/%d/resolve", id), "", []byte(`{"outcome":"`+outcome+`"}`))
	}
	w := sfzUploads(tb, h, token)

	wx("/wxa/apply_merchant", `{"first_catid":278,"second_catid":279,"headimg_mediaid":"`+w.image+`","nickname":"FuzzShop 门店","intro":"fuzzing the store API","qualification_list":"`+w.png+`"}`)
	audit := sfzCall(tb, h, http.MethodGet, "/wxa/get_merchant_audit_info"+q, "", nil)
	if d, _ := audit["data"].(map[string]any); d["audit_id"] != json.Number(strconv.Itoa(sfzMerchantAudit)) {
		tb.Fatalf("the merchant's audit: %v, want audit_id %d (update the constants and the seed corpora)", audit, sfzMerchantAudit)
	}
	resolve(sfzMerchantAudit, "pass")

	mapPOI := func(name string) map[string]any {
		return wx("/wxa/create_map_poi", `{"name":"`+name+`","longitude":"113.323753357","latitude":"23.0974903107","province":"广东省","city":"广州市","district":"海珠区","address":"TIT","category":"类目1:类目2","telephone":"12345678901","photo":"http://mmbiz.qpic.cn/p.png","license":"http://mmbiz.qpic.cn/l.png","introduct":"test","districtid":"440105"}`)
	}
	for i, want := range []int{sfzMapAudit, sfzMapPendAudit} {
		r := mapPOI(fmt.Sprintf("FuzzPlace%d", i))
		if d, _ := r["data"].(map[string]any); d["base_id"] != json.Number(strconv.Itoa(want)) || d["rich_id"] != json.Number(strconv.Itoa(42010+i)) {
			tb.Fatalf("create_map_poi: %v, want base_id %d", r, want)
		}
	}
	resolve(sfzMapAudit, "pass")

	pics := `"pic_list":"{\"list\":[\"http://mmbiz.qpic.cn/mmbiz_jpg/a/0?wx_fmt=jpeg\"]}"`
	for _, s := range []struct {
		place, cred, card, poi string
		audit                  int
	}{{sfzPlace, sfzCredential, sfzCard, sfzStorePoi, sfzStoreAudit}, {sfzPendPlace, "FZ-CRED-0002", "", sfzPendPoi, sfzPendAudit}} {
		r := wx("/wxa/add_store", `{"poi_id":"","map_poi_id":"`+s.place+`",`+pics+`,"contract_phone":"1111222222","hour":"10:00-21:00","credential":"`+s.cred+`","card_id":"`+s.card+`"}`)
		if d, _ := r["data"].(map[string]any); d["audit_id"] != json.Number(strconv.Itoa(s.audit)) {
			tb.Fatalf("add_store: %v, want audit_id %d", r, s.audit)
		}
	}
	resolve(sfzStoreAudit, "pass")
	if r := wx("/wxa/get_store_info", `{"poi_id":"`+sfzStorePoi+`"}`); r["business"] == nil {
		tb.Fatalf("get_store_info: %v", r)
	}
	if r := wx("/card/storewxa/get", `{"poi_id":`+sfzStorePoi+`}`); r["card_id"] != sfzCard {
		tb.Fatalf("card/storewxa/get: %v, want card %s", r, sfzCard)
	}

	places := []string{sfzPlace, sfzPendPlace, sfzFreePlace, "2708071440732747189", "5946452515212602801"}
	for st := 0; st <= 4; st++ {
		comment := ""
		if st == 1 {
			comment = "图片不清晰"
		}
		sfzCall(tb, h, http.MethodPost, "/__wxmock/legacy_stores", "", []byte(fmt.Sprintf(
			`{"poi_id":"%d","mapid":"%s","upgrade_status":%d,"upgrade_comment":"%s","base_info":{"business_name":"旧门店%d","branch_name":"分店","sid":"FZ-%d"}}`,
			sfzLegacyBase+st, places[st], st, comment, st, st)))
	}
	if r := wx("/cgi-bin/poi/getpoilist", `{"begin":0,"limit":50}`); r["total_count"] != json.Number("5") {
		tb.Fatalf("getpoilist: %v, want 5 legacy stores", r)
	}
	return w
}

// The media ids of the seed-1 mock, which the corpus files spell out:
// those of the default app and those of the app without a merchant, which
// FuzzStoreApplyMerchant applies for.
const (
	sfzImage  = "tOH--AMzbJM1GKIAdwh_qOC8tVhdC7WzjiST4SaYaGULz7DhNycZDAlG9rc5MuuJ"
	sfzPNGID  = "57HvXoiquLkhRgi6MT0NIEIL_DD9HaTJJKVFcxSKOj0ZwJ4mHxfyE7k7oo-C0FzE"
	sfzThumb  = "9WK3joYrOoOdmkgRUJblhzQBWPMFCLeDjUMM-mAY4c9o0pftG72Ek2sfeBn66UUL"
	sfzImage2 = "keMv5lxYtPP3E3B5shfi_1hs47vp0p9aiKtqCbiRqvWmY8OxfZGrL5cRytQ8Gai-"
	sfzPNGID2 = "H87NYIqR3Qi3B4t_VP3pheIPHbtGrRzsvJ_qJhFDVUkPhMCviT3rukpRSvXNtmbh"
	sfzThumb2 = "igUHsXqtHp48VA8qo_FCD72B3KTw4SJg0cE3Wv2t42VopeQHGYuN7U5jTN42HfDP"
)

// sfzUploads uploads an app's media: a jpg and a png image and a thumb.
func sfzUploads(tb testing.TB, h http.Handler, token string) sfzWorld {
	tb.Helper()
	upload := func(typ, filename string, data []byte) string {
		tb.Helper()
		body := sfzMultipart("sfzBoundary", sfzPart{"media", filename, string(data)})
		r := sfzCall(tb, h, http.MethodPost, "/cgi-bin/media/upload?access_token="+url.QueryEscape(token)+"&type="+typ, "multipart/form-data; boundary=sfzBoundary", body)
		id, _ := r["media_id"].(string)
		if typ == "thumb" {
			id, _ = r["thumb_media_id"].(string)
		}
		if id == "" {
			tb.Fatalf("upload %s: %v", typ, r)
		}
		return id
	}
	return sfzWorld{upload("image", "head.jpg", sfzJPEG), upload("image", "licence.png", sfzPNG), upload("thumb", "thumb.jpg", sfzJPEG)}
}

// sfzNewFuzzer builds the mock of a store fuzz target: newFuzzer's
// promoters plus the store fuzz state, which becomes the base every input
// starts from. With other, the target calls as the built-in app that holds
// no merchant (mock.LegacyAppID), which gets its own media.
func sfzNewFuzzer(f *testing.F, path string, other bool) (*fuzzer, sfzWorld) {
	f.Helper()
	fz := newFuzzer(f, path)
	w := sfzPopulate(f, fz.m.HTTP, fz.token)
	want := sfzWorld{sfzImage, sfzPNGID, sfzThumb}
	if other {
		tok := fz.setupCall(f, http.MethodGet, "/cgi-bin/token?grant_type=client_credential&appid="+mock.LegacyAppID+"&secret="+mock.LegacySecret, "")
		fz.token, _ = tok["access_token"].(string)
		w = sfzUploads(f, fz.m.HTTP, fz.token)
		want = sfzWorld{sfzImage2, sfzPNGID2, sfzThumb2}
	}
	if w != want {
		// Only the ids drawn at random moved: seeds that name the old ones
		// now test 85056 rather than a live medium.
		f.Logf("the media ids moved from %+v to %+v: update the seed corpora", want, w)
	}
	fz.base = fz.snapshot(f)
	if err := fz.m.Sim.Replace(fz.base.State); err != nil {
		f.Fatalf("Replace(Export()): %v", err)
	}
	if d := cmp.Diff(fz.base, fz.snapshot(f)); d != "" {
		f.Fatalf("Replace(Export()) mismatch (-want +got):\n%s", d)
	}
	if err := sfzConsistent(fz.base.State); err != nil {
		f.Fatalf("the store fuzz state is inconsistent: %v", err)
	}
	if es := fz.m.HTTP.Journal().List(httpapi.Filter{Limit: 1}); len(es) == 1 {
		fz.seq = es[0].Seq
	}
	return fz, w
}
