package sim

import (
	"encoding/json"
	"slices"
	"strconv"

	memdb "github.com/hashicorp/go-memdb"
)

// MaxStoresNearby is how many stores an app may place in one district
// before add_store answers 85042 (附近地点添加数量达到上线); WeChat states no
// number, and ten matches the ten places a mini program may show in
// "nearby".
const MaxStoresNearby = 10

var (
	hourPattern   = lazyRegexp(`^([01][0-9]|2[0-3]):[0-5][0-9]-(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$`)
	cardIDPattern = lazyRegexp(`^p[0-9A-Za-z_-]{9,40}$`)
)

// ParsePicList reads pic_list, a JSON string {"list": [urls]} (seed 001,
// §8: "pic_list 字段是一个 json"); 40097 when it is not, or lists no picture.
func ParsePicList(s string) ([]string, error) {
	var v struct {
		List []string `json:"list"`
	}
	if err := json.Unmarshal([]byte(s), &v); err != nil || len(v.List) == 0 {
		return nil, ErrInvalidArgs
	}
	for _, u := range v.List {
		if u == "" {
			return nil, ErrInvalidArgs
		}
	}
	return v.List, nil
}

// StoreInput is add_store's input.
type StoreInput struct {
	PoiID, MapPOIID, ContractPhone, Hour, Credential string
	CompanyName, QualificationList, CardID           string
	Pictures                                         []string
	Plan                                             Plan
}

func checkStoreFields(hour, cardID string) error {
	if !hourPattern().MatchString(hour) {
		return ErrInvalidArgs
	}
	if cardID != "" && !cardIDPattern().MatchString(cardID) {
		return ErrInvalidCardID
	}
	return nil
}

// AddStore answers add_store: 85053 before the merchant is approved; 40097
// for a bad hour; 40073 for a bad card_id; 85055 for an unknown map_poi_id;
// with poi_id, a migration of a legacy store (40097 unknown, 85040 already
// migrating or migrated, 85039 forbidden); without it, 85054 while legacy
// stores still wait to migrate; 85038 when the app has a store at that
// place; 85041 when a store of any app holds the credential; 85042 past ten
// stores in a district; 85056 for a bad qualification mediaid. The store is
// in audit (status 2) until its audit resolves.
func (s *Sim) AddStore(appid string, in StoreInput) (uint64, error) {
	if err := checkStoreFields(in.Hour, in.CardID); err != nil {
		return 0, err
	}
	var auditID uint64
	err := s.write(func(txn *memdb.Txn) error {
		now := s.Now().Unix()
		if err := merchantApprovedTxn(txn, appid); err != nil {
			return err
		}
		place, err := s.placeTxn(txn, in.MapPOIID)
		if err != nil {
			return err
		}
		if place == nil {
			return ErrMapPOIInvalid
		}
		legacy, err := s.migrationTxn(txn, appid, in.PoiID)
		if err != nil {
			return err
		}
		stores, err := all[Store](txn, tableStores, indexApp, appid)
		if err != nil {
			return err
		}
		nearby := 0
		for _, st := range stores {
			if st.Status == StoreFailed {
				continue
			}
			if st.MapPOIID == in.MapPOIID {
				return ErrStoreDuplicate
			}
			if p, _ := s.placeTxn(txn, st.MapPOIID); p != nil && p.DistrictID == place.DistrictID {
				nearby++
			}
		}
		if held, err := credentialHeldTxn(txn, in.Credential); err != nil || held {
			if err != nil {
				return err
			}
			return ErrCredentialAdded
		}
		if nearby >= MaxStoresNearby {
			return ErrNearbyLimit
		}
		if _, err := s.mediaListTxn(txn, appid, in.QualificationList, now); err != nil {
			return err
		}
		st := Store{AppID: appid, MapPOIID: in.MapPOIID, Pictures: in.Pictures, ContractPhone: in.ContractPhone,
			Hour: in.Hour, Credential: in.Credential, CompanyName: in.CompanyName,
			QualificationList: in.QualificationList, CardID: in.CardID, Status: StoreAuditing, CreatedAt: now}
		if legacy != nil {
			st.PoiID, st.IsUpgrade = legacy.PoiID, 1
			c := *legacy
			c.UpgradeStatus, c.UpgradeComment = UpgradeMigrating, ""
			if err := txn.Insert(tableLegacy, &c); err != nil {
				return err
			}
		} else {
			id, err := freePoiIDTxn(txn)
			if err != nil {
				return err
			}
			st.PoiID = id
		}
		a, err := s.newAuditTxn(txn, appid, AuditStore, st.PoiID, in.Plan)
		if err != nil {
			return err
		}
		st.AuditID, auditID = a.AuditID, a.AuditID
		return txn.Insert(tableStores, &st)
	})
	return auditID, err
}

