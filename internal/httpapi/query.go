package httpapi

import (
	"net/url"
	"strings"
)

// queryValue returns the first value of key in a raw query string, as
// url.ParseQuery followed by Get would, without building the whole map:
// each call reads its token this way. Like ParseQuery, it skips a pair
// with a semicolon or with an escape it cannot read.
func queryValue(raw, key string) string {
	for raw != "" {
		var pair string
		pair, raw, _ = strings.Cut(raw, "&")
		if pair == "" || strings.IndexByte(pair, ';') >= 0 {
			continue
		}
		k, v, _ := strings.Cut(pair, "=")
		if k, ok := unescapeQuery(k); !ok || k != key {
			continue
		}
		if v, ok := unescapeQuery(v); ok {
			return v
		}
	}
	return ""
}

// unescapeQuery is url.QueryUnescape, with no allocation for the common
// text that has nothing to unescape.
func unescapeQuery(s string) (string, bool) {
	if strings.IndexByte(s, '%') < 0 && strings.IndexByte(s, '+') < 0 {
		return s, true
	}
	u, err := url.QueryUnescape(s)
	return u, err == nil
}
