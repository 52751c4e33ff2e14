package bench

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"runtime"
	"slices"
	"strconv"
	"testing"

	"github.com/wxmock/wxmock/internal/fixtures"
	"github.com/wxmock/wxmock/internal/sim"
)

// stores10k is how many stores BenchmarkStores10000 holds.
const stores10k = 10000

// BenchmarkStores10000 holds 10,000 approved stores in the default app,
// each at its own approved created place, ten to a district (the most
// add_store allows), and measures, against getrole on the same server:
// get_store_list pages of 50 and of the default 20 (limit 0) at the start,
// the middle and the end of the list, and get_store_info. us-call is the
// time per call, x-getrole its ratio to getrole's (the last getrole run,
// with -count); MB-held (the "held" row) is the live heap that the 10,000
// stores add. The stores are imported once, off the clock, as the rows the
// API leaves: add_store looks up the place of each of the app's stores
// among all created places, so the 10,000th would take some 10^8 steps.
func BenchmarkStores10000(b *testing.B) {
	s := newServer(b)
	doc, poi := s.storesState(b, stores10k)
	before := liveHeap()
	if rec := s.serve(http.MethodPut, "/__wxmock/state", string(doc)); rec.Code != http.StatusOK {
		b.Fatalf("PUT state: %d %s", rec.Code, rec.Body)
	}
	held := liveHeap() - before
	runtime.KeepAlive(doc)
	var total struct {
		TotalCount int `json:"total_count"`
	}
	if err := json.Unmarshal(s.post(b, s.token, "/wxa/get_store_list", `{"offset":0,"limit":1}`), &total); err != nil || total.TotalCount != stores10k {
		b.Fatalf("get_store_list: total_count %d (%v), want %d", total.TotalCount, err, stores10k)
	}

	var base float64 // getrole's us-call; 0 when -bench leaves it out
	call := func(b *testing.B, path, body string) {
		b.ReportAllocs()
		for b.Loop() {
			s.post(b, s.token, path, body)
		}
		us := float64(b.Elapsed().Nanoseconds()) / 1000 / float64(b.N)
		b.ReportMetric(us, "us-call")
		if path == "/promoter/getrole" {
			base = us
		} else if base > 0 {
			b.ReportMetric(us/base, "x-getrole")
		}
	}
	b.Run("getrole", func(b *testing.B) { call(b, "/promoter/getrole", `{}`) })
	for _, page := range []struct {
		name, limit string
		size        int
	}{{"limit=50", "50", 50}, {"limit=0", "0", 20}} {
		for _, at := range []struct {
			name   string
			offset int
		}{{"start", 0}, {"middle", stores10k/2 - page.size/2}, {"end", stores10k - page.size}} {
			body := fmt.Sprintf(`{"offset":%d,"limit":%s}`, at.offset, page.limit)
			if got := pageSize(b, s.post(b, s.token, "/wxa/get_store_list", body)); got != page.size {
				b.Fatalf("get_store_list %s: %d stores, want %d", body, got, page.size)
			}
			b.Run("get_store_list/"+page.name+"/"+at.name, func(b *testing.B) { call(b, "/wxa/get_store_list", body) })
		}
	}
	// The first read of a page after a write: the write (a role's
	// description changed) is off the clock.
	b.Run("get_store_list/limit=0/after-a-write", func(b *testing.B) {
		body := fmt.Sprintf(`{"offset":%d,"limit":0}`, stores10k/2)
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			b.StopTimer()
			desc := strconv.Itoa(i)
			if err := s.m.Sim.UpdateRole(fixtures.DefaultAppID, 1, sim.RoleSpec{Desc: &desc}); err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
			s.post(b, s.token, "/wxa/get_store_list", body)
		}
		us := float64(b.Elapsed().Nanoseconds()) / 1000 / float64(b.N)
		b.ReportMetric(us, "us-call")
		if base > 0 {
			b.ReportMetric(us/base, "x-getrole")
		}
	})
	b.Run("get_store_info", func(b *testing.B) { call(b, "/wxa/get_store_info", `{"poi_id":"`+poi+`"}`) })
	b.Run("held", func(b *testing.B) {
		for b.Loop() {
			runtime.KeepAlive(s)
		}
		b.ReportMetric(float64(held)/(1<<20), "MB-held")
	})
}

// pageSize counts the stores of a get_store_list answer.
func pageSize(tb testing.TB, answer []byte) int {
	tb.Helper()
	var page struct {
		List []json.RawMessage `json:"business_list"`
	}
	if err := json.Unmarshal(answer, &page); err != nil {
		tb.Fatalf("get_store_list: %v: %.200s", err, answer)
	}
	return len(page.List)
}