func merchantApprovedTxn(txn *memdb.Txn, appid string) error {
	m, err := first[Merchant](txn, tableMerchants, indexID, appid)
	if err != nil {
		return err
	}
	if m == nil || m.Status != MerchantApproved {
		return ErrNoMerchant
	}
	return nil
}

// migrationTxn checks poi_id: the legacy store to migrate, or nil for a new
// store (85054 while the app still has legacy stores to migrate).
func (s *Sim) migrationTxn(txn *memdb.Txn, appid, poiID string) (*LegacyStore, error) {
	if poiID == "" {
		legacy, err := all[LegacyStore](txn, tableLegacy, indexApp, appid)
		for _, l := range legacy {
			if l.UpgradeStatus == UpgradePending || l.UpgradeStatus == UpgradeFailed {
				return nil, ErrNeedPoiID
			}
		}
		return nil, err
	}
	l, err := first[LegacyStore](txn, tableLegacy, indexID, poiID)
	switch {
	case err != nil:
		return nil, err
	case l == nil || l.AppID != appid:
		return nil, ErrInvalidArgs
	case l.UpgradeStatus == UpgradeMigrating || l.UpgradeStatus == UpgradeDone:
		return nil, ErrStoreBound
	case l.UpgradeStatus == UpgradeForbidden:
		return nil, ErrStoreStateNoInfo
	}
	// Only this app's own failed attempt may be replaced by a new one.
	st, err := first[Store](txn, tableStores, indexID, poiID)
	if err != nil {
		return nil, err
	}
	if st != nil && (st.AppID != appid || st.Status != StoreFailed) {
		return nil, ErrStoreBound
	}
	return l, nil
}

func credentialHeldTxn(txn *memdb.Txn, credential string) (bool, error) {
	all, err := all[Store](txn, tableStores, indexID)
	for _, st := range all {
		if st.Credential == credential && st.Status != StoreFailed {
			return true, err
		}
	}
	return false, err
}

// resolveStoreTxn applies a store audit: 1 approved or 3 failed; a migrated
// legacy store becomes 3 (成功) or 1 (失败, with the reason).
func (s *Sim) resolveStoreTxn(txn *memdb.Txn, a *Audit) ([]EventField, error) {
	st, err := first[Store](txn, tableStores, indexID, a.Subject)
	if err != nil {
		return nil, err
	}
	if st == nil || st.AuditID != a.AuditID { // deleted meanwhile: the result is still pushed
		st = &Store{PoiID: a.Subject}
	}
	c := *st
	c.Status, c.Reason = StoreApproved, a.Reason
	if a.Result != OutcomePass {
		c.Status = StoreFailed
	}
	if c.AppID != "" {
		if err := txn.Insert(tableStores, &c); err != nil {
			return nil, err
		}
	}
	if c.IsUpgrade == 1 {
		if l, err := first[LegacyStore](txn, tableLegacy, indexID, c.PoiID); err != nil {
			return nil, err
		} else if l != nil {
			lc := *l
			lc.UpgradeStatus, lc.UpgradeComment = UpgradeDone, ""
			if c.Status == StoreFailed {
				lc.UpgradeStatus, lc.UpgradeComment = UpgradeFailed, a.Reason
			}
			if err := txn.Insert(tableLegacy, &lc); err != nil {
				return nil, err
			}
		}
	}
	poi, _ := strconv.ParseInt(c.PoiID, 10, 64)
	return []EventField{num("audit_id", int64(a.AuditID)), num("status", int64(c.Status)), text("reason", a.Reason),
		num("is_upgrade", int64(c.IsUpgrade)), num("poiid", poi)}, nil
}

