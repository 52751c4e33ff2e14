package sim

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	memdb "github.com/hashicorp/go-memdb"
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
		kept := deepCopyIndex(before)
		items := make([]PromoterInput, MaxPromotersPerBatch)
		for i := range items {
			id := fmt.Sprintf("o%027d", 7000+batch*MaxPromotersPerBatch+i)
			items[i] = PromoterInput{OpenID: id, RoleID: 1}
			ids = append(ids, id)
		}
		if res, err := s.AddPromoters(capApp, items); err != nil || len(res.Failed) != 0 {
			t.Fatalf("AddPromoters: %+v, %v", res, err)
		}
		if !reflect.DeepEqual(kept, before) { // cmp.Diff only to explain: it is slow
			t.Fatalf("batch %d changed the index read before it (-before +after):\n%s", batch, cmp.Diff(kept, before))
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

// deepCopyIndex copies ix down to its entries.
func deepCopyIndex(ix *openIDIndex) *openIDIndex {
	if ix == nil {
		return nil
	}
	out := *ix
	out.Chunks = make([][][]openIDEntry, len(ix.Chunks))
	for c, chunk := range ix.Chunks {
		out.Chunks[c] = make([][]openIDEntry, len(chunk))
		for i, b := range chunk {
			out.Chunks[c][i] = slices.Clone(b)
		}
	}
	return &out
}

// TestOpenIDFilerTwoApps files the promoters of two apps, interleaved, in
// one transaction, as a state import does: each found in its app and not
// in the other, within the transaction and after it, through indexes that
// doubled in it.
func TestOpenIDFilerTwoApps(t *testing.T) {
	t.Parallel()
	db, err := memdb.NewMemDB(dbSchema())
	if err != nil {
		t.Fatal(err)
	}
	apps := []string{"wx00000000000000a1", "wx00000000000000a2"}
	const n = 3 * openIDsPerBucket * bucketsPerChunk // past a chunk
	openid := func(app, i int) string { return fmt.Sprintf("o%026d%d", i, app) }
	txn := db.Txn(true)
	f := openIDFiler{txn: txn}
	for i := range n {
		for a, app := range apps {
			p := &Promoter{AppID: app, ID: uint64(i + 1), OpenID: openid(a, i)}
			if err := txn.Insert(tablePromoters, p); err != nil {
				t.Fatal(err)
			}
			if err := f.file(p); err != nil {
				t.Fatal(err)
			}
		}
	}
	check := func(when string, txn *memdb.Txn) {
		for a, app := range apps {
			ix, err := openIDIndexTxn(txn, app)
			if err != nil || ix == nil || ix.N != n || ix.Size <= bucketsPerChunk {
				t.Fatalf("%s: index of %s: %+v, %v", when, app, ix, err)
			}
			for i := range n {
				if got := ix.lookup(openid(a, i)); got != uint64(i+1) {
					t.Fatalf("%s: %s's openid %d found as id %d", when, app, i, got)
				}
				if got := ix.lookup(openid(1-a, i)); got != 0 {
					t.Fatalf("%s: the other app's openid %d found in %s as id %d", when, i, app, got)
				}
			}
		}
	}
	check("in the transaction", txn)
	txn.Commit()
	check("after it", db.Txn(false))
}
