package httpapi

import (
	"cmp"
	"math"
	"strconv"

	"github.com/wxmock/wxmock/internal/sim"
)

// msgSpec reads the fields sendmsg and singlesendmsg share.
func (c *call) msgSpec() sim.MsgSpec {
	b := c.body
	msgType, _ := b.uint("msg_type", maxUint32)
	m := sim.MsgSpec{MsgType: uint32(msgType)}
	m.Content, _ = b.str("content")
	m.JumpAppID, _ = b.str("appid")
	m.Path, _ = b.str("path")
	return m
}

// sendMsg answers POST /promoter/sendmsg, a group send (WeChat's promoter
// page "message", 群发消息).
func (s *Server) sendMsg(c *call) (any, error) {
	b := c.body
	g := sim.GroupSend{MsgSpec: c.msgSpec()}
	listType, _ := b.uint("list_type", 3)
	g.ListType = int(listType)
	for _, v := range list(b["role_id"]) {
		id, _ := uintOf(v, maxUint32, false)
		g.RoleIDs = append(g.RoleIDs, uint32(id))
	}
	for _, v := range list(b["retail_id"]) {
		s, _ := v.(string)
		g.RetailIDs = append(g.RetailIDs, s)
	}
	for _, v := range list(b["id"]) {
		id, ok := uintOf(v, math.MaxInt64, true)
		if !ok {
			return nil, sim.ErrParamInvalid
		}
		g.IDs = append(g.IDs, strconv.FormatUint(id, 10))
	}
	id, err := s.sim.SendGroup(c.appid, g)
	if err != nil {
		return nil, err
	}
	return sendMsgBody{MsgID: strconv.FormatUint(id, 10), ErrMsg: "OK"}, nil
}

// list returns a JSON array's items, or none.
func list(v any) []any {
	a, _ := v.([]any)
	return a
}

// singleSendMsg answers POST /promoter/singlesendmsg (单发消息).
func (s *Server) singleSendMsg(c *call) (any, error) {
	var id uint64
	if c.body.has("id") && c.body["id"] != "" {
		var ok bool
		if id, ok = c.body.uintOrString("id", math.MaxInt64); !ok || id == 0 {
			return nil, sim.ErrParamInvalid
		}
	}
	openid, _ := c.body.str("openid")
	if id != 0 && openid != "" {
		c.note("both id and openid sent; the message goes to id, as SKIT's model says they are alternatives (二选一)")
	}
	if _, err := s.sim.SendSingle(c.appid, c.msgSpec(), id, openid); err != nil {
		return nil, err
	}
	return promoterOK, nil
}

// getMsg answers POST /promoter/getmsg (查询送达结果).
func (s *Server) getMsg(c *call) (any, error) {
	id, ok := c.body.uintOrString("msg_id", math.MaxInt64)
	if !ok || id == 0 {
		return nil, sim.ErrParamInvalid
	}
	st, err := s.sim.MessageStatus(c.appid, id)
	if err != nil {
		return nil, err
	}
	out := getMsgBody{SendCnt: st.SendCnt, Percent: st.Percent, FailCnt: st.FailCnt, FailInfo: make([]msgFailureWire, 0, len(st.FailInfo)),
		MsgType: st.MsgType, Content: st.Content, AppID: cmp.Or(st.JumpAppID, st.AppID), Path: st.Path, ListType: st.ListType,
		RoleID: st.RoleIDs, RetailID: st.RetailIDs, ErrMsg: "OK"}
	if st.Kind == sim.MsgGroup {
		out.ID = st.IDs
	}
	if st.FailCnt > sim.MaxFailInfo {
		// More than 1,000 failures: a file instead of the list ("失败数量超过
		// 一千会生成文件，不会返回明细", WxJava's WxMaPromotionGetMsgResponse).
		out.FailInfoURL = "http://" + c.r.Host + adminPrefix + "/promoters/messages/" + strconv.FormatUint(id, 10) + "/fail_info?appid=" + c.appid
	} else {
		for _, f := range st.FailInfo {
			out.FailInfo = append(out.FailInfo, msgFailureWire(f))
		}
	}
	return out, nil
}

// getMsgClickData answers POST /promoter/getmsgclickdata (分析点击效果).
func (s *Server) getMsgClickData(c *call) (any, error) {
	b := c.body
	q := sim.ClickQuery{}
	q.SendDate, _ = b.str("send_date")
	dim, _ := b.uint("dimonsion", 1)
	q.Dimension = int(dim)
	msgType, _ := b.uint("msg_type", maxUint32)
	q.MsgType = uint32(msgType)
	if raw, given := b["msg_id"]; given && raw != "" {
		var ok bool
		if q.MsgID, ok = b.uintOrString("msg_id", math.MaxInt64); !ok {
			return nil, sim.ErrParamInvalid
		}
	}
	begin, _ := b.uint("begin_send_time", maxUint32)
	end, _ := b.uint("end_send_time", maxUint32)
	q.BeginSendTime, q.EndSendTime = int64(begin), int64(end)
	if q.Dimension == sim.ClickByType && (begin != 0 || end != 0) {
		c.note("begin_send_time and end_send_time count only with dimonsion 0 (WxJava: \"dimonsion为0时生效\")")
	}
	rows, err := s.sim.ClickData(c.appid, q)
	if err != nil {
		return nil, err
	}
	out := clickDataBody{DataList: make([]any, 0, len(rows)), ErrMsg: "OK"}
	for _, r := range rows {
		if q.Dimension == sim.ClickByMsg {
			out.DataList = append(out.DataList, clickByMsgWire{MsgID: strconv.FormatUint(r.MsgID, 10), SendTime: r.SendTime, ClickUV: r.UV, ClickPV: r.PV})
		} else {
			out.DataList = append(out.DataList, clickByTypeWire{MsgType: r.MsgType, ClickUV: r.UV, ClickPV: r.PV})
		}
	}
	return out, nil
}
