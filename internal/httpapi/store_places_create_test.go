package httpapi_test

import (
	"regexp"
	"slices"
	"testing"
	"time"
)

func TestStorePlacesCreateSeedExample(t *testing.T) {
	t.Parallel()
	e := setup(t)
	tok := e.token()
	base := ssCreatePOI(e, tok, nil)
	a := ssAudit(e, base)
	diff(t, "audit before", ssAuditRow{AuditID: base, AppID: appID, Kind: "create_map_poi_audit_info", Subject: a.Subject, State: "pending"}, a)
	if got := ssSearch(e, tok, "440105", "hardenzhang"); len(got) != 0 {
		t.Errorf("a place in audit is found: %+v", got)
	}

	e.advance(5 * time.Second)
	a = ssAudit(e, base)
	if a.State != "resolved" || a.Result != "pass" {
		t.Errorf("audit after 5 s: %+v, want resolved pass", a)
	}
	got := ssSearch(e, tok, "440105", "hardenzhang")
	if len(got) != 1 {
		t.Fatalf("search after approval: %+v", got)
	}
	uid := got[0].SosomapPOIUID
	if !regexp.MustCompile(`^[1-9][0-9]{0,19}$`).MatchString(uid) || slices.Contains(ss440105, uid) {
		t.Errorf("sosomap_poi_uid %q, want a new string of digits", uid)
	}
	want := ssPlace{BranchName: "hardenzhang", Address: "TIT", Longitude: 113.323753357, Latitude: 23.0974903107,
		Telephone: "12345678901", Category: "类目1:类目2", SosomapPOIUID: uid, DataSupply: got[0].DataSupply,
		PicURLs: []string{}, CardIDList: []string{}}
	diff(t, "created place", want, got[0])
	diff(t, "found by address", []string{uid}, ssUIDs(ssSearch(e, tok, 440105, "TIT")))

	// add_store takes the new place.
	ssMerchant(e, tok)
	r := e.post("/wxa/add_store", tok, ssStoreBody(uid, "CRED-NEW-PLACE", nil))
	ssDecode[struct{}](e, r)
	poi := ssOnlyStore(e, tok).PoiID
	info := ssInfo(e, tok, poi)
	diff(t, "store at the new place", []string{"hardenzhang", "TIT", "广东省", "广州市", "海珠区"},
		[]string{info.BusinessName, info.Address, info.Province, info.City, info.District})
}

func TestStorePlacesCreateAccepted(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		over     map[string]any
		district string
	}{
		{"seed example", nil, "440105"},
		{"numbers for coordinates and districtid", map[string]any{"longitude": 113.323753357, "latitude": 23.0974903107, "districtid": 440105}, "440105"},
		{"a municipality's district", map[string]any{"province": "北京市", "city": "北京市", "district": "朝阳区",
			"districtid": "110105", "longitude": "116.45", "latitude": "39.93"}, "110105"},
		{"with a poi_id", map[string]any{"poi_id": "285633617"}, "440105"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := setup(t)
			tok := e.token()
			name := "ss accepted place"
			base := ssCreatePOI(e, tok, ssMerge(tc.over, map[string]any{"name": name}))
			e.advance(5 * time.Second)
			if a := ssAudit(e, base); a.Result != "pass" {
				t.Errorf("audit %+v, want a pass", a)
			}
			if got := ssSearch(e, tok, tc.district, name); len(got) != 1 || got[0].BranchName != name {
				t.Errorf("search in %s: %+v", tc.district, got)
			}
		})
	}
}

func TestStorePlacesCreateRejected(t *testing.T) {
	t.Parallel()
	e := setup(t)
	tok := e.token()
	type tcase struct {
		name string
		over map[string]any
	}
	tests := []tcase{
		{"city of another province's district", map[string]any{"city": "深圳市"}},
		{"district of another district", map[string]any{"district": "天河区"}},
		{"province not the district's", map[string]any{"province": "广西壮族自治区"}},
		{"districtid of another district", map[string]any{"districtid": "440106"}},
		{"unknown districtid", map[string]any{"districtid": "999999"}},
		{"unknown districtid as a number", map[string]any{"districtid": 999999}},
		{"districtid of a province", map[string]any{"districtid": "440000"}},
		{"districtid not digits", map[string]any{"districtid": "海珠区"}},
		{"coordinates 0,0", map[string]any{"longitude": "0", "latitude": "0"}},
		{"coordinates swapped", map[string]any{"longitude": "23.0974903107", "latitude": "113.323753357"}},
		{"longitude west of China", map[string]any{"longitude": "-113.323753357"}},
		{"longitude east of China", map[string]any{"longitude": "150"}},
		{"latitude south of China", map[string]any{"latitude": "-23.0974903107"}},
		{"latitude north of China", map[string]any{"latitude": "60"}},
		{"longitude not a number", map[string]any{"longitude": "abc"}},
		{"empty name", map[string]any{"name": ""}},
		// 朝阳区 is listed at city level; its city is 北京市, never 深圳市.
		{"municipality with a wrong city", map[string]any{"province": "北京市", "city": "深圳市", "district": "朝阳区",
			"districtid": "110105", "longitude": "116.45", "latitude": "39.93"}},
	}
	for _, k := range []string{"name", "longitude", "latitude", "province", "city", "district", "address", "category",
		"telephone", "photo", "license", "introduct", "districtid"} {
		tests = append(tests, tcase{"without " + k, map[string]any{k: nil}})
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := ssSub(e, t)
			ssRejected(e, "/wxa/create_map_poi", tok, ssJSON(ssMerge(ssMapPOIBase, tc.over)), 40097, "invalid args")
		})
	}
	if as := ssAudits(e); len(as) != 0 {
		t.Errorf("rejected requests opened audits: %+v", as)
	}
}

func TestStorePlacesCreateFailedOrHeld(t *testing.T) {
	t.Parallel()
	e := setup(t)
	tok := e.token()
	failed := ssCreatePOI(e, tok, map[string]any{"name": "ss failed place", "introduct": "test wxmock:fail"})
	held := ssCreatePOI(e, tok, map[string]any{"name": "ss held place", "introduct": "test wxmock:hold"})
	e.advance(5 * time.Second)
	if a := ssAudit(e, failed); a.State != "resolved" || a.Result != "fail" || a.Reason == "" {
		t.Errorf("failed audit: %+v, want resolved fail with a reason", a)
	}
	if a := ssAudit(e, held); a.State != "pending" {
		t.Errorf("held audit: %+v, want pending", a)
	}
	for _, name := range []string{"ss failed place", "ss held place"} {
		if got := ssSearch(e, tok, 440105, name); len(got) != 0 {
			t.Errorf("%s is found: %+v", name, got)
		}
	}
	// The fixed places are still all there.
	diff(t, "district places", ss440105, ssUIDs(ssSearch(e, tok, 440105, "海珠区")))
}
