package httpapi_test

// End-to-end tests of the XML audit pushes: a real HTTP receiver gets each
// push, and the test checks it with its own implementation of WeChat's
// signing and encryption, written from REFERENCE.md ("Pushes") rather than
// taken from internal/push, so that a mistake shared by both sides of the
// push package cannot hide.

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/sha1"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wxmock/wxmock/internal/mock"
	"github.com/wxmock/wxmock/internal/sim"
)

const (
	spToken = "tok123"
	// spAESKey is the EncodingAESKey of WeChat's documentation; its last
	// character carries unused bits, as generated keys often do.
	spAESKey = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"
	// spOriginalID is the default app's original id (default_state.json).
	spOriginalID = "gh_0123456789ab"
	// spFirstCat and spSecondCat are 购物 and 综合商场, a category pair with
	// sensitive_type 0 (internal/fixtures/data/categories.json).
	spFirstCat, spSecondCat = 278, 279
)

// spReq is one request a receiver got.
type spReq struct {
	Method      string
	Path        string
	RawQuery    string
	Query       url.Values
	ContentType string
	Body        []byte
}

// spReceiver is an app's message server: it records every request and
// answers 200 "success" unless answer says otherwise.
type spReceiver struct {
	srv    *httptest.Server
	answer func(n int, w http.ResponseWriter, r *http.Request)

	mu   sync.Mutex
	reqs []spReq
	seen int // requests handed out by next
}

func spNewReceiver(t *testing.T, answer func(n int, w http.ResponseWriter, r *http.Request)) *spReceiver {
	t.Helper()
	rc := &spReceiver{answer: answer}
	rc.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		rc.mu.Lock()
		rc.reqs = append(rc.reqs, spReq{Method: r.Method, Path: r.URL.Path, RawQuery: r.URL.RawQuery,
			Query: r.URL.Query(), ContentType: r.Header.Get("Content-Type"), Body: body})
		n := len(rc.reqs)
		rc.mu.Unlock()
		if rc.answer != nil {
			rc.answer(n, w, r)
			return
		}
		_, _ = io.WriteString(w, "success")
	}))
	t.Cleanup(rc.srv.Close)
	return rc
}

// all returns every request so far.
func (rc *spReceiver) all() []spReq {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return slices.Clone(rc.reqs)
}

// next returns the requests that arrived since its last call.
func (rc *spReceiver) next() []spReq {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	out := slices.Clone(rc.reqs[rc.seen:])
	rc.seen = len(rc.reqs)
	return out
}

// waitFor polls until the receiver has n requests or d has passed.
func (rc *spReceiver) waitFor(n int, d time.Duration) []spReq {
	deadline := time.Now().Add(d)
	for {
		got := rc.all()
		if len(got) >= n || time.Now().After(deadline) {
			return got
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// spStatuses answers the n-th request with codes[n-1], 200 past the end.
func spStatuses(codes ...int) func(int, http.ResponseWriter, *http.Request) {
	return func(n int, w http.ResponseWriter, _ *http.Request) {
		code := http.StatusOK
		if n <= len(codes) {
			code = codes[n-1]
		}
		w.WriteHeader(code)
		_, _ = io.WriteString(w, "success")
	}
}

// spPushTo makes the default app push to rc in mode, with short delivery
// timeouts.
func spPushTo(rc *spReceiver, mode string) func(*mock.Options) {
	return func(o *mock.Options) {
		o.DefaultPush = sim.Push{URL: rc.srv.URL + "/wx?x=1", Token: spToken, AESKey: spAESKey, Mode: mode}
		o.PushTimeout = 2 * time.Second // generous: a retry under load would duplicate a push; timeout tests set their own
		o.PushRetryDelay = 10 * time.Millisecond
	}
}

// --- WeChat's scheme, written from REFERENCE.md ---

// spSign is hex(sha1(concat(sort(parts)))).
func spSign(parts ...string) string {
	s := slices.Clone(parts)
	slices.Sort(s)
	sum := sha1.Sum([]byte(strings.Join(s, "")))
	return hex.EncodeToString(sum[:])
}

// spDecrypt opens an Encrypt value: key = base64(EncodingAESKey + "="),
// IV = key[:16], AES-256-CBC, PKCS#7 to blocks of 32, then 16 random bytes,
// a 4-byte big-endian length, the message and the appid.
func spDecrypt(encodingAESKey, b64 string) (random, msg []byte, appid string, err error) {
	key, err := base64.StdEncoding.DecodeString(encodingAESKey + "=")
	if err != nil || len(key) != 32 {
		return nil, nil, "", fmt.Errorf("key %q: %v (%d bytes)", encodingAESKey, err, len(key))
	}
	ct, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		return nil, nil, "", fmt.Errorf("Encrypt is not base64: %v", err)
	}
	if len(ct) == 0 || len(ct)%32 != 0 {
		return nil, nil, "", fmt.Errorf("ciphertext of %d bytes is not padded to a multiple of 32", len(ct))
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, nil, "", err
	}
	pt := make([]byte, len(ct))
	cipher.NewCBCDecrypter(block, key[:16]).CryptBlocks(pt, ct)
	pad := int(pt[len(pt)-1])
	if pad < 1 || pad > 32 {
		return nil, nil, "", fmt.Errorf("pad byte %d is not 1 to 32", pad)
	}
	for _, c := range pt[len(pt)-pad:] {
		if int(c) != pad {
			return nil, nil, "", fmt.Errorf("bad PKCS#7 padding % x", pt[len(pt)-pad:])
		}
	}
	pt = pt[:len(pt)-pad]
	if len(pt) < 20 {
		return nil, nil, "", fmt.Errorf("plaintext of %d bytes has no room for its prefix", len(pt))
	}
	n := binary.BigEndian.Uint32(pt[16:20])
	if uint64(n) > uint64(len(pt)-20) {
		return nil, nil, "", fmt.Errorf("length field %d exceeds the %d bytes left", n, len(pt)-20)
	}
	return pt[:16], pt[20 : 20+n], string(pt[20+n:]), nil
}
