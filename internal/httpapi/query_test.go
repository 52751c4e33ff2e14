package httpapi

import (
	"net/url"
	"testing"
)

// TestQueryValueIsParseQuerys: queryValue reads what url.ParseQuery and Get
// would, escapes and semicolons included.
func TestQueryValueIsParseQuerys(t *testing.T) {
	t.Parallel()
	for _, raw := range []string{
		"", "access_token=abc", "a=1&access_token=abc&access_token=def", "access_token", "access_token=",
		"access%5Ftoken=x%2By", "access_token=a+b", "access_token=%zz&access_token=ok", "x;y=1&access_token=t",
		"access_token=t;u&access_token=v", "&&access_token=w&", "access_token=%E4%BD%A0", "acc+ess_token=1",
		"%zz=1&access_token=k", "access_token=1=2",
	} {
		q, _ := url.ParseQuery(raw)
		if got, want := queryValue(raw, "access_token"), q.Get("access_token"); got != want {
			t.Errorf("queryValue(%q) = %q, want %q as url.ParseQuery reads it", raw, got, want)
		}
	}
}

// TestQueryValueAllocatesNothingForAPlainToken: a token with nothing to
// unescape is a slice of the query.
func TestQueryValueAllocatesNothingForAPlainToken(t *testing.T) {
	raw := "access_token=ACCESS_TOKEN_0123456789&x=1"
	if n := testing.AllocsPerRun(100, func() { _ = queryValue(raw, "access_token") }); n != 0 {
		t.Errorf("queryValue allocated %v times, want 0", n)
	}
}

// FuzzQueryValueIsParseQuerys: for any raw query, queryValue reads the
// token url.ParseQuery and Get would.
func FuzzQueryValueIsParseQuerys(f *testing.F) {
	for _, raw := range []string{"access_token=abc&x=1", "a;b&access_token=%41", "access_token&access_token==", "=&&+=%2"} {
		f.Add(raw)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		q, _ := url.ParseQuery(raw)
		if got, want := queryValue(raw, "access_token"), q.Get("access_token"); got != want {
			t.Errorf("queryValue(%q) = %q, want %q as url.ParseQuery reads it", raw, got, want)
		}
	})
}
