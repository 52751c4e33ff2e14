package httpapi_test

import (
	"bytes"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Magic bytes of the formats the media upload tells apart.
const (
	smMagicJPG = "\xff\xd8\xff\xe0"
	smMagicPNG = "\x89PNG\r\n\x1a\n"
	smMagicGIF = "GIF89a"
	smMagicMP3 = "ID3\x04"
	smMagicAMR = "#!AMR\n"
	smMagicMP4 = "\x00\x00\x00\x18ftypmp42"
	// smUnknown names no format by its bytes.
	smUnknown = "hello, wxmock"
)

// smFile is a file of n bytes that starts with magic.
func smFile(magic string, n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = 'x'
	}
	copy(b, magic)
	return b
}

// smForm builds a multipart/form-data body with one file part.
func smForm(t *testing.T, field, filename string, data []byte) (contentType string, body []byte) {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	part, err := w.CreateFormFile(field, filename)
	if err != nil {
		t.Fatalf("CreateFormFile: %v", err)
	}
	if _, err := part.Write(data); err != nil {
		t.Fatalf("part.Write: %v", err)
	}
	if err := w.Close(); err != nil {
		t.Fatalf("multipart close: %v", err)
	}
	return w.FormDataContentType(), buf.Bytes()
}

// smSend sends a raw body with a Content-Type straight to the handler and
// decodes the answer as env.do does (schema check included).
func smSend(e *env, method, target, contentType string, body []byte) resp {
	e.t.Helper()
	req := httptest.NewRequest(method, target, bytes.NewReader(body))
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	rec := httptest.NewRecorder()
	e.m.HTTP.ServeHTTP(rec, req)
	out := resp{Status: rec.Code, Raw: rec.Body.String()}
	if strings.HasPrefix(rec.Header().Get("Content-Type"), "application/json") {
		dec := json.NewDecoder(strings.NewReader(out.Raw))
		dec.UseNumber()
		if err := dec.Decode(&out.Body); err != nil {
			e.t.Fatalf("%s %s: answer is not a JSON object: %v\n%s", method, target, err, out.Raw)
		}
	}
	e.checkSchema(target, out)
	return out
}

// smUploadTarget is the upload URL; an empty typ leaves the parameter out.
func smUploadTarget(token, typ string) string {
	q := url.Values{}
	if token != "" {
		q.Set("access_token", token)
	}
	if typ != "" {
		q.Set("type", typ)
	}
	return "/cgi-bin/media/upload?" + q.Encode()
}

// smUpload posts data as the multipart field "media".
func smUpload(e *env, token, typ, filename string, data []byte) resp {
	e.t.Helper()
	ct, body := smForm(e.t, "media", filename, data)
	return smSend(e, http.MethodPost, smUploadTarget(token, typ), ct, body)
}

// smMediaID returns the id an upload answered (media_id, or thumb_media_id
// for a thumb), failing the test when the upload failed.
func smMediaID(e *env, r resp) string {
	e.t.Helper()
	if r.Status != http.StatusOK || r.code() != 0 {
		e.t.Fatalf("upload failed: %d %s", r.Status, r.Raw)
	}
	for _, k := range []string{"media_id", "thumb_media_id"} {
		if id, ok := r.Body[k].(string); ok {
			return id
		}
	}
	e.t.Fatalf("upload answered no id: %s", r.Raw)
	return ""
}

// smUploaded uploads a small file and returns its media id.
func smUploaded(e *env, token, typ, filename, magic string) string {
	e.t.Helper()
	return smMediaID(e, smUpload(e, token, typ, filename, smFile(magic, 64)))
}

// smState is the exported state as answered.
func smState(e *env) string {
	e.t.Helper()
	r := e.admin(http.MethodGet, "/state", "")
	if r.Status != http.StatusOK {
		e.t.Fatalf("GET state: %d %s", r.Status, r.Raw)
	}
	return r.Raw
}

// smUnchanged fails the test when the state differs from before.
func smUnchanged(e *env, what, before string) {
	e.t.Helper()
	if after := smState(e); after != before {
		diff(e.t, "state after "+what, before, after)
	}
}

// smMedia is a medium as the state exports it.
type smMedia struct {
	AppID     string `json:"appid"`
	MediaID   string `json:"media_id"`
	Type      string `json:"type"`
	Format    string `json:"format"`
	Size      int64  `json:"size"`
	CreatedAt int64  `json:"created_at"`
}

// smMediaOf returns the exported media.
func smMediaOf(e *env) []smMedia {
	e.t.Helper()
	var st struct {
		Media []smMedia `json:"media"`
	}
	if err := json.Unmarshal([]byte(smState(e)), &st); err != nil {
		e.t.Fatalf("state: %v", err)
	}
	return st.Media
}

var smMediaIDPattern = regexp.MustCompile(`^[A-Za-z0-9_-]{64}$`)

func TestStoreMediaUpload(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, typ, filename string
		data                []byte
		wantFormat          string
	}{
		{"image jpg", "image", "a.jpg", smFile(smMagicJPG, 1024), "jpg"},
		{"image png", "image", "a.png", smFile(smMagicPNG, 1024), "png"},
		{"image gif", "image", "a.gif", smFile(smMagicGIF, 1024), "gif"},
		{"image png named jpg", "image", "a.jpg", smFile(smMagicPNG, 1024), "png"},
		{"image jpg without a name", "image", "blob", smFile(smMagicJPG, 10), "jpg"},
		{"image exactly 10 MB", "image", "big.jpg", smFile(smMagicJPG, 10<<20), "jpg"},
		{"image unknown bytes named jpg", "image", "stand-in.jpg", []byte(smUnknown), "jpg"},
		{"image unknown bytes named JPEG", "image", "stand-in.JPEG", []byte(smUnknown), "jpg"},
		{"voice mp3", "voice", "a.mp3", smFile(smMagicMP3, 2048), "mp3"},
		{"voice amr", "voice", "a.amr", smFile(smMagicAMR, 2048), "amr"},
		{"voice exactly 2 MB", "voice", "a.mp3", smFile(smMagicMP3, 2<<20), "mp3"},
		{"video mp4", "video", "a.mp4", smFile(smMagicMP4, 4096), "mp4"},
		{"thumb jpg", "thumb", "t.jpg", smFile(smMagicJPG, 1024), "jpg"},
		{"thumb exactly 64 KB", "thumb", "t.jpg", smFile(smMagicJPG, 64<<10), "jpg"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := setup(t)
			tok := e.token()
			e.advance(90 * time.Second)
			r := smUpload(e, tok, tc.typ, tc.filename, tc.data)
			if r.Status != http.StatusOK || r.code() != 0 {
				t.Fatalf("upload: %d %s", r.Status, r.Raw)
			}
			idKey := "media_id"
			if tc.typ == "thumb" {
				idKey = "thumb_media_id"
			}
			keys := make([]string, 0, len(r.Body))
			for k := range r.Body {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			want := []string{"created_at", idKey, "type"}
			sort.Strings(want)
			diff(t, "answer keys", want, keys)
			id, _ := r.Body[idKey].(string)
			if !smMediaIDPattern.MatchString(id) {
				t.Errorf("%s %q: want 64 characters of [A-Za-z0-9_-]", idKey, id)
			}
			diff(t, "type", tc.typ, r.Body["type"])
			diff(t, "created_at", json.Number(strconv.FormatInt(start.Unix()+90, 10)), r.Body["created_at"])
			diff(t, "stored media", []smMedia{{AppID: appID, MediaID: id, Type: tc.typ, Format: tc.wantFormat,
				Size: int64(len(tc.data)), CreatedAt: start.Unix() + 90}}, smMediaOf(e))
		})
	}
}

// TestStoreMediaUploadIDsDiffer checks that two uploads of the same file
// get two ids.
func TestStoreMediaUploadIDsDiffer(t *testing.T) {
	t.Parallel()
	e := setup(t)
	tok := e.token()
	a := smUploaded(e, tok, "image", "a.jpg", smMagicJPG)
	b := smUploaded(e, tok, "image", "a.jpg", smMagicJPG)
	if a == b {
		t.Errorf("two uploads share the media id %q", a)
	}
	if n := len(smMediaOf(e)); n != 2 {
		t.Errorf("%d media stored, want 2", n)
	}
}

