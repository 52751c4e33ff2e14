package sim

import (
	"fmt"
	"strings"
	"time"
)

// Rules of the store family's single rows: what the API checks of a
// request holds for the row it stored, so an imported row is one the API
// could have stored. Each error names the errcode of the API's check.

// checkMedia: an upload's type, format and size (AddMedia).
func checkMedia(st *State) error {
	for i, m := range st.Media {
		rule, ok := mediaRules[m.Type]
		switch {
		case m.MediaID == "":
			return fmt.Errorf("media[%d]: no media_id", i)
		case !ok:
			return fmt.Errorf("media[%d]: type %q is none of image, voice, video and thumb (40004)", i, m.Type)
		case !contains(rule.formats, m.Format):
			return fmt.Errorf("media[%d]: format %q is not one type %s takes (40005)", i, m.Format, m.Type)
		case m.Size <= 0 || m.Size > rule.maxSize:
			return fmt.Errorf("media[%d]: size %d is not from 1 to %d (41005, 40006)", i, m.Size, rule.maxSize)
		}
	}
	return nil
}

// checkMediaList: at most five media ids (mediaListTxn); each one still
// held is the app's own, since an upload of another app is 85056. A
// medium that expired may be gone, and its id with it.
func (x *storeIndex) checkMediaList(st *State, appid, field, list string) error {
	if list == "" {
		return nil
	}
	ids := strings.Split(list, "|")
	if len(ids) > maxMediaIDs {
		return fmt.Errorf("%s lists %d media ids, at most %d (40097)", field, len(ids), maxMediaIDs)
	}
	for _, id := range ids {
		if j, ok := x.media[strings.TrimSpace(id)]; ok && st.Media[j].AppID != appid {
			return fmt.Errorf("%s names media %s of app %s (85056)", field, id, st.Media[j].AppID)
		}
	}
	return nil
}

// checkMerchantFields: what apply_merchant and modify_merchant check.
func (x *storeIndex) checkMerchantFields(st *State, catalog *Catalog) error {
	for i := range st.Merchants {
		if err := x.checkMerchant(st, catalog, &st.Merchants[i]); err != nil {
			return fmt.Errorf("merchants[%d]: %w", i, err)
		}
	}
	return nil
}

func (x *storeIndex) checkMerchant(st *State, catalog *Catalog, m *Merchant) error {
	first, okFirst := catalog.Categories[m.FirstCatID]
	second, okSecond := catalog.Categories[m.SecondCatID]
	if !okFirst || !okSecond || first.Level != 1 || second.Level != 2 || second.Father != first.ID {
		return fmt.Errorf("first_catid %d and second_catid %d are no category and its child (40097)", m.FirstCatID, m.SecondCatID)
	}
	if second.SensitiveType == 1 && m.QualificationList == "" {
		return fmt.Errorf("category %d needs a qualification_list (40097)", m.SecondCatID)
	}
	if m.HeadImgMediaID == "" {
		return fmt.Errorf("no headimg_mediaid (85056)")
	}
	if j, ok := x.media[m.HeadImgMediaID]; ok {
		if h := st.Media[j]; h.AppID != m.AppID || h.Type != "image" || (h.Format != "jpg" && h.Format != "png") {
			return fmt.Errorf("headimg_mediaid %s is no jpg or png image of app %s (85056)", m.HeadImgMediaID, m.AppID)
		}
	}
	for _, l := range []struct{ field, list string }{
		{"qualification_list", m.QualificationList}, {"org_code", m.OrgCode}, {"other_files", m.OtherFiles},
	} {
		if err := x.checkMediaList(st, m.AppID, l.field, l.list); err != nil {
			return err
		}
	}
	if e := checkNickname(m.Nickname); e != nil {
		return fmt.Errorf("nickname %q: %s (%d)", m.Nickname, e.Msg, e.Code)
	}
	if needsMaterial(m.Nickname) && m.OrgCode == "" {
		return fmt.Errorf("nickname %q needs an org_code (%d)", m.Nickname, ErrNameNeedsMaterial.Code)
	}
	if e := checkIntro(m.Intro); m.Intro == "" || e != nil {
		return fmt.Errorf("intro %q is empty or not allowed (40097, 85036)", m.Intro)
	}
	if m.ModifyCount < 0 || m.ModifyCount > MaxMerchantModifies {
		return fmt.Errorf("modify_count %d is not from 0 to %d (85049)", m.ModifyCount, MaxMerchantModifies)
	}
	if _, err := time.Parse("2006-01", m.ModifyMonth); m.ModifyMonth != "" && err != nil {
		return fmt.Errorf("modify_month %q is not a month as 2006-01", m.ModifyMonth)
	}
	return nil
}

// checkMapPOIFields: what create_map_poi checks of a place (CreateMapPOI).
func checkMapPOIFields(st *State, catalog *Catalog) error {
	for i, p := range st.MapPOIs {
		d, ok := catalog.Districts.Get(p.DistrictID)
		if !ok || d.Level < 2 || d.Province != p.Province || !districtNamed(d, p.City, p.District) {
			return fmt.Errorf("map_pois[%d]: districtid %q with province %q, city %q and district %q is no district of the tree (40097)",
				i, p.DistrictID, p.Province, p.City, p.District)
		}
		if p.Latitude < 3 || p.Latitude > 54 || p.Longitude < 73 || p.Longitude > 136 {
			return fmt.Errorf("map_pois[%d]: latitude %v and longitude %v lie outside China (40097)", i, p.Latitude, p.Longitude)
		}
	}
	return nil
}

// checkStoreFieldRows: what add_store, update_store and
// card/storewxa/set check of a store.
func (x *storeIndex) checkStoreFieldRows(st *State) error {
	for i := range st.Stores {
		if err := x.checkStoreRow(st, &st.Stores[i]); err != nil {
			return fmt.Errorf("stores[%d]: %w", i, err)
		}
	}
	return nil
}

func (x *storeIndex) checkStoreRow(st *State, s *Store) error {
	if s.IsUpgrade != 0 && s.IsUpgrade != 1 {
		return fmt.Errorf("is_upgrade %d is neither 0 nor 1", s.IsUpgrade)
	}
	if err := checkStoreFields(s.Hour, s.CardID); err != nil {
		return fmt.Errorf("hour %q or card_id %q has the wrong shape (%d)", s.Hour, s.CardID, err.(*APIError).Code)
	}
	// add_store requires both, but update_store may empty contract_phone.
	if s.Credential == "" {
		return fmt.Errorf("credential must not be empty (40097)")
	}
	if len(s.Pictures) == 0 {
		return fmt.Errorf("pictures must list a picture (40097)")
	}
	for _, pics := range [][]string{s.Pictures, s.PendingPictures} {
		for _, p := range pics {
			if p == "" {
				return fmt.Errorf("a picture is an empty URL (40097)")
			}
		}
	}
	return x.checkMediaList(st, s.AppID, "qualification_list", s.QualificationList)
}

// checkLegacyFields: what the admin call that adds a legacy store checks
// (PutLegacyStore).
func checkLegacyFields(st *State) error {
	for i, l := range st.LegacyStores {
		if l.PoiID == "" || l.UpgradeStatus < UpgradePending || l.UpgradeStatus > UpgradeForbidden {
			return fmt.Errorf("legacy_stores[%d]: needs a poi_id and an upgrade_status from 0 to 4", i)
		}
	}
	return nil
}
