package httpapi

import (
	"strconv"

	"github.com/wxmock/wxmock/internal/sim"
)

// Wire types of the WeChat API, kept apart from the storage types of sim.
// Field order follows the documents' examples.

type tokenBody struct {
	AccessToken string `json:"access_token"`
	ExpiresIn   int64  `json:"expires_in"`
}

// okBody is the promoter family's bare success; it writes "OK" (seed 000).
type okBody struct {
	ErrCode int    `json:"errcode"`
	ErrMsg  string `json:"errmsg"`
}

var promoterOK = okBody{ErrCode: 0, ErrMsg: "OK"}

type roleWire struct {
	RoleID uint32 `json:"role_id"`
	Name   string `json:"name"`
	Desc   string `json:"desc"`
}

// addRoleBody answers addrole; its example writes "ok" in lower case
// (SKIT's model sample and WeChat's role_manage page).
type addRoleBody struct {
	roleWire
	ErrCode int    `json:"errcode"`
	ErrMsg  string `json:"errmsg"`
}

type addPromoterBody struct {
	TotalCnt int              `json:"total_cnt"`
	FailCnt  int              `json:"fail_cnt"`
	FailList []map[string]any `json:"fail_list"`
	ErrCode  int              `json:"errcode"`
	ErrMsg   string           `json:"errmsg"`
}

type promoterWire struct {
	OpenID     string `json:"openid"`
	RoleID     uint32 `json:"role_id"`
	RetailID   string `json:"retail_id"`
	ExtraInfo  string `json:"extra_info"`
	AuthStatus int    `json:"auth_status"`
	DeclStatus int    `json:"decl_status"`
	UpdateTime int64  `json:"update_time"`
	ID         string `json:"id"`
	Name       string `json:"name"`
	Phone      string `json:"phone"`
}

func toPromoterWire(p *sim.Promoter) promoterWire {
	return promoterWire{
		OpenID: p.OpenID, RoleID: p.RoleID, RetailID: p.RetailID, ExtraInfo: p.ExtraInfo,
		AuthStatus: p.AuthStatus, DeclStatus: p.DeclStatus, UpdateTime: p.UpdateTime,
		ID: strconv.FormatUint(p.ID, 10), Name: p.Name, Phone: p.Phone,
	}
}

type getPromoterBody struct {
	PromoterList []promoterWire `json:"promoter_list"`
	TotalCnt     int            `json:"total_cnt"`
	ErrCode      int            `json:"errcode"`
	ErrMsg       string         `json:"errmsg"`
}
