package push_test

import (
	"encoding/xml"
	"net/url"
	"strings"
	"testing"

	"github.com/wxmock/wxmock/internal/push"
)

func TestBuildRequest(t *testing.T) {
	t.Parallel()
	m := seedEvents[2].msg
	plainXML := string(m.XML())
	random := []byte("aaaabbbbccccdddd")
	tests := []struct {
		name      string
		mode      push.Mode
		rawURL    string
		wantQuery []string // parameter names in order
		wantSafe  bool
		wantAppID string
	}{
		{"plain", push.ModePlain, "https://rcv.example/wx", []string{"signature", "timestamp", "nonce"}, false, ""},
		{"empty mode is plain", "", "https://rcv.example/wx", []string{"signature", "timestamp", "nonce"}, false, ""},
		{"safe", push.ModeSafe, "https://rcv.example/wx", []string{"signature", "timestamp", "nonce", "encrypt_type", "msg_signature"}, true, sampleAppID},
		{"compat", push.ModeCompat, "https://rcv.example/wx", []string{"signature", "timestamp", "nonce", "encrypt_type", "msg_signature"}, true, sampleAppID},
		{"query kept", push.ModeSafe, "http://127.0.0.1:8080/cb?app=a%20b&x=1", []string{"app", "x", "signature", "timestamp", "nonce", "encrypt_type", "msg_signature"}, true, sampleAppID},
		{"stale signature replaced", push.ModePlain, "http://h/cb?signature=old&k=v&nonce=1", []string{"k", "signature", "timestamp", "nonce"}, false, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			target := push.Target{URL: tc.rawURL, Token: sampleToken, AESKey: sampleEncodingAESKey, Mode: tc.mode, AppID: sampleAppID}
			gotURL, body, err := push.BuildRequest(target, m, m.CreateTime, "1320562132", random)
			if err != nil {
				t.Fatal(err)
			}
			got := receive(t, gotURL, body, sampleToken, sampleEncodingAESKey)
			diff(t, "received", received{Plain: plainXML, AppID: tc.wantAppID, Safe: tc.wantSafe}, got)

			u, _ := url.Parse(gotURL)
			var names []string
			for _, pair := range strings.Split(u.RawQuery, "&") {
				name, _, _ := strings.Cut(pair, "=")
				names = append(names, name)
			}
			diff(t, "query names", tc.wantQuery, names)
			diff(t, "timestamp", "1488856741", u.Query().Get("timestamp"))
			if strings.Contains(tc.rawURL, "app=a%20b") && !strings.Contains(u.RawQuery, "app=a%20b&x=1&") {
				t.Errorf("existing query not kept byte for byte: %q", u.RawQuery)
			}
			checkBodyShape(t, tc.mode, plainXML, string(body))
		})
	}
}

// checkBodyShape checks each mode's body beyond what a receiver needs: the
// exact safe envelope, and compat's plain XML with Encrypt before </xml>.
func checkBodyShape(t *testing.T, mode push.Mode, plainXML, body string) {
	t.Helper()
	var env struct {
		Encrypt string
	}
	if err := xml.Unmarshal([]byte(body), &env); err != nil {
		t.Fatal(err)
	}
	encElem := "<Encrypt><![CDATA[" + env.Encrypt + "]]></Encrypt>"
	switch mode {
	case push.ModeSafe:
		diff(t, "safe body", "<xml><ToUserName><![CDATA[gh_4346ac1514d8]]></ToUserName>"+encElem+"</xml>", body)
	case push.ModeCompat:
		diff(t, "compat body", strings.TrimSuffix(plainXML, "</xml>")+encElem+"</xml>", body)
	default:
		diff(t, "plain body", plainXML, body)
	}
}

// TestBuildRequestDeterministic checks that equal inputs give equal bytes,
// which a seeded simulator run relies on.
func TestBuildRequestDeterministic(t *testing.T) {
	t.Parallel()
	target := push.Target{URL: "http://h/", Token: "t", AESKey: sampleEncodingAESKey, Mode: push.ModeCompat, AppID: "wx1"}
	random := []byte("0123456789abcdef")
	u1, b1, err1 := push.BuildRequest(target, seedEvents[0].msg, 1, "2", random)
	u2, b2, err2 := push.BuildRequest(target, seedEvents[0].msg, 1, "2", random)
	if err1 != nil || err2 != nil {
		t.Fatal(err1, err2)
	}
	diff(t, "URL", u1, u2)
	diff(t, "body", string(b1), string(b2))
}

func TestBuildRequestErrors(t *testing.T) {
	t.Parallel()
	good := push.Target{URL: "http://h/", Token: "t", AESKey: sampleEncodingAESKey, Mode: push.ModeSafe, AppID: "wx1"}
	tests := []struct {
		name   string
		edit   func(*push.Target)
		random []byte
	}{
		{"unknown mode", func(t *push.Target) { t.Mode = "aes" }, make([]byte, 16)},
		{"bad AES key", func(t *push.Target) { t.AESKey = "short" }, make([]byte, 16)},
		{"compat bad AES key", func(t *push.Target) { t.Mode, t.AESKey = push.ModeCompat, "" }, make([]byte, 16)},
		{"short random", func(*push.Target) {}, make([]byte, 8)},
		{"bad URL", func(t *push.Target) { t.URL = "http://h/%zz" }, make([]byte, 16)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			target := good
			tc.edit(&target)
			if u, _, err := push.BuildRequest(target, seedEvents[0].msg, 1, "2", tc.random); err == nil {
				t.Errorf("BuildRequest = %q, want an error", u)
			}
		})
	}
}

// TestBuildRequestPlainIgnoresBadKey: a plain-mode app may have no
// EncodingAESKey at all, and its pushes must still go out.
func TestBuildRequestPlainIgnoresBadKey(t *testing.T) {
	t.Parallel()
	target := push.Target{URL: "http://h/", Token: "t", Mode: push.ModePlain}
	if _, _, err := push.BuildRequest(target, seedEvents[0].msg, 1, "2", nil); err != nil {
		t.Fatal(err)
	}
}
