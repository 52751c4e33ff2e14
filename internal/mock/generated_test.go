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

var update = flag.Bool("update", false, "write the *_generated.go files and those of generated/ from the fixtures")

// TestGeneratedUpToDate computes the *_generated.go files and those of
// generated/ from the fixtures and compares them with the ones in the
// package (-update writes them).
func TestGeneratedUpToDate(t *testing.T) {
	want, err := formatCatalog(catalogTables(t))
	if err != nil {
		t.Fatal(err)
	}
	st, err := fixtureState()
	if err != nil {
		t.Fatal(err)
	}
	if want["state_generated.go"], err = formatDefaultState(st); err != nil {
		t.Fatal(err)
	}
	if want["generated/get_merchant_category.json"], want["generated/get_district.json"], err = httpapi.LoadFixedAnswers(); err != nil {
		t.Fatal(err)
	}
	for path, code := range want {
		if *update {
			if err := os.WriteFile(filepath.FromSlash(path), code, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := os.ReadFile(filepath.FromSlash(path))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(code, got) {
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
// the *_generated.go files of the catalog should hold them.
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

// formatCatalog writes the catalog's tables as the package holds them, a
// file each, by name: generatedCategories, generatedDistricts (sorted by
// ID, as sim.Districts must be) and generatedPlaces.
func formatCatalog(cats []sim.CategoryRef, districts sim.Districts, places []sim.Place) (map[string][]byte, error) {
	var rows [3][]string
	for _, k := range cats {
		rows[0] = append(rows[0], fmt.Sprintf("{ID: %d, Level: %d, Father: %d, SensitiveType: %d}", k.ID, k.Level, k.Father, k.SensitiveType))
	}
	for _, d := range districts {
		rows[1] = append(rows[1], fmt.Sprintf("{ID: %q, Level: %d, Province: %q, City: %q, Name: %q}", d.ID, d.Level, d.Province, d.City, d.Name))
	}
	for _, p := range places {
		rows[2] = append(rows[2], fmt.Sprintf("{UID: %q, DistrictID: %q, BranchName: %q, Address: %q, Longitude: %s, Latitude: %s, Telephone: %q, Category: %q, DataSupply: %d}",
			p.UID, p.DistrictID, p.BranchName, p.Address, float(p.Longitude), float(p.Latitude), p.Telephone, p.Category, p.DataSupply))
	}
	tables := []struct{ file, doc, decl string }{
		{"categories_generated.go", "generatedCategories are the fixtures' merchant categories (categoryRefs).", "generatedCategories = []sim.CategoryRef"},
		{"districts_generated.go", "generatedDistricts is the fixtures' district tree (districtRefs), sorted by ID.", "generatedDistricts = sim.Districts"},
		{"places_generated.go", "generatedPlaces are the fixtures' Tencent Map places (places).", "generatedPlaces = []sim.Place"},
	}
	out := map[string][]byte{}
	for i, tb := range tables {
		src := generatedHeader + "import \"github.com/wxmock/wxmock/internal/sim\"\n\n// " + tb.doc + "\nvar " + tb.decl + "{\n" +
			strings.Join(rows[i], ",\n") + ",\n}\n"
		code, err := format.Source([]byte(src))
		if err != nil {
			return nil, err
		}
		out[tb.file] = code
	}
	return out, nil
}

// generatedHeader opens every generated Go file of the package.
const generatedHeader = "// Code generated by go generate ./internal/mock (TestGeneratedUpToDate -update); DO NOT EDIT.\n\npackage mock\n\n"

// float writes f as a Go literal that reads back as exactly f.
func float(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }
