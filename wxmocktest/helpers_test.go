package wxmocktest_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/wxmock/wxmock/wxmocktest"
)

// fakeTB records a helper's failures instead of failing the test. Its
// Fatalf ends the goroutine, as testing's does, so a helper runs in one of
// its own (see run).
type fakeTB struct {
	testing.TB
	mu       sync.Mutex
	failures []string
}

func (f *fakeTB) Helper() {}

func (f *fakeTB) Errorf(format string, args ...any) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.failures = append(f.failures, fmt.Sprintf(format, args...))
}

func (f *fakeTB) Fatalf(format string, args ...any) {
	f.Errorf(format, args...)
	runtime.Goexit()
}

// run calls fn with a fake TB and returns the failures it reported.
func run(fn func(tb testing.TB)) []string {
	f := &fakeTB{}
	done := make(chan struct{})
	go func() {
		defer close(done)
		fn(f)
	}()
	<-done
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.failures
}

// call sends body to a WeChat endpoint of srv with a token of the default
// app and returns the answer's body.
func call(t *testing.T, srv *wxmocktest.Server, path, body string) string {
	t.Helper()
	tok, err := srv.AccessToken()
	if err != nil {
		t.Fatal(err)
	}
	res, err := srv.HTTPClient().Post(srv.URL()+path+"?access_token="+tok, "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	data, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != http.StatusOK {
		t.Fatalf("%s: %s %s", path, res.Status, data)
	}
	return string(data)
}

// applyMerchant uploads a head image and applies for the store mini
// program as the default app, which starts an audit.
func applyMerchant(t *testing.T, srv *wxmocktest.Server) {
	t.Helper()
	tok, err := srv.AccessToken()
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	part, _ := mw.CreateFormFile("media", "logo.jpg")
	part.Write([]byte("\xff\xd8\xff\xe0 stand-in"))
	mw.Close()
	res, err := srv.HTTPClient().Post(srv.URL()+"/cgi-bin/media/upload?type=image&access_token="+tok, mw.FormDataContentType(), &b)
	if err != nil {
		t.Fatal(err)
	}
	var up struct {
		MediaID string `json:"media_id"`
	}
	json.NewDecoder(res.Body).Decode(&up)
	res.Body.Close()
	got := call(t, srv, "/wxa/apply_merchant", `{"first_catid":278,"second_catid":279,"headimg_mediaid":"`+up.MediaID+`","nickname":"小王便利","intro":"社区便利店"}`)
	if !strings.HasPrefix(got, `{"errcode":0`) {
		t.Fatalf("apply_merchant: %s", got)
	}
}
