package main

import (
	"bytes"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/wxmock/wxmock/internal/mock"
	"github.com/wxmock/wxmock/wxmocktest"
)

// TestDelaysAgree states, for the binary's flags and wxmocktest's Options
// side by side, the audit and group-send delays each asks for (README's
// table under "From Go tests"): leaving them out is the default on both
// sides, -audit-delay 0 is wxmocktest.Immediately, and any other duration
// is itself. The delays are measured on the servers, from the state a
// merchant application and a group send leave.
func TestDelaysAgree(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		flags      []string
		opts       wxmocktest.Options
		audit, msg time.Duration
	}{
		{"the default", nil, wxmocktest.Options{}, 5 * time.Second, 3 * time.Second},
		{"at once", []string{"-audit-delay", "0", "-msg-delay", "0"},
			wxmocktest.Options{AuditDelay: wxmocktest.Immediately, MsgDelay: wxmocktest.Immediately}, 0, 0},
		{"other delays", []string{"-audit-delay", "2m", "-msg-delay", "7s"},
			wxmocktest.Options{AuditDelay: 2 * time.Minute, MsgDelay: 7 * time.Second}, 2 * time.Minute, 7 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			want := delays{tt.audit, tt.msg}
			cfg := parseOK(t, append([]string{"-freeze-clock"}, tt.flags...), nil)
			m, err := mock.New(mockOptions(&cfg, nil))
			if err != nil {
				t.Fatal(err)
			}
			defer m.Close()
			if d := cmp.Diff(want, measureDelays(t, m.HTTP)); d != "" {
				t.Errorf("wxmock %s: delays mismatch (-want +got):\n%s", strings.Join(tt.flags, " "), d)
			}
			srv, err := wxmocktest.NewServer(tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			defer srv.Stop()
			if d := cmp.Diff(want, measureDelays(t, srv.Handler())); d != "" {
				t.Errorf("wxmocktest %+v: delays mismatch (-want +got):\n%s", tt.opts, d)
			}
		})
	}
}

// delays are a server's audit and group-send delays.
type delays struct{ Audit, Msg time.Duration }

// measureDelays applies for the store mini program and sends a group
// message as the default app, then reads from the state how long the audit
// and the delivery take.
func measureDelays(t *testing.T, h http.Handler) delays {
	t.Helper()
	call := func(method, path, contentType string, body []byte, out any) {
		t.Helper()
		req := httptest.NewRequest(method, path, bytes.NewReader(body))
		req.Header.Set("Content-Type", contentType)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			t.Fatalf("%s %s: %d %s", method, path, rec.Code, rec.Body)
		}
		var check struct {
			ErrCode int `json:"errcode"`
		}
		if json.Unmarshal(rec.Body.Bytes(), &check) != nil || check.ErrCode != 0 {
			t.Fatalf("%s %s: %s", method, path, rec.Body)
		}
		if out != nil {
			if err := json.Unmarshal(rec.Body.Bytes(), out); err != nil {
				t.Fatalf("%s %s: %v", method, path, err)
			}
		}
	}
	post := func(path, body string, out any) {
		t.Helper()
		call(http.MethodPost, path, "application/json", []byte(body), out)
	}
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	call(http.MethodGet, "/cgi-bin/token?grant_type=client_credential&appid=wx0123456789abcdef&secret=0123456789abcdef0123456789abcdef", "", nil, &tok)
	q := "?access_token=" + tok.AccessToken

	var form bytes.Buffer
	mw := multipart.NewWriter(&form)
	part, _ := mw.CreateFormFile("media", "logo.jpg")
	part.Write([]byte("\xff\xd8\xff\xe0 stand-in"))
	mw.Close()
	var media struct {
		MediaID string `json:"media_id"`
	}
	call(http.MethodPost, "/cgi-bin/media/upload"+q+"&type=image", mw.FormDataContentType(), form.Bytes(), &media)
	post("/wxa/apply_merchant"+q, `{"first_catid":278,"second_catid":279,"headimg_mediaid":"`+media.MediaID+`","nickname":"小王便利","intro":"社区便利店"}`, nil)

	const openid = "oAbCdEfGhIjKlMnOpQrStUvWxYz0"
	post("/promoter/addpromoter"+q, `{"promoter_list":[{"openid":"`+openid+`","role_id":1}]}`, nil)
	post("/__wxmock/promoters/authorize", `{"openid":"`+openid+`","auth_status":1}`, nil)
	post("/promoter/sendmsg"+q, `{"msg_type":1,"content":"{\"title\":\"t\"}","path":"pages/index/index","list_type":0}`, nil)

	var st struct {
		Audits []struct {
			DueAt     int64 `json:"due_at"`
			CreatedAt int64 `json:"created_at"`
		} `json:"audits"`
		Messages []struct {
			SentAt int64 `json:"sent_at"`
			DoneAt int64 `json:"done_at"`
		} `json:"messages"`
	}
	call(http.MethodGet, "/__wxmock/state", "", nil, &st)
	if len(st.Audits) != 1 || len(st.Messages) != 1 {
		t.Fatalf("state: %d audits and %d messages, want one of each", len(st.Audits), len(st.Messages))
	}
	return delays{
		Audit: time.Duration(st.Audits[0].DueAt-st.Audits[0].CreatedAt) * time.Second,
		Msg:   time.Duration(st.Messages[0].DoneAt-st.Messages[0].SentAt) * time.Second,
	}
}
