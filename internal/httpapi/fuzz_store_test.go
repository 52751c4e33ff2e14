package httpapi_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/big"
	"mime"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/wxmock/wxmock/internal/httpapi"
	"github.com/wxmock/wxmock/internal/mock"
	"github.com/wxmock/wxmock/internal/sim"
	"github.com/wxmock/wxmock/schemas"
)

// The store family's fuzz targets (seed 001) and the media upload's. Each
// sends every input to one endpoint of a mock that already holds one of
// each object the family knows, so that fuzzed ids hit real ones: for the
// default app an approved merchant, live media, an approved store with a
// card, a store in audit, an approved and a pending map POI, and a legacy
// store of each upgrade_status (FuzzStoreApplyMerchant calls as the
// built-in app without a merchant, so that its inputs reach every check of
// an application; the alias applywxastore meets the approved one).
//
// On top of the existing harness's properties (a 200 JSON answer with an
// errcode or the endpoint's own success shape, no ResponseViolations, no
// -1 but del_store's documented 删除失败 and never from a panic, a
// rejected request changes no state) they check that a success changes
// only the tables and rows its endpoint owns and a read changes nothing;
// that the state stays consistent (sequences above the ids they drew,
// statuses that agree with their audits, one live store per place and per
// credential, a poi_id that names one store) and can be imported again;
// that a journal entry keeps at most 8 KB of any text; and, for the
// upload, that the errcode is the one a reading of the body without a
// size limit predicts. Query targets read TOKEN in their input as the
// mock's access_token.
//
// Seed inputs live under testdata/fuzz/FuzzStore*, FuzzMediaUpload,
// FuzzAdminResolveAudit and FuzzAdminLegacyStores, named after the errcode
// or status they get; those of bugs still open are named bug_*. Run one
// target with
//
//	go test ./internal/httpapi -run '^$' -fuzz '^FuzzStoreAddStore$' -fuzztime 20s -parallel 1

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

// sfzFuzzBody fuzzes the JSON body of a store endpoint. Seeds may name the
// world's media ids as $IMAGE, $PNG and $THUMB; the corpus files spell the
// ids of the seed-1 mock out.
func sfzFuzzBody(f *testing.F, path string, seeds ...string) {
	f.Helper()
	fz, w := sfzNewFuzzer(f, path, path == "/wxa/apply_merchant")
	r := strings.NewReplacer("$IMAGE", w.image, "$PNG", w.png, "$THUMB", w.thumb)
	for _, s := range seeds {
		f.Add([]byte(r.Replace(s)))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		target := path
		if !fz.admin {
			target += "?access_token=" + fz.token
		}
		fz.sfzCheck(t, httptest.NewRequest(http.MethodPost, target, bytes.NewReader(body)), body)
	})
}

// sfzFuzzQuery fuzzes the query string of a GET endpoint; TOKEN in the
// query stands for the mock's access_token.
func sfzFuzzQuery(f *testing.F, path string, seeds ...string) {
	f.Helper()
	fz, _ := sfzNewFuzzer(f, path, false)
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, query string) {
		req := httptest.NewRequest(http.MethodGet, path, nil)
		req.URL.RawQuery = strings.ReplaceAll(query, "TOKEN", fz.token) // set after NewRequest, which would refuse a malformed target
		fz.sfzCheck(t, req, []byte(query))
	})
}

const sfzPics = `"pic_list":"{\"list\":[\"http://mmbiz.qpic.cn/mmbiz_jpg/a/0?wx_fmt=jpeg\"]}"`

func FuzzStoreApplyMerchant(f *testing.F) {
	sfzFuzzBody(f, "/wxa/apply_merchant",
		`{"first_catid":476,"second_catid":477,"qualification_list":"$PNG","headimg_mediaid":"$IMAGE","nickname":"hardenzhang308","intro":"hardenzhangtest","org_code":"","other_files":""}`,
		`{"first_catid":278,"second_catid":279,"headimg_mediaid":"$THUMB","nickname":"wxmock:hold","intro":"wxmock:fail"}`)
}

func FuzzStoreApplyWxaStore(f *testing.F) {
	sfzFuzzBody(f, "/wxa/applywxastore",
		`{"first_catid":278,"second_catid":280,"qualification_list":"$PNG|$IMAGE","headimg_mediaid":"$IMAGE","nickname":"便利店 fuzz","intro":"x"}`)
}

func FuzzStoreModifyMerchant(f *testing.F) {
	sfzFuzzBody(f, "/wxa/modify_merchant",
		`{"headimg_mediaid":"$PNG","intro":"新的介绍"}`, `{"headimg_mediaid":"","intro":""}`,
		`{"headimg_mediaid":"$THUMB","intro":"x"}`, `{"headimg_mediaid":"","intro":"官方授权"}`)
}

func FuzzStoreSearchMapPOI(f *testing.F) {
	sfzFuzzBody(f, "/wxa/search_map_poi", `{"districtid":440105,"keyword":"x"}`, `{"districtid":"440105","keyword":"FuzzPlace"}`)
}

