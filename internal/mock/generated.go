package mock

import _ "embed"

// The fixtures' district tree is 160 KB of JSON that took a start-up most
// of its time to decode, and building a map of its 3,200 districts took
// most of the rest; what a mock needs of the fixtures is computed from
// them by go generate and checked in instead: categories_, districts_ and
// places_generated.go hold the catalog's tables, a file each, and
// state_generated.go the default state, as Go literals (the binary's
// data, read where a lookup touches it), and generated/ the fixed
// answers. TestGeneratedUpToDate fails when the fixtures change and these
// files do not; go generate ./internal/mock writes them again. The
// generator is this package's test, so it needs the package to compile:
// after a change to sim's types that breaks the generated literals, make
// each generated function or variable a stub (generatedDefaultState
// returning nil, the tables empty), then run go generate.
//
//go:generate go test -run ^TestGeneratedUpToDate$ -update .
var (
	// generatedCategoryAnswer and generatedDistrictAnswer are
	// httpapi.LoadFixedAnswers' bodies of get_merchant_category and
	// get_district.
	//go:embed generated/get_merchant_category.json
	generatedCategoryAnswer []byte
	//go:embed generated/get_district.json
	generatedDistrictAnswer []byte
)
