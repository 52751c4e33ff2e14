package sim

import (
	"crypto/sha256"
	"encoding/base64"
)

// ValidOpenID reports whether id has the shape of a real openid or
// unionid: 28 characters of [A-Za-z0-9_-] starting with "o" (REFERENCE.md,
// "The store family"; e.g. the seed's push sample FromUserName
// od1P50M-fNQI5Gcq-trm4a7apsU8). The promoter API takes "openid or
// unionid" in the same field, and both have this shape, so both are
// accepted by it. It reads byte by byte, not with the regular expression
// ^o[A-Za-z0-9_-]{27}$ (identity_test.go holds the two together): every
// promoter call checks one or more, and the expression cost more than the
// rest of the check.
func ValidOpenID(id string) bool {
	if len(id) != idLen || id[0] != 'o' {
		return false
	}
	for i := 1; i < len(id); i++ {
		if idIndex[id[i]] < 0 {
			return false
		}
	}
	return true
}

// idLen is the length of an openid or unionid.
const idLen = 28

// idAlphabet is the alphabet of the 27 characters after the leading "o".
const idAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-"

var idIndex = func() [256]int8 {
	var t [256]int8
	for i := range t {
		t[i] = -1
	}
	for i := 0; i < len(idAlphabet); i++ {
		t[idAlphabet[i]] = int8(i)
	}
	return t
}()

// UnionIDOf derives the unionid that wxmock pairs with openid: the same in
// every run, with a real unionid's shape, and different from the openid.
// It is a bijection on well-formed ids (OpenIDOf inverts it), so the store
// finds a promoter by unionid through its openid index and keeps no second
// index: a forward and a backward chained substitution over the 27
// characters, so that every character of the one depends on all of the
// other. An id of another shape is returned unchanged.
func UnionIDOf(openid string) string {
	d, ok := digits(openid)
	if !ok {
		return openid
	}
	prev := 41
	for i := range d {
		d[i] = (((d[i]+17*prev+31*i)&63)*37 + 11) & 63
		prev = d[i]
	}
	next := 19
	for i := len(d) - 1; i >= 0; i-- {
		d[i] = (((d[i]+23*next+7*i)&63)*45 + 5) & 63
		next = d[i]
	}
	return fromDigits(d)
}

// OpenIDOf inverts UnionIDOf: the openid whose unionid is unionid.
func OpenIDOf(unionid string) string {
	d, ok := digits(unionid)
	if !ok {
		return unionid
	}
	// 37·45 ≡ 1 and 45·37 ≡ 1 (mod 64): each multiplier is the other's inverse.
	next := 19
	for i := len(d) - 1; i >= 0; i-- {
		v := d[i]
		d[i] = ((((d[i]-5)*37)&63-23*next-7*i)%64 + 64) & 63
		next = v
	}
	prev := 41
	for i := range d {
		v := d[i]
		d[i] = ((((d[i]-11)*45)&63-17*prev-31*i)%64 + 64) & 63
		prev = v
	}
	return fromDigits(d)
}

// digits are the 27 characters of an id after its "o", as indexes in
// idAlphabet; an array, so that deriving an id allocates only the result.
func digits(id string) (d [idLen - 1]int, ok bool) {
	if !ValidOpenID(id) {
		return d, false
	}
	for i := range d {
		d[i] = int(idIndex[id[i+1]])
	}
	return d, true
}

func fromDigits(d [idLen - 1]int) string {
	var b [idLen]byte
	b[0] = 'o'
	for i, v := range d {
		b[i+1] = idAlphabet[v]
	}
	return string(b[:])
}

// AdminOpenID is the openid of an app's administrator: the FromUserName of
// its event pushes (the seed's samples show an openid there). It is derived
// from the appid, so it is the same in every run.
func AdminOpenID(appid string) string {
	sum := sha256.Sum256([]byte("wxmock/admin/" + appid))
	return "o" + base64.RawURLEncoding.EncodeToString(sum[:])[:27]
}
