package scenario

import (
	"crypto/sha1"
	"encoding/hex"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// Known answers from outside wxmock, the same as internal/push's tests
// use (crypto_test.go, helpers_test.go):
//   - Tencent's WXBizMsgCrypt decrypt sample: token "spamtest",
//     EncodingAESKey "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", appid
//     wx2c2769f8efd9abc2, timestamp 1409735669, nonce 1320562132, and its
//     Encrypt value and msg_signature (as quoted in the README of
//     fotock/WXbizMsgCrypt-Node);
//   - Tencent's Java WXBizMsgCryptTest: the same key, random
//     "aaaabbbbccccdddd", appid wxb11529c136998cb6, message
//     "我是中文abcd123" and its ciphertext;
//   - wechatpy's test_check_signature_should_ok (tests/test_utils.py):
//     token "test", timestamp 1410685589, nonce "test".
const (
	sampleKey       = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"
	sampleToken     = "spamtest"
	sampleAppID     = "wx2c2769f8efd9abc2"
	sampleTimestamp = "1409735669"
	sampleNonce     = "1320562132"
	sampleEncrypt   = "hyzAe4OzmOMbd6TvGdIOO6uBmdJoD0Fk53REIHvxYtJlE2B655HuD0m8KUePWB3+LrPXo87wzQ1QLvbeUgmBM4x6F8PGHQHFVAFmOD2LdJF9FrXpbUAh0B5GIItb52sn896wVsMSHGuPE328HnRGBcrS7C41IzDWyWNlZkyyXwon8T332jisa+h6tEDYsVticbSnyU8dKOIbgU6ux5VTjg3yt+WGzjlpKn6NPhRjpA912xMezR4kw6KWwMrCVKSVCZciVGCgavjIQ6X8tCOp3yZbGpy0VxpAe+77TszTfRd5RJSVO/HTnifJpXgCSUdUue1v6h0EIBYYI1BD1DlD+C0CR8e6OewpusjZ4uBl9FyJvnhvQl+q5rv1ixrcpCumEPo5MJSgM9ehVsNPfUM669WuMyVWQLCzpu9GhglF2PE="
	sampleMsgSig    = "5d197aaffba7e9b25a30732f161a50dee96bd5fa"
	javaEncrypt     = "jn1L23DB+6ELqJ+6bruv21Y6MD7KeIfP82D6gU39rmkgczbWwt5+3bnyg5K55bgVtVzd832WzZGMhkP72vVOfg=="
)

func TestWXSign(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		parts []string
		want  string
	}{
		{"Tencent's msg_signature", []string{sampleToken, sampleTimestamp, sampleNonce, sampleEncrypt}, sampleMsgSig},
		{"wechatpy's signature", []string{"test", "1410685589", "test"}, "f21891de399b4e33a1a93c9a7b8a8fffb5a443ff"},
		{"the parts in any order", []string{"test", "test", "1410685589"}, "f21891de399b4e33a1a93c9a7b8a8fffb5a443ff"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if diff := cmp.Diff(tt.want, wxSign(tt.parts...)); diff != "" {
				t.Errorf("wxSign mismatch (-want +got):\n%s", diff)
			}
			if !wxSignOK(tt.want, tt.parts...) {
				t.Errorf("wxSignOK(%q) = false", tt.want)
			}
			// A signature over the parts in the order given, unsorted, is
			// not it (no vector gives its parts in sorted order).
			if wxSignOK(unsortedSign(tt.parts...), tt.parts...) {
				t.Errorf("a signature over the unsorted parts passes")
			}
		})
	}
}

func TestWXOpen(t *testing.T) {
	t.Parallel()
	key, err := wxKey(sampleKey)
	if err != nil {
		t.Fatal(err)
	}
	msg, appid, err := wxOpen(key, sampleEncrypt)
	if err != nil {
		t.Fatal(err)
	}
	if appid != sampleAppID {
		t.Errorf("appid = %q, want %q", appid, sampleAppID)
	}
	if !strings.HasPrefix(string(msg), "<xml><ToUserName><![CDATA[gh_10f6c3c3ac5a]]></ToUserName>") ||
		!strings.HasSuffix(string(msg), "<MsgId>6054768590064713728</MsgId>\n</xml>") {
		t.Errorf("message = %q", msg)
	}
	msg, appid, err = wxOpen(key, javaEncrypt)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"我是中文abcd123", "wxb11529c136998cb6"}, []string{string(msg), appid}); diff != "" {
		t.Errorf("Java sample mismatch (-want +got):\n%s", diff)
	}
}

func TestWXOpenRefuses(t *testing.T) {
	t.Parallel()
	key, err := wxKey(sampleKey)
	if err != nil {
		t.Fatal(err)
	}
	other, err := wxKey(strings.Repeat("A", 43))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		key  []byte
		enc  string
		want string
	}{
		{"not base64", key, "!!!!", "not base64"},
		{"empty", key, "", "not a positive multiple of 32"},
		{"one AES block", key, sampleEncrypt[:24], "not a positive multiple of 32"},
		{"the wrong key", other, sampleEncrypt, "padding"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, _, err := wxOpen(tt.key, tt.enc)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("wxOpen: %v, want an error saying %q", err, tt.want)
			}
		})
	}
	for _, k := range []string{"", sampleKey[:42], sampleKey + "A", strings.Repeat("!", 43)} {
		if _, err := wxKey(k); err == nil {
			t.Errorf("wxKey(%q) succeeded", k)
		}
	}
}

// unsortedSign is a signature over parts in the order given: a signer
// that forgot to sort.
func unsortedSign(parts ...string) string {
	h := sha1.New()
	for _, p := range parts {
		h.Write([]byte(p))
	}
	return hex.EncodeToString(h.Sum(nil))
}