func FuzzStoreCreateMapPOI(f *testing.F) {
	sfzFuzzBody(f, "/wxa/create_map_poi",
		`{"name":"hardenzhang","longitude":113.323753357,"latitude":23.0974903107,"province":"广东省","city":"广州市","district":"天河区","address":"TIT","category":"类目1:类目2","telephone":"12345678901","photo":"p","license":"l","introduct":"wxmock:hold","districtid":440106,"poi_id":"`+strconv.Itoa(sfzLegacyBase)+`"}`)
}

func FuzzStoreAddStore(f *testing.F) {
	sfzFuzzBody(f, "/wxa/add_store",
		`{"poi_id":"`+strconv.Itoa(sfzLegacyBase)+`","map_poi_id":"`+sfzMapPOIID+`",`+sfzPics+`,"contract_phone":"1111222222","hour":"09:00-18:00","credential":"22883878-0","qualification_list":"$PNG"}`,
		`{"poi_id":"`+strconv.Itoa(sfzLegacyBase+1)+`","map_poi_id":"`+sfzFreePlace+`",`+sfzPics+`,"contract_phone":"1","hour":"00:00-24:00","credential":"wxmock:fail","card_id":"pFuzzCard0000000002"}`)
}

func FuzzStoreUpdateStore(f *testing.F) {
	sfzFuzzBody(f, "/wxa/update_store",
		`{"map_poi_id":"`+sfzPlace+`","poi_id":"`+sfzStorePoi+`","hour":"10:00-21:00","contract_phone":"123456",`+sfzPics+`}`,
		`{"poi_id":`+sfzStorePoi+`,"hour":"08:00-20:00","contract_phone":"","card_id":"pFuzzCard0000000009","pic_list":"{\"list\":[\"http://new/wxmock:hold\"]}"}`)
}

func FuzzStoreGetStoreInfo(f *testing.F) {
	sfzFuzzBody(f, "/wxa/get_store_info", `{"poi_id":"`+sfzStorePoi+`"}`, `{"poi_id":`+sfzPendPoi+`}`)
}

func FuzzStoreGetStoreList(f *testing.F) {
	sfzFuzzBody(f, "/wxa/get_store_list", `{"offset":0,"limit":10}`, `{"offset":1,"limit":0}`)
}

func FuzzStoreDelStore(f *testing.F) {
	sfzFuzzBody(f, "/wxa/del_store", `{"poi_id":"`+sfzStorePoi+`"}`, `{"poi_id":`+sfzPendPoi+`}`)
}

func FuzzStoreGetPOIList(f *testing.F) {
	sfzFuzzBody(f, "/cgi-bin/poi/getpoilist", `{"begin":0,"limit":10}`, `{"begin":4,"limit":50}`)
}

func FuzzStoreDelPOI(f *testing.F) {
	sfzFuzzBody(f, "/cgi-bin/poi/delpoi", `{"poi_id":"`+strconv.Itoa(sfzLegacyBase+4)+`"}`, `{"poi_id":`+strconv.Itoa(sfzLegacyBase)+`}`)
}

func FuzzStoreCardGet(f *testing.F) {
	sfzFuzzBody(f, "/card/storewxa/get", `{"poi_id":`+sfzStorePoi+`}`, `{"poi_id":"`+sfzPendPoi+`"}`)
}

func FuzzStoreCardSet(f *testing.F) {
	sfzFuzzBody(f, "/card/storewxa/set", `{"poi_id":`+sfzStorePoi+`,"card_id":"pabcedfg1234567hijklmn"}`, `{"poi_id":"`+sfzPendPoi+`","card_id":"`+sfzCard+`"}`)
}

func FuzzStoreGetMerchantCategory(f *testing.F) {
	sfzFuzzQuery(f, "/wxa/get_merchant_category", "access_token=TOKEN", "access_token=TOKEN&access_token=x&x=%zz")
}

func FuzzStoreGetMerchantAuditInfo(f *testing.F) {
	sfzFuzzQuery(f, "/wxa/get_merchant_audit_info", "access_token=TOKEN", "access_token=bad&access_token=TOKEN")
}

func FuzzStoreGetDistrict(f *testing.F) {
	sfzFuzzQuery(f, "/wxa/get_district", "access_token=TOKEN", "access_token=TOKEN;keyword=wxmock:fail")
}

func FuzzAdminLegacyStores(f *testing.F) {
	sfzFuzzBody(f, "/__wxmock/legacy_stores",
		`{"poi_id":"590000009","mapid":"`+sfzFreePlace+`","upgrade_status":0}`,
		`{"appid":"wx0000000000001e9a","poi_id":"285633617","mapid":"1","upgrade_status":4,"upgrade_comment":"","base_info":{"sid":"x"}}`)
}

