package sim

import (
	"bytes"
	stdcmp "cmp"
	"math"
	"strings"
	"testing"
)

// TestPromoterKey holds the promoter key to half bytes after the appid, so
// that no radix node of the promoters table has more than 16 edges to
// copy, in id order.
func TestPromoterKey(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		id   uint64
		want string
	}{
		{0, "wx\x00" + strings.Repeat("\x00", 16)},
		{0x1a2, "wx\x00" + strings.Repeat("\x00", 13) + "\x01\x0a\x02"},
		{math.MaxUint64, "wx\x00" + strings.Repeat("\x0f", 16)},
	} {
		got, err := promoterIDIndex{}.FromArgs("wx", tt.id)
		if err != nil || string(got) != tt.want {
			t.Errorf("FromArgs(wx, %#x) = %q, %v; want %q", tt.id, got, err, tt.want)
		}
		ok, got, err := promoterIDIndex{}.FromObject(&Promoter{AppID: "wx", ID: tt.id})
		if !ok || err != nil || string(got) != tt.want {
			t.Errorf("FromObject(wx, %#x) = %q, %v; want %q", tt.id, got, err, tt.want)
		}
	}
	if _, err := (promoterIDIndex{}).FromArgs("wx", 3); err == nil {
		t.Error("FromArgs(wx, int 3) took an id that is not a uint64")
	}
	if _, _, err := (promoterIDIndex{}).FromObject(&openIDIndex{}); err == nil {
		t.Error("FromObject took a row that is not a promoter")
	}
}

// FuzzPromoterKeyOrder: keys order as (appid, id) do, and an app's keys
// never interleave with another's.
func FuzzPromoterKeyOrder(f *testing.F) {
	f.Add("wx1", uint64(1), "wx1", uint64(2))
	f.Add("wx1", uint64(255), "wx1", uint64(256))
	f.Add("wx1", uint64(math.MaxUint64), "wx10", uint64(0))
	f.Fuzz(func(t *testing.T, appA string, a uint64, appB string, b uint64) {
		if strings.IndexByte(appA, 0) >= 0 || strings.IndexByte(appB, 0) >= 0 {
			return // an appid has no zero byte
		}
		want := stdcmp.Compare(appA, appB)
		if want == 0 {
			want = stdcmp.Compare(a, b)
		}
		if got := bytes.Compare(promoterKey(appA, a), promoterKey(appB, b)); got != want {
			t.Errorf("keys of (%q, %d) and (%q, %d) compare %d, want %d", appA, a, appB, b, got, want)
		}
	})
}
