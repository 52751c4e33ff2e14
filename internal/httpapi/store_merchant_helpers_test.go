package httpapi_test

import (
	"encoding/json"
	"fmt"
	"net/http"
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
