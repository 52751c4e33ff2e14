package sim

import (
	"fmt"
	"sync/atomic"

	memdb "github.com/hashicorp/go-memdb"
)

// StoreRow is a store of a get_store_list page with its place. Store is
// the row as stored, shared with the state: a reader must not write to it,
// and a change to the store replaces the row, so the pointer identifies
// one version of the store.
type StoreRow struct {
	Store *Store
	// Where is the store's place, zero when it has none; shared too.
	Where *Located
}

// StorePage is a page of get_store_list: the rows, the app's merchant's
// nickname (every store's default qualification_name) and the number of
// stores of the app.
type StorePage struct {
	Rows         []StoreRow
	MerchantName string
	Total        int
	// Written is the page's answer as the adapter wrote it, kept with the
	// page: the page is shared and never changes (StoreList), so a page
	// polled is written once, and what is written goes with the page
	// when the cache drops it. Nil until written.
	Written atomic.Pointer[[]byte]
}

// View is row i as get_store_info shows a store: a copy, free to change.
func (p *StorePage) View(i int) StoreView {
	r := &p.Rows[i]
	return StoreView{Store: *r.Store, Place: r.Where.Place, District: r.Where.District, MerchantName: p.MerchantName}
}

// StoreList answers get_store_list: limit at most 50, 0 meaning 20 (seed
// 001, §11); an offset past the last store is 40097 ("假如某个门店小程序有10个
// 门店，那么offset最大是9"), except offset 0 of an empty list. The rows are
// not copied: a page of 10 stores costs less to read than to encode.
//
// The page is shared, read-only, with every caller that asks for it until
// the database changes: it comes from a cache of the current generation,
// and its pointer names that reading (the adapter keeps the page's answer
// in it: Written).
func (s *Sim) StoreList(appid string, offset, limit int) (*StorePage, error) {
	if limit == 0 {
		limit = 20
	}
	if limit < 0 || limit > 50 || offset < 0 {
		return nil, ErrInvalidArgs
	}
	key := pageKey{appid, offset, limit}
	g, stable := s.stableGen()
	if stable {
		if p, ok := s.pages.Get(g, key); ok {
			return p, nil
		}
	}
	out := &StorePage{}
	err := s.read(func(txn *memdb.Txn) error {
		page, total, err := appStorePageTxn(txn, appid, offset, limit)
		if err != nil {
			return err
		}
		out.Total = total
		if offset >= out.Total && !(offset == 0 && out.Total == 0) {
			return ErrInvalidArgs
		}
		out.MerchantName = merchantNameTxn(txn, appid)
		out.Rows = make([]StoreRow, len(page))
		for i, st := range page {
			out.Rows[i].Store = st
			if out.Rows[i].Where, err = s.locateTxn(txn, st); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if g2, _ := s.stableGen(); stable && g2 == g {
		s.pages.Put(g, key, out)
	}
	return out, nil
}

// pageKey names a get_store_list page.
type pageKey struct {
	appid         string
	offset, limit int
}

// appStorePageTxn is the stores of appid from offset, at most limit of
// them, in the order get_store_list shows them (by creation, then poi_id:
// the order of the app index, storeOrderIndex), and how many the app has.
// It counts the app's stores but keeps only the page's.
func appStorePageTxn(txn *memdb.Txn, appid string, offset, limit int) ([]*Store, int, error) {
	it, err := txn.Get(tableStores, indexApp, appid)
	if err != nil {
		return nil, 0, fmt.Errorf("%s.%s scan: %w", tableStores, indexApp, err)
	}
	var page []*Store
	total := 0
	for raw := it.Next(); raw != nil; raw = it.Next() {
		if total >= offset && total < offset+limit {
			page = append(page, raw.(*Store))
		}
		total++
	}
	return page, total, nil
}

// locateTxn is the place of st with its district: the catalog's, else one
// the app created.
func (s *Sim) locateTxn(txn *memdb.Txn, st *Store) (*Located, error) {
	if l := s.catalog.locate(st.MapPOIID); l != nil {
		return l, nil
	}
	p, err := s.placeTxn(txn, st.MapPOIID)
	if p == nil {
		return &Located{}, err // a store whose map_poi_id names no place
	}
	d, _ := s.catalog.Districts.Get(p.DistrictID)
	return &Located{Place: *p, District: d}, err
}
