package sim

// Storage types of the promoters' reach records and orders, which
// getrelation ("分析触达效果") and getorder ("查询推广订单") report. In
// production end users create them by opening a promoter's share and
// paying; in wxmock the admin calls AddRelations and PutOrders do.

// Reach is how a user reached the mini program through a promoter: what a
// getrelation row and the first half of a getorder row report. The
// promoter's role, store and extra_info are snapshots taken at reach time,
// so a later updatepromoter does not rewrite history.
type Reach struct {
	PromoterID     uint64 `json:"promoter_id"`     // the promoter row's id
	PromoterOpenID string `json:"promoter_openid"` // as the promoter was declared
	RoleID         uint32 `json:"role_id"`
	RetailID       string `json:"retail_id"`
	ExtraInfo      string `json:"extra_info"`
	OpenID         string `json:"openid"`      // the user who visited
	CreateTime     int64  `json:"create_time"` // reach time
	Path           string `json:"path"`
	Scene          uint32 `json:"scene"`
	// ShareExtraInfo is the extra_info of the share material the user
	// came through (getsharematerial).
	ShareExtraInfo string `json:"share_extra_info"`
}

// reachCaps are the most reach records and orders an app may hold.
type reachCaps struct {
	relations, orders int
}

// Relation is one reach record (getrelation's relation_list).
type Relation struct {
	AppID string `json:"appid"`
	ID    uint64 `json:"id"`
	Reach
}

// Order statuses (getorder: "1：支付完成；2：退款受理").
const (
	OrderPaid     = 1
	OrderRefunded = 2
)

// Order is one promoted order (getorder's order_list): the reach the
// paying user came through and the WeChat Pay payment.
type Order struct {
	AppID string `json:"appid"`
	ID    uint64 `json:"id"`
	Reach
	MchID      string `json:"mch_id"`
	TradeNo    string `json:"trade_no"` // WeChat Pay's transaction_id, unique in an app
	OutTradeNo string `json:"out_trade_no"`
	Status     int    `json:"status"`
	PaidAmount int64  `json:"paid_amount"` // fen
	PaidTime   int64  `json:"paid_time"`
	// RefundedTime is when the refund was accepted; 0 unless Status is
	// OrderRefunded.
	RefundedTime int64 `json:"refunded_time"`
}
