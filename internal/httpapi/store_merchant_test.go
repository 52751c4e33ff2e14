package httpapi_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

// The store family's errmsgs (seed 001, §2).
const (
	smMsgArgs     = "invalid args"
	smMsgMaterial = "你申请的名称需要补充相应资料进行审核,此时请求参数org_code和other_files需要填写"
	smMsgTaken    = "商家名称已被占用,请换一个重试"
	smMsgName     = "名称长度为4-30个字符(一个中文占两个字符),不能含有特殊字符及“微信”等保留字"
	smMsgReserved = "名称不能包含违反公众平台协议、相关法律法规和政策的内容,不得使用“微信”等保留字"
	smMsgIntro    = "介绍中不得含有虚假的、冒充、利用他人名义的、容易构成混淆、误认的、法律、法规和政策禁止的内容"
	smMsgModLimit = "头像或者简介修改达到每个月上限"
	smMsgInAudit  = "正在审核中,请勿重复提交"
	smMsgNoStore  = "请先成功创建门店后再调用"
	smMsgMedia    = "临时mediaid无效"
	smMsgNoPerm   = "没有权限"
)

// smBody is a JSON request body.
type smBody map[string]any

// smApplication is a valid apply_merchant body for a non-sensitive category
// (278 购物 / 279 综合商场) with head as the head image; over replaces or
// adds fields, and a nil value removes one.
func smApplication(head string, over smBody) smBody {
	b := smBody{"first_catid": 278, "second_catid": 279, "qualification_list": "", "headimg_mediaid": head,
		"nickname": "Happy Mart", "intro": "a corner shop", "org_code": "", "other_files": ""}
	for k, v := range over {
		if v == nil {
			delete(b, k)
		} else {
			b[k] = v
		}
	}
	return b
}

// smPost posts a JSON body.
func smPost(e *env, path, tok string, body smBody) resp {
	e.t.Helper()
	raw, err := json.Marshal(body)
	if err != nil {
		e.t.Fatalf("marshal: %v", err)
	}
	return e.post(path, tok, string(raw))
}

// smApply posts an application to path (apply_merchant or its alias).
func smApply(e *env, path, tok string, body smBody) resp {
	e.t.Helper()
	return smPost(e, path, tok, body)
}

// smModify posts modify_merchant.
func smModify(e *env, tok, head, intro string) resp {
	e.t.Helper()
	return smPost(e, "/wxa/modify_merchant", tok, smBody{"headimg_mediaid": head, "intro": intro})
}

// smAudit is get_merchant_audit_info's data.
type smAudit struct {
	AuditID uint64 `json:"audit_id"`
	Status  int    `json:"status"`
	Reason  string `json:"reason"`
}

// smAuditOf reads get_merchant_audit_info.
func smAuditOf(e *env, tok string) smAudit {
	e.t.Helper()
	r := e.do(http.MethodGet, "/wxa/get_merchant_audit_info?access_token="+tok, "")
	e.wantOK(r, "ok")
	var out struct {
		Data smAudit `json:"data"`
	}
	if err := json.Unmarshal([]byte(r.Raw), &out); err != nil {
		e.t.Fatalf("get_merchant_audit_info: %v\n%s", err, r.Raw)
	}
	return out.Data
}

// smNewApp creates an app through the control API.
func smNewApp(e *env, name string) (appid, sec string) {
	e.t.Helper()
	r := e.admin(http.MethodPost, "/apps", fmt.Sprintf(`{"name":%q}`, name))
	if r.Status != http.StatusOK {
		e.t.Fatalf("POST /apps: %d %s", r.Status, r.Raw)
	}
	appid, _ = r.Body["appid"].(string)
	sec, _ = r.Body["secret"].(string)
	if appid == "" || sec == "" {
		e.t.Fatalf("POST /apps: no appid or secret: %s", r.Raw)
	}
	return appid, sec
}

// smMerchant is a merchant as the state exports it.
type smMerchant struct {
	AppID             string `json:"appid"`
	FirstCatID        uint32 `json:"first_catid"`
	SecondCatID       uint32 `json:"second_catid"`
	QualificationList string `json:"qualification_list"`
	HeadImgMediaID    string `json:"headimg_mediaid"`
	Nickname          string `json:"nickname"`
	Intro             string `json:"intro"`
	OrgCode           string `json:"org_code"`
	OtherFiles        string `json:"other_files"`
	Status            int    `json:"status"`
	AuditID           uint64 `json:"audit_id"`
	Reason            string `json:"reason"`
	ModifyMonth       string `json:"modify_month"`
	ModifyCount       int    `json:"modify_count"`
}

