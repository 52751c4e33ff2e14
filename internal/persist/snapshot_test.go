package persist

import (
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/wxmock/wxmock/internal/fixtures"
	"github.com/wxmock/wxmock/internal/mock"
	"github.com/wxmock/wxmock/internal/push"
	"github.com/wxmock/wxmock/internal/sim"
)

// Real and virtual times of these tests.
var (
	realT  = time.Date(2025, 3, 1, 10, 0, 0, 0, time.UTC)
	clockT = time.Date(2024, 1, 24, 6, 0, 27, 0, time.UTC)
)

// loadAssets loads the mocks' assets once for the package's tests.
var loadAssets = sync.OnceValues(mock.LoadAssets)

// newMock is a mock on a frozen clock, whose pushes go to url and are
// retried an hour after a failure; closed at the end of the test.
func newMock(t *testing.T, url string, edit func(*mock.Options)) *mock.Mock {
	t.Helper()
	assets, err := loadAssets()
	if err != nil {
		t.Fatal(err)
	}
	o := mock.Options{Seed: 1, ClockStart: clockT, FrozenClock: true, RealTime: func() time.Time { return realT },
		PushRetryDelay: time.Hour, DefaultPush: sim.Push{URL: url, Token: "tok123", Mode: sim.PushPlain}, Assets: assets}
	if edit != nil {
		edit(&o)
	}
	m, err := mock.New(o)
	if err != nil {
		t.Fatalf("mock.New: %v", err)
	}
	t.Cleanup(m.Close)
	return m
}

// place is a map place to create, in audit until resolved.
func place(name string) sim.MapPOIInput {
	return sim.MapPOIInput{Name: name, Province: "广东省", City: "广州市", District: "海珠区", Address: "TIT",
		Category: "类目1:类目2", Telephone: "12345678901", DistrictID: "440105", Longitude: 113.32, Latitude: 23.09, Plan: sim.PlanFrom("")}
}

// busyMock is a mock with a pending audit, a push waiting for its retry
// and a clock advanced past its start.
func busyMock(t *testing.T) *mock.Mock {
	t.Helper()
	failing := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(500) }))
	t.Cleanup(failing.Close)
	m := newMock(t, failing.URL+"/wx", nil)
	resolved, err := m.Sim.CreateMapPOI(fixtures.DefaultAppID, place("resolved"))
	if err != nil {
		t.Fatalf("CreateMapPOI: %v", err)
	}
	if _, err := m.Sim.CreateMapPOI(fixtures.DefaultAppID, place("pending")); err != nil {
		t.Fatalf("CreateMapPOI: %v", err)
	}
	if _, err := m.Sim.ResolveAudit(resolved.BaseID, sim.OutcomePass, ""); err != nil {
		t.Fatalf("ResolveAudit: %v", err)
	}
	m.Sim.Clock().Advance(90 * time.Second)
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(5 * time.Millisecond) {
		if q := m.Pushes.Queue(); len(q.Pending) == 1 && len(q.Pending[0].Push.Attempts) == 1 && !q.Pending[0].Due.IsZero() {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no push waiting for its retry after 10 s: %+v", m.Pushes.List(push.Filter{}))
		}
	}
	return m
}

// TestSaveLoad: the state, a pending audit, a push waiting for its retry
// and the clock survive a save and a load into a new mock.
func TestSaveLoad(t *testing.T) {
	t.Parallel()
	m := busyMock(t)
	path := filepath.Join(t.TempDir(), "wxmock.json")
	s := NewSaver(path, m, false, func() time.Time { return realT }, slog.New(slog.DiscardHandler))
	if saved, err := s.Save(); !saved || err != nil {
		t.Fatalf("Save: %v, %v; want a save", saved, err)
	}
	snap, err := Read(path)
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	restored := newMock(t, "", func(o *mock.Options) {
		*o = mock.Options{RealTime: o.RealTime, Assets: o.Assets, Seed: 2}
		Apply(snap, o, realT)
	})

	wantState, _ := m.Sim.Export()
	gotState, _ := restored.Sim.Export()
	if diff := cmp.Diff(wantState, gotState); diff != "" {
		t.Errorf("state mismatch (-want +got):\n%s", diff)
	}
	pending, _ := restored.Sim.Audits(sim.AuditFilter{State: sim.AuditPending})
	if len(pending) != 1 {
		t.Errorf("%d pending audits after the load, want 1", len(pending))
	}
	wantNow, wantFrozen := m.Sim.Clock().Reading()
	gotNow, gotFrozen := restored.Sim.Clock().Reading()
	if !gotNow.Equal(wantNow) || gotFrozen != wantFrozen || !wantNow.Equal(clockT.Add(90*time.Second)) {
		t.Errorf("clock after the load %v (frozen %v), want %v (frozen %v)", gotNow, gotFrozen, wantNow, wantFrozen)
	}
	if diff := cmp.Diff(m.Pushes.Queue(), restored.Pushes.Queue()); diff != "" {
		t.Errorf("push queue mismatch (-want +got):\n%s", diff)
	}
}