// FuzzAdminResolveAudit fuzzes the audit id in the path and the body of
// POST /__wxmock/audits/{audit_id}/resolve.
func FuzzAdminResolveAudit(f *testing.F) {
	const path = "/__wxmock/audits/{audit_id}/resolve"
	fz, _ := sfzNewFuzzer(f, path, false)
	for _, s := range []struct{ id, body string }{
		{strconv.Itoa(sfzPendAudit), `{"status":3,"reason":"图片不清晰"}`},
		{strconv.Itoa(sfzMapPendAudit), `{"outcome":"fail"}`},
		{strconv.Itoa(sfzMerchantAudit), `{}`},
	} {
		f.Add(s.id, []byte(s.body))
	}
	f.Fuzz(func(t *testing.T, id string, body []byte) {
		req := httptest.NewRequest(http.MethodPost, "/__wxmock/audits/0/resolve", bytes.NewReader(body))
		req.URL.Path, req.URL.RawPath = "/__wxmock/audits/"+id+"/resolve", ""
		if id == "" || strings.Contains(id, "/") { // no route: mux answers its 404
			fz.sfzServe(t, req, body, func(rec *httptest.ResponseRecorder, _ snapshot) (bool, error) {
				if rec.Code != http.StatusNotFound {
					return true, fmt.Errorf("HTTP %d for a path that names no audit, want 404", rec.Code)
				}
				return true, nil
			})
			return
		}
		fz.sfzCheck(t, req, body)
	})
}

// sfzMaxSize is the largest file of each upload type (sim's media rules).
var sfzMaxSize = map[string]int{"image": 10 << 20, "voice": 2 << 20, "video": 10 << 20, "thumb": 64 << 10}

// FuzzMediaUpload fuzzes the type query, the Content-Type header (and so
// the boundary) and the raw multipart body of POST /cgi-bin/media/upload.
func FuzzMediaUpload(f *testing.F) {
	fz, _ := sfzNewFuzzer(f, "/cgi-bin/media/upload", false)
	const ct = "multipart/form-data; boundary=sfzB"
	f.Add("image", ct, sfzMultipart("sfzB", sfzPart{"media", "a.jpg", string(sfzJPEG)}))
	f.Add("thumb", ct, sfzMultipart("sfzB", sfzPart{"note", "", "x"}, sfzPart{"media", "t.jpg", string(sfzJPEG)}))
	// Files at and one byte over each type's size (40006); too big for
	// corpus files, so they are made here.
	sized := func(head string, n int) string { return head + strings.Repeat("\x00", n-len(head)) }
	f.Add("thumb", ct, sfzMultipart("sfzB", sfzPart{"media", "t.jpg", sized(string(sfzJPEG), 64<<10)}))
	f.Add("thumb", ct, sfzMultipart("sfzB", sfzPart{"media", "t.jpg", sized(string(sfzJPEG), 64<<10+1)}))
	f.Add("voice", ct, sfzMultipart("sfzB", sfzPart{"media", "v.mp3", sized("ID3\x03", 2<<20+1)}))
	f.Add("image", ct, sfzMultipart("sfzB", sfzPart{"media", "big.jpg", sized(string(sfzJPEG), 10<<20+1)}))
	f.Add("video", ct, sfzMultipart("sfzB", sfzPart{"media", "big.mp4", sized("\x00\x00\x00\x18ftypmp42", 10<<20+1)}))
	// A file larger than the body the server reads (10 MB + 64 KB) is
	// 40006 too, not 41005 "media data missing" (fixed in fdf4263).
	f.Add("image", ct, sfzMultipart("sfzB", sfzPart{"media", "huge.jpg", sized(string(sfzJPEG), 12<<20)}))
	f.Fuzz(func(t *testing.T, typ, contentType string, body []byte) {
		req := httptest.NewRequest(http.MethodPost, "/cgi-bin/media/upload", bytes.NewReader(body))
		req.URL.RawQuery = "access_token=" + fz.token + "&type=" + url.QueryEscape(typ)
		req.Header.Set("Content-Type", contentType)
		fz.sfzServe(t, req, body, func(rec *httptest.ResponseRecorder, got snapshot) (bool, error) {
			keep, err := fz.sfzCheckWeChat(rec, body, got)
			if err != nil {
				return keep, err
			}
			return keep, sfzUploadOracle(typ, contentType, body, rec.Body.Bytes(), fz.base.State, got.State)
		})
	})
}

// sfzUploadOracle checks an upload's answer against a reading of the body
// with no size limit: 40004 for an unknown type; 41005 without a
// multipart Content-Type, without a part named media, for a broken body
// or an empty file; 40006 for a file over its type's size; else a success
// that stores the file's size, or 40005 for a format the type does not
// take.
func sfzUploadOracle(typ, contentType string, body, answer []byte, base, got *sim.State) error {
	obj, err := decodeObject(answer)
	if err != nil {
		return err
	}
	code, _ := obj["errcode"].(json.Number)
	if code == "" {
		code = "0"
	}
	want, size := sfzUploadWant(typ, contentType, body)
	switch {
	case want == "":
		return nil // a body larger than the server reads: only 40006 is sure
	case want == "0" && (code == "0" || code == "40005"):
	case string(code) != want:
		return fmt.Errorf("errcode %s, want %s", code, want)
	}
	if code != "0" {
		return nil
	}
	added := sfzNewRows(base.Media, got.Media, func(m sim.Media) string { return m.MediaID })
	if len(added) != 1 || added[0].Type != typ || added[0].Size != int64(size) || added[0].AppID != appID {
		return fmt.Errorf("an upload of a %d-byte %s stored %+v", size, typ, added)
	}
	return nil
}

