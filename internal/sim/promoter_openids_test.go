package sim

import (
	"bytes"
	stdcmp "cmp"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// TestPromoterFoundByOpenID holds the openid buckets to the lookups the
// openid index served: by openid and by unionid, after addpromoter and
// after a state import, with more promoters than buckets so that buckets
// hold several, declared out of openid order.
func TestPromoterFoundByOpenID(t *testing.T) {
	t.Parallel()
	const n = 3 * openIDBuckets
	added := capSim(t)
	// The k-th declared (id k+2) has the openid numbered k·7919 mod n, a
	// permutation since 7919 is prime to n.
	openid := func(k int) string { return fmt.Sprintf("o%027d", 1000+k*7919%n) }
	for i := 0; i < n; i += MaxPromotersPerBatch {
		items := make([]PromoterInput, 0, MaxPromotersPerBatch)
		for j := i; j < min(i+MaxPromotersPerBatch, n); j++ {
			items = append(items, PromoterInput{OpenID: openid(j), RoleID: 1})
		}
		if res, err := added.AddPromoters(capApp, items); err != nil || len(res.Failed) != 0 {
			t.Fatalf("AddPromoters: %+v, %v", res, err)
		}
	}
	imported, err := New(NewVirtualClock(time.Now, clkStart, true), NewRandom(1), capExport(t, added))
	if err != nil {
		t.Fatalf("New from the export: %v", err)
	}
	for _, sim := range []struct {
		name string
		s    *Sim
	}{{"added", added}, {"imported", imported}} {
		t.Run(sim.name, func(t *testing.T) {
			t.Parallel()
			s := sim.s
			for _, i := range []int{0, 1, openIDBuckets, n/2 + 7, n - 1} {
				id, union := openid(i), UnionIDOf(openid(i))
				for _, key := range []string{id, union} {
					p, err := s.Authorize(capApp, key, AuthAccepted)
					if err != nil || p.OpenID != id || p.ID != uint64(i+2) {
						t.Errorf("Authorize(%s): %s id %d, %v; want %s id %d", key, p.OpenID, p.ID, err, id, i+2)
					}
					res, err := s.AddPromoters(capApp, []PromoterInput{{OpenID: key, RoleID: 1}})
					if err != nil || len(res.Failed) != 1 || res.Failed[0].Err != ErrDataExists {
						t.Errorf("AddPromoters(%s) again: %+v, %v; want 103003", key, res, err)
					}
				}
			}
			if _, err := s.Authorize(capApp, fmt.Sprintf("o%027d", 1000+n), AuthAccepted); !errors.Is(err, ErrDataNotExist) {
				t.Errorf("Authorize of an openid not held: %v, want ErrDataNotExist", err)
			}
			if _, err := s.Authorize("wx00000000000000ff", openid(0), AuthAccepted); !errors.Is(err, ErrDataNotExist) {
				t.Errorf("Authorize in another app: %v, want ErrDataNotExist", err)
			}
		})
	}
}

// TestPromotersTableIndexes keeps the promoters table to its one index:
// each go-memdb index costs about 400 bytes a row, 40 MB at 100,000
// promoters (bench: Hold100000); openids are found through their buckets.
func TestPromotersTableIndexes(t *testing.T) {
	t.Parallel()
	var got []string
	for name := range dbSchema().Tables[tablePromoters].Indexes {
		got = append(got, name)
	}
	slices.Sort(got)
	if d := cmp.Diff([]string{indexID}, got); d != "" {
		t.Errorf("promoters table indexes mismatch (-want +got):\n%s", d)
	}
}

// TestBucketKey holds the bucket key to bytes below 16 after the appid, so
// that no radix node of the bucket table has more than 16 edges to copy.
func TestBucketKey(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		bucket uint16
		want   string
	}{{0, "wx\x00\x00\x00\x00"}, {0x12a, "wx\x00\x01\x02\x0a"}, {openIDBuckets - 1, "wx\x00\x03\x0f\x0f"}} {
		got, err := bucketIndex{}.FromArgs("wx", tt.bucket)
		if err != nil || string(got) != tt.want {
			t.Errorf("FromArgs(wx, %#x) = %q, %v; want %q", tt.bucket, got, err, tt.want)
		}
		ok, got, err := bucketIndex{}.FromObject(&openIDBucket{AppID: "wx", Bucket: tt.bucket})
		if !ok || err != nil || string(got) != tt.want {
			t.Errorf("FromObject(wx, %#x) = %q, %v; want %q", tt.bucket, got, err, tt.want)
		}
	}
	if _, err := (bucketIndex{}).FromArgs("wx", 3); err == nil {
		t.Error("FromArgs(wx, int 3) took a bucket that is not a uint16")
	}
}

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
	if _, _, err := (promoterIDIndex{}).FromObject(&openIDBucket{}); err == nil {
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
