package sim

import (
	"crypto/sha256"
	"encoding/base64"
	"regexp"
)

// openIDPattern is the shape of a real openid or unionid: 28 characters of
// [A-Za-z0-9_-] starting with "o" (REFERENCE.md, "The store family"; e.g.
// the seed's push sample FromUserName od1P50M-fNQI5Gcq-trm4a7apsU8). The
// promoter API takes "openid or unionid" in the same field, and both have
// this shape, so both are accepted by it.
var openIDPattern = regexp.MustCompile(`^o[A-Za-z0-9_-]{27}$`)

// ValidOpenID reports whether id has the shape of an openid or unionid.
func ValidOpenID(id string) bool { return openIDPattern.MatchString(id) }

// UnionIDOf derives the unionid that WeChat would pair with openid. It is a
// pure function of the openid, so a client sees the same unionid in every
// run, and it has a real unionid's shape.
func UnionIDOf(openid string) string {
	sum := sha256.Sum256([]byte("wxmock/unionid/" + openid))
	return "o" + base64.RawURLEncoding.EncodeToString(sum[:])[:27]
}
