package httpapi_test

import (
	"encoding/json"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/wxmock/wxmock/internal/fixtures"
	"github.com/wxmock/wxmock/internal/mock"
	"github.com/wxmock/wxmock/internal/sim"
)

// Tests of the store family's rows in PUT /__wxmock/state (prefix stl).

// stlPoi are the poi_ids of stlRich's stores.
type stlPoi struct {
	approved, failed, pending, deleted, appB, migrated string
}

// stlRich fills three apps with every kind of store family row: approved
// merchants with their media, created places approved, pending and
// refused, stores approved (with a picture audit pending), failed,
// pending and deleted in audit, another app's store at the same place,
// and a migrated legacy store.
func stlRich(t *testing.T) (*env, stlPoi) {
	t.Helper()
	e := setup(t)
	tok, tokB, tokL := e.token(), ssAppBToken(e), ssLegacyToken(e)
	for _, k := range []string{tok, tokB, tokL} {
		ssMerchant(e, k)
	}
	place := ssApprovedPOI(e, tok, "StlPlace")
	ssCreatePOI(e, tok, map[string]any{"name": "StlHeld wxmock:hold"})
	ssCreatePOI(e, tokB, map[string]any{"name": "StlRefused wxmock:fail"})
	var p stlPoi
	p.approved = ssAdd(e, tok, ssStoreBody(ssXMax, "STL-A", map[string]any{"qualification_list": ssUpload(e, tok)}))
	p.failed = ssAdd(e, tok, ssStoreBody(ssRongyi, "STL-F wxmock:fail", nil))
	p.appB = ssAdd(e, tokB, ssStoreBody(ssXMax, "STL-B", nil))
	p.migrated = ssAdd(e, tokL, ssStoreBody(ssRongyi, "STL-M", map[string]any{"poi_id": "285633617"}))
	e.advance(5 * time.Second)
	update := ssJSON(map[string]any{"poi_id": p.approved, "hour": "09:00-21:00", "contract_phone": "020-1",
		"pic_list": ssPics(ssPic2 + "?wxmock:hold"), "card_id": ""})
	if r := e.post("/wxa/update_store", tok, update); r.code() != 0 {
		t.Fatalf("update_store: %s", r.Raw)
	}
	p.pending = ssAdd(e, tok, ssStoreBody(place, "STL-P wxmock:hold", nil))
	p.deleted = ssAdd(e, tok, ssStoreBody(ssHetian, "STL-D wxmock:hold", nil))
	e.wantOK(e.post("/wxa/del_store", tok, ssJSON(map[string]any{"poi_id": p.deleted})), "ok")
	return e, p
}

// TestStoreStateRichRoundTrip: an export of a state holding every kind of
// store family row imports into the same server, a fresh one and a new
// mock's initial state, and exports the same bytes each time.
func TestStoreStateRichRoundTrip(t *testing.T) {
	t.Parallel()
	e, _ := stlRich(t)
	exported := e.admState()
	var st sim.State
	admDecode(t, resp{Raw: exported}, &st)
	kinds := map[string]int{}
	for _, a := range st.Audits {
		kinds[a.Kind+" "+a.State+" "+a.Result]++
	}
	diff(t, "audits", map[string]int{
		sim.AuditMerchant + " resolved pass": 3,
		sim.AuditMapPOI + " resolved pass":   1, sim.AuditMapPOI + " pending ": 1, sim.AuditMapPOI + " resolved fail": 1,
		sim.AuditStore + " resolved pass": 3, sim.AuditStore + " resolved fail": 1, sim.AuditStore + " pending ": 2,
		sim.AuditPictures + " pending ": 1,
	}, kinds)
	if len(st.Merchants) != 3 || len(st.MapPOIs) != 3 || len(st.Stores) != 5 || len(st.Media) != 4 || len(st.LegacyStores) != 6 || len(st.Sequences) != 3 {
		t.Fatalf("state holds %d merchants, %d places, %d stores, %d media, %d legacy stores, %d sequences; want 3, 3, 5, 4, 6, 3",
			len(st.Merchants), len(st.MapPOIs), len(st.Stores), len(st.Media), len(st.LegacyStores), len(st.Sequences))
	}

	admStatus(t, e.admin(http.MethodPut, "/state", exported), http.StatusOK)
	diff(t, "state after PUT", exported, e.admState())
	fresh := setup(t)
	admStatus(t, fresh.admin(http.MethodPut, "/state", exported), http.StatusOK)
	diff(t, "state of another server", exported, fresh.admState())

	initial, err := fixtures.ParseState([]byte(exported))
	if err != nil {
		t.Fatal(err)
	}
	started := setup(t, func(o *mock.Options) { o.Initial = initial })
	diff(t, "initial state of a new mock", exported, started.admState())
	// The held audits still resolve, and their subjects with them.
	for _, a := range ssAudits(started) {
		if a.State == sim.AuditPending {
			admStatus(t, started.admin(http.MethodPost, "/audits/"+strconv.FormatUint(a.AuditID, 10)+"/resolve", `{"outcome":"pass"}`), http.StatusOK)
		}
	}
	var after sim.State
	admDecode(t, resp{Raw: started.admState()}, &after)
	for _, s := range after.Stores {
		if s.Status == sim.StoreAuditing || s.PictureAuditID != 0 {
			t.Errorf("store %s still in audit: %+v", s.PoiID, s)
		}
	}
	if b, err := json.Marshal(after); err != nil || e.admin(http.MethodPut, "/state", string(b)).Status != http.StatusOK {
		t.Errorf("the state after every audit resolved does not import: %v", err)
	}
}

