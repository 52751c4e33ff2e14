package httpapi

// Wire types of the promoter family's messages and materials, in the order
// of the pages' examples (as SKIT's samples copy them).

type sendMsgBody struct {
	MsgID   string `json:"msg_id"`
	ErrCode int    `json:"errcode"`
	ErrMsg  string `json:"errmsg"`
}

type msgFailureWire struct {
	ID      string `json:"id"`
	ErrCode int    `json:"errcode"`
}

type getMsgBody struct {
	SendCnt     int              `json:"send_cnt"`
	Percent     int              `json:"percent"`
	FailCnt     int              `json:"fail_cnt"`
	FailInfo    []msgFailureWire `json:"fail_info"`
	FailInfoURL string           `json:"fail_info_url,omitempty"`
	MsgType     uint32           `json:"msg_type"`
	Content     string           `json:"content"`
	AppID       string           `json:"appid"`
	Path        string           `json:"path"`
	ListType    int              `json:"list_type"`
	RoleID      []uint32         `json:"role_id,omitempty"`
	RetailID    []string         `json:"retail_id,omitempty"`
	ID          []string         `json:"id,omitempty"`
	ErrCode     int              `json:"errcode"`
	ErrMsg      string           `json:"errmsg"`
}

type clickDataBody struct {
	DataList []any  `json:"data_list"`
	ErrCode  int    `json:"errcode"`
	ErrMsg   string `json:"errmsg"`
}

type clickByMsgWire struct {
	MsgID    string `json:"msg_id"`
	SendTime int64  `json:"send_time"`
	ClickUV  int    `json:"click_uv"`
	ClickPV  int    `json:"click_pv"`
}

type clickByTypeWire struct {
	MsgType uint32 `json:"msg_type"`
	ClickUV int    `json:"click_uv"`
	ClickPV int    `json:"click_pv"`
}

type shareMaterialBody struct {
	SharePath string `json:"share_path"`
	QRCode    string `json:"qrcode"`
	Tag       string `json:"tag"`
	ErrCode   int    `json:"errcode"`
	ErrMsg    string `json:"errmsg"`
}

type invitationBody struct {
	Poster  string `json:"poster"`
	QRCode  string `json:"qrcode"`
	Tag     string `json:"tag"`
	ErrCode int    `json:"errcode"`
	ErrMsg  string `json:"errmsg"`
}
