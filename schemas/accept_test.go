package schemas_test

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/wxmock/wxmock/schemas"
)

// fuzzSeeds returns the bodies of a fuzz target's corpus in
// internal/httpapi/testdata/fuzz.
func fuzzSeeds(t *testing.T, target string) map[string]string {
	t.Helper()
	dir := filepath.Join("..", "internal", "httpapi", "testdata", "fuzz", target)
	files, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	seeds := map[string]string{}
	for _, f := range files {
		data, err := os.ReadFile(filepath.Join(dir, f.Name()))
		if err != nil {
			t.Fatal(err)
		}
		_, arg, _ := strings.Cut(strings.TrimSpace(string(data)), "\n")
		lit, ok := strings.CutPrefix(arg, "[]byte(")
		if !ok || !strings.HasSuffix(lit, ")") {
			t.Fatalf("%s: not one []byte argument: %q", f.Name(), arg)
		}
		body, err := strconv.Unquote(strings.TrimSuffix(lit, ")"))
		if err != nil {
			t.Fatalf("%s: %v", f.Name(), err)
		}
		seeds[f.Name()] = body
	}
	return seeds
}

// TestAcceptersAgreeWithTheSchemas: with and without the hand-written
// accepter, Validate answers the same violations, over addpromoter's fuzz
// corpus and bodies at each edge of its schema; and the accepter takes
// the valid bodies, so that the fast path is the one taken.
func TestAcceptersAgreeWithTheSchemas(t *testing.T) {
	t.Parallel()
	fast, err := schemas.Load()
	if err != nil {
		t.Fatal(err)
	}
	full, err := schemas.LoadFS(schemas.Files()) // no accepters
	if err != nil {
		t.Fatal(err)
	}
	const ep = "promoter/addpromoter"
	item := func(fields string) string { return `{"openid":"oABCDEFGHIJKLMNOPQRSTUVWXYZ_",` + fields + `}` }
	list := func(items ...string) string { return `{"promoter_list":[` + strings.Join(items, ",") + `]}` }
	ten := strings.Repeat(item(`"role_id":1`)+",", 9) + item(`"role_id":1`)
	valid := map[string]string{
		"one":                list(item(`"role_id":1`)),
		"ten":                list(ten),
		"all fields at most": list(item(`"role_id":4294967295,"retail_id":"` + strings.Repeat("r", 20) + `","extra_info":"` + strings.Repeat("e", 80) + `","name":"` + strings.Repeat("名", 10) + `","phone":"` + strings.Repeat("1", 20) + `"`)),
		"empty strings":      list(item(`"role_id":7,"retail_id":"","extra_info":"","name":"","phone":""`)),
		"other keys":         `{"promoter_list":[` + item(`"role_id":1,"x":[1,{}]`) + `],"y":null}`,
		"digits and dash":    list(`{"openid":"o0123456789-_abcdefghijklmno","role_id":12}`),
	}
	cases := map[string]string{
		"no list":             `{}`,
		"list not an array":   `{"promoter_list":{}}`,
		"empty list":          list(),
		"eleven":              list(ten, item(`"role_id":1`)),
		"item not an object":  list(`1`),
		"no openid":           list(`{"role_id":1}`),
		"no role_id":          list(item(`"name":"a"`)),
		"openid 27":           list(`{"openid":"oABCDEFGHIJKLMNOPQRSTUVWXYZ","role_id":1}`),
		"openid 29":           list(`{"openid":"oABCDEFGHIJKLMNOPQRSTUVWXYZ_a","role_id":1}`),
		"openid not o":        list(`{"openid":"xABCDEFGHIJKLMNOPQRSTUVWXYZ_","role_id":1}`),
		"openid dot":          list(`{"openid":"oABCDEFGHIJKLMNOPQRSTUVWXYZ.","role_id":1}`),
		"openid unicode":      list(`{"openid":"oABCDEFGHIJKLMNOPQRSTUVWXY门","role_id":1}`),
		"openid newline":      list(`{"openid":"oABCDEFGHIJKLMNOPQRSTUVWXYZ\n","role_id":1}`),
		"openid number":       list(`{"openid":1,"role_id":1}`),
		"role 0":              list(item(`"role_id":0`)),
		"role too big":        list(item(`"role_id":4294967296`)),
		"role negative":       list(item(`"role_id":-1`)),
		"role 1.0":            list(item(`"role_id":1.0`)),
		"role 1e3":            list(item(`"role_id":1e3`)),
		"role 1.5":            list(item(`"role_id":1.5`)),
		"role string":         list(item(`"role_id":"1"`)),
		"role null":           list(item(`"role_id":null`)),
		"retail_id 21":        list(item(`"role_id":1,"retail_id":"` + strings.Repeat("r", 21) + `"`)),
		"extra_info 81":       list(item(`"role_id":1,"extra_info":"` + strings.Repeat("e", 81) + `"`)),
		"name 31 bytes":       list(item(`"role_id":1,"name":"` + strings.Repeat("名", 10) + `a"`)),
		"phone 21":            list(item(`"role_id":1,"phone":"` + strings.Repeat("1", 21) + `"`)),
		"phone number":        list(item(`"role_id":1,"phone":13800000000`)),
		"name null":           list(item(`"role_id":1,"name":null`)),
		"one bad of two":      list(item(`"role_id":1`), item(`"role_id":0`)),
		"root array":          `[]`,
		"bad and good fields": list(item(`"role_id":0,"name":"` + strings.Repeat("n", 31) + `"`)),
	}
	for name, body := range valid {
		cases["valid "+name] = body
	}
	for name, body := range fuzzSeeds(t, "FuzzAddPromoter") {
		cases["seed "+name] = body
	}
	accepted := 0
	for name, body := range cases {
		doc, violations, err := full.DecodeRequest(ep, []byte(body))
		if err != nil || violations != nil {
			continue // answered before Validate
		}
		want, wantErr := full.Validate(ep, schemas.Request, doc)
		got, gotErr := fast.Validate(ep, schemas.Request, doc)
		if diff := cmp.Diff(want, got); diff != "" || (wantErr == nil) != (gotErr == nil) {
			t.Errorf("%s: violations mismatch (-full +fast):\n%s\nerrors %v, %v\nbody %.300s", name, diff, wantErr, gotErr, body)
		}
		if schemas.Accepts(ep, doc) {
			accepted++
			if want != nil {
				t.Errorf("%s: accepted by hand, but the schema finds %+v", name, want)
			}
		}
	}
	for name, body := range valid {
		doc, _, err := fast.DecodeRequest(ep, []byte(body))
		if err != nil || !schemas.Accepts(ep, doc) {
			t.Errorf("valid %s: not accepted by hand (%v): %s", name, err, body)
		}
	}
	if accepted < len(valid)+5 {
		t.Errorf("%d bodies accepted by hand, want the %d valid ones and at least 5 seeds", accepted, len(valid))
	}
}
