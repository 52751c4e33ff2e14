package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/wxmock/wxmock/internal/fixtures"
	"github.com/wxmock/wxmock/internal/mock"
	"github.com/wxmock/wxmock/internal/scenario"
)

const (
	fakeSecret = "0123456789abcdef0123456789abcdef"
	fakeToken  = "81_REAL-TOKEN-THAT-MUST-NOT-BE-WRITTEN-DOWN"
	fakeOpenID = "o6_bmjrPTlm6_2sgVt7hMZOPfL2M"
)

// fakeWeChat is the "real service": canned answers, one of which (getrole's
// role_id as a string) breaks its response schema. It keeps what it
// received.
type fakeWeChat struct {
	mu       sync.Mutex
	received []string // method, path?query, X-Client header and body of each call
}

func (f *fakeWeChat) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	f.mu.Lock()
	f.received = append(f.received, r.Method+" "+r.URL.RequestURI()+" "+r.Header.Get("X-Client")+" "+string(body))
	f.mu.Unlock()
	w.Header().Set("X-Fake", "yes")
	w.Header().Set("Content-Type", "application/json; encoding=utf-8")
	answer, ok := fakeAnswers[r.Method+" "+r.URL.Path]
	switch {
	case !ok:
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusNotFound)
		_, _ = io.WriteString(w, "<html>no such page</html>")
	case r.URL.Path == "/promoter/getpromoter" && strings.Contains(r.Header.Get("Accept-Encoding"), "gzip"):
		w.Header().Set("Content-Encoding", "gzip")
		zw := gzip.NewWriter(w)
		_, _ = io.WriteString(zw, answer)
		_ = zw.Close()
	default:
		_, _ = io.WriteString(w, answer)
	}
}

var fakeAnswers = map[string]string{
	"GET /cgi-bin/token":         `{"access_token":"` + fakeToken + `","expires_in":7200}`,
	"POST /promoter/getrole":     `{"role_list":[{"role_id":"1","name":"推广员","desc":""}],"total_cnt":1,"errcode":0,"errmsg":"OK"}`,
	"POST /promoter/addpromoter": `{"errcode":47001,"errmsg":"data format error rid: 65b0a6bb-1a2b3c4d-5e6f7a8b"}`,
	"POST /promoter/getpromoter": `{"promoter_list":[{"openid":"` + fakeOpenID + `","role_id":1,"retail_id":"","extra_info":"","auth_status":0,"decl_status":1,"update_time":1706076027,"id":"1000001","name":"张三","phone":""}],"total_cnt":1,"errcode":0,"errmsg":"OK"}`,
	"POST /cgi-bin/media/upload": `{"type":"image","media_id":"3_tY1Zb-media","created_at":1706076027}`,
}

