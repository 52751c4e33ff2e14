package httpapi_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/wxmock/wxmock/internal/sim"
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
// FuzzAdminResolveAudit and FuzzAdminLegacyStores, named for the errcode
// or status they must get (see seedClaim); journal_clips_long_* keep the
// inputs of fixed bugs. Run one target with
//
//	go test ./internal/httpapi -run '^$' -fuzz '^FuzzStoreAddStore$' -fuzztime 20s -parallel 1

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
