package push_test

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"encoding/base64"
	"errors"
	"strings"
	"testing"

	"github.com/wxmock/wxmock/internal/push"
)

func TestDecodeAESKey(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		in      string
		wantErr bool
	}{
		// The sample key's last character has its unused low bits set, so a
		// strict decoder would refuse a key WeChat hands out.
		{"sample key", sampleEncodingAESKey, false},
		{"all A", strings.Repeat("A", 43), false},
		{"42 characters", sampleEncodingAESKey[:42], true},
		{"44 characters", sampleEncodingAESKey + "A", true},
		{"already padded", sampleEncodingAESKey[:42] + "=", true},
		{"not base64", strings.Repeat("!", 43), true},
		{"empty", "", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			key, err := push.DecodeAESKey(tc.in)
			if tc.wantErr {
				if err == nil {
					t.Fatalf("DecodeAESKey(%q) = %x, want an error", tc.in, key)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			diff(t, "key", refKey(t, tc.in), key)
		})
	}
}

func TestSignature(t *testing.T) {
	t.Parallel()
	// From Tencent's WXBizMsgCrypt decrypt sample (token "spamtest",
	// timestamp 1409735669, nonce 1320562132), as quoted in the README of
	// fotock/WXbizMsgCrypt-Node.
	sampleEncrypt := "hyzAe4OzmOMbd6TvGdIOO6uBmdJoD0Fk53REIHvxYtJlE2B655HuD0m8KUePWB3+LrPXo87wzQ1QLvbeUgmBM4x6F8PGHQHFVAFmOD2LdJF9FrXpbUAh0B5GIItb52sn896wVsMSHGuPE328HnRGBcrS7C41IzDWyWNlZkyyXwon8T332jisa+h6tEDYsVticbSnyU8dKOIbgU6ux5VTjg3yt+WGzjlpKn6NPhRjpA912xMezR4kw6KWwMrCVKSVCZciVGCgavjIQ6X8tCOp3yZbGpy0VxpAe+77TszTfRd5RJSVO/HTnifJpXgCSUdUue1v6h0EIBYYI1BD1DlD+C0CR8e6OewpusjZ4uBl9FyJvnhvQl+q5rv1ixrcpCumEPo5MJSgM9ehVsNPfUM669WuMyVWQLCzpu9GhglF2PE="
	tests := []struct {
		name  string
		parts []string
		want  string
	}{
		{"tencent sample msg_signature", []string{sampleToken, "1409735669", "1320562132", sampleEncrypt}, "5d197aaffba7e9b25a30732f161a50dee96bd5fa"},
		{"by hand", []string{"token", "1488856741", "1234567890"}, refSignature("token", "1488856741", "1234567890")},
		{"order does not matter", []string{"1234567890", "token", "1488856741"}, refSignature("token", "1488856741", "1234567890")},
		// sha1("") — sorting nothing and hashing the empty string.
		{"no parts", nil, "da39a3ee5e6b4b0d3255bfef95601890afd80709"},
		// Sorted "1" < "a" < "b": sha1("1ab").
		{"byte order", []string{"b", "a", "1"}, refSignature("1ab")},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			diff(t, "Signature", tc.want, push.Signature(tc.parts...))
		})
	}
}

// TestSignatureKeepsArgs checks that sorting does not reorder the caller's
// slice.
func TestSignatureKeepsArgs(t *testing.T) {
	t.Parallel()
	parts := []string{"c", "b", "a"}
	push.Signature(parts...)
	diff(t, "parts", []string{"c", "b", "a"}, parts)
}

// TestEncryptKnownAnswer reproduces the ciphertext of Tencent's Java
// WXBizMsgCryptTest (random "aaaabbbbccccdddd", appid wxb11529c136998cb6).
func TestEncryptKnownAnswer(t *testing.T) {
	t.Parallel()
	key := refKey(t, sampleEncodingAESKey)
	got, err := push.Encrypt(key, "wxb11529c136998cb6", []byte("我是中文abcd123"), []byte("aaaabbbbccccdddd"))
	if err != nil {
		t.Fatal(err)
	}
	diff(t, "Encrypt", "jn1L23DB+6ELqJ+6bruv21Y6MD7KeIfP82D6gU39rmkgczbWwt5+3bnyg5K55bgVtVzd832WzZGMhkP72vVOfg==", got)
}

