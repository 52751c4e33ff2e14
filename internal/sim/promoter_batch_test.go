package sim

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// TestAddPromotersShareABucket: items of one batch that hash to the same
// bucket must each be filed on top of the ones before them, not over
// them.
func TestAddPromotersShareABucket(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name    string
		already int // promoters of the bucket declared in an earlier batch
	}{{"an empty bucket", 0}, {"a bucket in use", 3}} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ids := sameBucketOpenIDs(tt.already + MaxPromotersPerBatch)
			s := capSim(t)
			// Out of openid order, so that entries go in at both ends and in the middle.
			batch := slices.Clone(ids[tt.already:])
			slices.Reverse(batch[:5])
			for _, group := range [][]string{ids[:tt.already], batch} {
				if len(group) == 0 {
					continue
				}
				items := make([]PromoterInput, len(group))
				for i, id := range group {
					items[i] = PromoterInput{OpenID: id, RoleID: 1}
				}
				if res, err := s.AddPromoters(capApp, items); err != nil || len(res.Failed) != 0 {
					t.Fatalf("AddPromoters: %+v, %v", res, err)
				}
			}
			for _, id := range ids {
				for _, key := range []string{id, UnionIDOf(id)} {
					if p, err := s.Authorize(capApp, key, AuthAccepted); err != nil || p.OpenID != id {
						t.Errorf("Authorize(%s): %s, %v; want %s", key, p.OpenID, err, id)
					}
				}
				res, err := s.AddPromoters(capApp, []PromoterInput{{OpenID: id, RoleID: 1}})
				if err != nil || len(res.Failed) != 1 || res.Failed[0].Err != ErrDataExists {
					t.Errorf("AddPromoters(%s) again: %+v, %v; want 103003", id, res, err)
				}
			}
			ix := capOpenIDIndex(t, s)
			entries := ix.bucket(ix.bucketOf(ids[0]))
			held := map[string]bool{}
			for _, e := range entries {
				held[e.OpenID] = true
			}
			for _, id := range ids {
				if !held[id] {
					t.Errorf("bucket entries %v lack %s", entries, id)
				}
			}
			if !slices.IsSortedFunc(entries, func(a, b openIDEntry) int { return strings.Compare(a.OpenID, b.OpenID) }) {
				t.Errorf("bucket entries %v, want them in openid order", entries)
			}
		})
	}
}

// sameBucketOpenIDs returns n valid openids of one bucket at every size
// of an index: the low bits of their hashes are the same.
func sameBucketOpenIDs(n int) []string {
	var out []string
	const mask = maxOpenIDBuckets - 1
	want := openIDHash(fmt.Sprintf("o%027d", 0)) & mask
	for k := 0; len(out) < n; k++ {
		if id := fmt.Sprintf("o%027d", k); openIDHash(id)&mask == want {
			out = append(out, id)
		}
	}
	return out
}

// capOpenIDIndex returns the openid index of capApp in s.
func capOpenIDIndex(t *testing.T, s *Sim) *openIDIndex {
	t.Helper()
	ix, err := openIDIndexTxn(s.db.Txn(false), capApp)
	if err != nil || ix == nil {
		t.Fatalf("openid index of %s: %v, %v", capApp, ix, err)
	}
	return ix
}
