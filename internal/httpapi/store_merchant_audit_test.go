package httpapi_test

import (
	"fmt"
	"net/http"
	"testing"
	"time"
)

// TestStoreMerchantMagic checks the outcomes the intro's magic values choose.
func TestStoreMerchantMagic(t *testing.T) {
	t.Parallel()
	cases := []struct {
		intro  string
		status int
		reason bool
	}{
		{"a corner shop", 1, false},
		{"a corner shop wxmock:fail", 3, true},
		{"wxmock:reject a corner shop", 4, true},
	}
	for _, tc := range cases {
		t.Run(tc.intro, func(t *testing.T) {
			t.Parallel()
			e := setup(t)
			tok := e.token()
			head := smUploaded(e, tok, "image", "head.jpg", smMagicJPG)
			e.wantOK(smApply(e, "/wxa/apply_merchant", tok, smApplication(head, smBody{"intro": tc.intro})), "ok")
			id := smAuditOf(e, tok).AuditID
			diff(t, "before the audit", smAudit{AuditID: id, Status: 2}, smAuditOf(e, tok))
			e.advance(5 * time.Second)
			got := smAuditOf(e, tok)
			if got.AuditID != id || got.Status != tc.status || (got.Reason != "") != tc.reason {
				t.Errorf("after the audit: %+v, want status %d (reason: %v)", got, tc.status, tc.reason)
			}
			rows := smAudits(e, "?appid="+appID)
			if len(rows) != 1 || rows[0].State != "resolved" {
				t.Errorf("audits: %+v", rows)
			}
		})
	}
}

// TestStoreMerchantHold resolves a held audit through the control API.
func TestStoreMerchantHold(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name       string
		resolve    string
		status     int
		reason     string // "" with wantReason: any reason
		wantReason bool
		result     string
	}{
		{"status 3 with a reason", `{"status":3,"reason":"证件不清晰"}`, 3, "证件不清晰", true, "fail"},
		{"status 4", `{"status":4,"reason":"管理员拒绝"}`, 4, "管理员拒绝", true, "reject"},
		{"status 1", `{"status":1}`, 1, "", false, "pass"},
		{"outcome reject", `{"outcome":"reject"}`, 4, "", true, "reject"},
		{"outcome fail", `{"outcome":"fail","reason":"名称不符"}`, 3, "名称不符", true, "fail"},
		{"empty body passes", ``, 1, "", false, "pass"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := setup(t)
			tok := e.token()
			head := smUploaded(e, tok, "image", "head.jpg", smMagicJPG)
			e.wantOK(smApply(e, "/wxa/apply_merchant", tok, smApplication(head, smBody{"intro": "a shop wxmock:hold"})), "ok")
			e.advance(time.Hour)
			a := smAuditOf(e, tok)
			diff(t, "after an hour", smAudit{AuditID: a.AuditID, Status: 2}, a)
			diff(t, "pending audits", []smAuditRow{{AuditID: a.AuditID, AppID: appID, Kind: "apply_merchant_audit_info",
				State: "pending", Planned: "pass"}}, smAudits(e, "?state=pending"))

			path := fmt.Sprintf("/audits/%d/resolve", a.AuditID)
			// A status that is not a merchant audit's result: 400, no change.
			before := smState(e)
			for _, bad := range []string{`{"status":0}`, `{"status":2}`, `{"outcome":"maybe"}`, `{"status":"3"}`, `{"verdict":"pass"}`} {
				if r := e.admin(http.MethodPost, path, bad); r.Status != http.StatusBadRequest {
					t.Errorf("resolve %s: %d %s, want 400", bad, r.Status, r.Raw)
				}
			}
			smUnchanged(e, "a bad resolve", before)
			for _, p := range []string{"/audits/999/resolve", "/audits/abc/resolve", fmt.Sprintf("/audits/%d/resolve", a.AuditID+1)} {
				if r := e.admin(http.MethodPost, p, tc.resolve); r.Status != http.StatusNotFound {
					t.Errorf("resolve %s: %d %s, want 404", p, r.Status, r.Raw)
				}
			}
			smUnchanged(e, "resolving an unknown audit", before)

			if r := e.admin(http.MethodPost, path, tc.resolve); r.Status != http.StatusOK {
				t.Fatalf("resolve %s: %d %s", tc.resolve, r.Status, r.Raw)
			}
			got := smAuditOf(e, tok)
			if got.AuditID != a.AuditID || got.Status != tc.status || (got.Reason != "") != tc.wantReason ||
				(tc.reason != "" && got.Reason != tc.reason) {
				t.Errorf("after resolve: %+v, want status %d reason %q", got, tc.status, tc.reason)
			}
			rows := smAudits(e, "")
			if len(rows) != 1 || rows[0].State != "resolved" || rows[0].Result != tc.result || rows[0].Reason != got.Reason {
				t.Errorf("audits after resolve: %+v, want resolved %s", rows, tc.result)
			}
			diff(t, "pending audits", 0, len(smAudits(e, "?state=pending")))

			before = smState(e)
			if r := e.admin(http.MethodPost, path, tc.resolve); r.Status != http.StatusConflict {
				t.Errorf("second resolve: %d %s, want 409", r.Status, r.Raw)
			}
			if r := e.admin(http.MethodPost, path, `{"status":1}`); r.Status != http.StatusConflict {
				t.Errorf("resolve again with another status: %d %s, want 409", r.Status, r.Raw)
			}
			smUnchanged(e, "a second resolve", before)
		})
	}
}

// TestStoreMerchantReapply applies again after a failed or refused audit.
func TestStoreMerchantReapply(t *testing.T) {
	t.Parallel()
	for _, magic := range []string{"wxmock:fail", "wxmock:reject"} {
		t.Run(magic, func(t *testing.T) {
			t.Parallel()
			e := setup(t)
			tok := e.token()
			head := smUploaded(e, tok, "image", "head.jpg", smMagicJPG)
			e.wantOK(smApply(e, "/wxa/apply_merchant", tok, smApplication(head, smBody{"intro": "a shop " + magic})), "ok")
			e.advance(5 * time.Second)
			first := smAuditOf(e, tok)
			if first.Status != 3 && first.Status != 4 {
				t.Fatalf("first audit: %+v", first)
			}
			// Not a merchant yet.
			e.wantErr(smModify(e, tok, "", "new intro"), 85053, smMsgNoStore)
			// The same nickname again, by the same app.
			e.wantOK(smApply(e, "/wxa/applywxastore", tok, smApplication(head, smBody{"intro": "a better shop"})), "ok")
			second := smAuditOf(e, tok)
			if second.Status != 2 || second.AuditID == first.AuditID || second.Reason != "" {
				t.Errorf("second application: %+v after %+v", second, first)
			}
			e.advance(5 * time.Second)
			diff(t, "second audit", smAudit{AuditID: second.AuditID, Status: 1}, smAuditOf(e, tok))
			diff(t, "intro", "a better shop", smMerchantOf(e, appID).Intro)
		})
	}
}
