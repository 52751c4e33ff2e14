package mock

import (
	"bytes"
	"flag"
	"fmt"
	"go/format"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/wxmock/wxmock/internal/fixtures"
	"github.com/wxmock/wxmock/internal/httpapi"
	"github.com/wxmock/wxmock/internal/sim"
)

var update = flag.Bool("update", false, "write catalog_generated.go, state_generated.go and the files of generated/ from the fixtures")

// TestGeneratedUpToDate computes catalog_generated.go, state_generated.go
// and the files of generated/ from the fixtures and compares them with the ones built in
// (-update writes them), and checks the catalog they make.
func TestGeneratedUpToDate(t *testing.T) {
	code, err := formatCatalog(catalogTables(t))
	if err != nil {
		t.Fatal(err)
	}
	st, err := fixtureState()
	if err != nil {
		t.Fatal(err)
	}
	state, err := formatDefaultState(st)
	if err != nil {
		t.Fatal(err)
	}
	categories, districts, err := httpapi.LoadFixedAnswers()
	if err != nil {
		t.Fatal(err)
	}
	built := map[string][]byte{}
	for _, name := range []string{"catalog_generated.go", "state_generated.go"} {
		if built[name], err = os.ReadFile(name); err != nil && !*update {
			t.Fatal(err)
		}
	}
	files := map[string][2][]byte{
		"catalog_generated.go":                 {code, built["catalog_generated.go"]},
		"state_generated.go":                   {state, built["state_generated.go"]},
		"generated/get_merchant_category.json": {categories, generatedCategoryAnswer},
		"generated/get_district.json":          {districts, generatedDistrictAnswer},
	}
	for path, f := range files {
		want, got := f[0], f[1]
		if *update {
			if err := os.WriteFile(filepath.FromSlash(path), want, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if !bytes.Equal(want, got) {
			t.Errorf("%s is out of date: run go generate ./internal/mock", path)
		}
	}
}

// TestGeneratedCatalog checks the built-in tables against the fixtures as
// the catalog holds them: the districts sorted by ID, as Get's binary
// search needs, and every one found, every category and place in its map.
func TestGeneratedCatalog(t *testing.T) {
	cats, refs, places := catalogTables(t)
	c := catalog()
	if !slices.IsSortedFunc(c.Districts, func(a, b sim.DistrictRef) int { return strings.Compare(a.ID, b.ID) }) {
		t.Error("the districts are not sorted by ID: Get's binary search misses some")
	}
	if len(c.Districts) != len(refs) {
		t.Errorf("%d districts, want %d", len(c.Districts), len(refs))
	}
	for _, r := range refs {
		got, ok := c.Districts.Get(r.ID)
		if !ok {
			t.Errorf("district %s not found", r.ID)
			continue
		}
		if diff := cmp.Diff(r, got); diff != "" {
			t.Errorf("district %s mismatch (-want +got):\n%s", r.ID, diff)
		}
	}
	if _, ok := c.Districts.Get("999999"); ok {
		t.Error("district 999999 found")
	}
	if diff := cmp.Diff(byKey(cats, func(k sim.CategoryRef) uint32 { return k.ID }), c.Categories); diff != "" {
		t.Errorf("categories mismatch (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(byKey(places, func(p sim.Place) string { return p.UID }), c.Places); diff != "" {
		t.Errorf("places mismatch (-want +got):\n%s", diff)
	}
}

// catalogTables computes the catalog's tables from the fixtures, as
// catalog_generated.go should hold them.
func catalogTables(t *testing.T) ([]sim.CategoryRef, sim.Districts, []sim.Place) {
	t.Helper()
	tree, err := fixtures.Districts()
	if err != nil {
		t.Fatal(err)
	}
	cats, err := fixtures.Categories()
	if err != nil {
		t.Fatal(err)
	}
	pois, err := fixtures.MapPOIs()
	if err != nil {
		t.Fatal(err)
	}
	return categoryRefs(cats), districtRefs(tree), places(pois)
}

// byKey maps each of vs by its key.
func byKey[K comparable, V any](vs []V, key func(V) K) map[K]V {
	m := make(map[K]V, len(vs))
	for _, v := range vs {
		m[key(v)] = v
	}
	return m
}

// categoryRefs is what the catalog holds of the fixtures' categories, in
// their order: the source of generatedCategories.
func categoryRefs(cats []fixtures.Category) []sim.CategoryRef {
	out := make([]sim.CategoryRef, 0, len(cats))
	for _, k := range cats {
		ref := sim.CategoryRef{ID: uint32(k.ID), Level: k.Level}
		if k.Father != nil {
			ref.Father = uint32(*k.Father)
		}
		if k.SensitiveType != nil {
			ref.SensitiveType = *k.SensitiveType
		}
		out = append(out, ref)
	}
	return out
}

// places is what the catalog holds of the fixtures' map places, in their
// order: the source of generatedPlaces.
func places(pois []fixtures.MapPOI) []sim.Place {
	out := make([]sim.Place, 0, len(pois))
	for _, p := range pois {
		out = append(out, sim.Place{UID: p.SosomapPOIUID, DistrictID: p.DistrictID, BranchName: p.BranchName,
			Address: p.Address, Longitude: p.Longitude, Latitude: p.Latitude, Telephone: p.Telephone,
			Category: p.Category, DataSupply: p.DataSupply})
	}
	return out
}

// districtRefs lists every district of tree with the names of its parents,
// sorted by ID: the source of generatedDistricts.
func districtRefs(tree *fixtures.DistrictTree) sim.Districts {
	var out sim.Districts
	cities, districts := tree.Cities(), tree.Districts()
	for _, p := range tree.Provinces() {
		out = append(out, sim.DistrictRef{ID: p.ID, Level: 1, Province: p.Fullname, Name: p.Fullname})
		// The municipalities and the SARs list their districts at level 2
		// (Tencent Maps' layout): such a district's city is the province.
		direct := strings.HasSuffix(p.Fullname, "市") || strings.HasSuffix(p.Fullname, "特别行政区")
		for _, ci := range span(p.Cidx, len(cities)) {
			city := cities[ci]
			ref := sim.DistrictRef{ID: city.ID, Level: 2, Province: p.Fullname, City: city.Fullname, Name: city.Fullname}
			if direct {
				ref.City = p.Fullname
			}
			out = append(out, ref)
			for _, di := range span(city.Cidx, len(districts)) {
				d := districts[di]
				out = append(out, sim.DistrictRef{ID: d.ID, Level: 3, Province: p.Fullname, City: city.Fullname, Name: d.Fullname})
			}
		}
	}
	slices.SortFunc(out, func(a, b sim.DistrictRef) int { return strings.Compare(a.ID, b.ID) })
	return out
}

// span lists the indexes of a cidx range [first, last].
func span(cidx []int, n int) []int {
	if len(cidx) != 2 || cidx[0] < 0 || cidx[1] >= n || cidx[0] > cidx[1] {
		return nil
	}
	out := make([]int, 0, cidx[1]-cidx[0]+1)
	for i := cidx[0]; i <= cidx[1]; i++ {
		out = append(out, i)
	}
	return out
}

// formatCatalog writes the catalog's tables as catalog_generated.go holds
// them: generatedCategories, generatedDistricts (sorted by ID, as
// sim.Districts must be) and generatedPlaces.
func formatCatalog(cats []sim.CategoryRef, districts sim.Districts, places []sim.Place) ([]byte, error) {
	var b strings.Builder
	b.WriteString("// Code generated by go generate ./internal/mock (TestGeneratedUpToDate -update); DO NOT EDIT.\n\n")
	b.WriteString("package mock\n\nimport \"github.com/wxmock/wxmock/internal/sim\"\n\n")
	b.WriteString("// generatedCategories are the fixtures' merchant categories (categoryRefs).\n")
	b.WriteString("var generatedCategories = []sim.CategoryRef{\n")
	for _, k := range cats {
		fmt.Fprintf(&b, "{ID: %d, Level: %d, Father: %d, SensitiveType: %d},\n", k.ID, k.Level, k.Father, k.SensitiveType)
	}
	b.WriteString("}\n\n// generatedDistricts is the fixtures' district tree (districtRefs), sorted by ID.\n")
	b.WriteString("var generatedDistricts = sim.Districts{\n")
	for _, d := range districts {
		fmt.Fprintf(&b, "{ID: %q, Level: %d, Province: %q, City: %q, Name: %q},\n", d.ID, d.Level, d.Province, d.City, d.Name)
	}
	b.WriteString("}\n\n// generatedPlaces are the fixtures' Tencent Map places (places).\n")
	b.WriteString("var generatedPlaces = []sim.Place{\n")
	for _, p := range places {
		fmt.Fprintf(&b, "{UID: %q, DistrictID: %q, BranchName: %q, Address: %q, Longitude: %s, Latitude: %s, Telephone: %q, Category: %q, DataSupply: %d},\n",
			p.UID, p.DistrictID, p.BranchName, p.Address, float(p.Longitude), float(p.Latitude), p.Telephone, p.Category, p.DataSupply)
	}
	b.WriteString("}\n")
	return format.Source([]byte(b.String()))
}

// float writes f as a Go literal that reads back as exactly f.
func float(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }
