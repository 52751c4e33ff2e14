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
		// strings.IndexByte, not strings.Cut: this runs on every call,
		// and Cut's general separator costs a call more per pair.
		pair := raw
		if i := strings.IndexByte(raw, '&'); i >= 0 {
			pair, raw = raw[:i], raw[i+1:]
		} else {
			raw = ""
		}
		if pair == "" || strings.IndexByte(pair, ';') >= 0 {
			continue
		}
		k, v := pair, ""
		if i := strings.IndexByte(pair, '='); i >= 0 {
			k, v = pair[:i], pair[i+1:]
		}
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