// smMerchantOf returns the app's merchant from the state.
func smMerchantOf(e *env, appid string) smMerchant {
	e.t.Helper()
	var st struct {
		Merchants []smMerchant `json:"merchants"`
	}
	if err := json.Unmarshal([]byte(smState(e)), &st); err != nil {
		e.t.Fatalf("state: %v", err)
	}
	for _, m := range st.Merchants {
		if m.AppID == appid {
			return m
		}
	}
	e.t.Fatalf("no merchant of %s in the state", appid)
	return smMerchant{}
}

// smAuditRow is an audit of GET /__wxmock/audits.
type smAuditRow struct {
	AuditID uint64 `json:"audit_id"`
	AppID   string `json:"appid"`
	Kind    string `json:"kind"`
	State   string `json:"state"`
	DueAt   int64  `json:"due_at"`
	Planned string `json:"planned"`
	Reason  string `json:"reason"`
	Result  string `json:"result"`
}

// smAudits lists the audits of the control API.
func smAudits(e *env, query string) []smAuditRow {
	e.t.Helper()
	r := e.admin(http.MethodGet, "/audits"+query, "")
	if r.Status != http.StatusOK {
		e.t.Fatalf("GET audits: %d %s", r.Status, r.Raw)
	}
	var out struct {
		Audits []smAuditRow `json:"audits"`
	}
	if err := json.Unmarshal([]byte(r.Raw), &out); err != nil {
		e.t.Fatalf("GET audits: %v", err)
	}
	return out.Audits
}

// smApproved applies with a fresh head image and lets the audit pass; it
// returns the token and the head image's id.
func smApproved(e *env) (tok, head string) {
	e.t.Helper()
	tok = e.token()
	head = smUploaded(e, tok, "image", "head.jpg", smMagicJPG)
	e.wantOK(smApply(e, "/wxa/apply_merchant", tok, smApplication(head, nil)), "ok")
	e.advance(5 * time.Second)
	if a := smAuditOf(e, tok); a.Status != 1 {
		e.t.Fatalf("merchant not approved: %+v", a)
	}
	return tok, head
}

// smCategory is one merchant category.
type smCategory struct {
	ID       int    `json:"id"`
	Name     string `json:"name"`
	Level    int    `json:"level"`
	Father   *int   `json:"father"`
	Children []int  `json:"children"`
	Qualify  *struct {
		ExterList []struct {
			InnerList []struct {
				Name string `json:"name"`
			} `json:"inner_list"`
		} `json:"exter_list"`
	} `json:"qualify"`
	Scene         int `json:"scene"`
	SensitiveType int `json:"sensitive_type"`
}

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

func TestStoreMerchantApply(t *testing.T) {
	t.Parallel()
	for _, path := range []string{"/wxa/apply_merchant", "/wxa/applywxastore"} {
		t.Run(strings.TrimPrefix(path, "/wxa/"), func(t *testing.T) {
			t.Parallel()
			e := setup(t)
			tok := e.token()
			head := smUploaded(e, tok, "image", "head.jpg", smMagicJPG)
			e.wantOK(smApply(e, path, tok, smApplication(head, nil)), "ok")
			a := smAuditOf(e, tok)
			if a.Status != 2 || a.AuditID == 0 || a.Reason != "" {
				t.Fatalf("after apply: %+v, want status 2 with an audit_id", a)
			}
			diff(t, "merchant", smMerchant{AppID: appID, FirstCatID: 278, SecondCatID: 279, HeadImgMediaID: head,
				Nickname: "Happy Mart", Intro: "a corner shop", Status: 2, AuditID: a.AuditID}, smMerchantOf(e, appID))
			diff(t, "audits", []smAuditRow{{AuditID: a.AuditID, AppID: appID, Kind: "apply_merchant_audit_info",
				State: "pending", DueAt: start.Unix() + 5, Planned: "pass"}}, smAudits(e, "?appid="+appID))

			// A second application while in audit: 85050.
			before := smState(e)
			e.wantErr(smApply(e, path, tok, smApplication(head, nil)), 85050, smMsgInAudit)
			smUnchanged(e, "an application in audit", before)

			e.advance(4 * time.Second)
			diff(t, "after 4 s", smAudit{AuditID: a.AuditID, Status: 2}, smAuditOf(e, tok))
			e.advance(time.Second)
			diff(t, "after 5 s", smAudit{AuditID: a.AuditID, Status: 1}, smAuditOf(e, tok))

			// Approved: 43104, even with another nickname.
			before = smState(e)
			e.wantErr(smApply(e, path, tok, smApplication(head, smBody{"nickname": "Other Mart"})), 43104, smMsgNoPerm)
			smUnchanged(e, "an application once approved", before)
		})
	}
}

