package sim

import (
	"cmp"
	"slices"
	"strings"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	memdb "github.com/hashicorp/go-memdb"
)

// TestStoreOrder: the app index yields an app's stores by created_at, then
// poi_id as strings.Compare orders them ("1" < "10" < "9"), negative and
// huge times included, and a page of them is that order's slice.
func TestStoreOrder(t *testing.T) {
	db, err := memdb.NewMemDB(&memdb.DBSchema{Tables: map[string]*memdb.TableSchema{tableStores: storesTableSchema()}})
	if err != nil {
		t.Fatal(err)
	}
	var mine []*Store
	add := func(appid, poi string, at int64) {
		st := &Store{AppID: appid, PoiID: poi, CreatedAt: at}
		if appid == "wxA" {
			mine = append(mine, st)
		}
		txn := db.Txn(true)
		if err := txn.Insert(tableStores, st); err != nil {
			t.Fatal(err)
		}
		txn.Commit()
	}
	for i, poi := range []string{"9", "10", "1", "100", "2", "11"} {
		add("wxA", poi, 1700000000+int64(i%2)) // two stores share each second
	}
	add("wxA", "3", -5)
	add("wxA", "4", 1<<62)
	add("wxA", "5", 255)
	add("wxA", "6", 256)
	add("wxAB", "7", 0) // an appid that wxA is a prefix of
	add("wx", "8", 0)
	slices.SortFunc(mine, func(a, b *Store) int {
		return cmp.Or(cmp.Compare(a.CreatedAt, b.CreatedAt), strings.Compare(a.PoiID, b.PoiID))
	})

	tests := []struct{ offset, limit int }{{0, 50}, {0, 3}, {3, 3}, {8, 20}, {9, 1}, {10, 5}}
	for _, tt := range tests {
		page, total, err := appStorePageTxn(db.Txn(false), "wxA", tt.offset, tt.limit)
		if err != nil {
			t.Fatal(err)
		}
		want := mine[min(tt.offset, len(mine)):min(tt.offset+tt.limit, len(mine))]
		if total != len(mine) {
			t.Errorf("offset %d, limit %d: total %d, want %d", tt.offset, tt.limit, total, len(mine))
		}
		if diff := gocmp.Diff(want, page, cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("offset %d, limit %d: page (-want +got):\n%s", tt.offset, tt.limit, diff)
		}
	}
}
