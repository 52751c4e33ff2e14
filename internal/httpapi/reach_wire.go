package httpapi

import (
	"strconv"

	"github.com/wxmock/wxmock/internal/sim"
)

// Wire types of getrelation and getorder. Field order follows the official
// examples as SKIT's and WxJava's copies give them.

// relationWire is a getrelation row, and the first half of a getorder row
// (SKIT's Order inherits from its Relation).
type relationWire struct {
	PromoterOpenID string `json:"promoter_openid"`
	RoleID         uint32 `json:"role_id"`
	RetailID       string `json:"retail_id"`
	ExtraInfo      string `json:"extra_info"`
	OpenID         string `json:"openid"`
	CreateTime     int64  `json:"create_time"`
	Path           string `json:"path"`
	Scene          uint32 `json:"scene"`
	ShareExtraInfo string `json:"share_extra_info"`
}

func toRelationWire(r *sim.Reach) relationWire {
	return relationWire{
		PromoterOpenID: r.PromoterOpenID, RoleID: r.RoleID, RetailID: r.RetailID, ExtraInfo: r.ExtraInfo,
		OpenID: r.OpenID, CreateTime: r.CreateTime, Path: r.Path, Scene: r.Scene, ShareExtraInfo: r.ShareExtraInfo,
	}
}

// orderWire is a getorder row. refunded_time is there only for a refund
// (status 2), as in SKIT's sample, where SKIT models it as a nullable long.
type orderWire struct {
	relationWire
	MchID        string `json:"mch_id"`
	TradeNo      string `json:"trade_no"`
	OutTradeNo   string `json:"out_trade_no"`
	Status       int    `json:"status"`
	PaidAmount   int64  `json:"paid_amount"`
	PaidTime     int64  `json:"paid_time"`
	RefundedTime int64  `json:"refunded_time,omitempty"`
}

func toOrderWire(o *sim.Order) orderWire {
	w := orderWire{
		relationWire: toRelationWire(&o.Reach),
		MchID:        o.MchID, TradeNo: o.TradeNo, OutTradeNo: o.OutTradeNo,
		Status: o.Status, PaidAmount: o.PaidAmount, PaidTime: o.PaidTime,
	}
	if o.Status == sim.OrderRefunded {
		w.RefundedTime = o.RefundedTime
	}
	return w
}

// getRelationBody answers getrelation; start_id is a string, as in the
// example ("start_id": "2") and SKIT's model (WxJava's Long is wrong).
type getRelationBody struct {
	RelationList []relationWire `json:"relation_list"`
	TotalCnt     int            `json:"total_cnt"`
	StartID      string         `json:"start_id"`
	ErrCode      int            `json:"errcode"`
	ErrMsg       string         `json:"errmsg"`
}

type getOrderBody struct {
	OrderList []orderWire `json:"order_list"`
	TotalCnt  int         `json:"total_cnt"`
	StartID   string      `json:"start_id"`
	ErrCode   int         `json:"errcode"`
	ErrMsg    string      `json:"errmsg"`
}

func formatID(id uint64) string { return strconv.FormatUint(id, 10) }