// sfzUploadWant is the errcode an upload should get ("0" for a success or
// 40005), and the file's size; "" when the body is larger than the server
// reads and the file is no larger than its type allows.
func sfzUploadWant(typ, contentType string, body []byte) (code string, size int) {
	max, ok := sfzMaxSize[typ]
	if !ok {
		return "40004", 0
	}
	mt, params, err := mime.ParseMediaType(contentType)
	if err != nil || !strings.HasPrefix(mt, "multipart/") || params["boundary"] == "" {
		return "41005", 0
	}
	mr := multipart.NewReader(bytes.NewReader(body), params["boundary"])
	for first := true; ; first = false {
		part, err := mr.NextPart()
		if err != nil {
			return sfzIfSmall(body, "41005"), 0
		}
		if part.FormName() != "media" {
			continue
		}
		data, err := io.ReadAll(part)
		switch {
		case len(data) > max && first && err == nil:
			return "40006", len(data) // the server must not blame the file's size on its envelope
		case err != nil || len(data) == 0:
			return sfzIfSmall(body, "41005"), len(data)
		case len(data) > max:
			return sfzIfSmall(body, "40006"), len(data)
		}
		return sfzIfSmall(body, "0"), len(data)
	}
}

// sfzIfSmall returns code when the server reads the whole body, else "".
func sfzIfSmall(body []byte, code string) string {
	if len(body) > 10<<20+64<<10 {
		return ""
	}
	return code
}

// sfzServe sends req and checks the answer with check, the state with
// the harness's and the store family's invariants, and a rejected
// request's state against the base; then it puts back the base state.
func (fz *fuzzer) sfzServe(t *testing.T, req *http.Request, input []byte, check func(*httptest.ResponseRecorder, snapshot) (bool, error)) {
	t.Helper()
	rec := httptest.NewRecorder()
	began := time.Now()
	fz.m.HTTP.ServeHTTP(rec, req)
	took := time.Since(began)
	got := fz.snapshot(t)
	defer fz.restore(t, got)
	keep, err := check(rec, got)
	if err == nil {
		err = consistent(got.State)
	}
	if err == nil {
		err = sfzConsistent(got.State)
	}
	if err == nil && !keep && !cmp.Equal(fz.base.State, got.State) {
		err = sfzReimports(fz, got)
	}
	if err == nil && took > slowCall && len(input) < 1<<20 {
		err = fmt.Errorf("the answer took %v: a small request keeps the server busy", took.Round(time.Millisecond))
	}
	if err != nil {
		t.Errorf("%s %s: %v\ninput: %q\nanswer: %d %s", req.Method, req.URL.Path, err, clipInput(input), rec.Code, clipInput(rec.Body.Bytes()))
	}
	if keep {
		diff(t, "state after a rejected or read-only call", fz.base, got)
	}
}

// sfzReimports checks that a changed state survives PUT state's check:
// an answer must never leave a state the mock itself refuses to load.
func sfzReimports(fz *fuzzer, got snapshot) error {
	if err := fz.m.Sim.Replace(got.State); err != nil {
		return fmt.Errorf("the state after the call cannot be imported again: %v", err)
	}
	back, err := fz.m.Sim.Export()
	if err != nil {
		return err
	}
	if d := cmp.Diff(got.State, back); d != "" {
		return fmt.Errorf("the state after the call changes on import (-before +after):\n%s", d)
	}
	return nil
}

// sfzCheck checks a store family call: the control API's rules for an
// admin path, else sfzCheckWeChat.
func (fz *fuzzer) sfzCheck(t *testing.T, req *http.Request, input []byte) {
	t.Helper()
	fz.sfzServe(t, req, input, func(rec *httptest.ResponseRecorder, got snapshot) (bool, error) {
		if fz.admin {
			keep, err := fz.checkAdmin(rec, input)
			if err == nil && !keep {
				err = sfzAdminChange(fz.path, fz.base.State, got.State)
			}
			return keep, err
		}
		return fz.sfzCheckWeChat(rec, input, got)
	})
}

