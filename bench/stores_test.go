package bench

import (
	"bytes"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/wxmock/wxmock/internal/fixtures"
)

// addStores gives the default app an approved merchant and n approved
// stores, on the first n places of the map fixtures, through the API.
func (s *server) addStores(tb testing.TB, n int) {
	tb.Helper()
	media := s.upload(tb)
	s.post(tb, s.token, "/wxa/apply_merchant", `{"first_catid":278,"second_catid":279,"headimg_mediaid":"`+media+
		`","nickname":"Bench Shop 门店","intro":"a benchmark's merchant","qualification_list":"`+media+`"}`)
	var audit struct {
		Data struct {
			AuditID int `json:"audit_id"`
		} `json:"data"`
	}
	rec := s.serve(http.MethodGet, "/wxa/get_merchant_audit_info?access_token="+s.token, "")
	if err := json.Unmarshal(rec.Body.Bytes(), &audit); err != nil {
		tb.Fatalf("get_merchant_audit_info: %s", rec.Body)
	}
	s.resolve(tb, audit.Data.AuditID)
	places, err := fixtures.MapPOIs()
	if err != nil || len(places) < n {
		tb.Fatalf("%d map places (%v), want %d", len(places), err, n)
	}
	pics := `"pic_list":"{\"list\":[\"http://mmbiz.qpic.cn/mmbiz_jpg/a/0?wx_fmt=jpeg\",\"http://mmbiz.qpic.cn/mmbiz_jpg/b/0?wx_fmt=jpeg\"]}"`
	for i, p := range places[:n] {
		out := s.post(tb, s.token, "/wxa/add_store", fmt.Sprintf(`{"poi_id":"","map_poi_id":"%s",%s,"contract_phone":"020-89190388","hour":"10:00-21:00","credential":"BENCH-%04d","card_id":""}`, p.SosomapPOIUID, pics, i))
		if err := json.Unmarshal(out, &audit); err != nil {
			tb.Fatalf("add_store: %s", out)
		}
		s.resolve(tb, audit.Data.AuditID)
	}
}

// resolve approves an audit.
func (s *server) resolve(tb testing.TB, id int) {
	tb.Helper()
	if rec := s.serve(http.MethodPost, fmt.Sprintf("/__wxmock/audits/%d/resolve", id), `{"outcome":"pass"}`); rec.Code != http.StatusOK {
		tb.Fatalf("resolve audit %d: %d %s", id, rec.Code, rec.Body)
	}
}

// upload uploads a small image and returns its media_id.
func (s *server) upload(tb testing.TB) string {
	tb.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, err := mw.CreateFormFile("media", "logo.jpg")
	if err != nil {
		tb.Fatal(err)
	}
	fw.Write(append([]byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00"), bytes.Repeat([]byte{0x42}, 600)...))
	mw.Close()
	req := httptest.NewRequest(http.MethodPost, "/cgi-bin/media/upload?type=image&access_token="+s.token, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	rec := httptest.NewRecorder()
	s.m.HTTP.ServeHTTP(rec, req)
	var out struct {
		MediaID string `json:"media_id"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil || out.MediaID == "" {
		tb.Fatalf("upload: %s", rec.Body)
	}
	return out.MediaID
}