// TestStoreMerchantApplyAccepted lists applications that pass the checks.
func TestStoreMerchantApplyAccepted(t *testing.T) {
	t.Parallel()
	// ids are a few uploads of the app: head (jpg), png, and jpg images q1..q5.
	type ids map[string]string
	cases := []struct {
		name string
		body func(m ids) smBody
	}{
		{"四个字 is 6 wide", func(m ids) smBody { return smApplication(m["head"], smBody{"nickname": "四个字"}) }},
		{"4 ASCII", func(m ids) smBody { return smApplication(m["head"], smBody{"nickname": "abcd"}) }},
		{"中ab is 4 wide", func(m ids) smBody { return smApplication(m["head"], smBody{"nickname": "中ab"}) }},
		{"two Chinese characters are 4 wide", func(m ids) smBody { return smApplication(m["head"], smBody{"nickname": "好店"}) }},
		{"30 ASCII", func(m ids) smBody {
			return smApplication(m["head"], smBody{"nickname": strings.Repeat("a", 30)})
		}},
		{"15 Chinese characters are 30 wide", func(m ids) smBody {
			return smApplication(m["head"], smBody{"nickname": strings.Repeat("店", 15)})
		}},
		{"digits and a space", func(m ids) smBody { return smApplication(m["head"], smBody{"nickname": "Shop 24"}) }},
		{"png head image", func(m ids) smBody { return smApplication(m["png"], nil) }},
		{"sensitive category with one qualification", func(m ids) smBody {
			return smApplication(m["head"], smBody{"first_catid": 476, "second_catid": 477, "qualification_list": m["q1"]})
		}},
		{"sensitive 280 with one qualification", func(m ids) smBody {
			return smApplication(m["head"], smBody{"first_catid": 278, "second_catid": 280, "qualification_list": m["q1"]})
		}},
		{"five qualifications", func(m ids) smBody {
			return smApplication(m["head"], smBody{"first_catid": 476, "second_catid": 477,
				"qualification_list": strings.Join([]string{m["q1"], m["q2"], m["q3"], m["q4"], m["q5"]}, "|")})
		}},
		{"qualifications on a category that needs none", func(m ids) smBody {
			return smApplication(m["head"], smBody{"qualification_list": m["q1"]})
		}},
		{"optional fields left out", func(m ids) smBody {
			return smApplication(m["head"], smBody{"qualification_list": nil, "org_code": nil, "other_files": nil})
		}},
		{"中国 with org_code", func(m ids) smBody {
			return smApplication(m["head"], smBody{"nickname": "中国好店", "org_code": m["q1"]})
		}},
		{"官方 with org_code and other_files", func(m ids) smBody {
			return smApplication(m["head"], smBody{"nickname": "官方小店", "org_code": m["q1"], "other_files": m["q2"] + "|" + m["q3"]})
		}},
		{"旗舰 with org_code", func(m ids) smBody {
			return smApplication(m["head"], smBody{"nickname": "旗舰店铺", "org_code": m["q1"]})
		}},
		{"another first-level category", func(m ids) smBody {
			return smApplication(m["head"], smBody{"first_catid": 269, "second_catid": 275})
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := setup(t)
			tok := e.token()
			m := ids{"head": smUploaded(e, tok, "image", "head.jpg", smMagicJPG), "png": smUploaded(e, tok, "image", "head.png", smMagicPNG)}
			for i := 1; i <= 5; i++ {
				m[fmt.Sprintf("q%d", i)] = smUploaded(e, tok, "image", "licence.jpg", smMagicJPG)
			}
			body := tc.body(m)
			e.wantOK(smApply(e, "/wxa/apply_merchant", tok, body), "ok")
			got := smMerchantOf(e, appID)
			if got.Status != 2 || got.Nickname != body["nickname"] {
				t.Errorf("merchant after apply: %+v", got)
			}
		})
	}
}

