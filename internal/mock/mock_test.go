package mock

import (
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/wxmock/wxmock/internal/fixtures"
	"github.com/wxmock/wxmock/internal/sim"
)

func newMock(t *testing.T) *Mock {
	t.Helper()
	m, err := New(Options{Seed: 1, ClockStart: time.Unix(1700000000, 0), FrozenClock: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(m.Close)
	return m
}

func export(t *testing.T, m *Mock) *sim.State {
	t.Helper()
	st, err := m.Sim.Export()
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// write changes every kind of row of the default state, and adds new ones.
func write(t *testing.T, s *sim.Sim) {
	t.Helper()
	name, desc := "changed", "changed"
	errs := []error{
		s.UpdateRole(fixtures.DefaultAppID, 1, sim.RoleSpec{Name: &name, Desc: &desc}),
		s.DelLegacyStore(LegacyAppID, "401139518"),
	}
	_, err := s.PutApp(sim.AppSpec{AppID: fixtures.DefaultAppID, Name: "changed", Secret: "fedcba9876543210fedcba9876543210"})
	errs = append(errs, err)
	_, err = s.PutApp(sim.AppSpec{AppID: "wx00000000000000cc", Name: "new"})
	errs = append(errs, err)
	_, err = s.AddRole(LegacyAppID, sim.RoleSpec{Name: &name})
	errs = append(errs, err)
	_, err = s.AddPromoters(fixtures.DefaultAppID, []sim.PromoterInput{{OpenID: "o0000000000000000000000000a1", RoleID: 1}})
	errs = append(errs, err)
	_, err = s.IssueToken("client_credential", LegacyAppID, LegacySecret)
	errs = append(errs, err)
	for i, err := range errs {
		if err != nil {
			t.Errorf("write %d: %v", i, err)
		}
	}
}

// TestMocksShareNoState starts mocks from the process's one default state
// and writes to one while the other reads: the other, and a mock started
// afterwards, still hold the default state, and a reset returns the written
// one to it.
func TestMocksShareNoState(t *testing.T) {
	a, b := newMock(t), newMock(t)
	want := export(t, b)
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		write(t, a.Sim)
	}()
	go func() {
		defer wg.Done()
		for range 20 {
			if _, err := b.Sim.Export(); err != nil {
				t.Error(err)
			}
		}
	}()
	wg.Wait()
	if diff := cmp.Diff(want, export(t, a)); diff == "" {
		t.Fatal("the writes changed nothing")
	}
	if diff := cmp.Diff(want, export(t, b)); diff != "" {
		t.Errorf("the other mock's state mismatch (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(want, export(t, newMock(t))); diff != "" {
		t.Errorf("a new mock's state mismatch (-want +got):\n%s", diff)
	}
	rec := httptest.NewRecorder()
	a.HTTP.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/__wxmock/reset", nil))
	if rec.Code != http.StatusOK {
		t.Fatalf("reset: %d %s", rec.Code, rec.Body)
	}
	if diff := cmp.Diff(want, export(t, a)); diff != "" {
		t.Errorf("the state after reset mismatch (-want +got):\n%s", diff)
	}
	write(t, a.Sim) // the reset state is writable again, and still apart
	if diff := cmp.Diff(want, export(t, b)); diff != "" {
		t.Errorf("the other mock's state after a reset and writes mismatch (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(want, export(t, newMock(t))); diff != "" {
		t.Errorf("a new mock's state after a reset and writes mismatch (-want +got):\n%s", diff)
	}
}
