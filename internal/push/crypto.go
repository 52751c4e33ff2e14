package push

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/sha1"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
)

// blockSize is the PKCS#7 block of WeChat's scheme: 32 bytes, the key size,
// not AES's 16 (wechatpy crypto/pkcs7.py, silenceper util/crypto.go).
const blockSize = 32

// prefixLen is the 16 random bytes plus the 4-byte message length that come
// before the message in the plaintext.
const prefixLen = 16 + 4

// Errors returned by DecodeAESKey, Encrypt and Decrypt.
var (
	ErrAESKey     = errors.New("push: EncodingAESKey must be 43 base64 characters decoding to 32 bytes")
	ErrKeyLength  = errors.New("push: AES key must be 32 bytes")
	ErrRandomLen  = errors.New("push: random prefix must be 16 bytes")
	ErrCiphertext = errors.New("push: ciphertext is not a positive multiple of 32 bytes")
	ErrPadding    = errors.New("push: bad PKCS#7 padding")
	ErrPlaintext  = errors.New("push: plaintext too short for its length field")
)

// DecodeAESKey turns an app's 43-character EncodingAESKey into the 32-byte
// AES key by appending "=" and decoding standard base64. The decoding is not
// strict on purpose: the last character carries two unused bits, which
// WeChat's generated keys often set (the documented sample key
// "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG" does).
func DecodeAESKey(encodingAESKey string) ([]byte, error) {
	if len(encodingAESKey) != 43 {
		return nil, ErrAESKey
	}
	key, err := base64.StdEncoding.DecodeString(encodingAESKey + "=")
	if err != nil || len(key) != 32 {
		return nil, ErrAESKey
	}
	return key, nil
}

// Signature returns the lowercase hex SHA-1 of parts sorted as byte strings
// and concatenated with no separator: signature is Signature(token,
// timestamp, nonce) and msg_signature adds the Encrypt value. This is the
// check of silenceper/wechat util.Signature and wechatpy's WeChatSigner.
func Signature(parts ...string) string {
	sorted := slices.Clone(parts)
	slices.Sort(sorted)
	sum := sha1.Sum([]byte(strings.Join(sorted, "")))
	return hex.EncodeToString(sum[:])
}

// Encrypt returns the base64 Encrypt value of msg for appid: AES-256-CBC
// with iv = key[:16] over random16 ‖ uint32 big-endian len(msg) ‖ msg ‖
// appid, padded with PKCS#7 to a multiple of 32 bytes (a whole block of 32
// when already aligned). The random prefix is a parameter so that a seeded
// simulator and the known-answer tests get the same bytes every run.
func Encrypt(key []byte, appid string, msg []byte, random16 []byte) (string, error) {
	if len(key) != 32 {
		return "", ErrKeyLength
	}
	if len(random16) != 16 {
		return "", ErrRandomLen
	}
	if uint64(len(msg)) > math.MaxUint32 {
		return "", fmt.Errorf("push: message of %d bytes does not fit the 4-byte length", len(msg))
	}
	n := prefixLen + len(msg) + len(appid)
	pad := blockSize - n%blockSize // 1..32, never 0
	plain := make([]byte, 0, n+pad)
	plain = append(plain, random16...)
	plain = binary.BigEndian.AppendUint32(plain, uint32(len(msg)))
	plain = append(plain, msg...)
	plain = append(plain, appid...)
	for range pad {
		plain = append(plain, byte(pad))
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return "", err
	}
	cipher.NewCBCEncrypter(block, key[:16]).CryptBlocks(plain, plain)
	return base64.StdEncoding.EncodeToString(plain), nil
}

// Decrypt reverses Encrypt and returns the message and the trailing appid,
// which the caller compares with its own as receivers do. It checks every
// length before slicing, so hostile input yields an error, never a panic.
func Decrypt(key []byte, b64 string) (msg []byte, appid string, err error) {
	if len(key) != 32 {
		return nil, "", ErrKeyLength
	}
	data, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		return nil, "", fmt.Errorf("push: Encrypt is not base64: %w", err)
	}
	if len(data) == 0 || len(data)%blockSize != 0 {
		return nil, "", ErrCiphertext
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, "", err
	}
	cipher.NewCBCDecrypter(block, key[:16]).CryptBlocks(data, data)

	// Receivers only check that the pad byte is 1..32 (wechatpy
	// PKCS7Encoder.decode); all pad bytes are checked here as well, since
	// this side produced them and a mismatch means a bug.
	pad := int(data[len(data)-1])
	if pad < 1 || pad > blockSize {
		return nil, "", ErrPadding
	}
	for _, c := range data[len(data)-pad:] {
		if int(c) != pad {
			return nil, "", ErrPadding
		}
	}
	plain := data[:len(data)-pad]
	if len(plain) < prefixLen {
		return nil, "", ErrPlaintext
	}
	// Compare in uint64 so a huge length field cannot overflow an int.
	msgLen := uint64(binary.BigEndian.Uint32(plain[16:prefixLen]))
	if msgLen > uint64(len(plain)-prefixLen) {
		return nil, "", ErrPlaintext
	}
	end := prefixLen + int(msgLen)
	return plain[prefixLen:end:end], string(plain[end:]), nil
}
