package bench

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/wxmock/wxmock/internal/fixtures"
	"github.com/wxmock/wxmock/internal/mock"
	"github.com/wxmock/wxmock/internal/sim"
)

// server is an in-process wxmock with a token of the default app.
type server struct {
	m     *mock.Mock
	token string
}

func newServer(tb testing.TB) *server {
	tb.Helper()
	m, err := mock.New(mock.Options{Seed: 1, ClockStart: time.Unix(1700000000, 0), FrozenClock: true})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(m.Close)
	s := &server{m: m}
	s.token = s.tokenOf(tb, fixtures.DefaultAppID, fixtures.DefaultSecret)
	return s
}

// reset puts the default state back (POST /__wxmock/reset) and takes a
// new token.
func (s *server) reset(tb testing.TB) {
	tb.Helper()
	if rec := s.serve(http.MethodPost, "/__wxmock/reset", ""); rec.Code != http.StatusOK {
		tb.Fatalf("reset: %d %s", rec.Code, rec.Body)
	}
	s.token = s.tokenOf(tb, fixtures.DefaultAppID, fixtures.DefaultSecret)
}

func (s *server) tokenOf(tb testing.TB, appid, secret string) string {
	tb.Helper()
	rec := s.serve(http.MethodGet, "/cgi-bin/token?grant_type=client_credential&appid="+appid+"&secret="+secret, "")
	var out struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil || out.AccessToken == "" {
		tb.Fatalf("token: %s", rec.Body)
	}
	return out.AccessToken
}

func (s *server) serve(method, target, body string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, target, strings.NewReader(body))
	rec := httptest.NewRecorder()
	s.m.HTTP.ServeHTTP(rec, req)
	return rec
}

// post calls an endpoint and fails unless the answer has errcode 0.
func (s *server) post(tb testing.TB, token, path, body string) []byte {
	rec := s.serve(http.MethodPost, path+"?access_token="+token, body)
	out := rec.Body.Bytes()
	if !bytes.Contains(out, []byte(`"errcode":0,`)) {
		tb.Fatalf("%s: %s", path, out)
	}
	return out
}

// batches are the addpromoter bodies that declare n promoters, 10 a batch.
func batches(n int, prefix string) []string {
	out := make([]string, 0, n/10)
	var b strings.Builder
	for i := 0; i < n; i += 10 {
		b.Reset()
		b.WriteString(`{"promoter_list":[`)
		for j := i; j < i+10 && j < n; j++ {
			if j > i {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, `{"openid":"o%s%026d","role_id":1,"retail_id":"store-%d","name":"推广员%d","phone":"139%08d"}`, prefix, j, j%50, j, j)
		}
		b.WriteString(`]}`)
		out = append(out, b.String())
	}
	return out
}

// declare declares n promoters in the app of token.
func (s *server) declare(tb testing.TB, token string, n int, prefix string) {
	tb.Helper()
	for _, body := range batches(n, prefix) {
		if rec := s.serve(http.MethodPost, "/promoter/addpromoter?access_token="+token, body); !strings.Contains(rec.Body.String(), `"fail_cnt":0`) {
			tb.Fatalf("addpromoter: %s", rec.Body)
		}
	}
}

// BenchmarkBaselineGetRole is the cheapest authenticated call: the fixed
// cost of one request through the handler (token, decode, schema, encode).
func BenchmarkBaselineGetRole(b *testing.B) {
	s := newServer(b)
	for b.Loop() {
		s.post(b, s.token, "/promoter/getrole", `{}`)
	}
}

// BenchmarkBaselineEncodePage encodes a 2,000-row page with encoding/json
// alone: the floor under any getpromoter page.
func BenchmarkBaselineEncodePage(b *testing.B) {
	s := newServer(b)
	s.declare(b, s.token, 2000, "a")
	page := s.post(b, s.token, "/promoter/getpromoter", `{}`)
	var v any
	if err := json.Unmarshal(page, &v); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := json.Marshal(v); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkGetPromoterPage pulls a 2,000-row page from the middle of 50,000
// promoters (issue: under 5 ms).
func BenchmarkGetPromoterPage(b *testing.B) {
	s := newServer(b)
	s.declare(b, s.token, 50000, "a")
	body := `{"start_id":"24000"}`
	for b.Loop() {
		s.post(b, s.token, "/promoter/getpromoter", body)
	}
}

// BenchmarkGetPromoterFiltered pulls a filtered page, which scans the app
// to count total_cnt.
func BenchmarkGetPromoterFiltered(b *testing.B) {
	s := newServer(b)
	s.declare(b, s.token, 50000, "a")
	for b.Loop() {
		s.post(b, s.token, "/promoter/getpromoter", `{"retail_id":"store-7"}`)
	}
}

// BenchmarkDeclare50000 declares 50,000 promoters in 5,000 batches into a
// fresh app each iteration (issue: under 2 s).
func BenchmarkDeclare50000(b *testing.B) {
	bodies := batches(50000, "a")
	for b.Loop() {
		b.StopTimer()
		s := newServer(b)
		b.StartTimer()
		for _, body := range bodies {
			s.serve(http.MethodPost, "/promoter/addpromoter?access_token="+s.token, body)
		}
	}
}

// BenchmarkHold100000 reports the live heap that 100,000 promoters (two apps
// of 50,000) add to an empty server (issue: under 150 MB).
func BenchmarkHold100000(b *testing.B) {
	for b.Loop() {
		s := newServer(b)
		other := s.m.Sim
		app, err := other.PutApp(simSpec())
		if err != nil {
			b.Fatal(err)
		}
		tok2 := s.tokenOf(b, app.AppID, app.Secret)
		before := liveHeap()
		s.declare(b, s.token, 50000, "a")
		s.declare(b, tok2, 50000, "b")
		after := liveHeap()
		b.ReportMetric(float64(after-before)/(1<<20), "MB-held")
		runtime.KeepAlive(s)
	}
}

func liveHeap() uint64 {
	runtime.GC()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}

// BenchmarkImportState100000 replaces the state with an export of 100,000
// promoters through PUT /__wxmock/state, against BaselineDecodeState, which
// only unmarshals the same document.
func BenchmarkImportState100000(b *testing.B) {
	doc := exportOf(b, 100000)
	s := newServer(b)
	b.SetBytes(int64(len(doc)))
	for b.Loop() {
		if rec := s.serve(http.MethodPut, "/__wxmock/state", string(doc)); rec.Code != http.StatusOK {
			b.Fatalf("PUT state: %d %s", rec.Code, rec.Body)
		}
	}
}

// BenchmarkBaselineDecodeState unmarshals the export of 100,000 promoters
// into the state type: the floor of an import.
func BenchmarkBaselineDecodeState(b *testing.B) {
	doc := exportOf(b, 100000)
	b.SetBytes(int64(len(doc)))
	for b.Loop() {
		var st sim.State
		if err := json.Unmarshal(doc, &st); err != nil {
			b.Fatal(err)
		}
	}
}

// exportOf declares n promoters in one or two apps and exports the state.
func exportOf(b *testing.B, n int) []byte {
	b.Helper()
	s := newServer(b)
	half := min(n, 50000)
	s.declare(b, s.token, half, "a")
	if n > half {
		app, err := s.m.Sim.PutApp(simSpec())
		if err != nil {
			b.Fatal(err)
		}
		s.declare(b, s.tokenOf(b, app.AppID, app.Secret), n-half, "b")
	}
	rec := s.serve(http.MethodGet, "/__wxmock/state", "")
	return rec.Body.Bytes()
}
