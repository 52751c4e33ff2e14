package scenario

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/sha1"
	"crypto/subtle"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"sort"
)

// The runner's own reading of a push, written from REFERENCE.md
// ("Pushes") and WeChat's WXBizMsgCrypt samples, not from wxmock's push
// package: a receiver that checked pushes with the code that makes them
// would pass whatever that code got wrong.

// wxBlock is the PKCS#7 block of WeChat's scheme: 32 bytes, not AES's 16.
const wxBlock = 32

// wxSign is the signature of a push: the hex SHA-1 of its parts (token,
// timestamp, nonce, and for msg_signature the Encrypt value) sorted as
// byte strings and joined with nothing between them.
func wxSign(parts ...string) string {
	sorted := append([]string(nil), parts...)
	sort.Strings(sorted)
	h := sha1.New()
	for _, p := range sorted {
		h.Write([]byte(p))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// wxSignOK reports whether sig is the signature of parts.
func wxSignOK(sig string, parts ...string) bool {
	return subtle.ConstantTimeCompare([]byte(sig), []byte(wxSign(parts...))) == 1
}

// wxKey is the AES key of an EncodingAESKey: its 43 characters with "="
// appended, decoded as standard base64, are 32 bytes. The last character's
// two unused bits may be set (the samples' key sets them), so the
// decoding is not strict.
func wxKey(encodingAESKey string) ([]byte, error) {
	if len(encodingAESKey) != 43 {
		return nil, errorf("EncodingAESKey %q has %d characters, want 43", encodingAESKey, len(encodingAESKey))
	}
	key, err := base64.StdEncoding.DecodeString(encodingAESKey + "=")
	if err != nil || len(key) != 32 {
		return nil, errorf("EncodingAESKey %q is not 43 base64 characters", encodingAESKey)
	}
	return key, nil
}

// wxOpen decrypts a push's Encrypt value: base64 of AES-256-CBC with the
// key's first 16 bytes as IV, over 16 random bytes, the 4-byte big-endian
// length of the message, the message and the appid, padded with PKCS#7 to
// a multiple of 32 bytes (a whole block of 32 when already aligned). It
// returns the message and the appid, and refuses anything else, every
// pad byte included: the runner checks wxmock, so it is strict where a
// lenient receiver would not be.
func wxOpen(key []byte, encrypted string) (msg []byte, appid string, err error) {
	data, err := base64.StdEncoding.DecodeString(encrypted)
	if err != nil {
		return nil, "", errorf("Encrypt is not base64: %v", err)
	}
	if len(data) == 0 || len(data)%wxBlock != 0 {
		return nil, "", errorf("Encrypt has %d bytes, not a positive multiple of %d", len(data), wxBlock)
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, "", err
	}
	plain := make([]byte, len(data))
	cipher.NewCBCDecrypter(block, key[:aes.BlockSize]).CryptBlocks(plain, data)
	pad := int(plain[len(plain)-1])
	if pad < 1 || pad > wxBlock {
		return nil, "", errorf("bad padding: last byte %d, want 1 to %d", pad, wxBlock)
	}
	for _, b := range plain[len(plain)-pad:] {
		if int(b) != pad {
			return nil, "", errors.New("bad padding: its bytes differ")
		}
	}
	plain = plain[:len(plain)-pad]
	if len(plain) < 20 {
		return nil, "", errorf("plaintext of %d bytes is shorter than its 20-byte head", len(plain))
	}
	n := uint64(binary.BigEndian.Uint32(plain[16:20]))
	if n > uint64(len(plain)-20) {
		return nil, "", errorf("message length %d is more than the %d bytes that follow", n, len(plain)-20)
	}
	return plain[20 : 20+n], string(plain[20+n:]), nil
}