// storesState gives the default app an approved merchant, and one
// approved place and store through the API as the model of every row; it
// returns the state export with n such stores in place of that one, each
// with its own approved place, and the poi_id of the middle store.
func (s *server) storesState(tb testing.TB, n int) ([]byte, string) {
	tb.Helper()
	s.addStores(tb, 0)
	rec := s.serve(http.MethodPost, "/wxa/create_map_poi?access_token="+s.token, `{"name":"bench place","longitude":"113.323753357",`+
		`"latitude":"23.0974903107","province":"广东省","city":"广州市","district":"海珠区","address":"TIT","category":"类目1:类目2",`+
		`"telephone":"12345678901","photo":"http://mmbiz.qpic.cn/mmbiz_png/a/0?wx_fmt=png",`+
		`"license":"http://mmbiz.qpic.cn/mmbiz_png/b/0?wx_fmt=png","introduct":"test","districtid":"440105"}`)
	var created struct {
		Data struct {
			BaseID int `json:"base_id"`
		} `json:"data"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &created); err != nil || created.Data.BaseID == 0 {
		tb.Fatalf("create_map_poi: %s", rec.Body)
	}
	s.resolve(tb, created.Data.BaseID)
	st := s.export(tb)
	if len(st.MapPOIs) != 1 {
		tb.Fatalf("%d created places, want 1", len(st.MapPOIs))
	}
	pics := `"pic_list":"{\"list\":[\"http://mmbiz.qpic.cn/mmbiz_jpg/a/0?wx_fmt=jpeg\",\"http://mmbiz.qpic.cn/mmbiz_jpg/b/0?wx_fmt=jpeg\"]}"`
	out := s.post(tb, s.token, "/wxa/add_store", `{"poi_id":"","map_poi_id":"`+st.MapPOIs[0].MapPOIID+`",`+pics+
		`,"contract_phone":"020-89190388","hour":"10:00-21:00","credential":"BENCH-MODEL","card_id":""}`)
	var audit struct {
		Data struct {
			AuditID int `json:"audit_id"`
		} `json:"data"`
	}
	if err := json.Unmarshal(out, &audit); err != nil {
		tb.Fatalf("add_store: %s", out)
	}
	s.resolve(tb, audit.Data.AuditID)
	st = s.export(tb)
	middle, err := cloneStores(st, n)
	if err != nil {
		tb.Fatal(err)
	}
	doc, err := json.Marshal(st)
	if err != nil {
		tb.Fatal(err)
	}
	return doc, middle
}

// export decodes GET /__wxmock/state.
func (s *server) export(tb testing.TB) *sim.State {
	tb.Helper()
	rec := s.serve(http.MethodGet, "/__wxmock/state", "")
	st, err := sim.DecodeState(rec.Body.Bytes())
	if err != nil {
		tb.Fatalf("GET state: %v: %.200s", err, rec.Body)
	}
	return st
}

// cloneStores replaces st's only store, its place and their two audits
// by n copies, each store at its own place, ten places to a district of
// the tree; ids follow the model's as the API draws them (a place's audit,
// then its store's). It returns the poi_id of the middle store.
func cloneStores(st *sim.State, n int) (string, error) {
	if len(st.MapPOIs) != 1 || len(st.Stores) != 1 {
		return "", fmt.Errorf("%d places and %d stores, want one each", len(st.MapPOIs), len(st.Stores))
	}
	place, store := st.MapPOIs[0], st.Stores[0]
	var placeAudit, storeAudit sim.Audit
	audits := st.Audits[:0]
	for _, a := range st.Audits {
		switch a.AuditID {
		case place.BaseID:
			placeAudit = a
		case store.AuditID:
			storeAudit = a
		default:
			audits = append(audits, a)
		}
	}
	firstPoi, err := strconv.ParseUint(store.PoiID, 10, 64)
	if err != nil || placeAudit.AuditID == 0 || storeAudit.AuditID == 0 {
		return "", fmt.Errorf("model store %s (%v): audits of the place %d and the store %d not found", store.PoiID, err, place.BaseID, store.AuditID)
	}
	districts, err := levelThree((n + sim.MaxStoresNearby - 1) / sim.MaxStoresNearby)
	if err != nil {
		return "", err
	}
	st.MapPOIs, st.Stores = make([]sim.MapPOI, n), make([]sim.Store, n)
	for i := range n {
		id := placeAudit.AuditID + 2*uint64(i)
		d := districts[i/sim.MaxStoresNearby]
		p := place
		p.BaseID, p.RichID = id, place.RichID+uint64(i)
		// The map_poi_id resolveMapPOITxn gives an approved place.
		p.MapPOIID = strconv.FormatUint(2880741500279549033+id, 10)
		p.Name = fmt.Sprintf("bench place %05d", i)
		p.Province, p.City, p.District, p.DistrictID = d.Province, d.City, d.Name, d.ID
		pa := placeAudit
		pa.AuditID, pa.Subject = id, strconv.FormatUint(id, 10)
		s := store
		s.PoiID = strconv.FormatUint(firstPoi+uint64(i), 10)
		s.MapPOIID, s.AuditID, s.Credential = p.MapPOIID, id+1, fmt.Sprintf("BENCH-%05d", i)
		sa := storeAudit
		sa.AuditID, sa.Subject = id+1, s.PoiID
		st.MapPOIs[i], st.Stores[i] = p, s
		audits = append(audits, pa, sa)
	}
	st.Audits = audits
	return st.Stores[n/2].PoiID, nil
}

// levelThree lists n districts of the tree below a city, with the names
// create_map_poi checks: province, city and district.
func levelThree(n int) ([]sim.DistrictRef, error) {
	tree, err := fixtures.Districts()
	if err != nil {
		return nil, err
	}
	var out []sim.DistrictRef
	cities, districts := tree.Cities(), tree.Districts()
	for _, p := range tree.Provinces() {
		for _, c := range indexed(cities, p.Cidx) {
			for _, d := range indexed(districts, c.Cidx) {
				out = append(out, sim.DistrictRef{ID: d.ID, Level: 3, Province: p.Fullname, City: c.Fullname, Name: d.Fullname})
			}
		}
	}
	if len(out) < n {
		return nil, fmt.Errorf("%d districts below a city, want %d", len(out), n)
	}
	return out[:n], nil
}

// indexed is the part of regions that a cidx range [first, last] names.
func indexed(regions []fixtures.Region, cidx []int) []fixtures.Region {
	if len(cidx) != 2 || cidx[0] < 0 || cidx[1] >= len(regions) || cidx[0] > cidx[1] {
		return nil
	}
	return regions[cidx[0] : cidx[1]+1]
}

// TestStoresState checks that the loader takes the stores that
// BenchmarkStores10000 imports, ten to a district, and that the API lists
// them all, in the order of their poi_ids, and finds their places.
func TestStoresState(t *testing.T) {
	const n = 25
	s := newServer(t)
	doc, poi := s.storesState(t, n)
	if rec := s.serve(http.MethodPut, "/__wxmock/state", string(doc)); rec.Code != http.StatusOK {
		t.Fatalf("PUT state: %d %s", rec.Code, rec.Body)
	}
	var list struct {
		Total int `json:"total_count"`
		List  []struct {
			BaseInfo struct {
				PoiID    string `json:"poi_id"`
				Name     string `json:"business_name"`
				District string `json:"district"`
				Status   int    `json:"status"`
			} `json:"base_info"`
		} `json:"business_list"`
	}
	if err := json.Unmarshal(s.post(t, s.token, "/wxa/get_store_list", `{"offset":0,"limit":50}`), &list); err != nil {
		t.Fatal(err)
	}
	if list.Total != n || len(list.List) != n {
		t.Fatalf("total_count %d with %d stores, want %d", list.Total, len(list.List), n)
	}
	perDistrict := map[string]int{}
	for i, b := range list.List {
		if want := fmt.Sprintf("bench place %05d", i); b.BaseInfo.Status != 1 || b.BaseInfo.Name != want || b.BaseInfo.District == "" {
			t.Errorf("store %d: %+v, want approved (status 1) at %q, in a district", i, b.BaseInfo, want)
		}
		if i > 0 && b.BaseInfo.PoiID <= list.List[i-1].BaseInfo.PoiID {
			t.Errorf("store %d: poi_id %s after %s", i, b.BaseInfo.PoiID, list.List[i-1].BaseInfo.PoiID)
		}
		perDistrict[b.BaseInfo.District]++
	}
	if got := slices.Sorted(maps.Values(perDistrict)); !slices.Equal(got, []int{5, 10, 10}) {
		t.Errorf("stores per district %v, want 10, 10 and 5", perDistrict)
	}
	if want := list.List[n/2].BaseInfo.PoiID; poi != want {
		t.Errorf("middle poi_id %s, want %s", poi, want)
	}
	s.post(t, s.token, "/wxa/get_store_info", `{"poi_id":"`+poi+`"}`)
}
