package sim

import (
	"fmt"
	"strconv"
)

// References between the store family's imported rows: a merchant, a
// place and a store each name their audit, and each audit its subject;
// both ends must agree and belong to one app, as the API leaves them.
// Otherwise resolving an audit changes another app's row, or pushes
// another app's ids, or a row waits for an audit that never comes.

// audit returns the audit id names, if it has kind and belongs to appid.
func (x *storeIndex) audit(st *State, id uint64, kind, appid string) (*Audit, bool) {
	i, ok := x.audits[id]
	if !ok || st.Audits[i].Kind != kind || st.Audits[i].AppID != appid {
		return nil, false
	}
	return &st.Audits[i], true
}

func knownOutcome(o string) bool {
	return o == OutcomePass || o == OutcomeFail || o == OutcomeReject
}

// outcome is "pending" for a pending audit, or its result.
func outcome(a *Audit) string {
	if a.State == AuditPending {
		return AuditPending
	}
	return a.Result
}

// checkMerchants: a merchant's status is what its audit gives it
// (resolveMerchantTxn).
func (x *storeIndex) checkMerchants(st *State) error {
	for i := range st.Merchants {
		m := &st.Merchants[i]
		a, ok := x.audit(st, m.AuditID, AuditMerchant, m.AppID)
		if !ok {
			return fmt.Errorf("merchants[%d]: audit_id %d is no %s audit of app %s", i, m.AuditID, AuditMerchant, m.AppID)
		}
		want, known := map[string]int{AuditPending: MerchantAuditing, OutcomePass: MerchantApproved,
			OutcomeFail: MerchantFailed, OutcomeReject: MerchantRejected}[outcome(a)]
		if !known || m.Status != want {
			return fmt.Errorf("merchants[%d]: status %d, but its audit %d is %s", i, m.Status, m.AuditID, outcome(a))
		}
	}
	return nil
}

// checkMapPOIs: a created place's base_id is its audit's id; its status
// and map_poi_id are what the audit gives it (resolveMapPOITxn).
func (x *storeIndex) checkMapPOIs(st *State) error {
	for i := range st.MapPOIs {
		p := &st.MapPOIs[i]
		a, ok := x.audit(st, p.BaseID, AuditMapPOI, p.AppID)
		if !ok {
			return fmt.Errorf("map_pois[%d]: base_id %d is no %s audit of app %s", i, p.BaseID, AuditMapPOI, p.AppID)
		}
		want := map[string]int{AuditPending: MapPOIAuditing, OutcomePass: MapPOIApproved}[outcome(a)]
		if a.State == AuditResolved && a.Result != OutcomePass {
			want = MapPOIRefused
		}
		if p.Status != want || (p.Status == MapPOIApproved) != (p.MapPOIID != "") {
			return fmt.Errorf("map_pois[%d]: status %d with map_poi_id %q, but its audit %d is %s (a place has a map_poi_id once approved, status 1)",
				i, p.Status, p.MapPOIID, p.BaseID, outcome(a))
		}
	}
	return nil
}

// checkStores: a store stands at a place of the map; its status is what
// its audit gives it (resolveStoreTxn), and new pictures wait for a
// picture audit of it that is pending.
func (x *storeIndex) checkStores(st *State, catalog *Catalog) error {
	for i := range st.Stores {
		s := &st.Stores[i]
		if _, ok := x.district(catalog, s.MapPOIID); !ok {
			return fmt.Errorf("stores[%d]: map_poi_id %q is no place of the map, nor an approved created one (add_store answers 85055)", i, s.MapPOIID)
		}
		a, ok := x.audit(st, s.AuditID, AuditStore, s.AppID)
		if !ok || a.Subject != s.PoiID {
			return fmt.Errorf("stores[%d]: audit_id %d is no %s audit of app %s about poi_id %s", i, s.AuditID, AuditStore, s.AppID, s.PoiID)
		}
		want := map[string]int{AuditPending: StoreAuditing, OutcomePass: StoreApproved}[outcome(a)]
		if a.State == AuditResolved && a.Result != OutcomePass {
			want = StoreFailed
		}
		if s.Status != want {
			return fmt.Errorf("stores[%d]: status %d, but its audit %d is %s", i, s.Status, s.AuditID, outcome(a))
		}
		if s.PictureAuditID == 0 {
			if len(s.PendingPictures) != 0 {
				return fmt.Errorf("stores[%d]: pending_pictures without a picture_audit_id", i)
			}
			continue
		}
		a, ok = x.audit(st, s.PictureAuditID, AuditPictures, s.AppID)
		if !ok || a.Subject != s.PoiID || a.State != AuditPending || s.Status != StoreApproved || len(s.PendingPictures) == 0 {
			return fmt.Errorf("stores[%d]: picture_audit_id %d is no pending %s audit of app %s about poi_id %s, or the store is not approved (status 1) with pending_pictures",
				i, s.PictureAuditID, AuditPictures, s.AppID, s.PoiID)
		}
	}
	return nil
}

