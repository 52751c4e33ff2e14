package httpapi_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
)

func TestStoreMerchantCategory(t *testing.T) {
	t.Parallel()
	for _, method := range []string{http.MethodGet, http.MethodPost} {
		t.Run(method, func(t *testing.T) {
			t.Parallel()
			e := setup(t)
			r := e.do(method, "/wxa/get_merchant_category?access_token="+e.token(), "")
			e.wantOK(r, "ok")
			var doc struct {
				Data struct {
					AllCategoryInfo struct {
						Categories []smCategory `json:"categories"`
					} `json:"all_category_info"`
				} `json:"data"`
			}
			if err := json.Unmarshal([]byte(r.Raw), &doc); err != nil {
				t.Fatalf("decode: %v", err)
			}
			cats := doc.Data.AllCategoryInfo.Categories
			byID := map[int]smCategory{}
			for _, c := range cats {
				if _, dup := byID[c.ID]; dup {
					t.Errorf("category %d listed twice", c.ID)
				}
				byID[c.ID] = c
			}
			root, ok := byID[0]
			if !ok || root.Name != "root" || root.Level != 0 || len(root.Children) == 0 {
				t.Fatalf("root: %+v", root)
			}
			for _, id := range []int{269, 278, 279, 280, 476, 477} {
				if _, ok := byID[id]; !ok {
					t.Errorf("category %d missing", id)
				}
			}
			// The tree is consistent: a child names its parent, one level down.
			for _, c := range cats {
				for _, child := range c.Children {
					k, ok := byID[child]
					if !ok {
						t.Errorf("category %d lists unknown child %d", c.ID, child)
						continue
					}
					if k.Father == nil || *k.Father != c.ID || k.Level != c.Level+1 {
						t.Errorf("child %d of %d (level %d): father %v, level %d", child, c.ID, c.Level, k.Father, k.Level)
					}
				}
			}
			for _, want := range []struct{ parent, child, level int }{{0, 269, 1}, {0, 278, 1}, {0, 476, 1}, {278, 279, 2}, {278, 280, 2}, {476, 477, 2}} {
				if !strings.Contains(fmt.Sprint(byID[want.parent].Children), fmt.Sprint(want.child)) {
					t.Errorf("%d is not among the children of %d: %v", want.child, want.parent, byID[want.parent].Children)
				}
				diff(t, fmt.Sprintf("level of %d", want.child), want.level, byID[want.child].Level)
			}
			diff(t, "names", []string{"美食", "购物", "综合商场", "便利店", "医疗保健", "药店"},
				[]string{byID[269].Name, byID[278].Name, byID[279].Name, byID[280].Name, byID[476].Name, byID[477].Name})
			for _, id := range []int{280, 477} {
				c := byID[id]
				if c.SensitiveType != 1 || c.Qualify == nil || len(c.Qualify.ExterList) == 0 ||
					len(c.Qualify.ExterList[0].InnerList) == 0 || c.Qualify.ExterList[0].InnerList[0].Name == "" {
					t.Errorf("category %d: want sensitive_type 1 and a qualification to name, got %+v", id, c)
				}
			}
			if !strings.Contains(byID[280].Qualify.ExterList[0].InnerList[0].Name, "食品经营许可证") {
				t.Errorf("280's qualification: %+v", byID[280].Qualify)
			}
			diff(t, "sensitive_type of 279", 0, byID[279].SensitiveType)
		})
	}
}

func TestStoreMerchantCategoryToken(t *testing.T) {
	t.Parallel()
	e := setup(t)
	e.wantErr(e.do(http.MethodGet, "/wxa/get_merchant_category", ""), 41001, "access_token missing")
	e.wantErr(e.do(http.MethodGet, "/wxa/get_merchant_audit_info", ""), 41001, "access_token missing")
	e.wantErr(e.do(http.MethodGet, "/wxa/get_district", ""), 41001, "access_token missing")
	tok := e.token()
	e.wantErr(e.do(http.MethodGet, "/wxa/apply_merchant?access_token="+tok, ""), 43002, "require POST method")
	e.wantErr(e.do(http.MethodGet, "/wxa/applywxastore?access_token="+tok, ""), 43002, "require POST method")
	e.wantErr(e.do(http.MethodGet, "/wxa/modify_merchant?access_token="+tok, ""), 43002, "require POST method")
}

func TestStoreMerchantDistrict(t *testing.T) {
	t.Parallel()
	type region struct {
		ID       string `json:"id"`
		Name     string `json:"name"`
		FullName string `json:"fullname"`
		Cidx     []int  `json:"cidx"`
	}
	for _, method := range []string{http.MethodGet, http.MethodPost} {
		t.Run(method, func(t *testing.T) {
			t.Parallel()
			e := setup(t)
			r := e.do(method, "/wxa/get_district?access_token="+e.token(), "")
			if r.Status != http.StatusOK {
				t.Fatalf("status %d: %.300s", r.Status, r.Raw)
			}
			if _, has := r.Body["errcode"]; has {
				t.Errorf("get_district answered an errcode: %.300s", r.Raw)
			}
			var doc struct {
				Status  *int       `json:"status"`
				Message string     `json:"message"`
				Result  [][]region `json:"result"`
			}
			if err := json.Unmarshal([]byte(r.Raw), &doc); err != nil {
				t.Fatalf("decode: %v", err)
			}
			if doc.Status == nil || *doc.Status != 0 || doc.Message != "query ok" || len(doc.Result) != 3 {
				t.Fatalf("status %v, message %q, %d levels", doc.Status, doc.Message, len(doc.Result))
			}
			find := func(level int, id string) (int, region) {
				for i, g := range doc.Result[level] {
					if g.ID == id {
						return i, g
					}
				}
				t.Fatalf("region %s not in result[%d]", id, level)
				return 0, region{}
			}
			covers := func(parent region, idx int) bool {
				return len(parent.Cidx) == 2 && parent.Cidx[0] <= idx && idx <= parent.Cidx[1]
			}
			_, gd := find(0, "440000")
			diff(t, "广东", []string{"广东", "广东省"}, []string{gd.Name, gd.FullName})
			gzAt, gz := find(1, "440100")
			diff(t, "广州", []string{"广州", "广州市"}, []string{gz.Name, gz.FullName})
			if !covers(gd, gzAt) {
				t.Errorf("广东's cidx %v does not cover 广州 at %d", gd.Cidx, gzAt)
			}
			for _, d := range []struct{ id, name string }{{"440105", "海珠区"}, {"440106", "天河区"}} {
				at, g := find(2, d.id)
				diff(t, d.id, d.name, g.FullName)
				if !covers(gz, at) {
					t.Errorf("广州's cidx %v does not cover %s at %d", gz.Cidx, d.name, at)
				}
			}
		})
	}
}

func TestStoreMerchantAuditInfoBeforeApply(t *testing.T) {
	t.Parallel()
	e := setup(t)
	diff(t, "audit info", smAudit{}, smAuditOf(e, e.token()))
}
