package sim

import (
	"fmt"
	"sort"
	"strings"

	memdb "github.com/hashicorp/go-memdb"
)

// MapPOIInput is create_map_poi's input (seed 001, §7); every field but
// poi_id is required.
type MapPOIInput struct {
	Name, Province, City, District, Address, Category, Telephone string
	Photo, License, Introduct, DistrictID, PoiID                 string
	Longitude, Latitude                                          float64
	Plan                                                         Plan
}

// CreateMapPOI answers create_map_poi: 40097 unless districtid names a
// district of the tree whose province, city and district names match, and
// the coordinates lie in China's bounding box. The place is in audit (it
// answers base_id, the audit_id of its push, and rich_id); once approved it
// gets a map_poi_id and search_map_poi finds it in its district.
func (s *Sim) CreateMapPOI(appid string, in MapPOIInput) (MapPOI, error) {
	d, ok := s.catalog.Districts.Get(in.DistrictID)
	if !ok || d.Level < 2 || d.Province != in.Province || !districtNamed(d, in.City, in.District) {
		return MapPOI{}, ErrInvalidArgs
	}
	if in.Latitude < 3 || in.Latitude > 54 || in.Longitude < 73 || in.Longitude > 136 {
		return MapPOI{}, ErrInvalidArgs
	}
	var out MapPOI
	err := s.write(func(txn *memdb.Txn) error {
		a, err := s.newAuditTxn(txn, appid, AuditMapPOI, "", in.Plan)
		if err != nil {
			return err
		}
		rich, err := nextIDTxn(txn, seqMapPOI, firstRichID)
		if err != nil {
			return err
		}
		out = MapPOI{AppID: appid, BaseID: a.AuditID, RichID: rich, Name: in.Name, Longitude: in.Longitude,
			Latitude: in.Latitude, Province: in.Province, City: in.City, District: in.District,
			Address: in.Address, Category: in.Category, Telephone: in.Telephone, Photo: in.Photo,
			License: in.License, Introduct: in.Introduct, DistrictID: in.DistrictID, PoiID: in.PoiID,
			Status: MapPOIAuditing}
		c := *a
		c.Subject = fmt.Sprint(a.AuditID)
		if err := txn.Insert(tableAudits, &c); err != nil {
			return err
		}
		return txn.Insert(tableMapPOIs, &out)
	})
	return out, err
}

// districtNamed reports whether city and district name d. The city must
// match; so must the district, unless d is itself a city (such as 东莞市,
// which has no districts). A municipality's district, listed at level 2,
// has the municipality as its city.
func districtNamed(d DistrictRef, city, district string) bool {
	return d.City == city && (d.Name == district || d.Name == d.City)
}

// resolveMapPOITxn applies a map POI audit: approved places get a
// map_poi_id. Its push uses status 0 for a pass and 1 for a failure
// (seed 001, §7).
func (s *Sim) resolveMapPOITxn(txn *memdb.Txn, a *Audit) ([]EventField, error) {
	p, err := first[MapPOI](txn, tableMapPOIs, indexID, a.AuditID)
	if err != nil {
		return nil, err
	}
	if p == nil { // gone with an imported state: the result is still pushed
		p = &MapPOI{BaseID: a.AuditID}
	}
	c := *p
	status := int64(0)
	if a.Result == OutcomePass {
		c.Status = MapPOIApproved
		c.MapPOIID = fmt.Sprintf("%d", 2880741500279549033+a.AuditID)
		c.Remark = "审核通过"
	} else {
		c.Status, status, c.Remark = MapPOIRefused, 1, a.Reason
	}
	if c.AppID != "" {
		if err := txn.Insert(tableMapPOIs, &c); err != nil {
			return nil, err
		}
	}
	return []EventField{
		num("audit_id", int64(a.AuditID)), num("status", status), text("map_poi_id", c.MapPOIID),
		text("name", c.Name), text("address", c.Address),
		text("latitude", fmt.Sprint(c.Latitude)), text("longitude", fmt.Sprint(c.Longitude)),
		text("sh_remark", c.Remark),
	}, nil
}

// SearchMapPOI answers search_map_poi: the places of the district (the
// fixed ones and the approved created ones of every app, as Tencent Maps is
// shared) whose name or address contains keyword; 40097 for an unknown
// districtid or an empty keyword.
func (s *Sim) SearchMapPOI(districtID, keyword string) ([]Place, error) {
	if _, ok := s.catalog.Districts.Get(districtID); !ok || strings.TrimSpace(keyword) == "" {
		return nil, ErrInvalidArgs
	}
	kw := strings.ToLower(keyword)
	match := func(p Place) bool {
		return strings.Contains(strings.ToLower(p.BranchName), kw) || strings.Contains(strings.ToLower(p.Address), kw)
	}
	out := []Place{}
	for _, p := range s.catalog.Places {
		if p.DistrictID == districtID && match(p) {
			out = append(out, p)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].UID < out[j].UID })
	err := s.read(func(txn *memdb.Txn) error {
		created, err := all[MapPOI](txn, tableMapPOIs, indexDistrict, districtID)
		for _, c := range created {
			if p := c.place(); c.Status == MapPOIApproved && match(p) {
				out = append(out, p)
			}
		}
		return err
	})
	return out, err
}

func (c *MapPOI) place() Place {
	return Place{UID: c.MapPOIID, DistrictID: c.DistrictID, BranchName: c.Name, Address: c.Address,
		Longitude: c.Longitude, Latitude: c.Latitude, Telephone: c.Telephone, Category: c.Category, DataSupply: 1}
}

// placeTxn finds a map_poi_id among the fixed places and the approved
// created ones.
func (s *Sim) placeTxn(txn *memdb.Txn, id string) (*Place, error) {
	if p, ok := s.catalog.Places[id]; ok {
		return &p, nil
	}
	if id == "" {
		return nil, nil
	}
	c, err := first[MapPOI](txn, tableMapPOIs, indexPOI, id)
	if err != nil || c == nil || c.Status != MapPOIApproved {
		return nil, err
	}
	p := c.place()
	return &p, nil
}
