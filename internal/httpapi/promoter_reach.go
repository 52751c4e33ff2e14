package httpapi

import (
	"math"
	"strconv"

	"github.com/wxmock/wxmock/internal/sim"
)

// getRelation answers POST /promoter/getrelation (分析触达效果).
func (s *Server) getRelation(c *call) (any, error) {
	b := c.body
	q := sim.RelationQuery{NeedUnionID: needUnionID(b)}
	q.OpenID, _ = b.str("openid")
	q.Path, _ = b.str("path")
	begin, _ := b.uint("begin_time", maxUint32)
	end, _ := b.uint("end_time", maxUint32)
	q.BeginTime, q.EndTime = int64(begin), int64(end)
	scene, _ := b.uint("scene", maxUint32)
	q.Scene = uint32(scene)
	var err error
	if q.StartID, err = startID(b); err != nil {
		return nil, err
	}
	page, err := s.sim.Relations(c.appid, q)
	if err != nil {
		return nil, err
	}
	out := getRelationBody{RelationList: make([]relationWire, len(page.Relations)), TotalCnt: page.TotalCnt,
		StartID: formatID(page.StartID), ErrMsg: "OK"}
	for i := range page.Relations {
		out.RelationList[i] = toRelationWire(&page.Relations[i].Reach)
	}
	return out, nil
}

// getOrder answers POST /promoter/getorder (查询推广订单).
func (s *Server) getOrder(c *call) (any, error) {
	b := c.body
	q := sim.OrderQuery{NeedUnionID: needUnionID(b)}
	q.OpenID, _ = b.str("openid")
	q.MchID, _ = b.str("mch_id")
	q.TradeNo, _ = b.str("trade_no")
	q.OutTradeNo, _ = b.str("out_trade_no")
	status, _ := b.uint("status", 2)
	q.Status = int(status)
	var err error
	if q.Date, err = c.orderDate(); err != nil {
		return nil, err
	}
	if q.StartID, err = startID(b); err != nil {
		return nil, err
	}
	page, err := s.sim.Orders(c.appid, q)
	if err != nil {
		return nil, err
	}
	out := getOrderBody{OrderList: make([]orderWire, len(page.Orders)), TotalCnt: page.TotalCnt,
		StartID: formatID(page.StartID), ErrMsg: "OK"}
	for i := range page.Orders {
		out.OrderList[i] = toOrderWire(&page.Orders[i])
	}
	return out, nil
}

// orderDate reads getorder's date, yyyyMMdd: SKIT sends a string
// ("20230801"), WxJava a number (its Long date); both are taken, and the
// form is noted in the journal. "" means no date.
func (c *call) orderDate() (string, error) {
	raw, given := c.body["date"]
	if !given {
		return "", nil
	}
	if s, isString := raw.(string); isString {
		return s, nil
	}
	n, ok := c.body.uint("date", 99991231)
	if !ok {
		return "", sim.ErrParamInvalid
	}
	c.note("date sent as the number %d; SKIT sends the string form yyyyMMdd", n)
	return strconv.FormatUint(n, 10), nil
}

// startID reads the start_id of a paged query: a string of digits, as the
// SDKs send it, or a number; "" or absent is the start. An id that cannot
// be read is refused, never taken as "from the start": a paging client
// would loop over page one for ever.
func startID(b object) (uint64, error) {
	if raw, given := b["start_id"]; !given || raw == "" {
		return 0, nil
	}
	id, ok := b.uintOrString("start_id", math.MaxInt64)
	if !ok {
		return 0, sim.ErrParamInvalid
	}
	return id, nil
}

// needUnionID reads need_unionid: 1 answers unionids ("默认返回openid，填
// 1：返回unionid"); SKIT sends its bool as 1 or 0.
func needUnionID(b object) bool {
	need, _ := b.uint("need_unionid", 1)
	return need == 1
}
