package httpapi_test

import (
	"encoding/base64"
	"encoding/json"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/wxmock/wxmock/internal/sim"
)

// TestStorePushEveryKind walks the store family through every audit and
// checks each push against its seed sample.
func TestStorePushEveryKind(t *testing.T) {
	t.Parallel()
	rc := spNewReceiver(t, nil)
	e := setup(t, spPushTo(rc, sim.PushPlain))
	tok := e.token()
	media := spUpload(t, e, tok)
	open := func(event string) (spEvent, int64) {
		t.Helper()
		now := spResolve(t, e)
		plain, _ := spOpen(t, spOne(t, rc.next()), sim.PushPlain, spToken, "", appID, "/wx")
		return spCheckEvent(t, plain, event, spOriginalID, now), now
	}

	// The merchant: failed (3), refused by its administrator (4), approved (1).
	for _, c := range []struct {
		intro  string
		status int
	}{{"fails wxmock:fail here", 3}, {"refused wxmock:reject here", 4}, {"a plain shop", 1}} {
		spApply(t, e, tok, media, "TestShop001", c.intro)
		auditID, _, _ := spMerchantAudit(t, e, tok)
		ev, _ := open("apply_merchant_audit_info")
		if ev.AuditID != auditID || ev.Status != c.status || (ev.Reason == "") != (c.status == 1) {
			t.Errorf("intro %q: push %+v, want audit %d status %d (reason only on failure)", c.intro, ev, auditID, c.status)
		}
		_, st, reason := spMerchantAudit(t, e, tok)
		if st != c.status || reason != ev.Reason {
			t.Errorf("intro %q: get_merchant_audit_info %d %q, push %d %q", c.intro, st, reason, ev.Status, ev.Reason)
		}
	}

	// A place on Tencent Maps: approved (0) with its map_poi_id, refused (1).
	createPOI := func(name, introduct string) uint64 {
		t.Helper()
		body, _ := json.Marshal(map[string]any{"name": name, "longitude": "113.323753357", "latitude": "23.0974903107",
			"province": "广东省", "city": "广州市", "district": "海珠区", "address": "TIT " + name, "category": "购物:综合商场",
			"telephone": "12345678901", "photo": "http://mmbiz.qpic.cn/p.png", "license": "http://mmbiz.qpic.cn/l.png",
			"introduct": introduct, "districtid": "440105"})
		r := e.post("/wxa/create_map_poi", tok, string(body))
		var out struct {
			Data struct {
				BaseID uint64 `json:"base_id"`
			} `json:"data"`
		}
		if err := json.Unmarshal([]byte(r.Raw), &out); err != nil || out.Data.BaseID == 0 {
			t.Fatalf("create_map_poi: %v %s", err, r.Raw)
		}
		return out.Data.BaseID
	}
	baseID := createPOI("spPlace", "test")
	poi, _ := open("create_map_poi_audit_info")
	if poi.AuditID != baseID || poi.Status != 0 || poi.Name != "spPlace" || poi.Address != "TIT spPlace" ||
		poi.Latitude != "23.0974903107" || poi.Longitude != "113.323753357" || poi.ShRemark == "" {
		t.Errorf("approved place: push %+v, want base_id %d, status 0 and the place's fields", poi, baseID)
	}
	if _, err := strconv.ParseUint(poi.MapPOIID, 10, 64); err != nil {
		t.Fatalf("approved place: map_poi_id %q is not a number", poi.MapPOIID)
	}
	badID := createPOI("spBadPlace", "wxmock:fail")
	bad, _ := open("create_map_poi_audit_info")
	if bad.AuditID != badID || bad.Status != 1 || bad.Name != "spBadPlace" || bad.ShRemark == "" {
		t.Errorf("refused place: push %+v, want base_id %d, status 1 and a remark", bad, badID)
	}

	// A store at the new place: failed (3), then approved (1).
	addStore := func(extra string) uint64 {
		t.Helper()
		body, _ := json.Marshal(map[string]any{"poi_id": "", "map_poi_id": poi.MapPOIID,
			"pic_list": `{"list":["http://mmbiz.qpic.cn/a.jpg"]}`, "contract_phone": "1111222222" + extra,
			"hour": "10:00-21:00", "credential": "22883878-0", "card_id": ""})
		r := e.post("/wxa/add_store", tok, string(body))
		var out struct {
			ErrCode int `json:"errcode"`
			Data    struct {
				AuditID uint64 `json:"audit_id"`
			} `json:"data"`
		}
		if err := json.Unmarshal([]byte(r.Raw), &out); err != nil || out.ErrCode != 0 || out.Data.AuditID == 0 {
			t.Fatalf("add_store: %v %s", err, r.Raw)
		}
		return out.Data.AuditID
	}
	failID := addStore(" wxmock:fail")
	failed, _ := open("add_store_audit_info")
	if failed.AuditID != failID || failed.Status != 3 || failed.Reason == "" || failed.IsUpgrade != 0 || failed.PoiID == "" {
		t.Errorf("failed store: push %+v, want audit %d status 3 with a reason, is_upgrade 0", failed, failID)
	}
	storeID := addStore("")
	store, _ := open("add_store_audit_info")
	if store.AuditID != storeID || store.Status != 1 || store.Reason != "" || store.IsUpgrade != 0 {
		t.Errorf("approved store: push %+v, want audit %d status 1, is_upgrade 0", store, storeID)
	}
	info := e.post("/wxa/get_store_info", tok, `{"poi_id": "`+store.PoiID+`"}`)
	if info.code() != 0 || !strings.Contains(info.Raw, `"poi_id":"`+store.PoiID+`"`) || !strings.Contains(info.Raw, `"status":1`) {
		t.Errorf("get_store_info of the pushed poiid %s: %s", store.PoiID, info.Raw)
	}

	// New pictures of the store: approved (1), then failed (3).
	update := func(pic, phone string) uint64 {
		t.Helper()
		body, _ := json.Marshal(map[string]any{"poi_id": store.PoiID, "hour": "10:00-21:00", "contract_phone": phone,
			"pic_list": `{"list":["` + pic + `"]}`, "card_id": ""})
		r := e.post("/wxa/update_store", tok, string(body))
		var out struct {
			ErrCode int `json:"errcode"`
			Data    struct {
				HasAuditID int    `json:"has_audit_id"`
				AuditID    uint64 `json:"audit_id"`
			} `json:"data"`
		}
		if err := json.Unmarshal([]byte(r.Raw), &out); err != nil || out.ErrCode != 0 || out.Data.HasAuditID != 1 {
			t.Fatalf("update_store: %v %s", err, r.Raw)
		}
		return out.Data.AuditID
	}
	picID := update("http://mmbiz.qpic.cn/b.jpg", "123456")
	pics, _ := open("modify_store_audit_info")
	if pics.AuditID != picID || pics.Status != 1 || pics.Reason != "" {
		t.Errorf("approved pictures: push %+v, want audit %d status 1", pics, picID)
	}
	badPicID := update("http://mmbiz.qpic.cn/c.jpg", "123456 wxmock:fail")
	badPics, _ := open("modify_store_audit_info")
	if badPics.AuditID != badPicID || badPics.Status != 3 || badPics.Reason == "" {
		t.Errorf("failed pictures: push %+v, want audit %d status 3 with a reason", badPics, badPicID)
	}

	// Every push came from the same administrator and is logged delivered.
	for _, p := range spPushes(t, e, "?appid="+appID) {
		if p.State != "delivered" || len(p.Attempts) != 1 {
			t.Errorf("push %d (%s): state %s, %d attempts", p.ID, p.Event, p.State, len(p.Attempts))
		}
	}
}