// TestDecryptKnownAnswer decrypts the Encrypt value of Tencent's sample.
func TestDecryptKnownAnswer(t *testing.T) {
	t.Parallel()
	enc := "hyzAe4OzmOMbd6TvGdIOO6uBmdJoD0Fk53REIHvxYtJlE2B655HuD0m8KUePWB3+LrPXo87wzQ1QLvbeUgmBM4x6F8PGHQHFVAFmOD2LdJF9FrXpbUAh0B5GIItb52sn896wVsMSHGuPE328HnRGBcrS7C41IzDWyWNlZkyyXwon8T332jisa+h6tEDYsVticbSnyU8dKOIbgU6ux5VTjg3yt+WGzjlpKn6NPhRjpA912xMezR4kw6KWwMrCVKSVCZciVGCgavjIQ6X8tCOp3yZbGpy0VxpAe+77TszTfRd5RJSVO/HTnifJpXgCSUdUue1v6h0EIBYYI1BD1DlD+C0CR8e6OewpusjZ4uBl9FyJvnhvQl+q5rv1ixrcpCumEPo5MJSgM9ehVsNPfUM669WuMyVWQLCzpu9GhglF2PE="
	msg, appid, err := push.Decrypt(refKey(t, sampleEncodingAESKey), enc)
	if err != nil {
		t.Fatal(err)
	}
	diff(t, "appid", sampleAppID, appid)
	if !bytes.HasPrefix(msg, []byte("<xml><ToUserName><![CDATA[gh_10f6c3c3ac5a]]></ToUserName>")) ||
		!bytes.HasSuffix(msg, []byte("<MsgId>6054768590064713728</MsgId>\n</xml>")) {
		t.Errorf("message = %q", msg)
	}
}

// TestEncryptLayout decrypts Encrypt's output with the test's own reader of
// REFERENCE.md's layout for every padding length 1..32, aligned included.
func TestEncryptLayout(t *testing.T) {
	t.Parallel()
	key := refKey(t, sampleEncodingAESKey)
	random := []byte("0123456789abcdef")
	const appid = "wx1234567890abcdef" // 18 bytes, plus the 20-byte prefix: 38
	seen := map[int]bool{}
	for n := range 64 {
		msg := strings.Repeat("m", n)
		enc, err := push.Encrypt(key, appid, []byte(msg), random)
		if err != nil {
			t.Fatal(err)
		}
		got := refDecrypt(t, key, enc)
		wantPad := 32 - (38+n)%32
		diff(t, "payload", refPayload{Random: random, Length: uint32(n), Msg: msg, AppID: appid, Pad: wantPad}, got)
		seen[got.Pad] = true
	}
	for pad := 1; pad <= 32; pad++ {
		if !seen[pad] {
			t.Errorf("no message length gave padding %d", pad)
		}
	}
}

func TestEncryptDecryptRoundTrip(t *testing.T) {
	t.Parallel()
	key := refKey(t, sampleEncodingAESKey)
	tests := []struct {
		name, appid, msg string
	}{
		{"empty message", sampleAppID, ""},
		{"xml", sampleAppID, string(seedEvents[0].msg.XML())},
		{"unicode", sampleAppID, "门店小程序 🏪"},
		{"empty appid", "", "x"},
		{"binary", "wx1", "\x00\xff]]>"},
		{"long", sampleAppID, strings.Repeat("0123456789", 2000)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			enc, err := push.Encrypt(key, tc.appid, []byte(tc.msg), bytes.Repeat([]byte{7}, 16))
			if err != nil {
				t.Fatal(err)
			}
			msg, appid, err := push.Decrypt(key, enc)
			if err != nil {
				t.Fatal(err)
			}
			diff(t, "message", tc.msg, string(msg))
			diff(t, "appid", tc.appid, appid)
		})
	}
}

func TestEncryptRejects(t *testing.T) {
	t.Parallel()
	key := refKey(t, sampleEncodingAESKey)
	tests := []struct {
		name   string
		key    []byte
		random []byte
		want   error
	}{
		{"short key", key[:16], make([]byte, 16), push.ErrKeyLength},
		{"short random", key, make([]byte, 15), push.ErrRandomLen},
		{"nil random", key, nil, push.ErrRandomLen},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if _, err := push.Encrypt(tc.key, "wx", []byte("m"), tc.random); !errors.Is(err, tc.want) {
				t.Errorf("err = %v, want %v", err, tc.want)
			}
		})
	}
}

// rawEncrypt encrypts plaintext as is, so tests can forge bad padding and
// bad length fields.
func rawEncrypt(t *testing.T, key, plain []byte) string {
	t.Helper()
	block, err := aes.NewCipher(key)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]byte, len(plain))
	cipher.NewCBCEncrypter(block, key[:16]).CryptBlocks(out, plain)
	return base64.StdEncoding.EncodeToString(out)
}