func TestStoreMediaUploadRejected(t *testing.T) {
	t.Parallel()
	const (
		msgType    = "invalid media type"
		msgMissing = "media data missing"
		msgSize    = "invalid meida size"
		msgFile    = "invalid file type"
	)
	// send is one request; tok is a valid token of the default app.
	type send func(e *env, tok string) resp
	upload := func(typ, filename string, data []byte) send {
		return func(e *env, tok string) resp { return smUpload(e, tok, typ, filename, data) }
	}
	raw := func(method, typ, contentType string, body []byte) send {
		return func(e *env, tok string) resp {
			return smSend(e, method, smUploadTarget(tok, typ), contentType, body)
		}
	}
	jpg := smFile(smMagicJPG, 256)
	cases := []struct {
		name string
		send send
		code int
		msg  string
	}{
		// The type comes first.
		{"type file", upload("file", "a.jpg", jpg), 40004, msgType},
		{"type news", upload("news", "a.jpg", jpg), 40004, msgType},
		{"type in capitals", upload("IMAGE", "a.jpg", jpg), 40004, msgType},
		{"type missing", upload("", "a.jpg", jpg), 40004, msgType},
		{"type empty", func(e *env, tok string) resp {
			ct, body := smForm(e.t, "media", "a.jpg", jpg)
			return smSend(e, http.MethodPost, "/cgi-bin/media/upload?type=&access_token="+url.QueryEscape(tok), ct, body)
		}, 40004, msgType},
		{"type file and no body", func(e *env, tok string) resp {
			return smSend(e, http.MethodPost, smUploadTarget(tok, "file"), "", nil)
		}, 40004, msgType},
		// Then the media part.
		{"no media part", func(e *env, tok string) resp {
			var buf bytes.Buffer
			w := multipart.NewWriter(&buf)
			_ = w.WriteField("description", "a field, no file")
			_ = w.Close()
			return smSend(e, http.MethodPost, smUploadTarget(tok, "image"), w.FormDataContentType(), buf.Bytes())
		}, 41005, msgMissing},
		{"empty multipart body", func(e *env, tok string) resp {
			var buf bytes.Buffer
			w := multipart.NewWriter(&buf)
			_ = w.Close()
			return smSend(e, http.MethodPost, smUploadTarget(tok, "image"), w.FormDataContentType(), buf.Bytes())
		}, 41005, msgMissing},
		{"part named file", func(e *env, tok string) resp {
			ct, body := smForm(e.t, "file", "a.jpg", jpg)
			return smSend(e, http.MethodPost, smUploadTarget(tok, "image"), ct, body)
		}, 41005, msgMissing},
		{"part named Media", func(e *env, tok string) resp {
			ct, body := smForm(e.t, "Media", "a.jpg", jpg)
			return smSend(e, http.MethodPost, smUploadTarget(tok, "image"), ct, body)
		}, 41005, msgMissing},
		{"JSON body", raw(http.MethodPost, "image", "application/json", []byte(`{"media":"abc"}`)), 41005, msgMissing},
		{"raw jpg body", raw(http.MethodPost, "image", "image/jpeg", jpg), 41005, msgMissing},
		{"no content type", raw(http.MethodPost, "image", "", jpg), 41005, msgMissing},
		{"multipart without boundary", raw(http.MethodPost, "image", "multipart/form-data", jpg), 41005, msgMissing},
		{"empty file", upload("image", "a.jpg", nil), 41005, msgMissing},
		// Then the size.
		{"image 10 MB + 1", upload("image", "big.jpg", smFile(smMagicJPG, 10<<20+1)), 40006, msgSize},
		{"image 12 MB", upload("image", "big.jpg", smFile(smMagicJPG, 12<<20)), 40006, msgSize},
		{"video 10 MB + 1", upload("video", "big.mp4", smFile(smMagicMP4, 10<<20+1)), 40006, msgSize},
		{"voice 2 MB + 1", upload("voice", "long.mp3", smFile(smMagicMP3, 2<<20+1)), 40006, msgSize},
		{"thumb 64 KB + 1", upload("thumb", "t.jpg", smFile(smMagicJPG, 64<<10+1)), 40006, msgSize},
		{"png thumb 64 KB + 1", upload("thumb", "t.png", smFile(smMagicPNG, 64<<10+1)), 40006, msgSize},
		// Then the format, by the bytes before the name.
		{"png as thumb", upload("thumb", "t.png", smFile(smMagicPNG, 256)), 40005, msgFile},
		{"png named jpg as thumb", upload("thumb", "t.jpg", smFile(smMagicPNG, 256)), 40005, msgFile},
		{"gif as thumb", upload("thumb", "t.gif", smFile(smMagicGIF, 256)), 40005, msgFile},
		{"mp4 as image", upload("image", "a.mp4", smFile(smMagicMP4, 256)), 40005, msgFile},
		{"mp4 named jpg as image", upload("image", "a.jpg", smFile(smMagicMP4, 256)), 40005, msgFile},
		{"mp3 as image", upload("image", "a.mp3", smFile(smMagicMP3, 256)), 40005, msgFile},
		{"unknown bytes named txt", upload("image", "notes.txt", []byte(smUnknown)), 40005, msgFile},
		{"unknown bytes without extension", upload("image", "blob", []byte(smUnknown)), 40005, msgFile},
		{"jpg as voice", upload("voice", "a.mp3", jpg), 40005, msgFile},
		{"amr as video", upload("video", "a.amr", smFile(smMagicAMR, 256)), 40005, msgFile},
		{"gif as video", upload("video", "a.mp4", smFile(smMagicGIF, 256)), 40005, msgFile},
		{"unknown bytes named jpg as voice", upload("voice", "a.jpg", []byte(smUnknown)), 40005, msgFile},
		// Token and method come before everything.
		{"no token", func(e *env, _ string) resp { return smUpload(e, "", "image", "a.jpg", jpg) }, 41001, "access_token missing"},
		{"no token and type file", func(e *env, _ string) resp { return smUpload(e, "", "file", "a.jpg", jpg) }, 41001, "access_token missing"},
		{"GET", func(e *env, tok string) resp {
			return e.do(http.MethodGet, smUploadTarget(tok, "image"), "")
		}, 43002, "require POST method"},
		{"GET without token", func(e *env, _ string) resp {
			return e.do(http.MethodGet, smUploadTarget("", "image"), "")
		}, 41001, "access_token missing"},
		{"PUT with a file", func(e *env, tok string) resp {
			ct, body := smForm(e.t, "media", "a.jpg", jpg)
			return smSend(e, http.MethodPut, smUploadTarget(tok, "image"), ct, body)
		}, 43002, "require POST method"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := setup(t)
			tok := e.token()
			before := smState(e)
			e.wantErr(tc.send(e, tok), tc.code, tc.msg)
			smUnchanged(e, "a rejected upload", before)
		})
	}
}

