package sim

import (
	"sort"

	memdb "github.com/hashicorp/go-memdb"
)

// LegacyStores answers cgi-bin/poi/getpoilist: the app's stores of the old
// store manager with their upgrade_status, from begin, at most limit (1 to
// 50) of them, and the total.
func (s *Sim) LegacyStores(appid string, begin, limit int) ([]LegacyStore, int, error) {
	if begin < 0 || limit < 1 || limit > 50 {
		return nil, 0, ErrInvalidArgs
	}
	var (
		out   []LegacyStore
		total int
	)
	err := s.read(func(txn *memdb.Txn) error {
		ls, err := all[LegacyStore](txn, tableLegacy, indexApp, appid)
		sort.Slice(ls, func(i, j int) bool { return ls[i].PoiID < ls[j].PoiID })
		total = len(ls)
		for _, l := range ls[min(begin, total):min(total, begin+limit)] {
			out = append(out, *l)
		}
		return err
	})
	return out, total, err
}

// DelLegacyStore answers cgi-bin/poi/delpoi: only a store that may not
// migrate (upgrade_status 4) is deleted (seed 001, §13: "upgrade_status为禁止
// 迁移的门店，只能调用cgi-bin/poi/delpoi"); 65115 for an unknown one, 65118 for
// the others.
func (s *Sim) DelLegacyStore(appid, poiID string) error {
	return s.write(func(txn *memdb.Txn) error {
		l, err := first[LegacyStore](txn, tableLegacy, indexID, poiID)
		if err != nil {
			return err
		}
		if l == nil || l.AppID != appid {
			return ErrStoreNotExist
		}
		if l.UpgradeStatus != UpgradeForbidden {
			return ErrStoreStateLocked
		}
		return txn.Delete(tableLegacy, l)
	})
}

// PutLegacyStore adds or replaces a legacy store, as the admin API does to
// set up a migration.
func (s *Sim) PutLegacyStore(l LegacyStore) error {
	if l.PoiID == "" || l.UpgradeStatus < UpgradePending || l.UpgradeStatus > UpgradeForbidden {
		return ErrInvalidArgs
	}
	return s.write(func(txn *memdb.Txn) error {
		app, err := first[App](txn, tableApps, indexID, l.AppID)
		if err != nil {
			return err
		}
		if app == nil {
			return ErrInvalidAppID
		}
		old, err := first[LegacyStore](txn, tableLegacy, indexID, l.PoiID)
		if err != nil {
			return err
		}
		if old != nil && old.AppID != l.AppID {
			return ErrDataExists
		}
		// A poi_id names one store: a store of the new kind may hold it only
		// as the migration of this very legacy store.
		st, err := first[Store](txn, tableStores, indexID, l.PoiID)
		if err != nil {
			return err
		}
		if st != nil && (st.AppID != l.AppID || st.IsUpgrade != 1) {
			return ErrDataExists
		}
		return txn.Insert(tableLegacy, &l)
	})
}