func TestStoreMerchantApplyRejected(t *testing.T) {
	t.Parallel()
	// m holds uploads of the app: head (jpg), png, gif, voice, thumb, and
	// jpg images q1..q6.
	type ids map[string]string
	six := func(m ids) string {
		return strings.Join([]string{m["q1"], m["q2"], m["q3"], m["q4"], m["q5"], m["q6"]}, "|")
	}
	with := func(over smBody) func(m ids) smBody {
		return func(m ids) smBody { return smApplication(m["head"], over) }
	}
	cases := []struct {
		name string
		body func(m ids) smBody
		code int
		msg  string
	}{
		// 40097: categories.
		{"second not a child of first", with(smBody{"first_catid": 278, "second_catid": 477}), 40097, smMsgArgs},
		{"second of another first", with(smBody{"first_catid": 269, "second_catid": 279}), 40097, smMsgArgs},
		{"unknown first", with(smBody{"first_catid": 999, "second_catid": 279}), 40097, smMsgArgs},
		{"unknown second", with(smBody{"first_catid": 278, "second_catid": 999}), 40097, smMsgArgs},
		{"both unknown", with(smBody{"first_catid": 1, "second_catid": 2}), 40097, smMsgArgs},
		{"first is second-level", with(smBody{"first_catid": 279, "second_catid": 280}), 40097, smMsgArgs},
		{"first and second swapped", with(smBody{"first_catid": 279, "second_catid": 278}), 40097, smMsgArgs},
		{"root as first", with(smBody{"first_catid": 0, "second_catid": 278}), 40097, smMsgArgs},
		{"same id twice", with(smBody{"first_catid": 278, "second_catid": 278}), 40097, smMsgArgs},
		{"negative first", with(smBody{"first_catid": -278}), 40097, smMsgArgs},
		{"first_catid missing", with(smBody{"first_catid": nil}), 40097, smMsgArgs},
		// 40097: qualifications.
		{"sensitive 477 without qualification_list", with(smBody{"first_catid": 476, "second_catid": 477}), 40097, smMsgArgs},
		{"sensitive 280 without qualification_list", with(smBody{"first_catid": 278, "second_catid": 280}), 40097, smMsgArgs},
		{"sensitive without the field", with(smBody{"first_catid": 476, "second_catid": 477, "qualification_list": nil}), 40097, smMsgArgs},
		{"six qualifications", func(m ids) smBody {
			return smApplication(m["head"], smBody{"first_catid": 476, "second_catid": 477, "qualification_list": six(m)})
		}, 40097, smMsgArgs},
		{"six other_files", func(m ids) smBody {
			return smApplication(m["head"], smBody{"nickname": "中国好店", "org_code": m["q1"], "other_files": six(m)})
		}, 40097, smMsgArgs},
		// 40097 and 47001: the body's shape.
		{"intro missing", with(smBody{"intro": nil}), 40097, smMsgArgs},
		{"intro empty", with(smBody{"intro": ""}), 40097, smMsgArgs},
		{"headimg_mediaid missing", with(smBody{"headimg_mediaid": nil}), 40097, smMsgArgs},
		{"first_catid a string", with(smBody{"first_catid": "278"}), 47001, "data format error"},
		// 85056: media.
		{"unknown head image", with(smBody{"headimg_mediaid": "no-such-media"}), 85056, smMsgMedia},
		{"voice as head image", func(m ids) smBody { return smApplication(m["voice"], nil) }, 85056, smMsgMedia},
		{"thumb as head image", func(m ids) smBody { return smApplication(m["thumb"], nil) }, 85056, smMsgMedia},
		{"gif as head image", func(m ids) smBody { return smApplication(m["gif"], nil) }, 85056, smMsgMedia},
		{"bad qualification id", func(m ids) smBody {
			return smApplication(m["head"], smBody{"first_catid": 476, "second_catid": 477, "qualification_list": m["q1"] + "|no-such-media"})
		}, 85056, smMsgMedia},
		{"bad qualification id on a plain category", with(smBody{"qualification_list": "no-such-media"}), 85056, smMsgMedia},
		{"bad org_code id", with(smBody{"nickname": "中国好店", "org_code": "no-such-media"}), 85056, smMsgMedia},
		{"bad other_files id", func(m ids) smBody {
			return smApplication(m["head"], smBody{"nickname": "中国好店", "org_code": m["q1"], "other_files": "no-such-media"})
		}, 85056, smMsgMedia},
		// 85030: the nickname's width and characters.
		{"ab", with(smBody{"nickname": "ab"}), 85030, smMsgName},
		{"abc", with(smBody{"nickname": "abc"}), 85030, smMsgName},
		{"中a is 3 wide", with(smBody{"nickname": "中a"}), 85030, smMsgName},
		{"one Chinese character", with(smBody{"nickname": "店"}), 85030, smMsgName},
		{"empty nickname", with(smBody{"nickname": ""}), 85030, smMsgName},
		{"31 ASCII", with(smBody{"nickname": strings.Repeat("a", 31)}), 85030, smMsgName},
		{"16 Chinese characters are 32 wide", with(smBody{"nickname": strings.Repeat("店", 16)}), 85030, smMsgName},
		{"four spaces", with(smBody{"nickname": "    "}), 85030, smMsgName},
		{"a leading space", with(smBody{"nickname": " 小王便利"}), 85030, smMsgName},
		{"abc!", with(smBody{"nickname": "abc!"}), 85030, smMsgName},
		{"a hyphen", with(smBody{"nickname": "Happy-Mart"}), 85030, smMsgName},
		{"Chinese punctuation", with(smBody{"nickname": "好店，好货"}), 85030, smMsgName},
		{"an emoji", with(smBody{"nickname": "Happy🛒Mart"}), 85030, smMsgName},
		// 85033: reserved words.
		{"微信", with(smBody{"nickname": "微信小店"}), 85033, smMsgReserved},
		{"WeChat", with(smBody{"nickname": "WeChat Shop"}), 85033, smMsgReserved},
		{"wechat in lower case", with(smBody{"nickname": "mywechatshop"}), 85033, smMsgReserved},
		// 85024: names that need the business licence.
		{"中国 without org_code", with(smBody{"nickname": "中国好店"}), 85024, smMsgMaterial},
		{"官方 without org_code", with(smBody{"nickname": "官方小店"}), 85024, smMsgMaterial},
		{"旗舰 without org_code", with(smBody{"nickname": "旗舰店铺"}), 85024, smMsgMaterial},
		{"中国 with other_files only", func(m ids) smBody {
			return smApplication(m["head"], smBody{"nickname": "中国好店", "other_files": m["q1"]})
		}, 85024, smMsgMaterial},
		// 85036: the intro.
		{"冒充 in the intro", with(smBody{"intro": "我们冒充名牌"}), 85036, smMsgIntro},
		{"国家级 in the intro", with(smBody{"intro": "国家级品质"}), 85036, smMsgIntro},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := setup(t)
			tok := e.token()
			m := ids{
				"head":  smUploaded(e, tok, "image", "head.jpg", smMagicJPG),
				"png":   smUploaded(e, tok, "image", "head.png", smMagicPNG),
				"gif":   smUploaded(e, tok, "image", "head.gif", smMagicGIF),
				"voice": smUploaded(e, tok, "voice", "hello.mp3", smMagicMP3),
				"thumb": smUploaded(e, tok, "thumb", "thumb.jpg", smMagicJPG),
			}
			for i := 1; i <= 6; i++ {
				m[fmt.Sprintf("q%d", i)] = smUploaded(e, tok, "image", "licence.jpg", smMagicJPG)
			}
			before := smState(e)
			e.wantErr(smApply(e, "/wxa/apply_merchant", tok, tc.body(m)), tc.code, tc.msg)
			smUnchanged(e, "a rejected application", before)
			diff(t, "audit info", smAudit{}, smAuditOf(e, tok))
		})
	}
}

