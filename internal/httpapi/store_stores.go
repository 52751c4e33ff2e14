package httpapi

import (
	"math"

	"github.com/wxmock/wxmock/internal/sim"
	"github.com/wxmock/wxmock/schemas"
)

type auditData struct {
	AuditID uint64 `json:"audit_id"`
}

type addStoreBody struct {
	ErrCode int       `json:"errcode"`
	ErrMsg  string    `json:"errmsg"`
	Data    auditData `json:"data"`
}

// addStore answers POST /wxa/add_store (seed 001, §8).
func (s *Server) addStore(c *call) (any, error) {
	b := c.body
	in := sim.StoreInput{Plan: c.plan()}
	in.PoiID, _ = b.str("poi_id")
	in.MapPOIID, _ = b.str("map_poi_id")
	in.ContractPhone, _ = b.str("contract_phone")
	in.Hour, _ = b.str("hour")
	in.Credential, _ = b.str("credential")
	in.CompanyName, _ = b.str("company_name")
	in.QualificationList = c.mediaList("qualification_list")
	in.CardID, _ = b.str("card_id")
	var err error
	if in.Pictures, err = c.pictures(); err != nil {
		return nil, err
	}
	id, err := s.sim.AddStore(c.appid, in)
	if err != nil {
		return nil, err
	}
	return addStoreBody{ErrMsg: "ok", Data: auditData{AuditID: id}}, nil
}

type updateStoreBody struct {
	ErrCode int    `json:"errcode"`
	ErrMsg  string `json:"errmsg"`
	Data    struct {
		HasAuditID int    `json:"has_audit_id"`
		AuditID    uint64 `json:"audit_id"`
	} `json:"data"`
}

// updateStore answers POST /wxa/update_store (§9).
func (s *Server) updateStore(c *call) (any, error) {
	b := c.body
	poi, err := c.poiID()
	if err != nil {
		return nil, err
	}
	u := sim.StoreUpdate{PoiID: poi, Plan: c.plan()}
	u.Hour, _ = b.str("hour")
	u.ContractPhone, _ = b.str("contract_phone")
	u.CardID, _ = b.str("card_id")
	if u.Pictures, err = c.pictures(); err != nil {
		return nil, err
	}
	id, err := s.sim.UpdateStore(c.appid, u)
	if err != nil {
		return nil, err
	}
	out := updateStoreBody{ErrMsg: "ok"}
	if id != 0 {
		out.Data.HasAuditID, out.Data.AuditID = 1, id
	}
	return out, nil
}

// pictures reads pic_list, a JSON document in a string. Its bounds are
// checked first, as those of a body are: a pic_list of 350,000 pictures,
// under -max-body, would otherwise cost 46 MB to decode (issue 8).
func (c *call) pictures() ([]string, error) {
	pics, _ := c.body.str("pic_list")
	if err := schemas.CheckBounds([]byte(pics)); err != nil {
		c.note("pic_list: %v", err)
		return nil, sim.ErrInvalidArgs
	}
	return sim.ParsePicList(pics)
}

type photoWire struct {
	PhotoURL string `json:"photo_url"`
}

// baseInfo is a store as get_store_info and get_store_list show it.
type baseInfo struct {
	BusinessName      string      `json:"business_name"`
	Address           string      `json:"address"`
	Telephone         string      `json:"telephone"`
	Categories        *[]string   `json:"categories,omitempty"` // a pointer: the list shows [] and get_store_info nothing
	City              string      `json:"city"`
	Province          string      `json:"province"`
	Longitude         float64     `json:"longitude"`
	Latitude          float64     `json:"latitude"`
	PhotoList         []photoWire `json:"photo_list"`
	OpenTime          string      `json:"open_time"`
	PoiID             string      `json:"poi_id"`
	Status            int         `json:"status"`
	District          string      `json:"district"`
	QualificationList *[]string   `json:"qualification_list,omitempty"`
	QualificationNum  string      `json:"qualification_num"`
	QualificationName string      `json:"qualification_name"`
}

type business struct {
	BaseInfo baseInfo `json:"base_info"`
}

// toBaseInfo shows v; empty, when not nil, is the empty list that
// get_store_list shows as categories and qualification_list, shared by
// every store of a page (nothing writes to it).
func toBaseInfo(v *sim.StoreView, empty *[]string) baseInfo {
	b := baseInfo{BusinessName: v.Place.BranchName, Address: v.Place.Address, Telephone: v.ContractPhone,
		City: v.District.City, Province: v.District.Province, Longitude: v.Place.Longitude, Latitude: v.Place.Latitude,
		PhotoList: make([]photoWire, 0, len(v.Pictures)), OpenTime: v.Hour, PoiID: v.PoiID, Status: v.Status,
		District: v.District.Name, QualificationNum: v.Credential, QualificationName: v.CompanyName}
	if b.QualificationName == "" {
		b.QualificationName = v.MerchantName
	}
	for _, p := range v.Pictures {
		b.PhotoList = append(b.PhotoList, photoWire{PhotoURL: p})
	}
	// The list's example shows both as empty arrays (seed 001, §11).
	b.Categories, b.QualificationList = empty, empty
	return b
}