// stlMax64 is 2^64-1, the id that wrapped to 0.
const stlMax64 = json.Number("18446744073709551615")

// TestStoreStatePutSequences: ids drawn from the global sequences, and the
// sequences themselves, lie in the sequences' ranges, so no sequence wraps
// to 0, and none but msg's (which follows imported msg_ids) stands below
// its start.
func TestStoreStatePutSequences(t *testing.T) {
	t.Parallel()
	seq := func(name string, next any) func(*testing.T, stlDoc, stlPoi) []string {
		return func(_ *testing.T, d stlDoc, _ stlPoi) []string {
			return []string{d.sequence(name, next) + ": ", "next of " + name}
		}
	}
	// deletedAudit is the audit of the store deleted in audit: no row names it.
	deletedAudit := func(kv ...any) func(*testing.T, stlDoc, stlPoi) []string {
		return func(t *testing.T, d stlDoc, p stlPoi) []string {
			row, a := d.row(t, "audits", "kind", sim.AuditStore, "subject", p.deleted)
			stlSet(a, kv...)
			return []string{row + ": ", kv[0].(string)}
		}
	}
	store := func(poi func(stlPoi) string, kv ...any) func(*testing.T, stlDoc, stlPoi) []string {
		return func(t *testing.T, d stlDoc, p stlPoi) []string {
			row, s := d.row(t, "stores", "poi_id", poi(p))
			stlSet(s, kv...)
			return []string{row + ": ", kv[0].(string)}
		}
	}
	approved := func(p stlPoi) string { return p.approved }
	counters := func(field string, v any) func(*testing.T, stlDoc, stlPoi) []string {
		return func(t *testing.T, d stlDoc, _ stlPoi) []string {
			row, c := d.row(t, "counters", "appid", appID)
			stlSet(c, field, v)
			return []string{row + ": ", field}
		}
	}
	tests := []stlCase{
		{"audit sequence at 2^64-1", seq("audit", stlMax64)},
		{"audit sequence past 2^53", seq("audit", json.Number("9007199254740993"))},
		{"msg sequence at 2^64-1", seq("msg", stlMax64)},
		{"poi sequence below its start", seq("poi", 5)},
		{"map_poi sequence at 0", seq("map_poi", 0)},
		{"msg sequence at 0", seq("msg", 0)},
		{"sequence of an unknown name", func(_ *testing.T, d stlDoc, _ stlPoi) []string {
			return []string{d.sequence("audits", 414569600) + ": ", `unknown name "audits"`}
		}},
		{"audit_id 2^64-1", deletedAudit("audit_id", stlMax64)},
		{"audit_id 2^53", deletedAudit("audit_id", json.Number("9007199254740992"))},
		{"audit_id below the sequence's start", deletedAudit("audit_id", 7)},
		{"map POI rich_id 2^64-1", func(t *testing.T, d stlDoc, _ stlPoi) []string {
			row, m := d.row(t, "map_pois", "name", "StlHeld wxmock:hold")
			stlSet(m, "rich_id", stlMax64)
			return []string{row + ": ", "rich_id"}
		}},
		// The per-app sequences of the promoter family, for completeness.
		{"next_promoter_id 2^64-1", counters("next_promoter_id", stlMax64)},
		{"next_role_id 2^32-1", counters("next_role_id", 4294967295)},
		{"next_relation_id 2^64-1", counters("next_relation_id", stlMax64)},
		{"next_order_id 2^64-1", counters("next_order_id", stlMax64)},
		{"store poi_id 2^64-1", store(approved, "poi_id", string(stlMax64))},
		{"store poi_id not a number", store(approved, "poi_id", "abc")},
		{"store poi_id with a leading zero", store(approved, "poi_id", "0472671857")},
	}
	stlRefused(t, tests)
}

// TestStateMsgIDsBelowTheSequence: messages imported with msg_ids below
// the msg sequence's start move the sequence past them (as
// TestGetMsgOldestForgotten relies on), and the export of their import
// imports again.
func TestStateMsgIDsBelowTheSequence(t *testing.T) {
	t.Parallel()
	e := setup(t)
	tok, _, _ := e.pmBusy()
	d := stlDecode(t, e.admState())
	for i, m := range d["messages"].([]any) {
		stlSet(m.(map[string]any), "msg_id", 5+i)
	}
	d["sequences"] = []any{}
	admStatus(t, e.admin(http.MethodPut, "/state", prJSON(t, d)), http.StatusOK)
	exported := e.admState()
	admStatus(t, e.admin(http.MethodPut, "/state", exported), http.StatusOK)
	diff(t, "state after a second import", exported, e.admState())
	diff(t, "next msg_id", "8", e.pmSend(tok, nil))
}