// StoreUpdate is update_store's input; an empty card_id keeps the old one.
type StoreUpdate struct {
	PoiID, Hour, ContractPhone, CardID string
	Pictures                           []string
	Plan                               Plan
}

// UpdateStore answers update_store: 85053 before the merchant is approved,
// 65115 for an unknown store, 65118 unless the store is approved with no
// picture audit running. New pictures go to a picture audit (has_audit_id
// 1); pictures that were all there before need none ("如果重新添加的图片中有
// 与之前旧图片相同的，此时这个图片不需要重新审核"). It returns the audit id, 0
// when there is none.
func (s *Sim) UpdateStore(appid string, u StoreUpdate) (uint64, error) {
	if err := checkStoreFields(u.Hour, u.CardID); err != nil {
		return 0, err
	}
	var auditID uint64
	err := s.write(func(txn *memdb.Txn) error {
		if err := merchantApprovedTxn(txn, appid); err != nil {
			return err
		}
		st, err := appStoreTxn(txn, appid, u.PoiID)
		if err != nil {
			return err
		}
		if st.Status != StoreApproved || st.PictureAuditID != 0 {
			return ErrStoreStateLocked
		}
		c := *st
		c.Hour, c.ContractPhone = u.Hour, u.ContractPhone
		if u.CardID != "" {
			c.CardID = u.CardID
		}
		if newPictures(st.Pictures, u.Pictures) {
			a, err := s.newAuditTxn(txn, appid, AuditPictures, st.PoiID, u.Plan)
			if err != nil {
				return err
			}
			c.PendingPictures, c.PictureAuditID, auditID = u.Pictures, a.AuditID, a.AuditID
		} else {
			c.Pictures = u.Pictures
		}
		return txn.Insert(tableStores, &c)
	})
	return auditID, err
}

func newPictures(old, next []string) bool {
	for _, p := range next {
		if !slices.Contains(old, p) {
			return true
		}
	}
	return false
}

// resolvePicturesTxn applies a picture audit: the new pictures replace the
// old ones, or are dropped.
func (s *Sim) resolvePicturesTxn(txn *memdb.Txn, a *Audit) ([]EventField, error) {
	st, err := first[Store](txn, tableStores, indexID, a.Subject)
	if err != nil {
		return nil, err
	}
	status := int64(StoreApproved)
	if a.Result != OutcomePass {
		status = StoreFailed
	}
	if st != nil && st.PictureAuditID == a.AuditID {
		c := *st
		if a.Result == OutcomePass {
			c.Pictures = c.PendingPictures
		}
		c.PendingPictures, c.PictureAuditID = nil, 0
		if err := txn.Insert(tableStores, &c); err != nil {
			return nil, err
		}
	}
	return []EventField{num("audit_id", int64(a.AuditID)), num("status", status), text("reason", a.Reason)}, nil
}

// appStoreTxn finds one of the app's stores (65115 otherwise).
func appStoreTxn(txn *memdb.Txn, appid, poiID string) (*Store, error) {
	st, err := first[Store](txn, tableStores, indexID, poiID)
	if err != nil {
		return nil, err
	}
	if st == nil || st.AppID != appid {
		return nil, ErrStoreNotExist
	}
	return st, nil
}

// freePoiIDTxn draws the next store id that no store and no legacy store
// holds: migrated stores keep their old ids, which the sequence may reach.
func freePoiIDTxn(txn *memdb.Txn) (string, error) {
	for {
		n, err := nextIDTxn(txn, seqPoi, firstPoiID)
		if err != nil {
			return "", err
		}
		id := strconv.FormatUint(n, 10)
		st, err := first[Store](txn, tableStores, indexID, id)
		if err != nil {
			return "", err
		}
		l, err := first[LegacyStore](txn, tableLegacy, indexID, id)
		if err != nil {
			return "", err
		}
		if st == nil && l == nil {
			return id, nil
		}
	}
}
