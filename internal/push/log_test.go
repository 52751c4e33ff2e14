package push

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

func TestClip(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		in      string
		wantLen int
	}{
		{"short", "abc", 3},
		{"exactly the limit", strings.Repeat("a", maxLogged), maxLogged},
		{"ascii over", strings.Repeat("a", maxLogged+5), maxLogged},
		// "门" is 3 bytes; the limit falls inside the rune after 5461 of them.
		{"cut before a split rune", strings.Repeat("门", maxLogged/3+10), maxLogged / 3 * 3},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := clip([]byte(tc.in))
			if len(got) != tc.wantLen || !utf8.ValidString(got) || !strings.HasPrefix(tc.in, got) {
				t.Errorf("clip gave %d bytes (valid UTF-8 %v), want a %d-byte prefix",
					len(got), utf8.ValidString(got), tc.wantLen)
			}
		})
	}
}

func TestPushLogRing(t *testing.T) {
	t.Parallel()
	l := newPushLog(3)
	ids := func() []uint64 {
		var out []uint64
		for _, p := range l.list(Filter{}) {
			out = append(out, p.ID)
		}
		return out
	}
	var got [][]uint64
	for id := uint64(1); id <= 5; id++ {
		l.add(&Push{ID: id})
		got = append(got, ids())
	}
	want := [][]uint64{{1}, {1, 2}, {1, 2, 3}, {2, 3, 4}, {3, 4, 5}}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("ring mismatch (-want +got):\n%s", d)
	}
}

func TestNonceDigits(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   []byte
		want string
	}{
		{make([]byte, 10), "1000000000"},
		{[]byte{8, 9, 10, 255, 0, 1, 2, 3, 4, 5}, "9905012345"},
		{[]byte{9, 19}, "19"},
	}
	for _, tc := range tests {
		if got := nonceDigits(tc.in); got != tc.want {
			t.Errorf("nonceDigits(%v) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestMergeQuery(t *testing.T) {
	t.Parallel()
	params := [][2]string{{"signature", "s"}, {"nonce", "1 2"}}
	tests := []struct {
		raw, want string
	}{
		{"", "signature=s&nonce=1+2"},
		{"a=1&&b", "a=1&b&signature=s&nonce=1+2"},
		{"sig%6Eature=old&x=%2F", "x=%2F&signature=s&nonce=1+2"},
		{"nonce&nonce=2&keep=nonce", "keep=nonce&signature=s&nonce=1+2"},
	}
	for _, tc := range tests {
		if got := mergeQuery(tc.raw, params); got != tc.want {
			t.Errorf("mergeQuery(%q) = %q, want %q", tc.raw, got, tc.want)
		}
	}
}
