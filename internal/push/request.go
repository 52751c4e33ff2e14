package push

import (
	"bytes"
	"fmt"
	"net/url"
	"strconv"
	"strings"
)

// Mode is an app's message encryption setting (消息加解密方式).
type Mode string

// The three modes of WeChat's server configuration page.
const (
	// ModePlain sends the XML as is, signed with signature only.
	ModePlain Mode = "plain"
	// ModeSafe sends only ToUserName and the encrypted message.
	ModeSafe Mode = "safe"
	// ModeCompat sends the plain XML with the encrypted message added, for
	// receivers migrating between the other two.
	ModeCompat Mode = "compat"
)

// Target is where and how an app receives pushes: its server URL, Token,
// EncodingAESKey and mode, and the appid that ends every encrypted payload.
type Target struct {
	URL    string
	Token  string
	AESKey string
	Mode   Mode
	AppID  string
}

// BuildRequest returns the URL and body of one push of m to t, signed with
// timestamp and nonce. random16 is the random prefix of the encrypted payload
// and is ignored in plain mode; an empty Mode means plain, the default of a
// new app. Existing query parameters of t.URL are kept as written, except
// any named like the ones added here, so that a receiver reading the first
// value of each reads the right one.
func BuildRequest(t Target, m Message, timestamp int64, nonce string, random16 []byte) (string, []byte, error) {
	u, err := url.Parse(t.URL)
	if err != nil {
		return "", nil, fmt.Errorf("push: bad receiver URL: %w", err)
	}
	ts := strconv.FormatInt(timestamp, 10)
	plain := m.XML()
	// signature is sent in every mode: silenceper/wechat's
	// OfficialServer.Validate checks it before looking at encrypt_type.
	params := [][2]string{
		{"signature", Signature(t.Token, ts, nonce)},
		{"timestamp", ts},
		{"nonce", nonce},
	}
	var body []byte
	switch t.Mode {
	case ModePlain, "":
		body = plain
	case ModeSafe, ModeCompat:
		key, err := DecodeAESKey(t.AESKey)
		if err != nil {
			return "", nil, err
		}
		enc, err := Encrypt(key, t.AppID, plain, random16)
		if err != nil {
			return "", nil, err
		}
		params = append(params,
			[2]string{"encrypt_type", "aes"},
			[2]string{"msg_signature", Signature(t.Token, ts, nonce, enc)})
		body = encryptedBody(t.Mode, m.ToUserName, plain, enc)
	default:
		return "", nil, fmt.Errorf("push: unknown mode %q", t.Mode)
	}
	u.RawQuery = mergeQuery(u.RawQuery, params)
	return u.String(), body, nil
}

// encryptedBody is the safe-mode envelope, or for compat mode the plain XML
// with <Encrypt> before </xml>, the layout of the compat sample in Tencent's
// WXBizMsgCrypt demos (ToUserName ... MsgId, then Encrypt).
func encryptedBody(mode Mode, to string, plain []byte, enc string) []byte {
	var b bytes.Buffer
	if mode == ModeSafe {
		b.WriteString("<xml>")
		writeCDATA(&b, "ToUserName", to)
	} else {
		b.Write(bytes.TrimSuffix(plain, []byte("</xml>")))
	}
	writeCDATA(&b, "Encrypt", enc)
	b.WriteString("</xml>")
	return b.Bytes()
}

// mergeQuery appends params to raw, dropping pairs of raw with the same
// names and leaving every other pair byte for byte as it was.
func mergeQuery(raw string, params [][2]string) string {
	var parts []string
	for _, pair := range strings.Split(raw, "&") {
		if pair == "" {
			continue
		}
		name, _, _ := strings.Cut(pair, "=")
		if n, err := url.QueryUnescape(name); err == nil {
			name = n
		}
		if !setsParam(params, name) {
			parts = append(parts, pair)
		}
	}
	for _, p := range params {
		parts = append(parts, url.QueryEscape(p[0])+"="+url.QueryEscape(p[1]))
	}
	return strings.Join(parts, "&")
}

func setsParam(params [][2]string, name string) bool {
	for _, p := range params {
		if p[0] == name {
			return true
		}
	}
	return false
}
