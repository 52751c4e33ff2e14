package sim

import (
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
// merchant.
func (s *Sim) fillViewTxn(txn *memdb.Txn, st *Store, merchant string, v *StoreView) error {
	l, err := s.locateTxn(txn, st)
	*v = StoreView{Store: *st, Place: l.Place, District: l.District, MerchantName: merchant}
	return err
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
	if !cardIDPattern().MatchString(cardID) {
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
