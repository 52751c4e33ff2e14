package httpapi

import (
	"fmt"
	"math"
	"strconv"

	"github.com/wxmock/wxmock/internal/sim"
)

// district answers GET /wxa/get_district (seed 001, §5): the whole tree,
// in Tencent Maps' own shape, without errcode.
func (s *Server) district(*call) (any, error) { return s.districtBody, nil }

type placeWire struct {
	BranchName    string   `json:"branch_name"`
	Address       string   `json:"address"`
	Longitude     float64  `json:"longitude"`
	Latitude      float64  `json:"latitude"`
	Telephone     string   `json:"telephone"`
	Category      string   `json:"category"`
	SosomapPOIUID string   `json:"sosomap_poi_uid"`
	DataSupply    int      `json:"data_supply"`
	PicURLs       []string `json:"pic_urls"`
	CardIDList    []string `json:"card_id_list"`
}

type searchBody struct {
	ErrCode int    `json:"errcode"`
	ErrMsg  string `json:"errmsg"`
	Data    struct {
		Item []placeWire `json:"item"`
	} `json:"data"`
}

// searchMapPOI answers POST /wxa/search_map_poi (§6).
func (s *Server) searchMapPOI(c *call) (any, error) {
	id, _ := c.body.uintOrString("districtid", math.MaxUint32)
	kw, _ := c.body.str("keyword")
	places, err := s.sim.SearchMapPOI(strconv.FormatUint(id, 10), kw)
	if err != nil {
		return nil, err
	}
	out := searchBody{ErrMsg: "ok"}
	out.Data.Item = make([]placeWire, 0, len(places))
	for _, p := range places {
		out.Data.Item = append(out.Data.Item, placeWire{BranchName: p.BranchName, Address: p.Address,
			Longitude: p.Longitude, Latitude: p.Latitude, Telephone: p.Telephone, Category: p.Category,
			SosomapPOIUID: p.UID, DataSupply: p.DataSupply, PicURLs: []string{}, CardIDList: []string{}})
	}
	return out, nil
}

// createMapPOIBody is create_map_poi's own answer shape (§7): no errcode,
// "error" null and the ids in "data".
type createMapPOIBody struct {
	Error *string `json:"error"`
	Data  struct {
		BaseID uint64 `json:"base_id"`
		RichID uint64 `json:"rich_id"`
	} `json:"data"`
}

// createMapPOI answers POST /wxa/create_map_poi (§7).
func (s *Server) createMapPOI(c *call) (any, error) {
	b := c.body
	in := sim.MapPOIInput{Plan: c.plan()}
	for _, f := range []struct {
		dst *string
		key string
	}{{&in.Name, "name"}, {&in.Province, "province"}, {&in.City, "city"}, {&in.District, "district"},
		{&in.Address, "address"}, {&in.Category, "category"}, {&in.Telephone, "telephone"}, {&in.Photo, "photo"},
		{&in.License, "license"}, {&in.Introduct, "introduct"}, {&in.PoiID, "poi_id"}} {
		*f.dst, _ = b.str(f.key)
	}
	id, _ := b.uintOrString("districtid", math.MaxUint32)
	in.DistrictID = strconv.FormatUint(id, 10)
	var ok1, ok2 bool
	in.Longitude, ok1 = b.float("longitude")
	in.Latitude, ok2 = b.float("latitude")
	if !ok1 || !ok2 {
		return nil, sim.ErrInvalidArgs
	}
	p, err := s.sim.CreateMapPOI(c.appid, in)
	if err != nil {
		return nil, err
	}
	out := createMapPOIBody{}
	out.Data.BaseID, out.Data.RichID = p.BaseID, p.RichID
	return out, nil
}

// poiID reads a poi_id, which clients send as a string or a number.
func (c *call) poiID() (string, error) {
	id, ok := c.body.uintOrString("poi_id", math.MaxInt64)
	if !ok || id == 0 {
		return "", sim.ErrInvalidArgs
	}
	return fmt.Sprint(id), nil
}
