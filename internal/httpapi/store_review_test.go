package httpapi_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/wxmock/wxmock/internal/httpapi"
	"github.com/wxmock/wxmock/internal/mock"
)

// These tests pin what the review of the store family found.

const rvPlace = "2708071440732747189" // the seed's X-MAX工厂 in 海珠区

// TestStoreReviewLegacyCannotTakeAStore: a legacy store may not be given a
// poi_id a store already holds, so migrating it cannot overwrite that store.
func TestStoreReviewLegacyCannotTakeAStore(t *testing.T) {
	t.Parallel()
	e := setup(t)
	tok := e.token()
	ssMerchant(e, tok)
	poi := ssAdd(e, tok, ssStoreBody(rvPlace, "rv-credential-1", nil))
	e.advance(5 * time.Second)
	before := ssState(e)
	r := e.admin(http.MethodPost, "/legacy_stores", `{"appid":"`+mock.LegacyAppID+`","poi_id":"`+poi+`","mapid":"`+rvPlace+`","upgrade_status":0}`)
	if r.Status != http.StatusBadRequest {
		t.Fatalf("legacy store over a store: %d %s, want 400", r.Status, r.Raw)
	}
	diff(t, "state", before, ssState(e))
	if info := ssInfo(e, tok, poi); info.PoiID != poi {
		t.Errorf("the store is gone: %+v", info)
	}
}

// TestStoreReviewDeleteDuringMigration: deleting a store while its
// migration is in audit puts the legacy store back to 0 (待迁移), so it can
// be migrated again rather than stay 迁移中 for ever.
func TestStoreReviewDeleteDuringMigration(t *testing.T) {
	t.Parallel()
	e := setup(t)
	tok := ssLegacyToken(e)
	ssMerchant(e, tok)
	rows, _ := ssLegacy(e, tok, 0, 50)
	var poi string
	for _, r := range rows {
		if r.UpgradeStatus == 0 {
			poi = r.PoiID
			break
		}
	}
	if poi == "" {
		t.Fatal("no legacy store waiting to migrate")
	}
	got := ssAdd(e, tok, ssStoreBody(ssLegacyOf(e, tok, poi).MapID, "rv-credential-2", map[string]any{"poi_id": poi}))
	diff(t, "migrated store's poi_id", poi, got)
	diff(t, "upgrade_status in audit", 2, ssLegacyOf(e, tok, poi).UpgradeStatus)
	e.wantOK(e.post("/wxa/del_store", tok, `{"poi_id":"`+poi+`"}`), "ok")
	diff(t, "upgrade_status after the delete", 0, ssLegacyOf(e, tok, poi).UpgradeStatus)
	e.advance(5 * time.Second) // the orphaned audit resolves without harm
	diff(t, "upgrade_status after the audit", 0, ssLegacyOf(e, tok, poi).UpgradeStatus)
	ssAdd(e, tok, ssStoreBody(ssLegacyOf(e, tok, poi).MapID, "rv-credential-3", map[string]any{"poi_id": poi}))
}

// TestStoreReviewMediaListAsArray: SKIT's models send qualification_list
// as an array of ids; it is taken like "id1|id2" and noted in the journal.
func TestStoreReviewMediaListAsArray(t *testing.T) {
	t.Parallel()
	e := setup(t)
	tok := e.token()
	head, q1, q2 := ssUpload(e, tok), ssUpload(e, tok), ssUpload(e, tok)
	body := ssJSON(map[string]any{"first_catid": 476, "second_catid": 477, "qualification_list": []string{q1, q2},
		"headimg_mediaid": head, "nickname": "rv药房一号", "intro": "社区药房"})
	e.wantOK(e.post("/wxa/apply_merchant", tok, body), "ok")
	entries := e.m.HTTP.Journal().List(httpapi.Filter{Path: "/wxa/apply_merchant"})
	if len(entries) != 1 || !strings.Contains(strings.Join(entries[0].Notes, " "), "qualification_list sent as an array") {
		t.Errorf("journal notes %+v, want a note on the array", entries)
	}
	e2 := setup(t)
	tok2 := e2.token()
	bad := ssJSON(map[string]any{"first_catid": 476, "second_catid": 477, "qualification_list": []string{"no-such-media"},
		"headimg_mediaid": ssUpload(e2, tok2), "nickname": "rv药房二号", "intro": "社区药房"})
	e2.wantErr(e2.post("/wxa/apply_merchant", tok2, bad), 85056, "临时mediaid无效")
}

// TestStoreReviewImportedAudits: an imported audit of an unknown kind is
// refused, and new ids are drawn past the imported ones.
func TestStoreReviewImportedAudits(t *testing.T) {
	t.Parallel()
	e := setup(t)
	tok := e.token()
	ssApply(e, tok)
	doc := e.admin(http.MethodGet, "/state", "").Raw
	bad := strings.Replace(doc, `"kind":"apply_merchant_audit_info"`, `"kind":"bogus"`, 1)
	if r := e.admin(http.MethodPut, "/state", bad); r.Status != http.StatusBadRequest {
		t.Fatalf("audit of kind bogus: %d %s, want 400", r.Status, r.Raw)
	}
	// Without its sequences, the state still must not hand out the
	// merchant's audit id again.
	i := strings.Index(doc, `"sequences":[`)
	j := strings.Index(doc[i:], "]") + i
	noSeq := doc[:i] + `"sequences":[]` + doc[j+1:]
	if r := e.admin(http.MethodPut, "/state", noSeq); r.Status != http.StatusOK {
		t.Fatalf("PUT state without sequences: %d %s", r.Status, r.Raw)
	}
	tok = e.token()
	r := e.post("/wxa/create_map_poi", tok, `{"name":"rv","longitude":"113.3","latitude":"23.09","province":"广东省","city":"广州市","district":"海珠区","address":"x","category":"美食:中餐厅","telephone":"1","photo":"p","license":"l","introduct":"i","districtid":"440105"}`)
	if r.code() != 0 || strings.Contains(r.Raw, `"base_id":414569513`) {
		t.Fatalf("create_map_poi after the import: %s (must not reuse audit 414569513)", r.Raw)
	}
	audits := e.admin(http.MethodGet, "/audits", "").Raw
	if strings.Count(audits, `"audit_id":414569513`) != 1 {
		t.Errorf("audit 414569513 was replaced: %s", audits)
	}
}
