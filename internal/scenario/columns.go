package scenario

import (
	"reflect"
	"slices"
	"strings"

	"github.com/wxmock/wxmock/internal/sim"
)

// stateColumns lists the columns of each table of a state export (GET
// /__wxmock/state), by table name: the JSON keys of the sim's row types,
// read from their field tags as encoding/json reads them, so that they
// cannot drift from what the export writes. The runner uses the types only;
// it reads the state over HTTP.
func stateColumns() map[string][]string {
	out := map[string][]string{}
	t := reflect.TypeFor[sim.State]()
	for i := range t.NumField() {
		f := t.Field(i)
		name, _ := jsonName(f)
		if name == "" || f.Type.Kind() != reflect.Slice || f.Type.Elem().Kind() != reflect.Struct {
			continue
		}
		cols := rowColumns(f.Type.Elem())
		slices.Sort(cols)
		out[name] = slices.Compact(cols)
	}
	return out
}

// rowColumns are the JSON keys of a struct, those of its embedded structs
// included.
func rowColumns(t reflect.Type) []string {
	var cols []string
	for i := range t.NumField() {
		f := t.Field(i)
		name, tagged := jsonName(f)
		switch {
		case f.Anonymous && !tagged && f.Type.Kind() == reflect.Struct:
			cols = append(cols, rowColumns(f.Type)...)
		case name != "":
			cols = append(cols, name)
		}
	}
	return cols
}

// jsonName is the key encoding/json writes a field under, "" for none,
// and whether its tag names it.
func jsonName(f reflect.StructField) (string, bool) {
	tag := f.Tag.Get("json")
	if tag == "-" || (!f.IsExported() && !f.Anonymous) {
		return "", false
	}
	if name, _, _ := strings.Cut(tag, ","); name != "" {
		return name, true
	}
	return f.Name, false
}
