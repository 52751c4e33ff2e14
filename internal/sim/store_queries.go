package sim

import (
	"sort"

	memdb "github.com/hashicorp/go-memdb"
)

// StoreView is a store with its place, as get_store_info shows it.
type StoreView struct {
	Store
	Place        Place
	District     DistrictRef
	MerchantName string
}

// StoreInfo answers get_store_info (65115 for an unknown store).
func (s *Sim) StoreInfo(appid, poiID string) (StoreView, error) {
	var out StoreView
	err := s.read(func(txn *memdb.Txn) error {
		st, err := appStoreTxn(txn, appid, poiID)
		if err != nil {
			return err
		}
		out, err = s.viewTxn(txn, st)
		return err
	})
	return out, err
}

func (s *Sim) viewTxn(txn *memdb.Txn, st *Store) (StoreView, error) {
	var v StoreView
	err := s.fillViewTxn(txn, st, merchantNameTxn(txn, st.AppID), &v)
	return v, err
}

// merchantNameTxn is the app's merchant's nickname, "" without one.
func merchantNameTxn(txn *memdb.Txn, appid string) string {
	if m, _ := first[Merchant](txn, tableMerchants, indexID, appid); m != nil {
		return m.Nickname
	}
	return ""
}

// fillViewTxn writes the view of st into v, whose merchant is named
// merchant: a list looks the merchant up once for all its stores.
func (s *Sim) fillViewTxn(txn *memdb.Txn, st *Store, merchant string, v *StoreView) error {
	*v = StoreView{Store: *st, MerchantName: merchant}
	if p, ok := s.catalog.Places[st.MapPOIID]; ok {
		v.Place, v.District = p, s.catalog.Districts[p.DistrictID]
		return nil
	}
	p, err := s.placeTxn(txn, st.MapPOIID)
	if p != nil {
		v.Place = *p
		v.District = s.catalog.Districts[p.DistrictID]
	}
	return err
}

// StoreList answers get_store_list: limit at most 50, 0 meaning 20 (seed
// 001, §11); an offset past the last store is 40097 ("假如某个门店小程序有10个
// 门店，那么offset最大是9"), except offset 0 of an empty list.
func (s *Sim) StoreList(appid string, offset, limit int) ([]StoreView, int, error) {
	if limit == 0 {
		limit = 20
	}
	if limit < 0 || limit > 50 || offset < 0 {
		return nil, 0, ErrInvalidArgs
	}
	var (
		out   []StoreView
		total int
	)
	err := s.read(func(txn *memdb.Txn) error {
		stores, err := all[Store](txn, tableStores, indexApp, appid)
		if err != nil {
			return err
		}
		sort.Slice(stores, func(i, j int) bool {
			return stores[i].CreatedAt < stores[j].CreatedAt || (stores[i].CreatedAt == stores[j].CreatedAt && stores[i].PoiID < stores[j].PoiID)
		})
		total = len(stores)
		if offset >= total && !(offset == 0 && total == 0) {
			return ErrInvalidArgs
		}
		page := stores[offset:min(total, offset+limit)]
		merchant := merchantNameTxn(txn, appid)
		out = make([]StoreView, len(page))
		for i, st := range page {
			if err := s.fillViewTxn(txn, st, merchant, &out[i]); err != nil {
				return err
			}
		}
		return nil
	})
	return out, total, err
}

// DelStore answers del_store: 85053 before the merchant is approved, -1
// (删除失败) for a store the app does not have.
func (s *Sim) DelStore(appid, poiID string) error {
	return s.write(func(txn *memdb.Txn) error {
		if err := merchantApprovedTxn(txn, appid); err != nil {
			return err
		}
		st, err := appStoreTxn(txn, appid, poiID)
		if err == ErrStoreNotExist {
			return ErrSystem
		}
		if err != nil {
			return err
		}
		if st.IsUpgrade == 1 && st.Status == StoreAuditing {
			// A migration abandoned in audit: the legacy store waits again,
			// or it would stay "迁移中" for ever.
			if l, err := first[LegacyStore](txn, tableLegacy, indexID, st.PoiID); err != nil {
				return err
			} else if l != nil {
				c := *l
				c.UpgradeStatus, c.UpgradeComment = UpgradePending, ""
				if err := txn.Insert(tableLegacy, &c); err != nil {
					return err
				}
			}
		}
		return txn.Delete(tableStores, st)
	})
}

// StoreCard answers card/storewxa/get: the card_id, "" when none is set.
func (s *Sim) StoreCard(appid, poiID string) (string, error) {
	var card string
	err := s.read(func(txn *memdb.Txn) error {
		st, err := appStoreTxn(txn, appid, poiID)
		if st != nil {
			card = st.CardID
		}
		return err
	})
	return card, err
}

// SetStoreCard answers card/storewxa/set: 65115 for a store the app does
// not have, 40073 for a card_id of the wrong shape.
func (s *Sim) SetStoreCard(appid, poiID, cardID string) error {
	if !cardIDPattern.MatchString(cardID) {
		return ErrInvalidCardID
	}
	return s.write(func(txn *memdb.Txn) error {
		st, err := appStoreTxn(txn, appid, poiID)
		if err != nil {
			return err
		}
		c := *st
		c.CardID = cardID
		return txn.Insert(tableStores, &c)
	})
}