// TestStorePushSecondApp: an app created through the control API pushes
// with its own settings, original_id and appid.
func TestStorePushSecondApp(t *testing.T) {
	t.Parallel()
	rc := spNewReceiver(t, nil)
	e := setup(t, spPushTo(rc, sim.PushSafe))
	const key2, token2 = "ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210zyxwvut", "second456"
	r := e.admin(http.MethodPost, "/apps", `{"name": "second", "push": {"url": "`+rc.srv.URL+`/second?x=1", "token": "`+token2+`", "aes_key": "`+key2+`", "mode": "safe"}}`)
	var app struct {
		AppID      string `json:"appid"`
		Secret     string `json:"secret"`
		OriginalID string `json:"original_id"`
	}
	if err := json.Unmarshal([]byte(r.Raw), &app); r.Status != http.StatusOK || err != nil || app.AppID == "" {
		t.Fatalf("POST /apps: %d %v %s", r.Status, err, r.Raw)
	}
	if app.AppID == appID || app.OriginalID == spOriginalID || app.OriginalID == "" {
		t.Fatalf("second app %+v shares the default app's identifiers", app)
	}

	tok1, tok2 := e.token(), e.tokenOf(app.AppID, app.Secret)
	spApply(t, e, tok1, spUpload(t, e, tok1), "FirstShop", "the default app's shop")
	spApply(t, e, tok2, spUpload(t, e, tok2), "SecondShop", "the second app's shop")
	audit1, _, _ := spMerchantAudit(t, e, tok1)
	audit2, _, _ := spMerchantAudit(t, e, tok2)
	now := spResolve(t, e)

	reqs := rc.next()
	if len(reqs) != 2 {
		t.Fatalf("receiver got %d requests, want 2", len(reqs))
	}
	byPath := map[string]spReq{}
	for _, rq := range reqs {
		byPath[rq.Path] = rq
	}
	first, ok1 := byPath["/wx"]
	second, ok2 := byPath["/second"]
	if !ok1 || !ok2 {
		t.Fatalf("requests went to %v, want /wx and /second", slices.Sorted(maps.Keys(byPath)))
	}
	plain1, _ := spOpen(t, first, sim.PushSafe, spToken, spAESKey, appID, "/wx")
	plain2, outer2 := spOpen(t, second, sim.PushSafe, token2, key2, app.AppID, "/second")
	ev1 := spCheckEvent(t, plain1, "apply_merchant_audit_info", spOriginalID, now)
	ev2 := spCheckEvent(t, plain2, "apply_merchant_audit_info", app.OriginalID, now)
	if outer2.ToUserName != app.OriginalID {
		t.Errorf("second app's envelope ToUserName %q, want %s", outer2.ToUserName, app.OriginalID)
	}
	if ev1.AuditID != audit1 || ev2.AuditID != audit2 || audit1 == audit2 {
		t.Errorf("audit ids: pushes %d, %d; apps %d, %d", ev1.AuditID, ev2.AuditID, audit1, audit2)
	}
	if ev2.FromUserName != sim.AdminOpenID(app.AppID) || ev1.FromUserName == ev2.FromUserName {
		t.Errorf("FromUserName %q and %q: want each app's own administrator", ev1.FromUserName, ev2.FromUserName)
	}
	if ps := spPushes(t, e, "?appid="+app.AppID); len(ps) != 1 || ps[0].AppID != app.AppID || ps[0].State != "delivered" {
		t.Errorf("GET /pushes?appid=%s: %+v", app.AppID, ps)
	}
}