// TestStoreMerchantNicknameTaken checks 85029: a nickname another app's
// merchant holds in audit or approved.
func TestStoreMerchantNicknameTaken(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name  string
		intro string        // the other app's intro
		wait  time.Duration // how long its audit runs before we apply
		mine  string        // our nickname
		code  int
	}{
		{"in audit", "wxmock:hold", 0, "Shared Shop", 85029},
		{"in audit, other case", "a shop", 0, "SHARED SHOP", 85029},
		{"approved", "a shop", 5 * time.Second, "Shared Shop", 85029},
		{"failed", "a shop wxmock:fail", 5 * time.Second, "Shared Shop", 0},
		{"rejected", "a shop wxmock:reject", 5 * time.Second, "Shared Shop", 0},
		{"another name", "a shop", 5 * time.Second, "Shared Shop 2", 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := setup(t)
			id, sec := smNewApp(e, "rival")
			theirTok := e.tokenOf(id, sec)
			theirHead := smUploaded(e, theirTok, "image", "head.jpg", smMagicJPG)
			e.wantOK(smApply(e, "/wxa/apply_merchant", theirTok, smApplication(theirHead, smBody{"nickname": "Shared Shop", "intro": tc.intro})), "ok")
			if tc.wait > 0 {
				e.advance(tc.wait)
			}
			tok := e.token()
			head := smUploaded(e, tok, "image", "head.jpg", smMagicJPG)
			before := smState(e)
			r := smApply(e, "/wxa/applywxastore", tok, smApplication(head, smBody{"nickname": tc.mine}))
			if tc.code == 0 {
				e.wantOK(r, "ok")
				return
			}
			e.wantErr(r, tc.code, smMsgTaken)
			smUnchanged(e, "an application with a taken nickname", before)
		})
	}
}

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

