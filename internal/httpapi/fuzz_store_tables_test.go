package httpapi_test

import (
	"encoding/json"
	"fmt"
	"math/big"
	"reflect"
	"strconv"
	"strings"

	"github.com/google/go-cmp/cmp"
	"github.com/wxmock/wxmock/internal/sim"
	"github.com/wxmock/wxmock/schemas"
)

// sfzTables names the tables each store endpoint may change on success;
// an endpoint that is not listed is a read and changes nothing.
var sfzTables = map[string][]string{
	"/cgi-bin/media/upload":               {"media"},
	"/wxa/apply_merchant":                 {"merchants", "audits", "sequences"},
	"/wxa/applywxastore":                  {"merchants", "audits", "sequences"},
	"/wxa/modify_merchant":                {"merchants"},
	"/wxa/create_map_poi":                 {"map_pois", "audits", "sequences"},
	"/wxa/add_store":                      {"stores", "legacy_stores", "audits", "sequences"},
	"/wxa/update_store":                   {"stores", "audits", "sequences"},
	"/wxa/del_store":                      {"stores"},
	"/cgi-bin/poi/delpoi":                 {"legacy_stores"},
	"/card/storewxa/set":                  {"stores"},
	"/__wxmock/legacy_stores":             {"legacy_stores"},
	"/__wxmock/audits/{audit_id}/resolve": {"audits", "merchants", "map_pois", "stores", "legacy_stores"},
}

// sfzChangedTables lists the State fields (by JSON name) that differ.
func sfzChangedTables(base, got *sim.State) []string {
	var out []string
	b, g := reflect.ValueOf(base).Elem(), reflect.ValueOf(got).Elem()
	for i := 0; i < b.NumField(); i++ {
		if !cmp.Equal(b.Field(i).Interface(), g.Field(i).Interface()) {
			name, _, _ := strings.Cut(b.Type().Field(i).Tag.Get("json"), ",")
			out = append(out, name)
		}
	}
	return out
}

// sfzOnly checks that only the tables path owns changed.
func sfzOnly(path string, base, got *sim.State) error {
	for _, name := range sfzChangedTables(base, got) {
		if !sfzContains(sfzTables[path], name) {
			return fmt.Errorf("a success of %s changed the table %s", path, name)
		}
	}
	return nil
}

func sfzContains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// sfzNewRows returns the rows of got whose key base lacks; sfzGone those of
// base that got lacks; sfzChangedRows those under the same key that differ.
func sfzNewRows[T any](base, got []T, key func(T) string) []T {
	return sfzMinus(got, base, key)
}

func sfzMinus[T any](a, b []T, key func(T) string) []T {
	in := map[string]bool{}
	for _, x := range b {
		in[key(x)] = true
	}
	var out []T
	for _, x := range a {
		if !in[key(x)] {
			out = append(out, x)
		}
	}
	return out
}

func sfzChangedRows[T any](base, got []T, key func(T) string) []string {
	old := map[string]T{}
	for _, x := range base {
		old[key(x)] = x
	}
	var out []string
	for _, x := range got {
		if o, ok := old[key(x)]; ok && !cmp.Equal(o, x) {
			out = append(out, key(x))
		}
	}
	return out
}

func sfzStoreKey(s sim.Store) string        { return s.PoiID }
func sfzLegacyKey(l sim.LegacyStore) string { return l.PoiID }
func sfzAuditKey(a sim.Audit) string        { return strconv.FormatUint(a.AuditID, 10) }

// sfzPoi reads the poi_id of a request as the handlers do: a string of
// digits or a whole number, written without leading zeros.
func sfzPoi(input []byte) string {
	doc, _ := schemas.Decode(input)
	body, _ := doc.(map[string]any)
	var text string
	switch v := body["poi_id"].(type) {
	case string:
		text = v
	case json.Number:
		text = v.String()
	}
	r, ok := new(big.Rat).SetString(text)
	if !ok || !r.IsInt() {
		return ""
	}
	return r.Num().String()
}