// TestStorePushAdminResolve: a held audit pushes nothing until the control
// API resolves it; the reason it gives arrives byte for byte, whatever XML
// it holds, and every message length pads correctly to blocks of 32.
func TestStorePushAdminResolve(t *testing.T) {
	t.Parallel()
	rc := spNewReceiver(t, nil)
	e := setup(t, spPushTo(rc, sim.PushSafe))
	tok := e.token()
	media := spUpload(t, e, tok)

	spApply(t, e, tok, media, "TestShop001", "held wxmock:hold")
	auditID, _, _ := spMerchantAudit(t, e, tok)
	spResolve(t, e)
	if got := rc.next(); len(got) != 0 {
		t.Fatalf("a held audit pushed %d times", len(got))
	}
	if _, st, _ := spMerchantAudit(t, e, tok); st != 2 {
		t.Fatalf("held audit: status %d, want 2", st)
	}
	spResolveAudit(t, e, auditID, `{"status": 4}`)
	spFlush(t, e)
	plain, _ := spOpen(t, spOne(t, rc.next()), sim.PushSafe, spToken, spAESKey, appID, "/wx")
	ev := spCheckEvent(t, plain, "apply_merchant_audit_info", spOriginalID, e.m.Sim.Now().Unix())
	if ev.AuditID != auditID || ev.Status != 4 || ev.Reason == "" {
		t.Errorf("refused by the admin API: %+v, want audit %d status 4 with a reason", ev, auditID)
	}

	// Reasons with markup, a CDATA terminator and non-ASCII text, then one
	// of each length from 1 to 32 so that the plaintext meets every
	// residue modulo 32, the aligned one included.
	reasons := []string{"a]]>b <c>&amp; \"q\" 'a' 中文理由 ]]]]>", "]]>"}
	for n := 1; n <= 32; n++ {
		reasons = append(reasons, strings.Repeat("r", n))
	}
	pads := map[int]bool{}
	for _, reason := range reasons {
		spApply(t, e, tok, media, "TestShop001", "held wxmock:hold")
		id, _, _ := spMerchantAudit(t, e, tok)
		b, _ := json.Marshal(map[string]any{"outcome": "fail", "reason": reason})
		spResolveAudit(t, e, id, string(b))
		spFlush(t, e)
		rq := spOne(t, rc.next())
		plain, outer := spOpen(t, rq, sim.PushSafe, spToken, spAESKey, appID, "/wx")
		ev := spParse(t, plain)
		if ev.AuditID != id || ev.Status != 3 || ev.Reason != reason {
			t.Errorf("reason %q: push %+v", reason, ev)
		}
		ct, _ := base64.StdEncoding.DecodeString(outer.Encrypt)
		pad := len(ct) - 20 - len(plain) - len(appID)
		if pad < 1 || pad > 32 {
			t.Errorf("reason %q: %d bytes of padding", reason, pad)
		}
		pads[pad] = true
	}
	if !pads[32] {
		t.Errorf("no message was aligned to 32 bytes: pads seen %v", slices.Sorted(maps.Keys(pads)))
	}
}
