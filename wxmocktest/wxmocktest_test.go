package wxmocktest_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/wxmock/wxmock/wxmocktest"
)

// TestDeclareAndAuthorize walks a client's path through both kinds of
// server: token, declare, authorize, query.
func TestDeclareAndAuthorize(t *testing.T) {
	t.Parallel()
	for _, noListener := range []bool{false, true} {
		srv := wxmocktest.Start(t, wxmocktest.Options{NoListener: noListener, ClockStart: time.Unix(1700000000, 0)})
		tok, err := srv.AccessToken()
		if err != nil {
			t.Fatal(err)
		}
		const openid = "oAbCdEfGhIjKlMnOpQrStUvWxYz0"
		post := func(path, body string) map[string]any {
			res, err := srv.HTTPClient().Post(srv.URL()+path+"?access_token="+tok, "application/json", strings.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			data, _ := io.ReadAll(res.Body)
			var out map[string]any
			if err := json.Unmarshal(data, &out); err != nil {
				t.Fatalf("%s: %v: %s", path, err, data)
			}
			return out
		}
		if got := post("/promoter/addpromoter", `{"promoter_list":[{"openid":"`+openid+`","role_id":1}]}`); got["fail_cnt"] != float64(0) {
			t.Fatalf("addpromoter: %v", got)
		}
		srv.Advance(time.Hour)
		if err := srv.Authorize(openid, 1); err != nil {
			t.Fatal(err)
		}
		got := post("/promoter/getpromoter", `{"auth_status":1}`)
		list, _ := got["promoter_list"].([]any)
		if len(list) != 1 {
			t.Fatalf("getpromoter: %v", got)
		}
		p := list[0].(map[string]any)
		if p["openid"] != openid || p["update_time"] != float64(1700003600) {
			t.Errorf("promoter %v: want %s updated at 1700003600", p, openid)
		}
		if err := srv.Admin(http.MethodGet, "/health", "", nil); err != nil {
			t.Fatal(err)
		}
	}
}