// forged returns a correctly padded plaintext of 16 zero bytes, the given
// length field and body; edit applies a change, such as breaking the pad.
func forged(length uint32, body string, edit func(p []byte)) []byte {
	p := append(make([]byte, 16), byte(length>>24), byte(length>>16), byte(length>>8), byte(length))
	p = append(p, body...)
	n := 32 - len(p)%32
	p = append(p, bytes.Repeat([]byte{byte(n)}, n)...)
	if edit != nil {
		edit(p)
	}
	return p
}

// errNone marks the control case of TestDecryptRejects.
var errNone = errors.New("no error")

func TestDecryptRejects(t *testing.T) {
	t.Parallel()
	key := refKey(t, sampleEncodingAESKey)
	tests := []struct {
		name string
		key  []byte
		b64  string
		want error // nil: any error; errNone: none
	}{
		{"bad base64", key, "not base64!", nil},
		{"empty", key, "", push.ErrCiphertext},
		{"16 bytes", key, base64.StdEncoding.EncodeToString(make([]byte, 16)), push.ErrCiphertext},
		{"48 bytes", key, base64.StdEncoding.EncodeToString(make([]byte, 48)), push.ErrCiphertext},
		{"short key", key[:31], rawEncrypt(t, key, forged(1, "mwx", nil)), push.ErrKeyLength},
		{"forged but valid", key, rawEncrypt(t, key, forged(1, "mwx", nil)), errNone},
		{"pad 0", key, rawEncrypt(t, key, forged(1, "mwx", func(p []byte) { p[len(p)-1] = 0 })), push.ErrPadding},
		{"pad 33", key, rawEncrypt(t, key, forged(1, strings.Repeat("m", 40), func(p []byte) { p[len(p)-1] = 33 })), push.ErrPadding},
		{"pad bytes differ", key, rawEncrypt(t, key, forged(1, "mwx", func(p []byte) { p[len(p)-2]-- })), push.ErrPadding},
		{"pad eats prefix", key, rawEncrypt(t, key, bytes.Repeat([]byte{32}, 32)), push.ErrPlaintext},
		{"length past end", key, rawEncrypt(t, key, forged(4, "mwx", nil)), push.ErrPlaintext},
		{"length 2^32-1", key, rawEncrypt(t, key, forged(0xffffffff, "mwx", nil)), push.ErrPlaintext},
		{"wrong key", refKey(t, strings.Repeat("B", 43)), rawEncrypt(t, key, forged(1, "mwx", nil)), nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			msg, appid, err := push.Decrypt(tc.key, tc.b64)
			if tc.want == errNone {
				// The control case: the forging itself is right.
				if err != nil || string(msg) != "m" || appid != "wx" {
					t.Fatalf("Decrypt = %q, %q, %v, want \"m\", \"wx\"", msg, appid, err)
				}
				return
			}
			if err == nil {
				t.Fatalf("Decrypt = %q, %q, want an error", msg, appid)
			}
			if tc.want != nil && !errors.Is(err, tc.want) {
				t.Errorf("err = %v, want %v", err, tc.want)
			}
		})
	}
}

// FuzzDecrypt checks that no input makes Decrypt panic, and that whatever it
// accepts survives Encrypt and Decrypt again.
func FuzzDecrypt(f *testing.F) {
	key, err := push.DecodeAESKey(sampleEncodingAESKey)
	if err != nil {
		f.Fatal(err)
	}
	valid, err := push.Encrypt(key, sampleAppID, []byte("<xml></xml>"), make([]byte, 16))
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range []string{
		valid, valid[:len(valid)-4], "", "=", "!!!!",
		base64.StdEncoding.EncodeToString(make([]byte, 32)),
		base64.StdEncoding.EncodeToString(make([]byte, 64)),
		base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{0xff}, 96)),
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, b64 string) {
		msg, appid, err := push.Decrypt(key, b64)
		if err != nil {
			return
		}
		enc, err := push.Encrypt(key, appid, msg, make([]byte, 16))
		if err != nil {
			t.Fatal(err)
		}
		msg2, appid2, err := push.Decrypt(key, enc)
		if err != nil || !bytes.Equal(msg, msg2) || appid != appid2 {
			t.Fatalf("round trip: %q %q %v, want %q %q", msg2, appid2, err, msg, appid)
		}
	})
}
