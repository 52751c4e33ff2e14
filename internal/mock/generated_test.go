package mock

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/wxmock/wxmock/internal/fixtures"
	"github.com/wxmock/wxmock/internal/httpapi"
)

var update = flag.Bool("update", false, "write the files of generated/ from the fixtures")

// TestGeneratedUpToDate computes the files of generated/ from the fixtures
// and compares them with the embedded ones (-update writes them), and reads
// the districts back as the catalog holds them.
func TestGeneratedUpToDate(t *testing.T) {
	tree, err := fixtures.Districts()
	if err != nil {
		t.Fatal(err)
	}
	refs := districtRefs(tree)
	categories, districts, err := httpapi.LoadFixedAnswers()
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{
		"districts.tsv":              []byte(formatDistricts(refs)),
		"get_merchant_category.json": categories,
		"get_district.json":          districts,
	}
	embedded := map[string][]byte{
		"districts.tsv":              []byte(generatedDistricts),
		"get_merchant_category.json": generatedCategoryAnswer,
		"get_district.json":          generatedDistrictAnswer,
	}
	for name, want := range files {
		path := filepath.Join("generated", name)
		if *update {
			if err := os.WriteFile(path, want, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if !bytes.Equal(want, embedded[name]) {
			t.Errorf("%s is out of date: run go generate ./internal/mock", path)
		}
	}
	got, err := parseDistricts(formatDistricts(refs))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(refs) {
		t.Errorf("%d districts read back, want %d (an id twice?)", len(got), len(refs))
	}
	for _, r := range refs {
		if diff := cmp.Diff(r, got[r.ID]); diff != "" {
			t.Errorf("district %s mismatch (-want +got):\n%s", r.ID, diff)
		}
	}
}
