package wxmocktest_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
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

// TestPushArrives: a merchant application's result reaches the test's own
// message server once the clock passes the audit delay.
func TestPushArrives(t *testing.T) {
	t.Parallel()
	got := make(chan string, 4)
	recv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		got <- string(body)
	}))
	defer recv.Close()
	srv := wxmocktest.Start(t, wxmocktest.Options{NoListener: true})
	push := map[string]any{"appid": srv.AppID(), "push": map[string]any{"url": recv.URL, "token": "tok123", "mode": "plain"}}
	if err := srv.Admin(http.MethodPost, "/apps", push, nil); err != nil {
		t.Fatal(err)
	}
	applyMerchant(t, srv)
	if err := srv.Advance(5 * time.Second); err != nil {
		t.Fatal(err)
	}
	if err := srv.FlushPushes(context.Background()); err != nil {
		t.Fatal(err)
	}
	select {
	case xml := <-got:
		if !strings.Contains(xml, "<Event><![CDATA[apply_merchant_audit_info]]></Event>") || !strings.Contains(xml, "<status>1</status>") {
			t.Errorf("push: %s", xml)
		}
	default:
		t.Fatal("no push arrived")
	}
}

// TestDroppedConnection: a scripted "drop" fault is a transport error for
// the client, with or without a socket.
func TestDroppedConnection(t *testing.T) {
	t.Parallel()
	for _, noListener := range []bool{false, true} {
		srv := wxmocktest.Start(t, wxmocktest.Options{NoListener: noListener})
		if err := srv.Admin(http.MethodPost, "/faults", `{"path":"/promoter/getrole","drop":true}`, nil); err != nil {
			t.Fatal(err)
		}
		tok, err := srv.AccessToken()
		if err != nil {
			t.Fatal(err)
		}
		res, err := srv.HTTPClient().Post(srv.URL()+"/promoter/getrole?access_token="+tok, "application/json", strings.NewReader(`{}`))
		if err == nil {
			res.Body.Close()
			t.Errorf("NoListener %v: the call got %s, want a transport error", noListener, res.Status)
		}
	}
}
