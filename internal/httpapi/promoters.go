package httpapi

import (
	"math"

	"github.com/wxmock/wxmock/internal/sim"
)

// addPromoter answers POST /promoter/addpromoter. Items that fail come back
// in fail_list as they were sent, with their errcode and errmsg (seed 000,
// I); the rest are declared. The schema's itemized violations are in the
// journal; the domain applies the same rules item by item and answers them.
func (s *Server) addPromoter(c *call) (any, error) {
	list, _ := c.body["promoter_list"].([]any)
	items := make([]sim.PromoterInput, len(list))
	for i, raw := range list {
		o, _ := raw.(map[string]any)
		it := object(o)
		roleID, _ := it.uint("role_id", maxUint32)
		items[i] = sim.PromoterInput{RoleID: uint32(roleID)}
		items[i].OpenID, _ = it.str("openid")
		items[i].RetailID, _ = it.str("retail_id")
		items[i].ExtraInfo, _ = it.str("extra_info")
		items[i].Name, _ = it.str("name")
		items[i].Phone, _ = it.str("phone")
	}
	res, err := s.sim.AddPromoters(c.appid, items)
	if err != nil {
		return nil, err
	}
	out := addPromoterBody{TotalCnt: res.TotalCnt, FailCnt: len(res.Failed), FailList: make([]map[string]any, 0, len(res.Failed)), ErrMsg: "OK"}
	for _, f := range res.Failed {
		sent, _ := list[f.Index].(map[string]any)
		echo := make(map[string]any, len(sent)+2)
		for k, v := range sent {
			echo[k] = v
		}
		echo["errcode"], echo["errmsg"] = f.Err.Code, f.Err.Msg
		out.FailList = append(out.FailList, echo)
	}
	return out, nil
}

// getPromoter answers POST /promoter/getpromoter.
func (s *Server) getPromoter(c *call) (any, error) {
	b := c.body
	q := sim.PromoterQuery{}
	q.OpenID, _ = b.str("openid")
	q.RetailID, _ = b.str("retail_id")
	roleID, _ := b.uint("role_id", maxUint32)
	q.RoleID = uint32(roleID)
	begin, _ := b.uint("begin_time", maxUint32)
	end, _ := b.uint("end_time", maxUint32)
	q.BeginTime, q.EndTime = int64(begin), int64(end)
	var err error
	if q.StartID, err = startID(b); err != nil {
		return nil, err
	}
	q.NeedUnionID = needUnionID(b)
	if v, ok := b.uint("auth_status", 2); ok {
		n := int(v)
		q.AuthStatus = &n
	}
	q.DeclStatus = c.declStatus()
	page, err := s.sim.Promoters(c.appid, q)
	if err != nil {
		return nil, err
	}
	out := getPromoterBody{PromoterList: make([]promoterWire, len(page.Promoters)), TotalCnt: page.TotalCnt, ErrMsg: "OK"}
	for i := range page.Promoters {
		out.PromoterList[i] = toPromoterWire(&page.Promoters[i])
	}
	return &out, nil // a pointer: *getPromoterBody writes its own JSON
}

// updatePromoter answers POST /promoter/updatepromoter.
func (s *Server) updatePromoter(c *call) (any, error) {
	b := c.body
	id, ok := b.uintOrString("id", math.MaxInt64)
	if !ok || id == 0 {
		return nil, sim.ErrParamInvalid
	}
	if _, isString := b["id"].(string); !isString {
		c.note("id sent as a number; the documents and SDKs send it as a string")
	}
	u := sim.PromoterUpdate{ID: id, RetailID: b.strp("retail_id"), ExtraInfo: b.strp("extra_info"),
		Name: b.strp("name"), Phone: b.strp("phone"), DeclStatus: c.declStatus()}
	if b.has("role_id") {
		roleID, ok := b.uint("role_id", maxUint32)
		if !ok {
			return nil, sim.ErrParamInvalid
		}
		r := uint32(roleID)
		u.RoleID = &r
	}
	if err := s.sim.UpdatePromoter(c.appid, u); err != nil {
		return nil, err
	}
	return promoterOK, nil
}

// declStatus reads decl_status, which the documents type as a string and
// show as a number; one Java SDK sends a string, another SDK a number
// (REFERENCE.md). Both are taken and the form is noted in the journal.
func (c *call) declStatus() *int {
	raw, present := c.body["decl_status"]
	if !present {
		return nil
	}
	v, ok := c.body.uintOrString("decl_status", 2)
	if !ok {
		return nil
	}
	if _, isString := raw.(string); isString {
		c.note("decl_status sent as the string %q; answered as a number, as the documents' examples are", raw)
	} else {
		c.note("decl_status sent as the number %d; the documents' table types it as a string", v)
	}
	n := int(v)
	return &n
}
