package sdkproof_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"image"
	"image/png"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/wxmock/wxmock/internal/fixtures"
	"github.com/wxmock/wxmock/internal/httpapi"
	"github.com/wxmock/wxmock/internal/mock"
	"github.com/wxmock/wxmock/internal/proxy"
	"github.com/wxmock/wxmock/internal/proxy/testca"
)

// TestMain runs the SDK client instead of the tests when the test binary
// is started as one (see clientArg).
func TestMain(m *testing.M) {
	flag.Parse()
	if flag.Arg(0) == clientArg {
		if err := runClient(flag.Arg(1), os.Stdout); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// TestSilenceperThroughProxy runs silenceper/wechat's token, stable_token
// and media upload, unchanged, in a process whose whole environment is
// HTTPS_PROXY (wxmock on loopback) and SSL_CERT_FILE (a throwaway CA): the
// SDK calls https://api.weixin.qq.com and wxmock answers.
func TestSilenceperThroughProxy(t *testing.T) {
	m, err := mock.New(mock.Options{Seed: 1, FrozenClock: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(m.Close)
	ca := testca.New(t)
	rec := &recorder{next: m.HTTP}
	ts := httptest.NewServer(proxy.Wrap(rec, ca.Server, proxy.Options{OnRefused: rec.refuse}))
	t.Cleanup(ts.Close)

	dir := t.TempDir()
	caFile, img := filepath.Join(dir, "ca.pem"), filepath.Join(dir, "photo.png")
	if err := os.WriteFile(caFile, ca.PEM, 0o600); err != nil {
		t.Fatal(err)
	}
	var pngData bytes.Buffer
	if err := png.Encode(&pngData, image.NewGray(image.Rect(0, 0, 2, 2))); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(img, pngData.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}

	cmd := exec.Command(os.Args[0], clientArg, img)
	cmd.Env = []string{"HTTPS_PROXY=" + ts.URL, "SSL_CERT_FILE=" + caFile}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("the SDK client failed: %v\n%s", err, stderr.String())
	}
	var got clientResult
	if err := json.Unmarshal(stdout.Bytes(), &got); err != nil {
		t.Fatalf("the SDK client printed %q: %v", stdout.String(), err)
	}
	// wxmock journals a call just after its answer: wait for the last.
	served := rec.waitServed(t, 3)
	if d := cmp.Diff([]string{"HTTP/2.0 over TLS", "HTTP/2.0 over TLS", "HTTP/2.0 over TLS"}, served); d != "" {
		t.Errorf("how the calls came mismatch (-want +got):\n%s", d)
	}

	// The tokens are wxmock's own: it knows them.
	for name, tok := range map[string]string{"token": got.Token, "stable_token": got.StableToken} {
		appid, err := m.Sim.Authenticate(tok)
		if err != nil || appid != fixtures.DefaultAppID {
			t.Errorf("%s %q: wxmock authenticates it as %q, %v; want %s", name, tok, appid, err, fixtures.DefaultAppID)
		}
	}
	// Each call reached wxmock over the tunnel, and the upload's media_id is
	// the one wxmock answered.
	type call struct {
		Method, Path string
		Status       int
		ErrCode      int
	}
	var calls []call
	var uploadAnswer string
	for _, e := range m.HTTP.Journal().List(httpapi.Filter{}) {
		calls = append(calls, call{e.Method, e.Path, e.Status, e.ErrCode})
		if e.Path == "/cgi-bin/media/upload" {
			uploadAnswer = e.Response
		}
	}
	want := []call{
		{"GET", "/cgi-bin/token", 200, 0},
		{"POST", "/cgi-bin/stable_token", 200, 0},
		{"POST", "/cgi-bin/media/upload", 200, 0},
	}
	if d := cmp.Diff(want, calls); d != "" {
		t.Errorf("wxmock's journal mismatch (-want +got):\n%s", d)
	}
	if got.MediaID == "" || !strings.Contains(uploadAnswer, got.MediaID) {
		t.Errorf("the SDK's media_id %q is not in wxmock's answer %q", got.MediaID, uploadAnswer)
	}
	if r := rec.refusals(); len(r) != 0 {
		t.Errorf("refused %v, want none", r)
	}
}

// recorder notes how each request came, once the mock has served it, and
// what the proxy refused.
type recorder struct {
	next    http.Handler
	mu      sync.Mutex
	served  []string
	refused []string
}

func (rc *recorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rc.next.ServeHTTP(w, r)
	how := r.Proto
	if r.TLS != nil {
		how += " over TLS"
	}
	rc.mu.Lock()
	defer rc.mu.Unlock()
	rc.served = append(rc.served, how)
}

func (rc *recorder) refuse(method, target string) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	rc.refused = append(rc.refused, method+" "+target)
}

func (rc *recorder) refusals() []string {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return append([]string(nil), rc.refused...)
}

// waitServed waits until n requests were served, for 20 s at most.
func (rc *recorder) waitServed(t *testing.T, n int) []string {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		rc.mu.Lock()
		got := append([]string(nil), rc.served...)
		rc.mu.Unlock()
		if len(got) >= n || time.Now().After(deadline) {
			return got
		}
		time.Sleep(10 * time.Millisecond)
	}
}
