package httpapi_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite golden files")

// golden compares got with testdata/name, or rewrites the file with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (rewrite it with -update)", err)
	}
	diff(t, name, string(want), string(got))
}

// TestGetPromoterGolden pins the whole getpromoter answer, field order and
// string escaping included, for a small data set built through the API.
func TestGetPromoterGolden(t *testing.T) {
	t.Parallel()
	e := setup(t)
	tok := e.token()
	e.wantOK(e.post("/promoter/addrole", tok, `{"name":"店长","desc":"门店负责人"}`), "ok")
	e.prDeclare(tok,
		prObj{"openid": prOID(1), "role_id": 1, "retail_id": "shop-001", "extra_info": "channel=a&x=<1>", "name": "张三", "phone": "13800000001"},
		prObj{"openid": prOID(2), "role_id": 2, "retail_id": "门店二", "extra_info": "q\"b\\t\t\u2028😀<&>", "name": "Li Si"},
	)
	e.advance(90 * time.Second)
	e.prDeclare(tok, prObj{"openid": prOID(3), "role_id": 1})
	e.advance(30 * time.Second)
	if r := e.admin(http.MethodPost, "/promoters/authorize", `{"openid":"`+prOID(1)+`","auth_status":1}`); r.Status != http.StatusOK {
		t.Fatalf("authorize: %s", r.Raw)
	}
	e.advance(5 * time.Second)
	e.wantOK(e.post("/promoter/updatepromoter", tok, `{"id":"2","decl_status":2,"phone":"+86 21 5555"}`), "OK")

	r := e.post("/promoter/getpromoter", tok, `{}`)
	e.wantOK(r, "OK")
	var out bytes.Buffer
	if err := json.Indent(&out, []byte(r.Raw), "", "  "); err != nil {
		t.Fatalf("indent: %v\n%s", err, r.Raw)
	}
	out.WriteByte('\n')
	golden(t, "getpromoter_page.golden.json", out.Bytes())
}
