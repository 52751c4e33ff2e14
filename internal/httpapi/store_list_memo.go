package httpapi

import (
	"math"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/wxmock/wxmock/internal/sim"
)

// maxStoreMemos bounds the memo of written stores: past it the memo starts
// again empty. An entry holds a row (about 1 KB with its text) and its
// JSON (about 500 bytes), so the bound is a few megabytes at worst.
const maxStoreMemos = 4096

// storeMemos are get_store_list's entries as written, one per store (by
// appid and poi_id), with the stored row they were written from. A row is
// never changed in place (a change inserts a copy), so its pointer names
// one version of a store; the place and the merchant's nickname, read
// beside the row, are kept with the entry and compared. A store changed
// gets its entry rewritten in place, so the memo holds no stale version
// beyond one entry per store. Writing a page is then a copy of its entries:
// encoding them again cost more than the rest of the call.
type storeMemos struct {
	m sync.Map // storeKey → *storeMemo
	n atomic.Int64
}

// clear forgets every entry: a reset or a new state leaves the rows they
// were written from unreachable but for the memo, which would hold them
// until it filled (a memory test saw the live heap grow by a reset cycle).
func (ms *storeMemos) clear() {
	ms.m.Clear()
	ms.n.Store(0)
}

// storeKey names a store: its app and poi_id.
type storeKey struct{ appid, poiID string }

// storeMemo is one store's business_list entry, {"base_info":{...}}, with
// what it was written from besides the row.
type storeMemo struct {
	row      *sim.Store
	where    *sim.Located
	merchant string
	json     []byte
}

// entry is row's entry of a page whose merchant is named merchant,
// written and kept when the memo has none for it.
func (ms *storeMemos) entry(row *sim.StoreRow, merchant string) []byte {
	key := storeKey{row.Store.AppID, row.Store.PoiID}
	v, had := ms.m.Load(key)
	if had {
		if m := v.(*storeMemo); m.row == row.Store && (m.where == row.Where || *m.where == *row.Where) && m.merchant == merchant {
			return m.json
		}
	}
	view := sim.StoreView{Store: *row.Store, Place: row.Where.Place, District: row.Where.District, MerchantName: merchant}
	bi := toBaseInfo(&view, &[]string{})
	b := append([]byte(`{"base_info":`), bi.appendJSON(nil)...)
	b = append(b, '}')
	if !had && ms.n.Add(1) > maxStoreMemos {
		ms.m.Clear()
		ms.n.Store(1)
	}
	ms.m.Store(key, &storeMemo{row: row.Store, where: row.Where, merchant: merchant, json: slices.Clip(b)})
	return b
}

// pageAnswer is page's answer written from the memo: the one written
// into the page the first time, as the shared bytes of every later call
// (never written to again; a pointer, boxed without an allocation). ok
// is false for a page with a coordinate that is not finite, which is
// never written (encoding/json refuses it: see storeList).
func pageAnswer(page *sim.StorePage, memos *storeMemos) (answer *rawJSON, ok bool) {
	if b := page.Written.Load(); b != nil {
		return (*rawJSON)(b), true
	}
	if !finitePage(page) {
		return nil, false
	}
	b := (&storeListRows{page: page, memos: memos}).appendJSON(nil)
	if !page.Written.CompareAndSwap(nil, &b) {
		return (*rawJSON)(page.Written.Load()), true // another call wrote it first
	}
	return (*rawJSON)(&b), true
}

// storeListRows is get_store_list's answer written from the memo of
// entries; storeList answers with it only when every coordinate is
// finite, as storeListPage.
type storeListRows struct {
	page  *sim.StorePage
	memos *storeMemos
}

func (*storeListRows) keysFixed() {}

func (l *storeListRows) appendJSON(dst []byte) []byte {
	var spare [50][]byte // a page has at most 50 stores
	entries := spare[:0]
	size := 64
	for i := range l.page.Rows {
		e := l.memos.entry(&l.page.Rows[i], l.page.MerchantName)
		entries = append(entries, e)
		size += len(e) + 1
	}
	dst = slices.Grow(dst, size)
	dst = append(dst, `{"errcode":0,"errmsg":"ok","business_list":[`...)
	for i, e := range entries {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, e...)
	}
	dst = append(dst, `],"total_count":`...)
	dst = strconv.AppendInt(dst, int64(l.page.Total), 10)
	return append(dst, '}')
}

// finitePage reports whether every coordinate of p can be written.
func finitePage(p *sim.StorePage) bool {
	for i := range p.Rows {
		for _, f := range [2]float64{p.Rows[i].Where.Place.Longitude, p.Rows[i].Where.Place.Latitude} {
			if math.IsNaN(f) || math.IsInf(f, 0) {
				return false
			}
		}
	}
	return true
}
