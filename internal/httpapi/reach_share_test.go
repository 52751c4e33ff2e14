package httpapi_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/wxmock/wxmock/internal/sim"
)

// rchShare asks getsharematerial for promoter openid's share_path of path.
func (e *env) rchShare(tok, openid, path, extra string) string {
	e.t.Helper()
	r := e.post("/promoter/getsharematerial", tok, prJSON(e.t, prObj{"path": path, "openid": openid, "extra_info": extra, "share_type": 2}))
	e.wantOK(r, "OK")
	sp, _ := r.Body["share_path"].(string)
	return sp
}

// TestRelationBySharePath records users who open a promoter's share_path:
// the material names the promoter, the path and share_extra_info
// ("extra_info ... 会在 getrelation 与 getorder 中以 share_extra_info 返回",
// the promote_date page), until it expires after 30 days.
func TestRelationBySharePath(t *testing.T) {
	e, tok := rchSetup(t)
	sp := e.rchShare(tok, rchA, "pages/goods/index?id=7", "spring")
	other := e.rchShare(tok, rchB, "pages/index/index", "")

	rows := e.rchRelations(prObj{"share_path": sp, "openid": rchUser(1)}, prObj{"share_path": sp, "path": "pages/x", "share_extra_info": "own"})
	got := []prObj{
		{"promoter": rows[0].PromoterOpenID, "path": rows[0].Path, "extra": rows[0].ShareExtraInfo, "retail": rows[0].RetailID},
		{"promoter": rows[1].PromoterOpenID, "path": rows[1].Path, "extra": rows[1].ShareExtraInfo, "retail": rows[1].RetailID},
	}
	want := []prObj{
		{"promoter": rchA, "path": sp, "extra": "spring", "retail": "s1"},
		{"promoter": rchA, "path": "pages/x", "extra": "own", "retail": "s1"},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("relations by share_path mismatch (-want +got):\n%s", d)
	}
	// An order may name its reach by share_path too.
	orders := e.rchOrders(prObj{"share_path": sp, "mch_id": "1900000109", "out_trade_no": "o-1", "paid_amount": 100})
	if orders[0].PromoterOpenID != rchA || orders[0].ShareExtraInfo != "spring" {
		t.Errorf("order by share_path: promoter %s, share_extra_info %q; want %s, spring", orders[0].PromoterOpenID, orders[0].ShareExtraInfo, rchA)
	}

	before := e.admin(http.MethodGet, "/state", "").Raw
	for _, c := range []struct {
		name   string
		item   prObj
		status int
	}{
		{"unknown code", prObj{"share_path": "pages/goods/index?id=7&promoter_share=NoSuchCode"}, http.StatusNotFound},
		{"no code at all", prObj{"share_path": "pages/goods/index"}, http.StatusNotFound},
		{"the code on another page", prObj{"share_path": "pages/other?promoter_share=" + sim.ShareCodeOf(sp)}, http.StatusNotFound},
		{"the code with more parameters", prObj{"share_path": sp + "&junk=" + strings.Repeat("a", 3000)}, http.StatusNotFound},
		{"another promoter's material", prObj{"share_path": other, "promoter_openid": rchA}, http.StatusBadRequest},
		{"neither promoter nor share_path", prObj{"path": "pages/x"}, http.StatusBadRequest},
	} {
		if r := e.prIn(t).rchAddRelations(c.item); r.Status != c.status {
			t.Errorf("%s: status %d, want %d: %s", c.name, r.Status, c.status, r.Raw)
		}
	}
	if after := e.admin(http.MethodGet, "/state", "").Raw; after != before {
		t.Errorf("a refused relation changed the state")
	}

	// The same promoter named both ways is fine.
	e.rchRelations(prObj{"share_path": sp, "promoter_openid": rchA})
	e.advance(30 * 24 * time.Hour)
	if r := e.rchAddRelations(prObj{"share_path": sp}); r.Status != http.StatusConflict {
		t.Errorf("expired material: status %d, want 409: %s", r.Status, r.Raw)
	}
}
