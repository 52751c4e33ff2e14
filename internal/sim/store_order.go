package sim

import (
	"fmt"

	memdb "github.com/hashicorp/go-memdb"
)

// storesTableSchema is the stores table: an app-scoped table by poi_id
// whose app index is in get_store_list's order (storeOrderIndex), so that
// a page is read without sorting all of the app's stores.
func storesTableSchema() *memdb.TableSchema {
	t := appScopedTableSchema(tableStores, "PoiID")
	t.Indexes[indexApp] = &memdb.IndexSchema{Name: indexApp, Indexer: storeOrderIndex{}}
	return t
}

// storeOrderIndex keys a store as its appid, a zero byte, its created_at
// in sixteen 4-bit bytes (sign bit flipped, so that the bytes sort as the
// numbers do), its poi_id and a zero byte: an app's stores come out of the
// index by creation, then poi_id (the zero byte puts "1" before "10", as
// strings.Compare does). Half bytes keep a radix node to 16 edges, as
// promoterIDIndex explains. Looked up by appid alone, it yields an app's
// stores in that order.
type storeOrderIndex struct{}

// FromObject returns the key of a store.
func (storeOrderIndex) FromObject(obj any) (bool, []byte, error) {
	st, ok := obj.(*Store)
	if !ok {
		return false, nil, fmt.Errorf("store order index: %T is not a store", obj)
	}
	key := make([]byte, 0, len(st.AppID)+1+16+len(st.PoiID)+1)
	key = append(key, st.AppID...)
	key = append(key, 0)
	at := uint64(st.CreatedAt) ^ 1<<63
	for shift := 60; shift >= 0; shift -= 4 {
		key = append(key, byte(at>>shift&15))
	}
	key = append(key, st.PoiID...)
	return true, append(key, 0), nil
}

// FromArgs returns the prefix of an app's stores: (appid string).
func (storeOrderIndex) FromArgs(args ...any) ([]byte, error) {
	if len(args) == 1 {
		if appid, ok := args[0].(string); ok {
			return append([]byte(appid), 0), nil
		}
	}
	return nil, fmt.Errorf("store order index: want (appid string), got %v", args)
}