// TestStoreMediaExpiry checks that a media id lives three days of the
// virtual clock: usable as a head image at 72 h - 1 s, 85056 at 72 h.
func TestStoreMediaExpiry(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name  string
		after time.Duration
		code  int
	}{
		{"fresh", 0, 0},
		{"a day", 24 * time.Hour, 0},
		{"72 h - 1 s", 72*time.Hour - time.Second, 0},
		{"72 h exactly", 72 * time.Hour, 85056},
		{"72 h + 1 s", 72*time.Hour + time.Second, 85056},
		{"a week", 7 * 24 * time.Hour, 85056},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := setup(t)
			head := smUploaded(e, e.token(), "image", "head.jpg", smMagicJPG)
			if tc.after > 0 {
				e.advance(tc.after)
			}
			tok := e.token()
			before := smState(e)
			r := smApply(e, "/wxa/apply_merchant", tok, smApplication(head, nil))
			if tc.code == 0 {
				e.wantOK(r, "ok")
				diff(t, "status after apply", 2, smAuditOf(e, tok).Status)
				return
			}
			e.wantErr(r, tc.code, smMsgMedia)
			smUnchanged(e, "apply with an expired head image", before)
		})
	}
}

// TestStoreMediaOtherApp checks that one app cannot use another app's media.
func TestStoreMediaOtherApp(t *testing.T) {
	t.Parallel()
	e := setup(t)
	otherID, otherSecret := smNewApp(e, "other shop")
	otherTok := e.tokenOf(otherID, otherSecret)
	tok := e.token()
	theirs := smUploaded(e, otherTok, "image", "head.jpg", smMagicJPG)
	mine := smUploaded(e, tok, "image", "head.jpg", smMagicJPG)
	before := smState(e)
	e.wantErr(smApply(e, "/wxa/apply_merchant", tok, smApplication(theirs, nil)), 85056, smMsgMedia)
	e.wantErr(smApply(e, "/wxa/apply_merchant", otherTok, smApplication(mine, nil)), 85056, smMsgMedia)
	smUnchanged(e, "apply with another app's media", before)
	// Each app's own media works.
	e.wantOK(smApply(e, "/wxa/apply_merchant", tok, smApplication(mine, nil)), "ok")
	e.wantOK(smApply(e, "/wxa/apply_merchant", otherTok, smApplication(theirs, smBody{"nickname": "Other Shop"})), "ok")
}
