package bench

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/wxmock/wxmock/internal/fixtures"
	"github.com/wxmock/wxmock/internal/mock"
)

// newMsgServer is newServer with messages delivered at once, so that a
// benchmark's group sends never wait on the in-flight limit.
func newMsgServer(tb testing.TB) *server {
	tb.Helper()
	m, err := mock.New(mock.Options{Seed: 1, ClockStart: time.Unix(1700000000, 0), FrozenClock: true, MsgDelay: -1})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(m.Close)
	s := &server{m: m}
	s.token = s.tokenOf(tb, fixtures.DefaultAppID, fixtures.DefaultSecret)
	return s
}

// bind declares n promoters and authorizes every one of them.
func (s *server) bind(tb testing.TB, n int) {
	tb.Helper()
	s.declare(tb, s.token, n, "a")
	for j := 0; j < n; j++ {
		if _, err := s.m.Sim.Authorize(fixtures.DefaultAppID, fmt.Sprintf("oa%026d", j), 1); err != nil {
			tb.Fatal(err)
		}
	}
}

// BenchmarkSendMsgAll sends a group message to 50,000 bound promoters
// (the declared cap), which walks the app's promoters once. Every tenth
// send the clock moves a day on, past the daily limit of group sends.
func BenchmarkSendMsgAll(b *testing.B) {
	s := newMsgServer(b)
	s.bind(b, 50000)
	body := `{"msg_type":1,"content":"{\"title\":\"t\"}","path":"pages/index/index"}`
	n := 0
	for b.Loop() {
		if n%10 == 0 {
			b.StopTimer()
			if _, err := s.m.Sim.Advance(24 * time.Hour); err != nil {
				b.Fatal(err)
			}
			s.token = s.tokenOf(b, fixtures.DefaultAppID, fixtures.DefaultSecret)
			b.StartTimer()
		}
		n++
		s.post(b, s.token, "/promoter/sendmsg", body)
	}
}

// BenchmarkGetRelationPage pulls a 1,000-row getrelation page from the
// middle of one promoter's 20,000 reach records.
func BenchmarkGetRelationPage(b *testing.B) {
	s := newMsgServer(b)
	s.bind(b, 1)
	items := `{"promoter_openid":"oa00000000000000000000000000","path":"pages/goods/index","scene":1007}`
	batch := `{"relations":[` + strings.TrimSuffix(strings.Repeat(items+",", 1000), ",") + `]}`
	for range 20 {
		if rec := s.serve(http.MethodPost, "/__wxmock/promoters/relations", batch); rec.Code != http.StatusOK {
			b.Fatalf("relations: %d %s", rec.Code, rec.Body)
		}
	}
	body := `{"openid":"oa00000000000000000000000000","start_id":"9000"}`
	for b.Loop() {
		s.post(b, s.token, "/promoter/getrelation", body)
	}
}

// BenchmarkGetInvitationPoster draws an invitation poster: a QR code on a
// 480x768 PNG.
func BenchmarkGetInvitationPoster(b *testing.B) {
	s := newMsgServer(b)
	for b.Loop() {
		s.post(b, s.token, "/promoter/getinvitationmaterial", `{"role_id":1}`)
	}
}

// BenchmarkGetShareMaterialAll answers a promoter's material again: the
// stored material, its short link, and a QR code of its share_path.
func BenchmarkGetShareMaterialAll(b *testing.B) {
	s := newMsgServer(b)
	s.bind(b, 1)
	body := `{"path":"pages/goods/index?id=7","openid":"oa00000000000000000000000000"}`
	for b.Loop() {
		s.post(b, s.token, "/promoter/getsharematerial", body)
	}
}