// sfzSuccess checks what a successful call changed, and reports whether
// the call must leave the state as it was (a read).
func sfzSuccess(path string, input []byte, obj map[string]any, base, got *sim.State) (keep bool, err error) {
	if _, ok := sfzTables[path]; !ok {
		return true, sfzRead(path, obj, base)
	}
	if err := sfzOnly(path, base, got); err != nil {
		return false, err
	}
	data, _ := obj["data"].(map[string]any)
	poi := sfzPoi(input)
	newStores, goneStores := sfzNewRows(base.Stores, got.Stores, sfzStoreKey), sfzMinus(base.Stores, got.Stores, sfzStoreKey)
	changed := sfzChangedRows(base.Stores, got.Stores, sfzStoreKey)
	switch path {
	case "/wxa/add_store":
		if len(newStores) != 1 || len(goneStores) != 0 || len(changed) != 0 {
			return false, fmt.Errorf("add_store added %d stores, removed %d and changed %v; want one new store and no other change", len(newStores), len(goneStores), changed)
		}
		s := newStores[0]
		if data["audit_id"] != json.Number(strconv.FormatUint(s.AuditID, 10)) || s.Status != sim.StoreAuditing {
			return false, fmt.Errorf("add_store answered %v for the store %+v", data, s)
		}
	case "/wxa/update_store", "/card/storewxa/set":
		if len(newStores) != 0 || len(goneStores) != 0 || len(changed) > 1 || (len(changed) == 1 && changed[0] != poi) {
			return false, fmt.Errorf("%s of poi_id %q added %d stores, removed %d and changed %v", path, poi, len(newStores), len(goneStores), changed)
		}
	case "/wxa/del_store":
		if len(goneStores) != 1 || goneStores[0].PoiID != poi || len(newStores) != 0 || len(changed) != 0 {
			return false, fmt.Errorf("del_store of poi_id %q removed %d stores", poi, len(goneStores))
		}
	case "/cgi-bin/poi/delpoi":
		gone := sfzMinus(base.LegacyStores, got.LegacyStores, sfzLegacyKey)
		if len(gone) != 1 || gone[0].PoiID != poi || gone[0].UpgradeStatus != sim.UpgradeForbidden || len(got.LegacyStores) != len(base.LegacyStores)-1 {
			return false, fmt.Errorf("delpoi of poi_id %q removed %+v", poi, gone)
		}
	case "/wxa/create_map_poi":
		added := sfzNewRows(base.MapPOIs, got.MapPOIs, func(p sim.MapPOI) string { return strconv.FormatUint(p.BaseID, 10) })
		if len(added) != 1 || data["base_id"] != json.Number(strconv.FormatUint(added[0].BaseID, 10)) || data["rich_id"] != json.Number(strconv.FormatUint(added[0].RichID, 10)) {
			return false, fmt.Errorf("create_map_poi answered %v and added %+v", data, added)
		}
	}
	return false, nil
}

// sfzRead checks a read's answer against the state it read.
func sfzRead(path string, obj map[string]any, st *sim.State) error {
	stores, legacy := 0, 0
	cards := map[string]string{}
	for _, s := range st.Stores {
		if s.AppID == appID {
			stores++
			cards[s.PoiID] = s.CardID
		}
	}
	for _, l := range st.LegacyStores {
		if l.AppID == appID {
			legacy++
		}
	}
	switch path {
	case "/wxa/get_store_list":
		if obj["total_count"] != json.Number(strconv.Itoa(stores)) {
			return fmt.Errorf("total_count %v, but the app has %d stores", obj["total_count"], stores)
		}
	case "/cgi-bin/poi/getpoilist":
		if obj["total_count"] != json.Number(strconv.Itoa(legacy)) {
			return fmt.Errorf("total_count %v, but the app has %d legacy stores", obj["total_count"], legacy)
		}
	}
	return nil
}

// sfzAdminChange checks what an accepted control call changed.
func sfzAdminChange(path string, base, got *sim.State) error {
	if err := sfzOnly(path, base, got); err != nil {
		return err
	}
	switch path {
	case "/__wxmock/legacy_stores":
		added := sfzNewRows(base.LegacyStores, got.LegacyStores, sfzLegacyKey)
		changed := sfzChangedRows(base.LegacyStores, got.LegacyStores, sfzLegacyKey)
		if len(added)+len(changed) > 1 || len(got.LegacyStores) < len(base.LegacyStores) {
			return fmt.Errorf("one put added %d legacy stores and changed %v", len(added), changed)
		}
	case "/__wxmock/audits/{audit_id}/resolve":
		changed := sfzChangedRows(base.Audits, got.Audits, sfzAuditKey)
		if len(changed) != 1 || len(got.Audits) != len(base.Audits) {
			return fmt.Errorf("one resolve changed the audits %v", changed)
		}
	}
	return nil
}
