package scenario

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"slices"
	"testing"

	"github.com/wxmock/wxmock/internal/mock"
	"github.com/wxmock/wxmock/schemas"
)

// expectStateTables are the tables the scenario schema lets expect_state
// name.
func expectStateTables(t *testing.T) []string {
	t.Helper()
	var sch struct {
		Defs map[string]struct {
			Properties map[string]any `json:"properties"`
		} `json:"$defs"`
	}
	if err := json.Unmarshal(schemas.ScenarioSchema(), &sch); err != nil {
		t.Fatal(err)
	}
	tables := sortedKeys(sch.Defs["expect_state"].Properties)
	if len(tables) == 0 {
		t.Fatal("the scenario schema's expect_state names no table")
	}
	return tables
}

// TestStateColumnsCoverExpectState: every table expect_state accepts has
// its columns, so that no where key goes unchecked.
func TestStateColumnsCoverExpectState(t *testing.T) {
	t.Parallel()
	cols := stateColumns()
	for _, table := range expectStateTables(t) {
		if len(cols[table]) == 0 {
			t.Errorf("no columns for table %q, which expect_state accepts", table)
		}
	}
}

// TestStateColumnsMatchRealRows runs some of the project's scenarios
// against one wxmock and checks that every key of every row it then holds, in each
// table expect_state accepts, is among the table's columns: the columns
// are what the export writes, and a where key the parser accepts can
// match. Each of those tables must have rows, so that none goes unchecked.
func TestStateColumnsMatchRealRows(t *testing.T) {
	t.Parallel()
	m, err := mock.New(mock.Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	srv := httptest.NewServer(m.HTTP)
	defer srv.Close()
	// Files of scenarios/ that leave rows in every table, run one at a
	// time (a shared wxmock): the whole directory takes half a minute
	// under -race.
	var scs []*Scenario
	for _, f := range []string{"promoter_messages", "promoter_materials", "promoter_reach",
		"store", "store_places", "store_media", "store_migration"} {
		s, err := ParseFile("../../scenarios/" + f + ".yaml")
		if err != nil {
			t.Fatal(err)
		}
		scs = append(scs, s...)
	}
	r, err := NewRunner(Options{BaseURL: srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	r.Run(context.Background(), scs) // a failure is TestProjectScenarios's business
	st, err := m.Sim.Export()
	if err != nil {
		t.Fatal(err)
	}
	data, err := json.Marshal(st)
	if err != nil {
		t.Fatal(err)
	}
	var export map[string]json.RawMessage
	if err := json.Unmarshal(data, &export); err != nil {
		t.Fatal(err)
	}
	cols := stateColumns()
	for _, table := range expectStateTables(t) {
		var rows []map[string]any
		if err := json.Unmarshal(export[table], &rows); err != nil {
			t.Fatalf("%s: %v", table, err)
		}
		if len(rows) == 0 {
			t.Errorf("no row of %s after the scenarios: add a file of scenarios/ that leaves one", table)
		}
		for _, row := range rows {
			for k := range row {
				if !slices.Contains(cols[table], k) {
					t.Errorf("a row of %s has key %q, which is not among its columns %v", table, k, cols[table])
				}
			}
		}
	}
}
