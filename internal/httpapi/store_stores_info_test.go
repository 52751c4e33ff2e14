package httpapi_test

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestStoreStoresInfo(t *testing.T) {
	t.Parallel()
	e := setup(t)
	tok := e.token()
	ssMerchant(e, tok)
	tests := []struct {
		name   string
		over   map[string]any
		mapPOI string
		want   ssBaseInfo
	}{
		{"seed fields", map[string]any{"company_name": "广州哈登健身有限公司", "pic_list": ssPics(ssPic1, ssPic2)}, ssXMax,
			ssBaseInfo{BusinessName: "X-MAX工厂", Address: "广东省广州市海珠区怡安路172-174号怡安花园二、三层(中海名都)",
				Telephone: "020-89190388", City: "广州市", Province: "广东省", Longitude: 113.274810791, Latitude: 23.1088695526,
				PhotoList: []ssPhoto{{ssPic1}, {ssPic2}}, OpenTime: "10:00-21:00", Status: 2, District: "海珠区",
				QualificationName: "广州哈登健身有限公司"}},
		// A municipality's districts are listed at city level; the city
		// is the municipality (as the fixtures' legacy store 京味斋 has it).
		{"a municipality's district", nil, ssJingwei,
			ssBaseInfo{BusinessName: "京味斋(三里屯店)", Address: "北京市朝阳区三里屯路19号院", Telephone: "020-89190388",
				City: "北京市", Province: "北京市", Longitude: 116.45501709, Latitude: 39.9370002747,
				PhotoList: []ssPhoto{{ssPic1}}, OpenTime: "10:00-21:00", Status: 2, District: "朝阳区"}},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := ssSub(e, t)
			cred := fmt.Sprintf("91440101MA59INFO%d", i)
			poi := ssAdd(e, tok, ssStoreBody(tc.mapPOI, cred, tc.over))
			r := e.post("/wxa/get_store_info", tok, ssJSON(map[string]any{"poi_id": poi}))
			if !strings.Contains(r.Raw, `"poi_id":"`+poi+`"`) {
				t.Errorf("poi_id is not the string %q: %s", poi, r.Raw)
			}
			got := ssInfo(e, tok, poi)
			want := tc.want
			want.PoiID, want.QualificationNum = poi, cred
			if want.QualificationName == "" {
				want.QualificationName = got.QualificationName // the seed does not say
			}
			diff(t, "base_info", want, got)
			n, _ := strconv.ParseUint(poi, 10, 64)
			diff(t, "poi_id as a number", got, ssInfo(e, tok, n))
		})
	}
	tokB := ssAppBToken(e)
	list, _ := ssList(e, tok, 0, 10)
	for _, tc := range []struct {
		name, tok, body string
		code            int
		msg             string
	}{
		{"unknown poi_id", tok, `{"poi_id":"1"}`, 65115, ssMsgNotExist},
		{"another app's store", tokB, ssJSON(map[string]any{"poi_id": list[0].PoiID}), 65115, ssMsgNotExist},
		{"poi_id not digits", tok, `{"poi_id":"abc"}`, 40097, ssMsgArgs},
		{"without poi_id", tok, `{}`, 40097, ssMsgArgs},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := ssSub(e, t)
			ssRejected(e, "/wxa/get_store_info", tc.tok, tc.body, tc.code, tc.msg)
		})
	}
}

func TestStoreStoresList(t *testing.T) {
	t.Parallel()
	e := setup(t)
	tok := e.token()
	ssMerchant(e, tok)

	// An empty list.
	for _, body := range []string{`{"offset":0,"limit":10}`, `{"offset":0,"limit":0}`} {
		r := e.post("/wxa/get_store_list", tok, body)
		if want := `{"errcode":0,"errmsg":"ok","business_list":[],"total_count":0}`; r.Raw != want {
			t.Errorf("%s on no store: %s, want %s", body, r.Raw, want)
		}
	}
	ssRejected(e, "/wxa/get_store_list", tok, `{"offset":1,"limit":10}`, 40097, ssMsgArgs)

	// 21 stores at the fixed places, at most six a district.
	var places []string
	for _, d := range []string{"440105", "440106", "440104", "440305", "110105", "110108", "310115", "310104"} {
		places = append(places, ssUIDs(ssSearch(e, tok, d, "区"))...)
	}
	if len(places) != 30 {
		t.Fatalf("%d fixed places, want 30", len(places))
	}
	var added []string
	for i, p := range places[:21] {
		added = append(added, ssAdd(e, tok, ssStoreBody(p, fmt.Sprintf("LIST-%02d", i), nil)))
	}

	all, total := ssList(e, tok, 0, 50)
	if total != 21 || len(all) != 21 {
		t.Fatalf("limit 50: %d stores, total %d", len(all), total)
	}
	diff(t, "poi_ids", slices.Sorted(slices.Values(added)), slices.Sorted(slices.Values(ssPoiIDs(all))))
	first := all[0]
	if first.Categories == nil || len(first.Categories) != 0 || first.QualificationList == nil || len(first.QualificationList) != 0 || first.Status != 2 {
		t.Errorf("list entry %+v, want categories [] and qualification_list [] (seed 001, §11) and status 2", first)
	}
	for _, tc := range []struct {
		name          string
		offset, limit int
		want          []ssBaseInfo
	}{
		{"limit 0 means 20", 0, 0, all[:20]},
		{"limit 0 from 20", 20, 0, all[20:]},
		{"a middle page", 3, 2, all[3:5]},
		{"the last store", 20, 50, all[20:]},
		{"limit 50", 0, 50, all},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := ssSub(e, t)
			got, total := ssList(e, tok, tc.offset, tc.limit)
			diff(t, "page", ssPoiIDs(tc.want), ssPoiIDs(got))
			if total != 21 {
				t.Errorf("total_count %d, want 21", total)
			}
		})
	}
	var pages []string
	for off := 0; off < 21; off += 7 {
		page, _ := ssList(e, tok, off, 7)
		pages = append(pages, ssPoiIDs(page)...)
	}
	diff(t, "pages of 7", ssPoiIDs(all), pages)

	for _, body := range []string{`{"offset":0,"limit":51}`, `{"offset":21,"limit":10}`, `{"offset":100,"limit":0}`,
		`{"offset":-1,"limit":10}`, `{"offset":0}`, `{"limit":10}`} {
		ssRejected(e, "/wxa/get_store_list", tok, body, 40097, ssMsgArgs)
	}
	e.advance(5 * time.Second)
	if got, _ := ssList(e, tok, 0, 1); got[0].Status != 1 {
		t.Errorf("status %d after the audit, want 1", got[0].Status)
	}
}