// sfzCheckWeChat is the harness's checkWeChat for the store family: a
// success may lack errcode where the endpoint's own shape has none
// (create_map_poi, get_district); -1 is del_store's documented 删除失败
// when no panic caused it; and a success changes only what its endpoint
// owns.
func (fz *fuzzer) sfzCheckWeChat(rec *httptest.ResponseRecorder, input []byte, got snapshot) (keep bool, err error) {
	es := fz.m.HTTP.Journal().List(httpapi.Filter{Since: fz.seq})
	if len(es) > 0 {
		fz.seq = es[len(es)-1].Seq
	}
	if len(es) != 1 {
		return false, fmt.Errorf("%d new journal entries, want 1", len(es))
	}
	if rec.Code != http.StatusOK || !strings.HasPrefix(rec.Header().Get("Content-Type"), "application/json") {
		return false, fmt.Errorf("HTTP %d %q, want 200 application/json", rec.Code, rec.Header().Get("Content-Type"))
	}
	obj, err := decodeObject(rec.Body.Bytes())
	if err != nil {
		return false, err
	}
	if v := es[0].ResponseViolations; len(v) > 0 {
		return false, fmt.Errorf("the answer breaks its response schema: %+v", v)
	}
	for _, n := range es[0].Notes {
		if strings.HasPrefix(n, "panic: ") || strings.HasPrefix(n, "internal error: ") {
			return false, fmt.Errorf("journal note %q", n)
		}
	}
	if err := sfzBounded(es[0]); err != nil {
		return false, err
	}
	raw, ok := obj["errcode"]
	if !ok {
		if err := sfzOwnShape(fz.path, obj); err != nil {
			return false, err
		}
		return sfzSuccess(fz.path, input, obj, fz.base.State, got.State)
	}
	n, _ := raw.(json.Number)
	code, err := n.Int64()
	switch {
	case err != nil:
		return false, fmt.Errorf("errcode %v is not an integer", raw)
	case code == int64(sim.ErrSystem.Code) && fz.path != "/wxa/del_store":
		return false, errors.New("errcode -1: a handler failed")
	case code != 0 && !sim.Known(int(code)):
		return false, fmt.Errorf("errcode %d is not in the catalogue", code)
	case code != 0:
		return true, nil
	}
	return sfzSuccess(fz.path, input, obj, fz.base.State, got.State)
}

// sfzEntryLimit is the most text a journal entry keeps of a request, an
// answer or a note: journalBodyLimit (8 KB) and the truncation mark. The
// journal holds a thousand entries, so one that keeps whatever a client
// sent pins megabytes per request.
const sfzEntryLimit = 8<<10 + len("…(truncated)")

// sfzBounded checks that a journal entry keeps a bounded amount of text.
func sfzBounded(e httpapi.Entry) error {
	for what, text := range map[string]string{"request": e.Request, "response": e.Response, "query": e.Query, "errmsg": e.ErrMsg} {
		if len(text) > sfzEntryLimit {
			return fmt.Errorf("the journal entry keeps a %s of %d bytes, over %d", what, len(text), sfzEntryLimit)
		}
	}
	for _, v := range append(e.Violations, e.ResponseViolations...) {
		if n := len(v.Pointer) + len(v.Message) + len(fmt.Sprint(v.Value)); n > sfzEntryLimit {
			return fmt.Errorf("the journal entry keeps a violation of %d bytes, over %d: %.100q…", n, sfzEntryLimit, v.Message)
		}
	}
	for _, n := range e.Notes {
		if len(n) > sfzEntryLimit {
			return fmt.Errorf("the journal entry keeps a note of %d bytes, over %d: %.100q…", len(n), sfzEntryLimit, n)
		}
	}
	return nil
}

// sfzOwnShape checks a success without errcode, which only create_map_poi
// ({"error": null, "data": {base_id, rich_id}}), the upload ({type,
// media_id, created_at}) and get_district ({"status": 0, ...}) answer.
func sfzOwnShape(path string, obj map[string]any) error {
	switch path {
	case "/wxa/create_map_poi":
		data, _ := obj["data"].(map[string]any)
		if e, ok := obj["error"]; !ok || e != nil || len(obj) != 2 || data["base_id"] == nil || data["rich_id"] == nil {
			return errors.New(`neither an errcode nor {"error": null, "data": {base_id, rich_id}}`)
		}
	case "/cgi-bin/media/upload":
		if obj["type"] == nil || (obj["media_id"] == nil && obj["thumb_media_id"] == nil) {
			return errors.New("neither an errcode nor {type, media_id or thumb_media_id, created_at}")
		}
	case "/wxa/get_district":
		if obj["status"] != json.Number("0") || obj["result"] == nil {
			return errors.New(`neither an errcode nor {"status": 0, ..., "result"}`)
		}
	default:
		return errors.New("no errcode")
	}
	return nil
}

// sfzTables names the tables each store endpoint may change on success;
// an endpoint that is not listed is a read and changes nothing.
var sfzTables = map[string][]string{
	"/cgi-bin/media/upload":               {"media"},
	"/wxa/apply_merchant":                 {"merchants", "audits", "sequences"},
	"/wxa/applywxastore":                  {"merchants", "audits", "sequences"},
	"/wxa/modify_merchant":                {"merchants"},
	"/wxa/create_map_poi":                 {"map_pois", "audits", "sequences"},
	"/wxa/add_store":                      {"stores", "legacy_stores", "audits", "sequences"},
	"/wxa/update_store":                   {"stores", "audits", "sequences"},
	"/wxa/del_store":                      {"stores"},
	"/cgi-bin/poi/delpoi":                 {"legacy_stores"},
	"/card/storewxa/set":                  {"stores"},
	"/__wxmock/legacy_stores":             {"legacy_stores"},
	"/__wxmock/audits/{audit_id}/resolve": {"audits", "merchants", "map_pois", "stores", "legacy_stores"},
}

