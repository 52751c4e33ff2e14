package sim

// Storage types of the promoter family's messages, click data and share
// material (WeChat's promoter pages "message" and "promote_date"). Their
// JSON names are the state export's, and so the contract runner's
// expect_state tables.

// Message kinds: a group send (sendmsg) or a message to one promoter
// (singlesendmsg).
const (
	MsgGroup  = "group"
	MsgSingle = "single"
)

// Message receiving settings of a promoter (Promoter.MsgReceive), set by
// the admin API to simulate what promoters do with their messages.
const (
	ReceiveAccept = 0 // messages arrive
	ReceiveRefuse = 1 // the promoter refused messages: 103010
	ReceiveFail   = 2 // delivery to the promoter fails: 103012
)

// Message is a message sent to promoters, with its delivery result and its
// click data.
type Message struct {
	AppID string `json:"appid"`
	MsgID uint64 `json:"msg_id"` // answered as a string, as both SDKs type it
	Kind  string `json:"kind"`
	// TargetID is the promoter of a single message; 0 for a group send.
	TargetID uint64 `json:"target_id"`
	MsgType  uint32 `json:"msg_type"`
	Content  string `json:"content"`
	// JumpAppID is the request's appid: the mini program the message opens.
	JumpAppID string   `json:"jump_appid"`
	Path      string   `json:"path"`
	ListType  int      `json:"list_type"`
	RoleIDs   []uint32 `json:"role_id,omitempty"`
	RetailIDs []string `json:"retail_id,omitempty"`
	IDs       []string `json:"id,omitempty"`
	SentAt    int64    `json:"sent_at"`
	// DoneAt is when delivery ends on the virtual clock; until then getmsg
	// shows the progress in percent, and fail_cnt only after it.
	DoneAt   int64        `json:"done_at"`
	SendCnt  int          `json:"send_cnt"`
	FailCnt  int          `json:"fail_cnt"`
	FailInfo []MsgFailure `json:"fail_info"`
	ClickPV  int          `json:"click_pv"`
	ClickUV  int          `json:"click_uv"`
	// ClicksAt is when the click data last changed; it is being computed
	// (103013) until the message delay has passed after DoneAt and ClicksAt.
	ClicksAt int64 `json:"clicks_at"`
}

// MsgFailure is a recipient a message did not reach, and why.
type MsgFailure struct {
	ID      string `json:"id"` // the promoter's id
	ErrCode int    `json:"errcode"`
}

// ClickRule gives every group send of an app (of one msg_type, or of any
// when MsgType is 0) its click data when it is sent: how a test scripts the
// promoters' clicks before a client sends.
type ClickRule struct {
	AppID   string `json:"appid"`
	MsgType uint32 `json:"msg_type"`
	PV      int    `json:"pv"`
	UV      int    `json:"uv"`
}

// ShareMaterial is what getsharematerial made for a promoter: a path with
// parameters, a short link and a mini program code, valid for 30 days.
type ShareMaterial struct {
	AppID      string `json:"appid"`
	Code       string `json:"code"` // names the material in share_path and tag
	PromoterID uint64 `json:"promoter_id"`
	OpenID     string `json:"openid"` // the promoter's, as declared
	Path       string `json:"path"`
	ExtraInfo  string `json:"extra_info"`
	Title      string `json:"title"`
	EnvVersion string `json:"env_version"`
	CreatedAt  int64  `json:"created_at"`
	ExpiresAt  int64  `json:"expires_at"`
}