func TestStoreStoresCard(t *testing.T) {
	t.Parallel()
	e := setup(t)
	tok := e.token()
	ssMerchant(e, tok)
	const cardA, cardB = "pFLHfs2l7xIzCqPdP6K6F-g5Sw2s", "pabcedfg1234567hijklmn"
	poi := ssAdd(e, tok, ssStoreBody(ssXMax, "CARD-1", nil))
	withCard := ssAdd(e, tok, ssStoreBody(ssRongyi, "CARD-2", map[string]any{"card_id": cardA}))
	n, _ := strconv.ParseUint(poi, 10, 64)

	get := func(p any) string {
		t.Helper()
		return e.post("/card/storewxa/get", tok, ssJSON(map[string]any{"poi_id": p})).Raw
	}
	for _, p := range []any{poi, n} {
		if got, want := get(p), `{"errcode":0,"errmsg":"ok"}`; got != want {
			t.Errorf("get %v without a card: %s, want %s", p, got, want)
		}
	}
	if got, want := get(withCard), `{"errcode":0,"errmsg":"ok","card_id":"`+cardA+`"}`; got != want {
		t.Errorf("get a store added with a card: %s, want %s", got, want)
	}
	r := e.post("/card/storewxa/set", tok, ssJSON(map[string]any{"poi_id": n, "card_id": cardB}))
	if want := `{"errcode":0,"errmsg":"ok"}`; r.Raw != want {
		t.Errorf("set: %s, want %s", r.Raw, want)
	}
	for _, p := range []any{poi, n} {
		if got, want := get(p), `{"errcode":0,"errmsg":"ok","card_id":"`+cardB+`"}`; got != want {
			t.Errorf("get %v after set: %s, want %s", p, got, want)
		}
	}
	e.wantOK(e.post("/card/storewxa/set", tok, ssJSON(map[string]any{"poi_id": poi, "card_id": cardA})), "ok")
	if got, want := get(n), `{"errcode":0,"errmsg":"ok","card_id":"`+cardA+`"}`; got != want {
		t.Errorf("get after a set with a string poi_id: %s, want %s", got, want)
	}

	tokB := ssAppBToken(e)
	for _, tc := range []struct {
		name, path, tok, body string
		code                  int
		msg                   string
	}{
		{"set a bad card_id", "/card/storewxa/set", tok, ssJSON(map[string]any{"poi_id": poi, "card_id": "bad"}), 40073, ssMsgCardID},
		{"set an empty card_id", "/card/storewxa/set", tok, ssJSON(map[string]any{"poi_id": poi, "card_id": ""}), 40073, ssMsgCardID},
		{"set on an unknown store", "/card/storewxa/set", tok, `{"poi_id":1,"card_id":"` + cardB + `"}`, 65115, ssMsgNotExist},
		{"get of an unknown store", "/card/storewxa/get", tok, `{"poi_id":1}`, 65115, ssMsgNotExist},
		{"get of another app's store", "/card/storewxa/get", tokB, ssJSON(map[string]any{"poi_id": poi}), 65115, ssMsgNotExist},
		{"set on another app's store", "/card/storewxa/set", tokB, ssJSON(map[string]any{"poi_id": poi, "card_id": cardB}), 65115, ssMsgNotExist},
		{"set without card_id", "/card/storewxa/set", tok, ssJSON(map[string]any{"poi_id": poi}), 40097, ssMsgArgs},
		{"get without poi_id", "/card/storewxa/get", tok, `{}`, 40097, ssMsgArgs},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := ssSub(e, t)
			ssRejected(e, tc.path, tc.tok, tc.body, tc.code, tc.msg)
		})
	}
}
