package httpapi_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// stlDoc is a state document decoded for a test to break one rule of it;
// numbers stay json.Number, so ids survive exactly.
type stlDoc map[string]any

// stlDecode decodes an exported state.
func stlDecode(t *testing.T, raw string) stlDoc {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(raw))
	dec.UseNumber()
	var d stlDoc
	if err := dec.Decode(&d); err != nil {
		t.Fatalf("decode state: %v", err)
	}
	return d
}

// row finds the first row of table whose fields print as kv's values, and
// returns its name ("stores[2]") and the row to change.
func (d stlDoc) row(t *testing.T, table string, kv ...any) (string, map[string]any) {
	t.Helper()
	for i, r := range d[table].([]any) {
		row := r.(map[string]any)
		match := true
		for k := 0; k < len(kv); k += 2 {
			if fmt.Sprint(row[kv[k].(string)]) != fmt.Sprint(kv[k+1]) {
				match = false
			}
		}
		if match {
			return fmt.Sprintf("%s[%d]", table, i), row
		}
	}
	t.Fatalf("no row of %s with %v", table, kv)
	return "", nil
}

// drop removes the first row of table whose fields print as kv's values.
func (d stlDoc) drop(t *testing.T, table string, kv ...any) {
	t.Helper()
	name, _ := d.row(t, table, kv...)
	var i int
	if _, err := fmt.Sscanf(strings.TrimPrefix(name, table), "[%d]", &i); err != nil {
		t.Fatal(err)
	}
	rows := d[table].([]any)
	d[table] = append(rows[:i:i], rows[i+1:]...)
}

// add appends a copy of row to table, with kv set, and returns its name.
func (d stlDoc) add(table string, row map[string]any, kv ...any) string {
	c := map[string]any{}
	for k, v := range row {
		c[k] = v
	}
	for k := 0; k < len(kv); k += 2 {
		c[kv[k].(string)] = kv[k+1]
	}
	d[table] = append(d[table].([]any), c)
	return fmt.Sprintf("%s[%d]", table, len(d[table].([]any))-1)
}

// sequence sets the next value of the named sequence, appending it when
// the document has none, and returns its row's name.
func (d stlDoc) sequence(name string, next any) string {
	for i, r := range d["sequences"].([]any) {
		if row := r.(map[string]any); row["name"] == name {
			row["next"] = next
			return fmt.Sprintf("sequences[%d]", i)
		}
	}
	return d.add("sequences", map[string]any{"name": name, "next": next})
}

// stlSet changes fields of a row.
func stlSet(row map[string]any, kv ...any) {
	for k := 0; k < len(kv); k += 2 {
		row[kv[k].(string)] = kv[k+1]
	}
}

// stlCase breaks one rule of the rich state's document and returns the
// words the refusal must hold, the row's name first.
type stlCase struct {
	name string
	mod  func(t *testing.T, d stlDoc, p stlPoi) []string
}

// stlRefused checks that PUT state refuses each case's document with 400
// and an error naming its row, and that the state stays as it was.
func stlRefused(t *testing.T, tests []stlCase) {
	t.Helper()
	e, p := stlRich(t)
	base := e.admState()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := e.admFor(t)
			d := stlDecode(t, base)
			words := tt.mod(t, d, p)
			admErr(t, e.admin(http.MethodPut, "/state", prJSON(t, d)), http.StatusBadRequest, words...)
			diff(t, "state after a refused PUT", base, e.admState())
		})
	}
}
