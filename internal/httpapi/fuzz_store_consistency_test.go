package httpapi_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/wxmock/wxmock/internal/sim"
)

// sfzConsistent checks what any answer must leave true of the store
// family: ids drawn from a sequence lie below its next value; a store's,
// a merchant's and a map POI's status agrees with its audit; an app has
// one live store per place and a credential one live store; and a poi_id
// names one store, a legacy store's only when the store is its migration.
func sfzConsistent(st *sim.State) error {
	next := map[string]uint64{"audit": 414569513, "poi": 472671857, "map_poi": 42010}
	for _, s := range st.Sequences {
		next[s.Name] = s.Next
	}
	audits := map[uint64]sim.Audit{}
	for _, a := range st.Audits {
		if a.AuditID >= next["audit"] {
			return fmt.Errorf("audit %d is not below the audit sequence's next id %d", a.AuditID, next["audit"])
		}
		audits[a.AuditID] = a
	}
	// statusOf is the status an audit gives its subject: pending, or its result.
	statusOf := func(id uint64, kind string) (string, error) {
		a, ok := audits[id]
		if !ok || a.Kind != kind {
			return "", fmt.Errorf("no %s audit %d", kind, id)
		}
		if a.State == sim.AuditPending {
			return "pending", nil
		}
		return a.Result, nil
	}
	for _, m := range st.Merchants {
		s, err := statusOf(m.AuditID, sim.AuditMerchant)
		want := map[string]int{"pending": sim.MerchantAuditing, sim.OutcomePass: sim.MerchantApproved, sim.OutcomeFail: sim.MerchantFailed, sim.OutcomeReject: sim.MerchantRejected}[s]
		if err != nil || m.Status != want {
			return fmt.Errorf("merchant of %s has status %d but its audit %d is %q (%v)", m.AppID, m.Status, m.AuditID, s, err)
		}
	}
	for _, p := range st.MapPOIs {
		if p.RichID >= next["map_poi"] {
			return fmt.Errorf("map POI rich_id %d is not below the sequence's next id %d", p.RichID, next["map_poi"])
		}
		s, err := statusOf(p.BaseID, sim.AuditMapPOI)
		want := map[string]int{"pending": sim.MapPOIAuditing, sim.OutcomePass: sim.MapPOIApproved, sim.OutcomeFail: sim.MapPOIRefused}[s]
		if err != nil || p.Status != want || (p.Status == sim.MapPOIApproved) != (p.MapPOIID != "") {
			return fmt.Errorf("map POI %d has status %d and map_poi_id %q but its audit is %q (%v)", p.BaseID, p.Status, p.MapPOIID, s, err)
		}
	}
	legacy := map[string]sim.LegacyStore{}
	for _, l := range st.LegacyStores {
		legacy[l.PoiID] = l
	}
	places := map[string]string{}
	credentials := map[string]string{}
	for _, s := range st.Stores {
		if n, err := strconv.ParseUint(s.PoiID, 10, 64); s.IsUpgrade == 0 && (err != nil || n >= next["poi"]) {
			return fmt.Errorf("store %s is not below the poi sequence's next id %d", s.PoiID, next["poi"])
		}
		if l, ok := legacy[s.PoiID]; ok != (s.IsUpgrade == 1) || (ok && l.AppID != s.AppID) {
			return fmt.Errorf("store %s of %s (is_upgrade %d) shares its poi_id with the legacy store %+v", s.PoiID, s.AppID, s.IsUpgrade, legacy[s.PoiID])
		}
		a, err := statusOf(s.AuditID, sim.AuditStore)
		want := map[string]int{"pending": sim.StoreAuditing, sim.OutcomePass: sim.StoreApproved, sim.OutcomeFail: sim.StoreFailed}[a]
		if err != nil || s.Status != want || audits[s.AuditID].Subject != s.PoiID {
			return fmt.Errorf("store %s has status %d but its audit %d is %q (%v)", s.PoiID, s.Status, s.AuditID, a, err)
		}
		if s.PictureAuditID != 0 {
			if a, err := statusOf(s.PictureAuditID, sim.AuditPictures); err != nil || a != "pending" || len(s.PendingPictures) == 0 {
				return fmt.Errorf("store %s waits for the picture audit %d, which is %q (%v)", s.PoiID, s.PictureAuditID, a, err)
			}
		}
		if s.Status == sim.StoreFailed {
			continue
		}
		if p := s.AppID + " " + s.MapPOIID; places[p] != "" {
			return fmt.Errorf("stores %s and %s of %s stand at the same place %s", places[p], s.PoiID, s.AppID, s.MapPOIID)
		} else {
			places[p] = s.PoiID
		}
		if o := credentials[s.Credential]; o != "" {
			return fmt.Errorf("stores %s and %s hold the same credential %q", o, s.PoiID, s.Credential)
		}
		credentials[s.Credential] = s.PoiID
	}
	return nil
}

// TestStoreStateRoundTrip exports the store fuzz state, imports it and
// exports it again: the two exports are the same bytes, and an audit still
// pending resolves on advance after the import.
func TestStoreStateRoundTrip(t *testing.T) {
	e := setup(t)
	tok := e.token()
	sfzPopulate(t, e.m.HTTP, tok)
	get := func() string {
		t.Helper()
		r := e.admin(http.MethodGet, "/state", "")
		if r.Status != http.StatusOK {
			t.Fatalf("GET state: %d %s", r.Status, r.Raw)
		}
		return r.Raw
	}
	first := get()
	if r := e.admin(http.MethodPut, "/state", first); r.Status != http.StatusOK {
		t.Fatalf("PUT state: %d %s", r.Status, r.Raw)
	}
	if second := get(); second != first {
		t.Fatalf("GET → PUT → GET changed the state:\n%s", cmp.Diff(first, second))
	}
	pending := e.admin(http.MethodGet, "/audits?state=pending", "")
	var list struct {
		Audits []sim.Audit `json:"audits"`
	}
	if err := json.Unmarshal([]byte(pending.Raw), &list); err != nil || len(list.Audits) != 2 {
		t.Fatalf("pending audits after the round trip: %v %s", err, pending.Raw)
	}
	e.advance(10 * time.Second)
	if r := e.admin(http.MethodGet, "/audits?state=pending", ""); !strings.Contains(r.Raw, `"audits":[]`) {
		t.Fatalf("audits still pending after the advance: %s", r.Raw)
	}
	r := e.post("/wxa/get_store_info", tok, `{"poi_id":"`+sfzPendPoi+`"}`)
	business, _ := r.Body["business"].(map[string]any)
	info, _ := business["base_info"].(map[string]any)
	if info["status"] != json.Number("1") {
		t.Fatalf("the store in audit did not pass on advance: %s", r.Raw)
	}
	r = e.post("/wxa/search_map_poi", tok, `{"districtid":440105,"keyword":"FuzzPlace1"}`)
	if !strings.Contains(r.Raw, "FuzzPlace1") {
		t.Fatalf("the map POI in audit is not found after it passed: %s", r.Raw)
	}
	if err := sfzConsistent(sfzExport(t, e)); err != nil {
		t.Fatal(err)
	}
}

// sfzExport exports the state of e's mock.
func sfzExport(t *testing.T, e *env) *sim.State {
	t.Helper()
	st, err := e.m.Sim.Export()
	if err != nil {
		t.Fatal(err)
	}
	return st
}