func TestStoreMerchantModifyBeforeApproval(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name  string
		intro string // "": no application
	}{
		{"no application", ""},
		{"in audit", "a shop"},
		{"held", "a shop wxmock:hold"},
		{"failed", "a shop wxmock:fail"},
		{"rejected", "a shop wxmock:reject"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := setup(t)
			tok := e.token()
			head := smUploaded(e, tok, "image", "head.jpg", smMagicJPG)
			if tc.intro != "" {
				e.wantOK(smApply(e, "/wxa/apply_merchant", tok, smApplication(head, smBody{"intro": tc.intro})), "ok")
				if strings.Contains(tc.intro, "wxmock:fail") || strings.Contains(tc.intro, "wxmock:reject") {
					e.advance(5 * time.Second)
				}
			}
			before := smState(e)
			e.wantErr(smModify(e, tok, head, "new intro"), 85053, smMsgNoStore)
			e.wantErr(smModify(e, tok, "", ""), 85053, smMsgNoStore)
			smUnchanged(e, "modify before approval", before)
		})
	}
}

func TestStoreMerchantModify(t *testing.T) {
	t.Parallel()
	e := setup(t)
	tok, head := smApproved(e)
	base := smMerchantOf(e, appID)

	// Both empty: nothing changes, not even the monthly count.
	before := smState(e)
	e.wantOK(smModify(e, tok, "", ""), "ok")
	smUnchanged(e, "modify with both values empty", before)

	// A new intro keeps the head image.
	e.wantOK(smModify(e, tok, "", "open late"), "ok")
	got := smMerchantOf(e, appID)
	diff(t, "after a new intro", []string{head, "open late", "Happy Mart"}, []string{got.HeadImgMediaID, got.Intro, got.Nickname})

	// A new head image (png) keeps the intro.
	png := smUploaded(e, tok, "image", "new.png", smMagicPNG)
	e.wantOK(smModify(e, tok, png, ""), "ok")
	got = smMerchantOf(e, appID)
	diff(t, "after a new head image", []string{png, "open late"}, []string{got.HeadImgMediaID, got.Intro})

	// Both at once.
	jpg := smUploaded(e, tok, "image", "newer.jpg", smMagicJPG)
	e.wantOK(smModify(e, tok, jpg, "open all night"), "ok")
	got = smMerchantOf(e, appID)
	diff(t, "after both", []string{jpg, "open all night"}, []string{got.HeadImgMediaID, got.Intro})

	// The audit and the rest of the merchant stay.
	diff(t, "audit info", smAudit{AuditID: base.AuditID, Status: 1}, smAuditOf(e, tok))
	want := base
	want.HeadImgMediaID, want.Intro = got.HeadImgMediaID, got.Intro
	want.ModifyMonth, want.ModifyCount = got.ModifyMonth, got.ModifyCount
	diff(t, "merchant", want, got)
	diff(t, "changes counted", 3, got.ModifyCount)
}

