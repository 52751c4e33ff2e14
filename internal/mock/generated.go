package mock

import (
	_ "embed"
	"fmt"
	"strings"

	"github.com/wxmock/wxmock/internal/sim"
)

// The fixtures' district tree is 160 KB of JSON that takes a start-up most
// of its time to decode; what a mock needs of it is computed at build time
// instead. TestGeneratedUpToDate fails when the fixtures change and these
// files do not; go generate writes them again.
//
//go:generate go test -run ^TestGeneratedUpToDate$ -update .
var (
	// generatedDistricts holds districtRefs of the tree, a line each:
	// id, level, province, city and name, separated by tabs.
	//go:embed generated/districts.tsv
	generatedDistricts string
	// generatedCategoryAnswer and generatedDistrictAnswer are
	// httpapi.LoadFixedAnswers' bodies of get_merchant_category and
	// get_district.
	//go:embed generated/get_merchant_category.json
	generatedCategoryAnswer []byte
	//go:embed generated/get_district.json
	generatedDistrictAnswer []byte
)

// formatDistricts writes refs as generated/districts.tsv holds them.
func formatDistricts(refs []sim.DistrictRef) string {
	var b strings.Builder
	for _, r := range refs {
		fmt.Fprintf(&b, "%s\t%d\t%s\t%s\t%s\n", r.ID, r.Level, r.Province, r.City, r.Name)
	}
	return b.String()
}

// parseDistricts reads generated/districts.tsv into the catalog's map.
func parseDistricts(tsv string) (map[string]sim.DistrictRef, error) {
	out := make(map[string]sim.DistrictRef, strings.Count(tsv, "\n"))
	for line := range strings.Lines(tsv) {
		f := strings.Split(strings.TrimSuffix(line, "\n"), "\t")
		if len(f) != 5 || len(f[1]) != 1 || f[1][0] < '1' || f[1][0] > '3' {
			return nil, fmt.Errorf("generated/districts.tsv: bad line %q", line)
		}
		out[f[0]] = sim.DistrictRef{ID: f[0], Level: int(f[1][0] - '0'), Province: f[2], City: f[3], Name: f[4]}
	}
	return out, nil
}