type storeInfoBody struct {
	ErrCode  int      `json:"errcode"`
	ErrMsg   string   `json:"errmsg"`
	Business business `json:"business"`
}

// storeInfo answers POST /wxa/get_store_info (§10).
func (s *Server) storeInfo(c *call) (any, error) {
	poi, err := c.poiID()
	if err != nil {
		return nil, err
	}
	v, err := s.sim.StoreInfo(c.appid, poi)
	if err != nil {
		return nil, err
	}
	return storeInfoBody{ErrMsg: "ok", Business: business{BaseInfo: toBaseInfo(&v, nil)}}, nil
}

type storeListBody struct {
	ErrCode      int        `json:"errcode"`
	ErrMsg       string     `json:"errmsg"`
	BusinessList []business `json:"business_list"`
	TotalCount   int        `json:"total_count"`
}

// storeList answers POST /wxa/get_store_list (§11).
func (s *Server) storeList(c *call) (any, error) {
	offset, ok1 := c.body.uint("offset", math.MaxInt32)
	limit, ok2 := c.body.uint("limit", math.MaxInt32)
	if !ok1 || !ok2 {
		return nil, sim.ErrInvalidArgs
	}
	page, err := s.sim.StoreList(c.appid, int(offset), int(limit))
	if err != nil {
		return nil, err
	}
	if answer, ok := pageAnswer(page, &s.storeMemos); ok {
		return answer, nil
	}
	// encoding/json refuses the coordinate, as it would have answered.
	out := storeListBody{ErrMsg: "ok", BusinessList: make([]business, 0, len(page.Rows)), TotalCount: page.Total}
	empty := &[]string{}
	for i := range page.Rows {
		v := page.View(i)
		out.BusinessList = append(out.BusinessList, business{BaseInfo: toBaseInfo(&v, empty)})
	}
	return out, nil
}

// delStore answers POST /wxa/del_store (§12).
func (s *Server) delStore(c *call) (any, error) {
	poi, err := c.poiID()
	if err != nil {
		return nil, err
	}
	if err := s.sim.DelStore(c.appid, poi); err != nil {
		return nil, err
	}
	return okLower, nil
}

type legacyListBody struct {
	ErrCode      int              `json:"errcode"`
	ErrMsg       string           `json:"errmsg"`
	BusinessList []map[string]any `json:"business_list"`
	TotalCount   int              `json:"total_count"`
}

// legacyStores answers POST /cgi-bin/poi/getpoilist (§13): the old API's
// base_info with the three fields the upgrade added.
func (s *Server) legacyStores(c *call) (any, error) {
	begin, ok1 := c.body.uint("begin", math.MaxInt32)
	limit, ok2 := c.body.uint("limit", 50)
	if !ok1 || !ok2 {
		return nil, sim.ErrInvalidArgs
	}
	ls, total, err := s.sim.LegacyStores(c.appid, int(begin), int(limit))
	if err != nil {
		return nil, err
	}
	out := legacyListBody{ErrMsg: "ok", BusinessList: make([]map[string]any, 0, len(ls)), TotalCount: total}
	for _, l := range ls {
		info := make(map[string]any, len(l.BaseInfo)+4)
		for k, v := range l.BaseInfo {
			info[k] = v
		}
		info["poi_id"], info["upgrade_status"], info["upgrade_comment"], info["mapid"] = l.PoiID, l.UpgradeStatus, l.UpgradeComment, l.MapID
		out.BusinessList = append(out.BusinessList, map[string]any{"base_info": info})
	}
	return out, nil
}

// delLegacyStore answers POST /cgi-bin/poi/delpoi (§13).
func (s *Server) delLegacyStore(c *call) (any, error) {
	poi, err := c.poiID()
	if err != nil {
		return nil, err
	}
	if err := s.sim.DelLegacyStore(c.appid, poi); err != nil {
		return nil, err
	}
	return okLower, nil
}

type storeCardBody struct {
	ErrCode int    `json:"errcode"`
	ErrMsg  string `json:"errmsg"`
	CardID  string `json:"card_id,omitempty"`
}

// storeCard answers POST /card/storewxa/get (§14): no card_id field when
// none is set ("若该poi_id没设置门店，则返回中无card_id字段").
func (s *Server) storeCard(c *call) (any, error) {
	poi, err := c.poiID()
	if err != nil {
		return nil, err
	}
	card, err := s.sim.StoreCard(c.appid, poi)
	if err != nil {
		return nil, err
	}
	return storeCardBody{ErrMsg: "ok", CardID: card}, nil
}

// setStoreCard answers POST /card/storewxa/set (§14).
func (s *Server) setStoreCard(c *call) (any, error) {
	poi, err := c.poiID()
	if err != nil {
		return nil, err
	}
	card, _ := c.body.str("card_id")
	if err := s.sim.SetStoreCard(c.appid, poi, card); err != nil {
		return nil, err
	}
	return okLower, nil
}