func TestStoreMerchantModifyRejected(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		// prepare runs after approval and returns the modify body.
		prepare func(e *env, tok string) smBody
		code    int
		msg     string
	}{
		{"冒充 in the intro", func(*env, string) smBody { return smBody{"headimg_mediaid": "", "intro": "冒充名店"} }, 85036, smMsgIntro},
		{"国家级 with a good head image", func(e *env, tok string) smBody {
			return smBody{"headimg_mediaid": smUploaded(e, tok, "image", "h.jpg", smMagicJPG), "intro": "国家级"}
		}, 85036, smMsgIntro},
		{"unknown head image", func(*env, string) smBody { return smBody{"headimg_mediaid": "no-such-media", "intro": ""} }, 85056, smMsgMedia},
		{"unknown head image and a good intro", func(*env, string) smBody {
			return smBody{"headimg_mediaid": "no-such-media", "intro": "fine"}
		}, 85056, smMsgMedia},
		{"voice as head image", func(e *env, tok string) smBody {
			return smBody{"headimg_mediaid": smUploaded(e, tok, "voice", "a.amr", smMagicAMR), "intro": ""}
		}, 85056, smMsgMedia},
		{"thumb as head image", func(e *env, tok string) smBody {
			return smBody{"headimg_mediaid": smUploaded(e, tok, "thumb", "t.jpg", smMagicJPG), "intro": ""}
		}, 85056, smMsgMedia},
		// apply_merchant takes a jpg or png head image only, and modify_merchant
		// "直接复用创建门店小程序的错误码".
		{"gif as head image", func(e *env, tok string) smBody {
			return smBody{"headimg_mediaid": smUploaded(e, tok, "image", "h.gif", smMagicGIF), "intro": ""}
		}, 85056, smMsgMedia},
		{"expired head image", func(e *env, tok string) smBody {
			id := smUploaded(e, tok, "image", "h.jpg", smMagicJPG)
			e.advance(72 * time.Hour)
			return smBody{"headimg_mediaid": id, "intro": ""}
		}, 85056, smMsgMedia},
		{"another app's head image", func(e *env, _ string) smBody {
			appid, sec := smNewApp(e, "rival")
			return smBody{"headimg_mediaid": smUploaded(e, e.tokenOf(appid, sec), "image", "h.jpg", smMagicJPG), "intro": ""}
		}, 85056, smMsgMedia},
		{"intro missing", func(*env, string) smBody { return smBody{"headimg_mediaid": ""} }, 40097, smMsgArgs},
		{"headimg_mediaid missing", func(*env, string) smBody { return smBody{"intro": "x"} }, 40097, smMsgArgs},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := setup(t)
			smApproved(e)
			body := tc.prepare(e, e.token())
			tok := e.token()
			before := smState(e)
			e.wantErr(smPost(e, "/wxa/modify_merchant", tok, body), tc.code, tc.msg)
			smUnchanged(e, "a rejected modify", before)
		})
	}
}

// TestStoreMerchantModifyLimit checks five changes a China calendar month.
func TestStoreMerchantModifyLimit(t *testing.T) {
	t.Parallel()
	e := setup(t)
	tok, _ := smApproved(e) // 2024-01-24 14:00:32 in China
	for i := 1; i <= 5; i++ {
		e.wantOK(smModify(e, tok, "", fmt.Sprintf("intro %d", i)), "ok")
	}
	head := smUploaded(e, tok, "image", "h.jpg", smMagicJPG)
	before := smState(e)
	e.wantErr(smModify(e, tok, "", "intro 6"), 85049, smMsgModLimit)
	e.wantErr(smModify(e, tok, head, ""), 85049, smMsgModLimit)
	smUnchanged(e, "a sixth change", before)
	diff(t, "intro", "intro 5", smMerchantOf(e, appID).Intro)

	// 2024-01-31 23:59:59 in China (15:59:59 UTC) is still January.
	e.advance(time.Date(2024, 1, 31, 15, 59, 59, 0, time.UTC).Sub(e.m.Sim.Now()))
	tok = e.token()
	before = smState(e)
	e.wantErr(smModify(e, tok, "", "intro 6"), 85049, smMsgModLimit)
	smUnchanged(e, "a sixth change in January", before)

	// A second later it is February in China, still January in UTC.
	e.advance(time.Second)
	for i := 1; i <= 5; i++ {
		e.wantOK(smModify(e, tok, "", fmt.Sprintf("february %d", i)), "ok")
	}
	e.wantErr(smModify(e, tok, "", "february 6"), 85049, smMsgModLimit)
	diff(t, "intro", "february 5", smMerchantOf(e, appID).Intro)
}
