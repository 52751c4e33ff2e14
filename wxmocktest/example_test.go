package wxmocktest_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/wxmock/wxmock/wxmocktest"
)

// exampleT stands in for a test's *testing.T in these examples, which run
// outside any test: it prints a failure, so that the output shows it.
type exampleT struct{ testing.TB }

func (exampleT) Helper() {}

func (exampleT) Fatalf(format string, args ...any) { fmt.Printf("FAIL "+format+"\n", args...) }

// A client that misspells retail_id sends a field that WeChat ignores, and
// so does wxmock; RequireNoViolations fails the test on it, as on a
// request that breaks its endpoint's schema.
func ExampleServer_RequireNoViolations() {
	srv, _ := wxmocktest.NewServer(wxmocktest.Options{NoListener: true})
	defer srv.Stop()
	t := exampleT{} // in a test: t *testing.T

	// The client under test:
	tok, _ := srv.AccessToken()
	body := `{"promoter_list":[{"openid":"oAbCdEfGhIjKlMnOpQrStUvWxYz0","role_id":1,"retailid":"store-1"}]}`
	res, _ := srv.HTTPClient().Post(srv.URL()+"/promoter/addpromoter?access_token="+tok, "application/json", strings.NewReader(body))
	res.Body.Close()

	srv.RequireNoViolations(t)
	// Output:
	// FAIL wxmocktest: requests that broke their schema or sent an unknown field (1):
	// #2 POST /promoter/addpromoter: unknown field /promoter_list/0/retailid; did you mean retail_id?
}

// A scripted failure: the next two getrole calls answer 45011 (the minute
// quota), so that a test sees its client retry.
func ExampleServer_Fault() {
	srv, _ := wxmocktest.NewServer(wxmocktest.Options{NoListener: true})
	defer srv.Stop()
	t := exampleT{} // in a test: t *testing.T

	f := srv.Fault(t, wxmocktest.FaultOptions{Path: "/promoter/getrole", ErrCode: 45011, Times: 2})
	fmt.Printf("fault %d: %d %s\n", f.ID, f.ErrCode, f.ErrMsg)

	// The client under test:
	tok, _ := srv.AccessToken()
	for range 3 {
		res, _ := srv.HTTPClient().Post(srv.URL()+"/promoter/getrole?access_token="+tok, "application/json", strings.NewReader(`{}`))
		var out struct {
			ErrCode int `json:"errcode"`
		}
		json.NewDecoder(res.Body).Decode(&out)
		res.Body.Close()
		fmt.Println("getrole:", out.ErrCode)
	}

	f = srv.RemoveFault(t, f.ID)
	fmt.Printf("fault %d applied to %d of %d calls\n", f.ID, f.Hits, f.Calls)
	// Output:
	// fault 1: 45011 api minute-quota reach limit must slower retry next minute
	// getrole: 45011
	// getrole: 45011
	// getrole: 0
	// fault 1 applied to 2 of 3 calls
}

// The journal holds every request a client made, with wxmock's answer:
// here, the newest promoter call.
func ExampleServer_Journal() {
	srv, _ := wxmocktest.NewServer(wxmocktest.Options{NoListener: true})
	defer srv.Stop()
	t := exampleT{} // in a test: t *testing.T

	// The client under test:
	tok, _ := srv.AccessToken()
	for _, body := range []string{`{}`, `{"start_id":"2000"}`} {
		res, _ := srv.HTTPClient().Post(srv.URL()+"/promoter/getpromoter?access_token="+tok, "application/json", strings.NewReader(body))
		res.Body.Close()
	}

	for _, e := range srv.Journal(t, wxmocktest.JournalFilter{Path: "/promoter/*", Limit: 1}) {
		fmt.Println(e.Seq, e.Method, e.Path, e.Request, "→", e.ErrCode)
	}
	// Output:
	// 3 POST /promoter/getpromoter {"start_id":"2000"} → 103006
}

// An audit's result reaches the app's message server once the clock passes
// the audit delay; Pushes shows what was sent and how it went.
func ExampleServer_Pushes() {
	srv, _ := wxmocktest.NewServer(wxmocktest.Options{NoListener: true})
	defer srv.Stop()
	t := exampleT{} // in a test: t *testing.T

	// The app's message server, as the MP console's settings name it:
	recv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "success") }))
	defer recv.Close()
	push := map[string]any{"appid": srv.AppID(), "push": map[string]any{"url": recv.URL + "/wx", "token": "tok123", "mode": "plain"}}
	srv.Admin(http.MethodPost, "/apps", push, nil)

	// The client under test applies for the store mini program:
	tok, _ := srv.AccessToken()
	var form bytes.Buffer
	mw := multipart.NewWriter(&form)
	part, _ := mw.CreateFormFile("media", "logo.jpg")
	part.Write([]byte("\xff\xd8\xff\xe0 a head image"))
	mw.Close()
	res, _ := srv.HTTPClient().Post(srv.URL()+"/cgi-bin/media/upload?type=image&access_token="+tok, mw.FormDataContentType(), &form)
	var media struct {
		MediaID string `json:"media_id"`
	}
	json.NewDecoder(res.Body).Decode(&media)
	res.Body.Close()
	body := `{"first_catid":278,"second_catid":279,"headimg_mediaid":"` + media.MediaID + `","nickname":"小王便利","intro":"社区便利店"}`
	res, _ = srv.HTTPClient().Post(srv.URL()+"/wxa/apply_merchant?access_token="+tok, "application/json", strings.NewReader(body))
	res.Body.Close()

	srv.Advance(5 * time.Second) // the audit delay
	srv.FlushPushes(context.Background())
	for _, p := range srv.Pushes(t, wxmocktest.PushFilter{AppID: srv.AppID()}) {
		fmt.Println(p.Event, p.State, len(p.Attempts), "attempt, answered", p.Attempts[0].Status)
	}
	// Output:
	// apply_merchant_audit_info delivered 1 attempt, answered 200
}