// sfzChangedTables lists the State fields (by JSON name) that differ.
func sfzChangedTables(base, got *sim.State) []string {
	var out []string
	b, g := reflect.ValueOf(base).Elem(), reflect.ValueOf(got).Elem()
	for i := 0; i < b.NumField(); i++ {
		if !cmp.Equal(b.Field(i).Interface(), g.Field(i).Interface()) {
			name, _, _ := strings.Cut(b.Type().Field(i).Tag.Get("json"), ",")
			out = append(out, name)
		}
	}
	return out
}

// sfzOnly checks that only the tables path owns changed.
func sfzOnly(path string, base, got *sim.State) error {
	for _, name := range sfzChangedTables(base, got) {
		if !sfzContains(sfzTables[path], name) {
			return fmt.Errorf("a success of %s changed the table %s", path, name)
		}
	}
	return nil
}

func sfzContains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// sfzNewRows returns the rows of got whose key base lacks; sfzGone those of
// base that got lacks; sfzChangedRows those under the same key that differ.
func sfzNewRows[T any](base, got []T, key func(T) string) []T {
	return sfzMinus(got, base, key)
}

func sfzMinus[T any](a, b []T, key func(T) string) []T {
	in := map[string]bool{}
	for _, x := range b {
		in[key(x)] = true
	}
	var out []T
	for _, x := range a {
		if !in[key(x)] {
			out = append(out, x)
		}
	}
	return out
}

func sfzChangedRows[T any](base, got []T, key func(T) string) []string {
	old := map[string]T{}
	for _, x := range base {
		old[key(x)] = x
	}
	var out []string
	for _, x := range got {
		if o, ok := old[key(x)]; ok && !cmp.Equal(o, x) {
			out = append(out, key(x))
		}
	}
	return out
}

func sfzStoreKey(s sim.Store) string        { return s.PoiID }
func sfzLegacyKey(l sim.LegacyStore) string { return l.PoiID }
func sfzAuditKey(a sim.Audit) string        { return strconv.FormatUint(a.AuditID, 10) }

// sfzPoi reads the poi_id of a request as the handlers do: a string of
// digits or a whole number, written without leading zeros.
func sfzPoi(input []byte) string {
	doc, _ := schemas.Decode(input)
	body, _ := doc.(map[string]any)
	var text string
	switch v := body["poi_id"].(type) {
	case string:
		text = v
	case json.Number:
		text = v.String()
	}
	r, ok := new(big.Rat).SetString(text)
	if !ok || !r.IsInt() {
		return ""
	}
	return r.Num().String()
}

// sfzSuccess checks what a successful call changed, and reports whether
// the call must leave the state as it was (a read).
func sfzSuccess(path string, input []byte, obj map[string]any, base, got *sim.State) (keep bool, err error) {
	if _, ok := sfzTables[path]; !ok {
		return true, sfzRead(path, obj, base)
	}
	if err := sfzOnly(path, base, got); err != nil {
		return false, err
	}
	data, _ := obj["data"].(map[string]any)
	poi := sfzPoi(input)
	newStores, goneStores := sfzNewRows(base.Stores, got.Stores, sfzStoreKey), sfzMinus(base.Stores, got.Stores, sfzStoreKey)
	changed := sfzChangedRows(base.Stores, got.Stores, sfzStoreKey)
	switch path {
	case "/wxa/add_store":
		if len(newStores) != 1 || len(goneStores) != 0 || len(changed) != 0 {
			return false, fmt.Errorf("add_store added %d stores, removed %d and changed %v; want one new store and no other change", len(newStores), len(goneStores), changed)
		}
		s := newStores[0]
		if data["audit_id"] != json.Number(strconv.FormatUint(s.AuditID, 10)) || s.Status != sim.StoreAuditing {
			return false, fmt.Errorf("add_store answered %v for the store %+v", data, s)
		}
	case "/wxa/update_store", "/card/storewxa/set":
		if len(newStores) != 0 || len(goneStores) != 0 || len(changed) > 1 || (len(changed) == 1 && changed[0] != poi) {
			return false, fmt.Errorf("%s of poi_id %q added %d stores, removed %d and changed %v", path, poi, len(newStores), len(goneStores), changed)
		}
	case "/wxa/del_store":
		if len(goneStores) != 1 || goneStores[0].PoiID != poi || len(newStores) != 0 || len(changed) != 0 {
			return false, fmt.Errorf("del_store of poi_id %q removed %d stores", poi, len(goneStores))
		}
	case "/cgi-bin/poi/delpoi":
		gone := sfzMinus(base.LegacyStores, got.LegacyStores, sfzLegacyKey)
		if len(gone) != 1 || gone[0].PoiID != poi || gone[0].UpgradeStatus != sim.UpgradeForbidden || len(got.LegacyStores) != len(base.LegacyStores)-1 {
			return false, fmt.Errorf("delpoi of poi_id %q removed %+v", poi, gone)
		}
	case "/wxa/create_map_poi":
		added := sfzNewRows(base.MapPOIs, got.MapPOIs, func(p sim.MapPOI) string { return strconv.FormatUint(p.BaseID, 10) })
		if len(added) != 1 || data["base_id"] != json.Number(strconv.FormatUint(added[0].BaseID, 10)) || data["rich_id"] != json.Number(strconv.FormatUint(added[0].RichID, 10)) {
			return false, fmt.Errorf("create_map_poi answered %v and added %+v", data, added)
		}
	}
	return false, nil
}

