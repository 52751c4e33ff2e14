package sim

import (
	"fmt"
	"regexp"
	"testing"
)

func TestUnionIDIsABijection(t *testing.T) {
	t.Parallel()
	ids := []string{"o6_bmjrPTlm6_2sgVt7hMZOPfL2M", "od1P50M-fNQI5Gcq-trm4a7apsU8", "oAAAAAAAAAAAAAAAAAAAAAAAAAAA", "o---------------------------"}
	for i := 0; i < 2000; i++ {
		ids = append(ids, fmt.Sprintf("o%027d", i))
	}
	seen := map[string]string{}
	for _, id := range ids {
		u := UnionIDOf(id)
		if !ValidOpenID(u) {
			t.Fatalf("UnionIDOf(%s) = %q: not an id's shape", id, u)
		}
		if u == id {
			t.Errorf("UnionIDOf(%s) is the openid itself", id)
		}
		if back := OpenIDOf(u); back != id {
			t.Fatalf("OpenIDOf(UnionIDOf(%s)) = %s", id, back)
		}
		if other, dup := seen[u]; dup {
			t.Fatalf("%s and %s share unionid %s", id, other, u)
		}
		seen[u] = id
	}
	if got := UnionIDOf("not-an-openid"); got != "not-an-openid" {
		t.Errorf("UnionIDOf of a malformed id = %q, want it unchanged", got)
	}
}

// TestUnionIDMixes checks that one changed character of an openid changes
// most of its unionid, so unionids do not betray their openids.
func TestUnionIDMixes(t *testing.T) {
	t.Parallel()
	a, b := UnionIDOf("o000000000000000000000000000"), UnionIDOf("o000000000000000000000000001")
	same := 0
	for i := range a {
		if a[i] == b[i] {
			same++
		}
	}
	if same > 8 {
		t.Errorf("unionids %s and %s share %d of 28 characters", a, b, same)
	}
}

func FuzzUnionIDRoundTrip(f *testing.F) {
	f.Add("o6_bmjrPTlm6_2sgVt7hMZOPfL2M")
	f.Add("x")
	f.Fuzz(func(t *testing.T, id string) {
		u := UnionIDOf(id)
		if ValidOpenID(id) != ValidOpenID(u) {
			t.Fatalf("shape changed: %q → %q", id, u)
		}
		if back := OpenIDOf(u); back != id {
			t.Fatalf("OpenIDOf(UnionIDOf(%q)) = %q", id, back)
		}
	})
}

// TestValidOpenIDIsThePattern holds ValidOpenID to the regular expression
// it stands for, on ids of every length and with every byte in each place.
func TestValidOpenIDIsThePattern(t *testing.T) {
	t.Parallel()
	pattern := regexp.MustCompile(`^o[A-Za-z0-9_-]{27}$`)
	ids := []string{"", "o", "o6_bmjrPTlm6_2sgVt7hMZOPfL2M", "o6_bmjrPTlm6_2sgVt7hMZOPfL2", "o6_bmjrPTlm6_2sgVt7hMZOPfL2MM",
		"x6_bmjrPTlm6_2sgVt7hMZOPfL2M", "O6_bmjrPTlm6_2sgVt7hMZOPfL2M", "o6_bmjrPTlm6_2sgVt7hMZOPfL2\n", "推广员推广员推广员推"}
	base := []byte("od1P50M-fNQI5Gcq-trm4a7apsU8")
	for _, at := range []int{0, 1, 14, 27} {
		for c := range 256 {
			b := append([]byte(nil), base...)
			b[at] = byte(c)
			ids = append(ids, string(b))
		}
	}
	for _, id := range ids {
		if got, want := ValidOpenID(id), pattern.MatchString(id); got != want {
			t.Errorf("ValidOpenID(%q) = %v, want %v", id, got, want)
		}
	}
}