func TestRecord(t *testing.T) {
	t.Parallel()
	fake := &fakeWeChat{}
	real := httptest.NewServer(fake)
	defer real.Close()
	dir := t.TempDir()
	out := filepath.Join(dir, "recorded.yaml")

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	addr := make(chan string, 1)
	type result struct {
		violations int
		err        error
	}
	done := make(chan result, 1)
	var stdout, stderr bytes.Buffer
	go func() {
		n, err := record(ctx, recordOptions{Target: real.URL, Listen: "127.0.0.1:0", Out: out, Name: "recorded",
			ready: func(a string) { addr <- a }}, &stdout, &stderr)
		done <- result{n, err}
	}()
	var base string
	select {
	case a := <-addr:
		base = "http://" + a
	case res := <-done:
		t.Fatalf("record returned before listening: %v\n%s", res.err, stderr.String())
	}

	jpeg := []byte("\xff\xd8\xff\xe0 not text at all \x00\x01")
	var upload bytes.Buffer
	mw := multipart.NewWriter(&upload)
	part, _ := mw.CreateFormFile("media", "logo.jpg")
	_, _ = part.Write(jpeg)
	_ = mw.Close()
	addBody := `{"promoter_list":[{"openid":"` + fakeOpenID + `","role_id":"1","name":"张${x}"}]}`
	calls := []struct {
		method, path, ctype, body string
		status                    int
		answer                    string
	}{
		{"GET", "/cgi-bin/token?grant_type=client_credential&appid=wx00000000000000aa&secret=" + fakeSecret, "", "", 200, fakeAnswers["GET /cgi-bin/token"]},
		{"POST", "/promoter/getrole?access_token=" + fakeToken, "application/json", `{}`, 200, fakeAnswers["POST /promoter/getrole"]},
		{"POST", "/promoter/addpromoter?access_token=" + fakeToken, "application/json", addBody, 200, fakeAnswers["POST /promoter/addpromoter"]},
		{"POST", "/promoter/getpromoter?access_token=" + fakeToken, "application/json", `{"role_id":1}`, 200, fakeAnswers["POST /promoter/getpromoter"]},
		{"POST", "/cgi-bin/media/upload?type=image&access_token=" + fakeToken, mw.FormDataContentType(), upload.String(), 200, fakeAnswers["POST /cgi-bin/media/upload"]},
		{"GET", "/unknown/path?access_token=" + fakeToken, "", "", 404, "<html>no such page</html>"},
	}
	for _, c := range calls {
		req, err := http.NewRequest(c.method, base+c.path, strings.NewReader(c.body))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("X-Client", "test")
		if c.ctype != "" {
			req.Header.Set("Content-Type", c.ctype)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		data, _ := io.ReadAll(res.Body)
		_ = res.Body.Close()
		if res.StatusCode != c.status || string(data) != c.answer || res.Header.Get("X-Fake") != "yes" {
			t.Errorf("%s %s: answered %d %q (X-Fake %q), want %d %q passed through", c.method, c.path,
				res.StatusCode, data, res.Header.Get("X-Fake"), c.status, c.answer)
		}
	}
	cancel()
	res := <-done
	if res.err != nil {
		t.Fatalf("record: %v\nstdout:\n%s\nstderr:\n%s", res.err, stdout.String(), stderr.String())
	}

	// The calls reached the real service as the client sent them.
	for i, c := range calls {
		want := c.method + " " + c.path + " test " + c.body
		if i >= len(fake.received) || fake.received[i] != want {
			t.Errorf("call %d reached the service as %q, want %q", i+1, fake.received[min(i, len(fake.received)-1)], want)
		}
	}

	// The violations, printed as contract validate prints them.
	printed := stdout.String()
	for _, want := range []string{
		"call 2 POST /promoter/getrole: response: /role_list/0/role_id: type: expected integer, but got string\n",
		"call 3 POST /promoter/addpromoter: request: /promoter_list/0/role_id: type: expected integer, but got string → errcode 47001\n",
		"call 6 GET /unknown/path → 404 (unknown endpoint: not validated)\n",
		"6 calls, ",
	} {
		if !strings.Contains(printed, want) {
			t.Errorf("output lacks %q:\n%s", want, printed)
		}
	}
	for _, quiet := range []string{"call 1 GET /cgi-bin/token:", "call 4 POST /promoter/getpromoter:", "call 5 POST /cgi-bin/media/upload:",
		"call 2 POST /promoter/getrole: response: /errcode"} { // the error envelope's failures explain nothing
		if strings.Contains(printed, quiet) {
			t.Errorf("a call that keeps the contract has a violation (%q):\n%s", quiet, printed)
		}
	}
	if res.violations == 0 || !strings.Contains(printed, "6 calls, "+strconv.Itoa(res.violations)+" violations") {
		t.Errorf("%d violations; summary:\n%s", res.violations, printed)
	}

	// The recording reads back as the expected scenario.
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(data, []byte(fakeSecret)) || bytes.Contains(data, []byte(fakeToken)) {
		t.Errorf("the recording holds the secret or the access_token:\n%s", data)
	}
	if !bytes.Contains(data, []byte("# Unknown endpoint")) || !bytes.Contains(data, []byte("# Violation: response: /role_list/0/role_id")) {
		t.Errorf("the recording lacks the comments on its steps:\n%s", data)
	}
	scs, err := scenario.ParseFile(out)
	if err != nil {
		t.Fatalf("%v\n%s", err, data)
	}
	if len(scs) != 1 || scs[0].Name != "recorded" || len(scs[0].Steps) != len(calls) {
		t.Fatalf("want one scenario named recorded with %d steps:\n%s", len(calls), data)
	}
	type step struct {
		Method, Path string
		NoToken      bool
		Query        map[string]string
		Body         any
		Upload       *scenario.Upload
		Status       int
		Answer       any
		Ignore       []string
	}
	var got []step
	for _, st := range scs[0].Steps {
		if st.Request == nil || st.Expect == nil {
			t.Fatalf("step %q is not a request with expect:\n%s", st.Name, data)
		}
		s := step{Method: st.Request.Method, Path: st.Request.Path, NoToken: st.Request.Token.Omit,
			Query: st.Request.Query, Upload: st.Request.Upload, Status: st.Expect.Status}
		// Expand as the runner does: "$${" is a literal "${".
		if s.Body, err = (scenario.Vars{}).Expand(st.Request.Body); err != nil {
			t.Fatal(err)
		}
		if st.Expect.Body != nil {
			s.Answer, s.Ignore = st.Expect.Body.Value, st.Expect.Body.Ignore
		}
		got = append(got, s)
	}
	want := []step{
		{Method: "GET", Path: "/cgi-bin/token", NoToken: true,
			Query:  map[string]string{"grant_type": "client_credential", "appid": "${appid}", "secret": "${secret}"},
			Status: 200, Answer: doc(t, `{"access_token":"(not recorded)","expires_in":7200}`), Ignore: []string{"/access_token", "/expires_in"}},
		{Method: "POST", Path: "/promoter/getrole", Body: doc(t, `{}`), Status: 200, Answer: doc(t, fakeAnswers["POST /promoter/getrole"])},
		{Method: "POST", Path: "/promoter/addpromoter", Body: doc(t, addBody), Status: 200,
			Answer: doc(t, fakeAnswers["POST /promoter/addpromoter"]), Ignore: []string{"/errmsg"}},
		{Method: "POST", Path: "/promoter/getpromoter", Body: doc(t, `{"role_id":1}`), Status: 200,
			Answer: doc(t, fakeAnswers["POST /promoter/getpromoter"]), Ignore: []string{"/promoter_list/*/update_time", "/promoter_list/*/id"}},
		{Method: "POST", Path: "/cgi-bin/media/upload", Query: map[string]string{"type": "image"},
			Upload: &scenario.Upload{Field: "media", Filename: "logo.jpg", File: "recorded.uploads/call-5.bin"}, Status: 200,
			Answer: doc(t, fakeAnswers["POST /cgi-bin/media/upload"]), Ignore: []string{"/media_id", "/created_at"}},
		{Method: "GET", Path: "/unknown/path", Status: 404},
	}
	if diff := cmp.Diff(want, got, cmp.Transformer("map", func(m map[string]string) map[string]string {
		if len(m) == 0 {
			return nil
		}
		return m
	})); diff != "" {
		t.Errorf("recorded steps (-want +got):\n%s\n%s", diff, data)
	}
	if up := scs[0].Steps[4].Request.Upload; up != nil {
		if content, err := os.ReadFile(scs[0].Path(up.File)); err != nil || !bytes.Equal(content, jpeg) {
			t.Errorf("the upload's file holds %q (%v), want %q", content, err, jpeg)
		}
	}
}

// doc decodes JSON as the scenario parser does: numbers as json.Number.
func doc(t *testing.T, s string) any {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

func TestRecordStops(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	down := httptest.NewServer(http.NotFoundHandler())
	down.Close() // nothing answers there

	// A call the target never answers is printed, and left out of the file.
	ctx, cancel := context.WithCancel(context.Background())
	addr := make(chan string, 1)
	done := make(chan error, 1)
	var stdout, stderr bytes.Buffer
	out := filepath.Join(dir, "none.yaml")
	go func() {
		_, err := record(ctx, recordOptions{Target: down.URL, Listen: "127.0.0.1:0", Out: out,
			ready: func(a string) { addr <- a }}, &stdout, &stderr)
		done <- err
	}()
	res, err := http.Post("http://"+<-addr+"/promoter/getrole", "application/json", strings.NewReader("{}"))
	if err != nil {
		t.Fatal(err)
	}
	_ = res.Body.Close()
	cancel()
	err = <-done
	if res.StatusCode != http.StatusBadGateway || err == nil || !strings.Contains(err.Error(), "no answer") ||
		!strings.Contains(stdout.String(), "call 1 POST /promoter/getrole: no answer from the target") ||
		!strings.Contains(stdout.String(), "1 call, 0 violations; nothing written to") {
		t.Errorf("status %d, err %v, output:\n%s", res.StatusCode, err, stdout.String())
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("a file without steps was written: %v", err)
	}

	for _, args := range [][]string{{}, {"-target", "ftp://example.com"}, {"-target", "http://x", "extra"},
		{"-target", "http://x", "-out", filepath.Join(dir, "no", "such", "dir", "r.yaml")}} {
		var o, e bytes.Buffer
		if code := run(context.Background(), append([]string{"record"}, args...), &o, &e); code != exitUsage {
			t.Errorf("record %q: exit %d, want %d; %s", args, code, exitUsage, e.String())
		}
	}
}

// TestRecording writes bodies that YAML could misread, and calls that are
// no request step, and reads the scenario back.
func TestRecording(t *testing.T) {
	t.Parallel()
	tricky := `{"<<":"merge?","true":"yes","n":null,"big":123456789012345678901234567890,"f":1e5,"neg":-0.25,` +
		`"lines":"one\ntwo\n","quote":"'\"#: x","var":"${appid} $${x}","arr":[[],{},[1,"1",true,"true"]],"ctl":"\u0001\t"}`
	target, _ := url.Parse("https://api.weixin.qq.com")
	calls := []*exchange{
		{seq: 1, method: "OPTIONS", path: "/promoter/addrole", answered: true, status: 200},
		{seq: 2, method: "POST", path: "/promoter/addrole", endpoint: "promoter/addrole", query: url.Values{"access_token": {"t"}},
			ctype: "application/json", body: []byte(tricky), answered: true, status: 200, answer: []byte(tricky)},
		{seq: 3, method: "PUT", path: "/x", query: url.Values{"q": {"${q}"}}, body: []byte("a=${b}&c"), answered: true, status: 500, answer: []byte("oops")},
		{seq: 4, method: "POST", path: "/y", err: errors.New("connection refused")},
	}
	data, uploads, err := recording("tricky", target, calls, 0, "tricky.yaml")
	if err != nil || len(uploads) != 0 {
		t.Fatal(err, uploads)
	}
	scs, err := scenario.Parse("tricky.yaml", data)
	if err != nil {
		t.Fatalf("%v\n%s", err, data)
	}
	if !bytes.Contains(data, []byte("# Not recorded:\n# call 1 OPTIONS /promoter/addrole: a request step cannot send OPTIONS\n# call 4 POST /y: no answer (connection refused)\n")) {
		t.Errorf("the skipped calls are not in the file's comment:\n%s", data)
	}
	steps := scs[0].Steps
	if len(steps) != 2 {
		t.Fatalf("%d steps, want 2:\n%s", len(steps), data)
	}
	body, err := (scenario.Vars{}).Expand(steps[0].Request.Body)
	if err != nil {
		t.Fatal(err)
	}
	answer, err := (scenario.Vars{}).Expand(steps[0].Expect.Body.Value)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(doc(t, tricky), body); diff != "" {
		t.Errorf("body (-sent +recorded):\n%s\n%s", diff, data)
	}
	if diff := cmp.Diff(doc(t, tricky), answer); diff != "" {
		t.Errorf("answer (-received +recorded):\n%s\n%s", diff, data)
	}
	raw, err := (scenario.Vars{}).ExpandString(steps[1].Request.Raw)
	if err != nil || raw != "a=${b}&c" || steps[1].Request.Method != "PUT" || !steps[1].Request.Token.Omit {
		t.Errorf("raw %q (%v), request %+v", raw, err, steps[1].Request)
	}
	if q, err := (scenario.Vars{}).ExpandString(steps[1].Request.Query["q"]); err != nil || q != "${q}" {
		t.Errorf("query q = %q (%v)", q, err)
	}
	if steps[1].Expect.Status != 500 || steps[1].Expect.Body != nil {
		t.Errorf("expect %+v, want status 500 and no body", steps[1].Expect)
	}
}

// TestRecordReplaysAgainstWxmock records a client's calls to wxmock itself
// and runs the recording: what varies between two runs must be ignored.
func TestRecordReplaysAgainstWxmock(t *testing.T) {
	t.Parallel()
	m, err := mock.New(mock.Options{Seed: 7, FrozenClock: true, CheckResponses: true})
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	target := httptest.NewServer(m.HTTP)
	defer target.Close()
	out := filepath.Join(t.TempDir(), "wxmock.yaml")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	addr := make(chan string, 1)
	done := make(chan error, 1)
	var stdout, stderr bytes.Buffer
	go func() {
		_, err := record(ctx, recordOptions{Target: target.URL, Listen: "127.0.0.1:0", Out: out, Name: "wxmock against itself",
			ready: func(a string) { addr <- a }}, &stdout, &stderr)
		done <- err
	}()
	base := "http://" + <-addr
	post := func(path, body string) map[string]any {
		t.Helper()
		res, err := http.Post(base+path, "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var v map[string]any
		if err := json.NewDecoder(res.Body).Decode(&v); err != nil {
			t.Fatal(err)
		}
		return v
	}
	tok := post("/cgi-bin/stable_token", `{"grant_type":"client_credential","appid":"`+fixtures.DefaultAppID+`","secret":"`+fixtures.DefaultSecret+`"}`)
	at, _ := tok["access_token"].(string)
	if at == "" {
		t.Fatalf("no token: %v", tok)
	}
	q := "?access_token=" + at
	post("/promoter/addrole"+q, `{"name":"店长","desc":"门店负责人"}`)
	post("/promoter/addpromoter"+q, `{"promoter_list":[{"openid":"`+fakeOpenID+`","role_id":2,"name":"张三"}]}`)
	post("/promoter/getpromoter"+q, `{"role_id":2}`)
	post("/promoter/updaterole"+q, `{"role_id":99,"name":"nobody"}`) // an error, with a rid
	post("/promoter/getrole"+q, `{}`)
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("record: %v\n%s%s", err, stdout.String(), stderr.String())
	}
	if !strings.Contains(stdout.String(), "6 calls, 0 violations") {
		t.Errorf("wxmock broke its own schemas:\n%s", stdout.String())
	}
	var o, e bytes.Buffer
	if code := run(context.Background(), []string{out}, &o, &e); code != exitPass {
		data, _ := os.ReadFile(out)
		t.Errorf("the recording fails against wxmock (exit %d):\n%s%s\n%s", code, o.String(), e.String(), data)
	}
}