// sfzRead checks a read's answer against the state it read.
func sfzRead(path string, obj map[string]any, st *sim.State) error {
	stores, legacy := 0, 0
	cards := map[string]string{}
	for _, s := range st.Stores {
		if s.AppID == appID {
			stores++
			cards[s.PoiID] = s.CardID
		}
	}
	for _, l := range st.LegacyStores {
		if l.AppID == appID {
			legacy++
		}
	}
	switch path {
	case "/wxa/get_store_list":
		if obj["total_count"] != json.Number(strconv.Itoa(stores)) {
			return fmt.Errorf("total_count %v, but the app has %d stores", obj["total_count"], stores)
		}
	case "/cgi-bin/poi/getpoilist":
		if obj["total_count"] != json.Number(strconv.Itoa(legacy)) {
			return fmt.Errorf("total_count %v, but the app has %d legacy stores", obj["total_count"], legacy)
		}
	}
	return nil
}

// sfzAdminChange checks what an accepted control call changed.
func sfzAdminChange(path string, base, got *sim.State) error {
	if err := sfzOnly(path, base, got); err != nil {
		return err
	}
	switch path {
	case "/__wxmock/legacy_stores":
		added := sfzNewRows(base.LegacyStores, got.LegacyStores, sfzLegacyKey)
		changed := sfzChangedRows(base.LegacyStores, got.LegacyStores, sfzLegacyKey)
		if len(added)+len(changed) > 1 || len(got.LegacyStores) < len(base.LegacyStores) {
			return fmt.Errorf("one put added %d legacy stores and changed %v", len(added), changed)
		}
	case "/__wxmock/audits/{audit_id}/resolve":
		changed := sfzChangedRows(base.Audits, got.Audits, sfzAuditKey)
		if len(changed) != 1 || len(got.Audits) != len(base.Audits) {
			return fmt.Errorf("one resolve changed the audits %v", changed)
		}
	}
	return nil
}