// district finds the districtid of a place a store may stand at: a place
// of the map, or an approved created one (placeTxn).
func (x *storeIndex) district(catalog *Catalog, mapPOIID string) (string, bool) {
	if p, ok := catalog.Places[mapPOIID]; ok {
		return p.DistrictID, true
	}
	d, ok := x.places[mapPOIID]
	return d, ok && mapPOIID != ""
}

// checkLegacy: a poi_id names one store; a store of the new kind may hold
// a legacy store's only as its migration (PutLegacyStore).
func (x *storeIndex) checkLegacy(st *State) error {
	for i, lg := range st.LegacyStores {
		if j, ok := x.stores[lg.PoiID]; ok && (st.Stores[j].AppID != lg.AppID || st.Stores[j].IsUpgrade != 1) {
			return fmt.Errorf("legacy_stores[%d]: poi_id %s is another store's", i, lg.PoiID)
		}
	}
	return nil
}

// checkAudits: each audit names its subject as the API does. A store's
// audit may outlive its store (del_store), so its subject is a store of
// the app, a legacy store of the app, or a poi_id the poi sequence drew
// (below poiNext) that no other app holds.
func (x *storeIndex) checkAudits(st *State, poiNext uint64) error {
	for i := range st.Audits {
		a := &st.Audits[i]
		if a.State != AuditPending && a.State != AuditResolved {
			return fmt.Errorf("audits[%d]: state must be %q or %q", i, AuditPending, AuditResolved)
		}
		if !knownAuditKind(a.Kind) || !knownOutcome(a.Planned) {
			return fmt.Errorf("audits[%d]: an unknown kind or planned outcome", i)
		}
		if (a.State == AuditPending) != (a.Result == "") || (a.Result != "" && !knownOutcome(a.Result)) {
			return fmt.Errorf("audits[%d]: result %q: a resolved audit has one of %s, %s and %s, a pending one none", i, a.Result, OutcomePass, OutcomeFail, OutcomeReject)
		}
		if err := x.checkSubject(st, a, poiNext); err != nil {
			return fmt.Errorf("audits[%d]: %w", i, err)
		}
	}
	return nil
}

func (x *storeIndex) checkSubject(st *State, a *Audit, poiNext uint64) error {
	switch a.Kind {
	case AuditMerchant:
		if _, ok := x.merchants[a.AppID]; !ok || a.Subject != a.AppID {
			return fmt.Errorf("subject %q: a merchant audit is about the merchant of its own app %s, which must exist", a.Subject, a.AppID)
		}
	case AuditMapPOI:
		if _, ok := x.pois[a.AuditID]; !ok || a.Subject != strconv.FormatUint(a.AuditID, 10) {
			return fmt.Errorf("subject %q: a map POI audit is about the created place whose base_id is its audit_id, which must exist", a.Subject)
		}
	default: // a store's or its pictures'
		if i, ok := x.stores[a.Subject]; ok {
			if st.Stores[i].AppID != a.AppID {
				return fmt.Errorf("subject %s is a store of app %s, not of %s", a.Subject, st.Stores[i].AppID, a.AppID)
			}
			return nil
		}
		if i, ok := x.legacy[a.Subject]; ok {
			if st.LegacyStores[i].AppID != a.AppID {
				return fmt.Errorf("subject %s is a legacy store of app %s, not of %s", a.Subject, st.LegacyStores[i].AppID, a.AppID)
			}
			return nil
		}
		if n, ok := storePoiID(&Store{PoiID: a.Subject}); !ok || n >= poiNext {
			return fmt.Errorf("subject %q names no store of app %s: no store or legacy store holds it and the poi sequence (next %d) never drew it", a.Subject, a.AppID, poiNext)
		}
	}
	return nil
}
