package sim

import (
	"slices"
	"strings"
	"sync"
)

// Catalog is the fixed world the store family checks requests against: the
// merchant categories, the district tree and Tencent Map's places. It is
// read-only and shared by every app.
type Catalog struct {
	Categories map[uint32]CategoryRef
	Districts  Districts
	Places     map[string]Place // by sosomap_poi_uid

	// located is Places with their districts, built on first use.
	located struct {
		once sync.Once
		m    map[string]*Located
	}
}

// Located is a place with its district.
type Located struct {
	Place    Place
	District DistrictRef
}

// locate is the catalog's place uid with its district, shared by every
// reader (nil when the catalog has no such place): a page of stores reads
// a pointer rather than copying two structures a store.
func (c *Catalog) locate(uid string) *Located {
	c.located.once.Do(func() {
		c.located.m = make(map[string]*Located, len(c.Places))
		for id, p := range c.Places {
			d, _ := c.Districts.Get(p.DistrictID)
			c.located.m[id] = &Located{Place: p, District: d}
		}
	})
	return c.located.m[uid]
}

// CategoryRef is what apply_merchant needs of a category.
type CategoryRef struct {
	ID            uint32
	Level         int // 1 or 2
	Father        uint32
	SensitiveType int // 1: qualification_list required
}

// DistrictRef is a district with the names of its parents.
type DistrictRef struct {
	ID       string
	Level    int // 1 province, 2 city, 3 district
	Province string
	City     string
	Name     string // fullname
}

// Districts is the district tree, every district with the names of its
// parents, sorted by ID: a table that can be generated as a Go literal (a
// Go literal is data of the binary, where a map is built at start).
type Districts []DistrictRef

// Get returns the district id, by binary search.
func (d Districts) Get(id string) (DistrictRef, bool) {
	i, ok := slices.BinarySearchFunc(d, id, func(r DistrictRef, id string) int { return strings.Compare(r.ID, id) })
	if !ok {
		return DistrictRef{}, false
	}
	return d[i], true
}

// Place is a point on Tencent Maps that search_map_poi finds and add_store
// takes as map_poi_id.
type Place struct {
	UID        string  `json:"sosomap_poi_uid"`
	DistrictID string  `json:"districtid"`
	BranchName string  `json:"branch_name"`
	Address    string  `json:"address"`
	Longitude  float64 `json:"longitude"`
	Latitude   float64 `json:"latitude"`
	Telephone  string  `json:"telephone"`
	Category   string  `json:"category"`
	DataSupply int     `json:"data_supply"`
}

// SetCatalog sets the fixed world of the store family.
func (s *Sim) SetCatalog(c *Catalog) { s.catalog = c }
