package openapi_test

// scenarioFiles are the scenario files whose traffic the drift test
// validates: all but faults.yaml, whose scripted faults answer before any
// check (and whose fault on the token endpoint needs the runner's own
// server: on a server it shares, a scenario's faults touch only its app).
var scenarioFiles = []string{
	"tokens.yaml", "platform_tokens.yaml", "platform_errors.yaml",
	"promoter_declare.yaml", "promoter_roles.yaml", "promoter_update.yaml", "promoter_query.yaml",
	"promoter_messages.yaml", "promoter_materials.yaml", "promoter_reach.yaml",
	"store_merchant.yaml", "store_media.yaml", "store_places.yaml", "store_stores.yaml",
	"store_migration.yaml", "store_cards.yaml", "store_pushes.yaml",
}

// minEndpoints is how many WeChat paths the scenarios must reach.
const minEndpoints = 30