// sfzConsistent checks what any answer must leave true of the store
// family: ids drawn from a sequence lie below its next value; a store's,
// a merchant's and a map POI's status agrees with its audit; an app has
// one live store per place and a credential one live store; and a poi_id
// names one store, a legacy store's only when the store is its migration.
func sfzConsistent(st *sim.State) error {
	next := map[string]uint64{"audit": 414569513, "poi": 472671857, "map_poi": 42010}
	for _, s := range st.Sequences {
		next[s.Name] = s.Next
	}
	audits := map[uint64]sim.Audit{}
	for _, a := range st.Audits {
		if a.AuditID >= next["audit"] {
			return fmt.Errorf("audit %d is not below the audit sequence's next id %d", a.AuditID, next["audit"])
		}
		audits[a.AuditID] = a
	}
	// statusOf is the status an audit gives its subject: pending, or its result.
	statusOf := func(id uint64, kind string) (string, error) {
		a, ok := audits[id]
		if !ok || a.Kind != kind {
			return "", fmt.Errorf("no %s audit %d", kind, id)
		}
		if a.State == sim.AuditPending {
			return "pending", nil
		}
		return a.Result, nil
	}
	for _, m := range st.Merchants {
		s, err := statusOf(m.AuditID, sim.AuditMerchant)
		want := map[string]int{"pending": sim.MerchantAuditing, sim.OutcomePass: sim.MerchantApproved, sim.OutcomeFail: sim.MerchantFailed, sim.OutcomeReject: sim.MerchantRejected}[s]
		if err != nil || m.Status != want {
			return fmt.Errorf("merchant of %s has status %d but its audit %d is %q (%v)", m.AppID, m.Status, m.AuditID, s, err)
		}
	}
	for _, p := range st.MapPOIs {
		if p.RichID >= next["map_poi"] {
			return fmt.Errorf("map POI rich_id %d is not below the sequence's next id %d", p.RichID, next["map_poi"])
		}
		s, err := statusOf(p.BaseID, sim.AuditMapPOI)
		want := map[string]int{"pending": sim.MapPOIAuditing, sim.OutcomePass: sim.MapPOIApproved, sim.OutcomeFail: sim.MapPOIRefused}[s]
		if err != nil || p.Status != want || (p.Status == sim.MapPOIApproved) != (p.MapPOIID != "") {
			return fmt.Errorf("map POI %d has status %d and map_poi_id %q but its audit is %q (%v)", p.BaseID, p.Status, p.MapPOIID, s, err)
		}
	}
	legacy := map[string]sim.LegacyStore{}
	for _, l := range st.LegacyStores {
		legacy[l.PoiID] = l
	}
	places := map[string]string{}
	credentials := map[string]string{}
	for _, s := range st.Stores {
		if n, err := strconv.ParseUint(s.PoiID, 10, 64); s.IsUpgrade == 0 && (err != nil || n >= next["poi"]) {
			return fmt.Errorf("store %s is not below the poi sequence's next id %d", s.PoiID, next["poi"])
		}
		if l, ok := legacy[s.PoiID]; ok != (s.IsUpgrade == 1) || (ok && l.AppID != s.AppID) {
			return fmt.Errorf("store %s of %s (is_upgrade %d) shares its poi_id with the legacy store %+v", s.PoiID, s.AppID, s.IsUpgrade, legacy[s.PoiID])
		}
		a, err := statusOf(s.AuditID, sim.AuditStore)
		want := map[string]int{"pending": sim.StoreAuditing, sim.OutcomePass: sim.StoreApproved, sim.OutcomeFail: sim.StoreFailed}[a]
		if err != nil || s.Status != want || audits[s.AuditID].Subject != s.PoiID {
			return fmt.Errorf("store %s has status %d but its audit %d is %q (%v)", s.PoiID, s.Status, s.AuditID, a, err)
		}
		if s.PictureAuditID != 0 {
			if a, err := statusOf(s.PictureAuditID, sim.AuditPictures); err != nil || a != "pending" || len(s.PendingPictures) == 0 {
				return fmt.Errorf("store %s waits for the picture audit %d, which is %q (%v)", s.PoiID, s.PictureAuditID, a, err)
			}
		}
		if s.Status == sim.StoreFailed {
			continue
		}
		if p := s.AppID + " " + s.MapPOIID; places[p] != "" {
			return fmt.Errorf("stores %s and %s of %s stand at the same place %s", places[p], s.PoiID, s.AppID, s.MapPOIID)
		} else {
			places[p] = s.PoiID
		}
		if o := credentials[s.Credential]; o != "" {
			return fmt.Errorf("stores %s and %s hold the same credential %q", o, s.PoiID, s.Credential)
		}
		credentials[s.Credential] = s.PoiID
	}
	return nil
}

// TestStoreStateRoundTrip exports the store fuzz state, imports it and
// exports it again: the two exports are the same bytes, and an audit still
// pending resolves on advance after the import.
func TestStoreStateRoundTrip(t *testing.T) {
	e := setup(t)
	tok := e.token()
	sfzPopulate(t, e.m.HTTP, tok)
	get := func() string {
		t.Helper()
		r := e.admin(http.MethodGet, "/state", "")
		if r.Status != http.StatusOK {
			t.Fatalf("GET state: %d %s", r.Status, r.Raw)
		}
		return r.Raw
	}
	first := get()
	if r := e.admin(http.MethodPut, "/state", first); r.Status != http.StatusOK {
		t.Fatalf("PUT state: %d %s", r.Status, r.Raw)
	}
	if second := get(); second != first {
		t.Fatalf("GET → PUT → GET changed the state:\n%s", cmp.Diff(first, second))
	}
	pending := e.admin(http.MethodGet, "/audits?state=pending", "")
	var list struct {
		Audits []sim.Audit `json:"audits"`
	}
	if err := json.Unmarshal([]byte(pending.Raw), &list); err != nil || len(list.Audits) != 2 {
		t.Fatalf("pending audits after the round trip: %v %s", err, pending.Raw)
	}
	e.advance(10 * time.Second)
	if r := e.admin(http.MethodGet, "/audits?state=pending", ""); !strings.Contains(r.Raw, `"audits":[]`) {
		t.Fatalf("audits still pending after the advance: %s", r.Raw)
	}
	r := e.post("/wxa/get_store_info", tok, `{"poi_id":"`+sfzPendPoi+`"}`)
	business, _ := r.Body["business"].(map[string]any)
	info, _ := business["base_info"].(map[string]any)
	if info["status"] != json.Number("1") {
		t.Fatalf("the store in audit did not pass on advance: %s", r.Raw)
	}
	r = e.post("/wxa/search_map_poi", tok, `{"districtid":440105,"keyword":"FuzzPlace1"}`)
	if !strings.Contains(r.Raw, "FuzzPlace1") {
		t.Fatalf("the map POI in audit is not found after it passed: %s", r.Raw)
	}
	if err := sfzConsistent(sfzExport(t, e)); err != nil {
		t.Fatal(err)
	}
}

// sfzExport exports the state of e's mock.
func sfzExport(t *testing.T, e *env) *sim.State {
	t.Helper()
	st, err := e.m.Sim.Export()
	if err != nil {
		t.Fatal(err)
	}
	return st
}
