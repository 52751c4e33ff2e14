package schemas

import (
	_ "embed"
	"slices"
)

//go:embed scenario.schema.json
var scenarioSchema []byte

// ScenarioSchema returns the JSON Schema of the contract runner's scenario
// files (internal/scenario), a copy that the caller may keep or change.
func ScenarioSchema() []byte { return slices.Clone(scenarioSchema) }