// TestSaverSavesChanges: a save happens first, then only after a change,
// and Stop saves what changed last.
func TestSaverSavesChanges(t *testing.T) {
	t.Parallel()
	m := newMock(t, "", nil)
	path := filepath.Join(t.TempDir(), "wxmock.json")
	s := NewSaver(path, m, false, func() time.Time { return realT }, slog.New(slog.DiscardHandler))
	for _, st := range []struct {
		name string
		do   func()
		want bool
	}{
		{"first save", func() {}, true},
		{"nothing changed", func() {}, false},
		{"a write", func() { _, _ = m.Sim.IssueToken("client_credential", fixtures.DefaultAppID, fixtures.DefaultSecret) }, true},
		{"a refused write", func() { _, _ = m.Sim.IssueToken("client_credential", fixtures.DefaultAppID, "wrong") }, false},
		{"the clock advanced", func() { m.Sim.Clock().Advance(time.Second) }, true},
	} {
		st.do()
		if saved, err := s.Save(); saved != st.want || err != nil {
			t.Errorf("%s: Save() = %v, %v; want %v", st.name, saved, err, st.want)
		}
	}
	if _, err := m.Sim.PutApp(sim.AppSpec{AppID: "wx00000000000000aa", Secret: strings.Repeat("a", 32), Name: "late", OriginalID: "gh_00000000aaaa"}); err != nil {
		t.Fatal(err)
	}
	s.Start(time.Hour)
	if err := s.Stop(); err != nil {
		t.Fatalf("Stop: %v", err)
	}
	snap, err := Read(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := len(snap.State.Apps); got != 3 {
		t.Errorf("the last save holds %d apps, want the 3 with the one added last", got)
	}
}

// TestSaverLoaded: a Saver of a mock loaded from its file saves only after
// a change.
func TestSaverLoaded(t *testing.T) {
	t.Parallel()
	m := newMock(t, "", nil)
	s := NewSaver(filepath.Join(t.TempDir(), "wxmock.json"), m, true, time.Now, slog.New(slog.DiscardHandler))
	if saved, err := s.Save(); saved || err != nil {
		t.Errorf("Save() = %v, %v; want no save", saved, err)
	}
}

func TestApplyClock(t *testing.T) {
	t.Parallel()
	saved := realT
	for _, tt := range []struct {
		name       string
		frozen     bool
		flagFrozen bool
		now        time.Time
		wantStart  time.Time
		wantFrozen bool
	}{
		{"frozen stays", true, false, saved.Add(time.Hour), clockT, true},
		{"running runs on", false, false, saved.Add(time.Hour), clockT.Add(time.Hour), false},
		{"real clock set back: never backwards", false, false, saved.Add(-time.Hour), clockT, false},
		{"-freeze-clock freezes a running one", false, true, saved.Add(time.Minute), clockT.Add(time.Minute), true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			snap := &Snapshot{SavedAt: saved, Clock: Clock{Now: clockT, Frozen: tt.frozen}, State: &sim.State{}}
			o := mock.Options{FrozenClock: tt.flagFrozen, ClockStart: time.Unix(1, 0), Seed: 7}
			Apply(snap, &o, tt.now)
			if o.Seed == 7 || o.Seed == 0 {
				t.Errorf("seed %d after Apply: want 7 mixed with the save's time, so ids do not repeat", o.Seed)
			}
			if !o.ClockStart.Equal(tt.wantStart) || o.FrozenClock != tt.wantFrozen || o.Start != snap.State || o.Pushes == nil {
				t.Errorf("Apply: start %v frozen %v (state %v, pushes %v); want %v frozen %v", o.ClockStart, o.FrozenClock,
					o.Start != nil, o.Pushes != nil, tt.wantStart, tt.wantFrozen)
			}
		})
	}
}
