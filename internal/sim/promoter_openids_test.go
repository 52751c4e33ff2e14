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
	const n = 3 * maxOpenIDBuckets * openIDsPerBucket / 8
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
			for _, i := range []int{0, 1, maxOpenIDBuckets, n/2 + 7, n - 1} {
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

// TestOpenIDIndexGrowsAndIsNeverChanged adds promoters in batches and
// after each checks the app's openid index: a power of two of buckets, at
// most openIDsPerBucket openids a bucket on average below the largest
// size, each openid in its bucket and each bucket in order, every openid
// found; and the index read before the batch is as it was.
func TestOpenIDIndexGrowsAndIsNeverChanged(t *testing.T) {
	t.Parallel()
	s := capSim(t)
	base := len(capOpenIDIndexOrNil(t, s).entries())
	var ids []string
	for batch := range 300 {
		before := capOpenIDIndexOrNil(t, s)
		kept := before.entries()
		items := make([]PromoterInput, MaxPromotersPerBatch)
		for i := range items {
			id := fmt.Sprintf("o%027d", 7000+batch*MaxPromotersPerBatch+i)
			items[i] = PromoterInput{OpenID: id, RoleID: 1}
			ids = append(ids, id)
		}
		if res, err := s.AddPromoters(capApp, items); err != nil || len(res.Failed) != 0 {
			t.Fatalf("AddPromoters: %+v, %v", res, err)
		}
		if d := cmp.Diff(kept, before.entries()); d != "" {
			t.Fatalf("batch %d changed the index read before it (-before +after):\n%s", batch, d)
		}
		ix := capOpenIDIndex(t, s)
		n := ix.Size
		if n&(n-1) != 0 || n > maxOpenIDBuckets || (n < maxOpenIDBuckets && ix.N > openIDsPerBucket*n) {
			t.Fatalf("batch %d: %d openids in %d buckets", batch, ix.N, n)
		}
		if len(ix.Chunks) != (n+bucketsPerChunk-1)/bucketsPerChunk {
			t.Fatalf("batch %d: %d buckets in %d chunks", batch, n, len(ix.Chunks))
		}
		if got := len(ix.entries()); got != ix.N || got != base+len(ids) {
			t.Fatalf("batch %d: %d entries, N %d, want %d", batch, got, ix.N, base+len(ids))
		}
		for i := range n {
			b := ix.bucket(i)
			for k, e := range b {
				if ix.bucketOf(e.OpenID) != i || (k > 0 && b[k-1].OpenID >= e.OpenID) {
					t.Fatalf("batch %d: bucket %d holds %v out of place", batch, i, e)
				}
			}
		}
	}
	ix := capOpenIDIndex(t, s)
	if ix.Size < 2*bucketsPerChunk {
		t.Errorf("%d openids in %d buckets: the index never doubled past a chunk", ix.N, ix.Size)
	}
	for i, id := range ids {
		if ix.lookup(id) == 0 {
			t.Errorf("openid %d (%s) not found", i, id)
		}
	}
}

// capOpenIDIndexOrNil is capApp's openid index, nil when it has none.
func capOpenIDIndexOrNil(t *testing.T, s *Sim) *openIDIndex {
	t.Helper()
	ix, err := openIDIndexTxn(s.db.Txn(false), capApp)
	if err != nil {
		t.Fatal(err)
	}
	return ix
}

// entries copies every entry of ix, bucket by bucket.
func (ix *openIDIndex) entries() []openIDEntry {
	if ix == nil {
		return nil
	}
	var out []openIDEntry
	for i := range ix.Size {
		out = append(out, ix.bucket(i)...)
	}
	return out
}
