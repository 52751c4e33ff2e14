package ui_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/wxmock/wxmock/internal/fixtures"
	"github.com/wxmock/wxmock/internal/mock"
	"github.com/wxmock/wxmock/internal/sim"
)

// chromeNames are the browser binaries the test looks for, Debian's first.
var chromeNames = []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"}

// findChrome returns a headless-capable browser, or skips the test; under
// CI (CI set) a missing browser fails it instead, so that the test cannot
// silently stop running there.
func findChrome(t *testing.T) string {
	t.Helper()
	for _, name := range chromeNames {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	msg := fmt.Sprintf("no browser to drive: none of %s is on PATH (Debian: apt-get install chromium)", strings.Join(chromeNames, ", "))
	if os.Getenv("CI") != "" {
		t.Fatal(msg + "; CI is set, so this is a failure, not a skip")
	}
	t.Skip(msg)
	return ""
}

// browser starts a headless browser and returns a tab's context, and the
// console messages that count as errors, read when the test is done.
func browser(t *testing.T, bin string) (context.Context, func() []string) {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(bin), chromedp.WindowSize(1280, 800))
	if os.Geteuid() == 0 {
		opts = append(opts, chromedp.NoSandbox) // Chromium refuses to run as root with its sandbox
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelTab := chromedp.NewContext(actx)
	ctx, cancelTime := context.WithTimeout(ctx, 3*time.Minute)
	t.Cleanup(func() { cancelTime(); cancelTab(); cancelAlloc() })
	if err := chromedp.Do(ctx); err != nil { // start the browser now
		t.Fatalf("starting %s: %v", bin, err)
	}
	var mu sync.Mutex
	var bad []string
	done := make(chan struct{})
	messages := chromedp.Console(ctx)
	go func() {
		defer close(done)
		for m, err := range messages {
			if err != nil {
				return
			}
			if m.Type == chromedp.ConsoleError || m.Type == chromedp.ConsoleWarning || m.IsException() {
				mu.Lock()
				bad = append(bad, fmt.Sprintf("%s (source %q, %s:%d)", m, m.Source, m.URL, m.Line))
				mu.Unlock()
			}
		}
	}()
	return ctx, func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), bad...)
	}
}

// world is a wxmock for the dashboard to show, and a message server that
// takes its pushes.
type world struct {
	t      *testing.T
	url    string
	token  string // the admin token, "" for none
	pushes chan string
}

// startWorld starts wxmock over a socket (the browser needs one) with a
// frozen clock, audits that wait an hour (so that one is pending until its
// button resolves it) and the default app pushing to a receiver.
func startWorld(t *testing.T, adminToken string) *world {
	t.Helper()
	w := &world{t: t, token: adminToken, pushes: make(chan string, 16)}
	recv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		select {
		case w.pushes <- string(body):
		default:
		}
		_, _ = io.WriteString(rw, "success")
	}))
	t.Cleanup(recv.Close)
	m, err := mock.New(mock.Options{
		Seed: 1, ClockStart: time.Date(2024, 1, 24, 10, 0, 0, 0, time.UTC), FrozenClock: true,
		CheckResponses: true, AuditDelay: time.Hour, AdminToken: adminToken,
		DefaultPush:    sim.Push{URL: recv.URL + "/wx", Token: "tok123", Mode: "plain"},
		PushRetryDelay: 10 * time.Millisecond,
	})
	if err != nil {
		t.Fatalf("mock.New: %v", err)
	}
	ts := httptest.NewServer(m.HTTP)
	t.Cleanup(func() { ts.Close(); m.Close() })
	w.url = ts.URL
	return w
}

// do sends a request and decodes its JSON answer into out (when not nil).
func (w *world) do(method, path, contentType string, body io.Reader, out any) {
	w.t.Helper()
	req, err := http.NewRequest(method, w.url+path, body)
	if err != nil {
		w.t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if w.token != "" && strings.HasPrefix(path, "/__wxmock/") {
		req.Header.Set("X-Wxmock-Admin-Token", w.token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		w.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK {
		w.t.Fatalf("%s %s: %d %s", method, path, res.StatusCode, raw)
	}
	if out != nil {
		if err := json.Unmarshal(raw, out); err != nil {
			w.t.Fatalf("%s %s: %v: %s", method, path, err, raw)
		}
	}
}

// accessToken gets the default app's access_token.
func (w *world) accessToken() string {
	w.t.Helper()
	var out struct {
		AccessToken string `json:"access_token"`
	}
	w.do(http.MethodGet, "/cgi-bin/token?grant_type=client_credential&appid="+fixtures.DefaultAppID+"&secret="+fixtures.DefaultSecret, "", nil, &out)
	return out.AccessToken
}

// wechat posts a JSON body to a WeChat endpoint and returns its errcode.
func (w *world) wechat(path, tok, body string) int {
	w.t.Helper()
	var out struct {
		ErrCode int `json:"errcode"`
	}
	w.do(http.MethodPost, path+"?access_token="+tok, "application/json", strings.NewReader(body), &out)
	return out.ErrCode
}

// uploadImage uploads a small JPEG and returns its media_id.
func (w *world) uploadImage(tok string) string {
	w.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, _ := mw.CreateFormFile("media", "logo.jpg")
	_, _ = fw.Write([]byte("\xff\xd8\xff\xe0jpeg"))
	_ = mw.Close()
	var out struct {
		MediaID string `json:"media_id"`
	}
	w.do(http.MethodPost, "/cgi-bin/media/upload?type=image&access_token="+tok, mw.FormDataContentType(), &buf, &out)
	if out.MediaID == "" {
		w.t.Fatal("upload: no media_id")
	}
	return out.MediaID
}

// artifacts is where screenshots go: $WXMOCK_UI_ARTIFACTS, or a temporary
// directory that the test names.
func artifacts(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("WXMOCK_UI_ARTIFACTS")
	if dir == "" {
		dir = t.TempDir()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshots in %s", dir)
	return dir
}

// screenshot saves the visible part of the page as dir/name.png.
func screenshot(t *testing.T, ctx context.Context, dir, name string) []byte {
	t.Helper()
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
	return png
}
