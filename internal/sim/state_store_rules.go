package sim

import (
	"fmt"
	"strings"
	"unicode"
)

// Uniqueness rules and caps that the store family's API enforces across
// rows and apps, checked on imported rows too; each error names the
// errcode the API answers when a request would break the rule.

// checkPlaceIDs: a map_poi_id names one place, so add_store and
// get_store_info find the place a store stands at; rich_ids are drawn
// once each.
func (x *storeIndex) checkPlaceIDs(st *State, catalog *Catalog) error {
	ids := map[string]int{}
	rich := map[uint64]int{}
	for i, p := range st.MapPOIs {
		if j, ok := rich[p.RichID]; ok {
			return fmt.Errorf("map_pois[%d]: rich_id %d is map_pois[%d]'s too", i, p.RichID, j)
		}
		rich[p.RichID] = i
		if p.MapPOIID == "" {
			continue
		}
		if _, ok := catalog.Places[p.MapPOIID]; ok {
			return fmt.Errorf("map_pois[%d]: map_poi_id %s is a place of the map already", i, p.MapPOIID)
		}
		if j, ok := ids[p.MapPOIID]; ok {
			return fmt.Errorf("map_pois[%d]: map_poi_id %s is map_pois[%d]'s too", i, p.MapPOIID, j)
		}
		ids[p.MapPOIID] = i
	}
	return nil
}

// checkMerchantRules: a pending merchant audit is the merchant's own, one
// at a time (85050); no two merchants approved or in audit share a
// nickname, compared as nicknameTakenTxn does, case folded (85029).
func (x *storeIndex) checkMerchantRules(st *State) error {
	for i, a := range st.Audits {
		// checkSubject found the merchant of each merchant audit's app.
		if a.Kind == AuditMerchant && a.State == AuditPending && st.Merchants[x.merchants[a.AppID]].AuditID != a.AuditID {
			return fmt.Errorf("audits[%d]: app %s has another merchant audit in progress, its merchant's (apply_merchant answers 85050)", i, a.AppID)
		}
	}
	names := map[string]int{}
	for i, m := range st.Merchants {
		if m.Status != MerchantApproved && m.Status != MerchantAuditing {
			continue
		}
		key := foldKey(m.Nickname)
		if j, ok := names[key]; ok {
			return fmt.Errorf("merchants[%d]: nickname %q is held by merchants[%d] (apply_merchant answers 85029)", i, m.Nickname, j)
		}
		names[key] = i
	}
	return nil
}

// foldKey maps s to a key that two strings share exactly when
// strings.EqualFold holds for them: each rune becomes the smallest of its
// case folding orbit.
func foldKey(s string) string {
	return strings.Map(func(r rune) rune {
		least := r
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			least = min(least, f)
		}
		return least
	}, s)
}

// checkStoreRules: a store's app has an approved merchant (85053); of the
// stores not failed, an app has one at a place (85038) and at most
// MaxStoresNearby in a district (85042), and a credential is one store's
// across apps (85041).
func (x *storeIndex) checkStoreRules(st *State, catalog *Catalog) error {
	places := map[[2]string]int{}
	nearby := map[[2]string]int{}
	credentials := map[string]int{}
	for i, s := range st.Stores {
		if j, ok := x.merchants[s.AppID]; !ok || st.Merchants[j].Status != MerchantApproved {
			return fmt.Errorf("stores[%d]: app %s has no approved merchant (add_store answers 85053)", i, s.AppID)
		}
		if s.Status == StoreFailed {
			continue
		}
		if j, ok := places[[2]string{s.AppID, s.MapPOIID}]; ok {
			return fmt.Errorf("stores[%d]: stores[%d] of app %s stands at map_poi_id %s already (add_store answers 85038)", i, j, s.AppID, s.MapPOIID)
		}
		places[[2]string{s.AppID, s.MapPOIID}] = i
		if j, ok := credentials[s.Credential]; ok {
			return fmt.Errorf("stores[%d]: credential %q is held by stores[%d] (add_store answers 85041)", i, s.Credential, j)
		}
		credentials[s.Credential] = i
		district, _ := x.district(catalog, s.MapPOIID)
		if nearby[[2]string{s.AppID, district}]++; nearby[[2]string{s.AppID, district}] > MaxStoresNearby {
			return fmt.Errorf("stores[%d]: app %s has more than %d stores in district %s (add_store answers 85042)", i, s.AppID, MaxStoresNearby, district)
		}
	}
	return nil
}
