package push_test

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/sha1"
	"encoding/base64"
	"encoding/hex"
	"encoding/xml"
	"net/url"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// The key, token and appid of Tencent's WXBizMsgCrypt samples, so the
// known-answer vectors below come from outside this package.
const (
	sampleEncodingAESKey = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"
	sampleToken          = "spamtest"
	sampleAppID          = "wx2c2769f8efd9abc2"
)

// refPayload is the plaintext of an Encrypt value split by hand.
type refPayload struct {
	Random []byte
	Length uint32 // the big-endian length field as written
	Msg    string
	AppID  string
	Pad    int
}

// refKey decodes an EncodingAESKey the way REFERENCE.md says, without
// DecodeAESKey.
func refKey(t *testing.T, encodingAESKey string) []byte {
	t.Helper()
	key, err := base64.StdEncoding.DecodeString(encodingAESKey + "=")
	if err != nil || len(key) != 32 {
		t.Fatalf("reference key decode of %q: %d bytes, %v", encodingAESKey, len(key), err)
	}
	return key
}

// refDecrypt decrypts an Encrypt value from REFERENCE.md's byte layout,
// independently of push.Decrypt: base64, AES-256-CBC with iv = key[:16],
// PKCS#7 to a block of 32, then 16 random bytes ‖ uint32 BE length ‖
// message ‖ appid.
func refDecrypt(t *testing.T, key []byte, b64 string) refPayload {
	t.Helper()
	data, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		t.Fatalf("Encrypt value is not base64: %v", err)
	}
	if len(data) == 0 || len(data)%32 != 0 {
		t.Fatalf("ciphertext length %d is not a positive multiple of 32", len(data))
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		t.Fatal(err)
	}
	plain := make([]byte, len(data))
	cipher.NewCBCDecrypter(block, key[:16]).CryptBlocks(plain, data)
	pad := int(plain[len(plain)-1])
	if pad < 1 || pad > 32 {
		t.Fatalf("pad byte %d out of 1..32", pad)
	}
	for i := len(plain) - pad; i < len(plain); i++ {
		if int(plain[i]) != pad {
			t.Fatalf("pad byte at %d is %d, want %d", i, plain[i], pad)
		}
	}
	plain = plain[:len(plain)-pad]
	if len(plain) < 20 {
		t.Fatalf("plaintext of %d bytes has no room for the 20-byte prefix", len(plain))
	}
	n := uint32(plain[16])<<24 | uint32(plain[17])<<16 | uint32(plain[18])<<8 | uint32(plain[19])
	if int(n) > len(plain)-20 {
		t.Fatalf("length field %d exceeds the %d bytes left", n, len(plain)-20)
	}
	return refPayload{
		Random: plain[:16],
		Length: n,
		Msg:    string(plain[20 : 20+n]),
		AppID:  string(plain[20+n:]),
		Pad:    pad,
	}
}

// refSignature is WeChat's signature computed by hand: sort, join, SHA-1.
func refSignature(parts ...string) string {
	s := append([]string(nil), parts...)
	sort.Strings(s)
	sum := sha1.Sum([]byte(strings.Join(s, "")))
	return hex.EncodeToString(sum[:])
}

// received is what a receiver learns from one push after verifying it.
type received struct {
	Plain string // the plain XML: the body, or the decrypted Encrypt
	AppID string // the appid after the message, "" in plain mode
	Safe  bool   // encrypt_type=aes was present
}

// receive verifies a push the way silenceper/wechat's OfficialServer and
// wechatpy's WeChatCrypto do and fails the test on any mismatch.
func receive(t *testing.T, rawURL string, body []byte, token, encodingAESKey string) received {
	t.Helper()
	u, err := url.Parse(rawURL)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	ts, nonce := q.Get("timestamp"), q.Get("nonce")
	if ts == "" || nonce == "" {
		t.Fatalf("query %q lacks timestamp or nonce", u.RawQuery)
	}
	if got, want := q.Get("signature"), refSignature(token, ts, nonce); got != want {
		t.Fatalf("signature = %q, want %q", got, want)
	}
	if q.Get("encrypt_type") != "aes" {
		if q.Has("msg_signature") {
			t.Fatalf("plain push carries msg_signature")
		}
		return received{Plain: string(body)}
	}
	var env struct {
		ToUserName string `xml:"ToUserName"`
		Encrypt    string `xml:"Encrypt"`
	}
	if err := xml.Unmarshal(body, &env); err != nil {
		t.Fatalf("body is not XML: %v\n%s", err, body)
	}
	if got, want := q.Get("msg_signature"), refSignature(token, ts, nonce, env.Encrypt); got != want {
		t.Fatalf("msg_signature = %q, want %q", got, want)
	}
	p := refDecrypt(t, refKey(t, encodingAESKey), env.Encrypt)
	if !strings.Contains(p.Msg, "<ToUserName><![CDATA["+env.ToUserName+"]]></ToUserName>") {
		t.Errorf("envelope ToUserName %q is not the message's", env.ToUserName)
	}
	return received{Plain: p.Msg, AppID: p.AppID, Safe: true}
}

// diff fails the test with a go-cmp diff when want and got differ.
func diff(t *testing.T, what string, want, got any, opts ...cmp.Option) {
	t.Helper()
	if d := cmp.Diff(want, got, opts...); d != "" {
		t.Errorf("%s mismatch (-want +got):\n%s", what, d)
	}
}
