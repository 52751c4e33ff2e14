package sim

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// TestAddPromotersShareABucket: addpromoter reads every item's bucket
// before it writes any, so items of one batch that hash to the same bucket
// must each be filed on top of the ones before them, not over them.
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
			var entries []openIDEntry
			for _, b := range capExportBuckets(t, s) {
				if b.Bucket == openIDBucketOf(ids[0]) {
					entries = b.Entries
				}
			}
			if len(entries) != len(ids) || !slices.IsSortedFunc(entries, func(a, b openIDEntry) int { return strings.Compare(a.OpenID, b.OpenID) }) {
				t.Errorf("bucket entries %v, want the %d openids in order", entries, len(ids))
			}
		})
	}
}

// sameBucketOpenIDs returns n valid openids of one bucket.
func sameBucketOpenIDs(n int) []string {
	var out []string
	want := openIDBucketOf(fmt.Sprintf("o%027d", 0))
	for k := 0; len(out) < n; k++ {
		if id := fmt.Sprintf("o%027d", k); openIDBucketOf(id) == want {
			out = append(out, id)
		}
	}
	return out
}

// capExportBuckets lists the openid buckets of s.
func capExportBuckets(t *testing.T, s *Sim) []*openIDBucket {
	t.Helper()
	txn := s.db.Txn(false)
	out, err := all[openIDBucket](txn, tableOpenIDs, indexID)
	if err != nil {
		t.Fatal(err)
	}
	return out
}
