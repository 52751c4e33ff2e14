package httpapi_test

import (
	"strings"
	"testing"
	"time"
)

func TestStorePlacesSearch(t *testing.T) {
	t.Parallel()
	e := setup(t)
	tok := e.token()
	tests := []struct {
		name     string
		district any
		keyword  string
		want     []string
	}{
		{"seed example, districtid a number", 440105, "X-MAX", []string{ssXMax}},
		{"districtid a string", "440105", "X-MAX", []string{ssXMax}},
		{"seed keyword x, any case", 440105, "x", []string{ssXMax}},
		{"keyword in the address only", "440105", "怡安路", []string{ssXMax}},
		{"keyword in the name only", "440105", "便利店", []string{ssHetian}},
		{"keyword in both name and address, once", "440105", "江南西", []string{ssRongyi}},
		{"keyword in every address", 440105, "海珠区", ss440105},
		{"a municipality's district", "110105", "三里屯", []string{ssJingwei}},
		{"no match", 440105, "没有这样的店", []string{}},
		{"a place of another district", 440106, "X-MAX", []string{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := ssSub(e, t)
			got := ssSearch(e, tok, tc.district, tc.keyword)
			if got == nil {
				t.Errorf("item is missing or null, want an array")
			}
			diff(t, "uids", tc.want, ssUIDs(got))
		})
	}
	// The seed's example item, field by field.
	diff(t, "X-MAX item", []ssPlace{ssXMaxPlace}, ssSearch(e, tok, 440105, "X-MAX"))
	if r := e.post("/wxa/search_map_poi", tok, `{"districtid":440105,"keyword":"没有这样的店"}`); !strings.Contains(r.Raw, `"item":[]`) {
		t.Errorf("no match answered %s, want item []", r.Raw)
	}
}

func TestStorePlacesSearchRejected(t *testing.T) {
	t.Parallel()
	e := setup(t)
	tok := e.token()
	for _, tc := range []struct{ name, body string }{
		{"unknown districtid", `{"districtid":999999,"keyword":"X-MAX"}`},
		{"unknown districtid as a string", `{"districtid":"999999","keyword":"X-MAX"}`},
		{"districtid 0", `{"districtid":0,"keyword":"X-MAX"}`},
		{"districtid not digits", `{"districtid":"abc","keyword":"X-MAX"}`},
		{"districtid negative", `{"districtid":-440105,"keyword":"X-MAX"}`},
		{"districtid missing", `{"keyword":"X-MAX"}`},
		{"empty keyword", `{"districtid":440105,"keyword":""}`},
		{"blank keyword", `{"districtid":440105,"keyword":"   "}`},
		{"keyword missing", `{"districtid":440105}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := ssSub(e, t)
			ssRejected(e, "/wxa/search_map_poi", tok, tc.body, 40097, "invalid args")
		})
	}
}

func TestStorePlacesSharedBetweenApps(t *testing.T) {
	t.Parallel()
	e := setup(t)
	tokA := e.token()
	tokB := ssAppBToken(e)
	uid := ssApprovedPOI(e, tokA, "ss shared place")
	ssCreatePOI(e, tokA, map[string]any{"name": "ss shared 天河", "district": "天河区", "districtid": "440106",
		"longitude": "113.33", "latitude": "23.13"})
	e.advance(5 * time.Second)

	diff(t, "app B finds app A's place", []string{uid}, ssUIDs(ssSearch(e, tokB, "440105", "ss shared place")))
	diff(t, "the legacy app finds it", []string{uid}, ssUIDs(ssSearch(e, ssLegacyToken(e), 440105, "ss shared")))
	if got := ssSearch(e, tokB, 440106, "ss shared"); len(got) != 1 || got[0].BranchName != "ss shared 天河" {
		t.Errorf("440106: %+v, want only the place created there", got)
	}
	// App B may open a store there.
	ssMerchant(e, tokB)
	ssDecode[struct{}](e, e.post("/wxa/add_store", tokB, ssStoreBody(uid, "CRED-SHARED", nil)))
	if info := ssOnlyStore(e, tokB); info.BusinessName != "ss shared place" {
		t.Errorf("app B's store: %+v", info)
	}
}
