package sim

import (
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// TestTokenCache holds Authenticate to the token rules after a token has
// been looked up once, and so cached: the clock, a refresh and a replaced
// state must each be seen at once.
func TestTokenCache(t *testing.T) {
	t.Parallel()
	secret := "00000000000000000000000000000000"
	plain := func(t *testing.T, s *Sim) string {
		t.Helper()
		g, err := s.IssueToken("client_credential", capApp, secret)
		if err != nil {
			t.Fatalf("IssueToken: %v", err)
		}
		return g.AccessToken
	}
	stable := func(t *testing.T, s *Sim, force bool) string {
		t.Helper()
		g, err := s.StableToken("client_credential", capApp, secret, force)
		if err != nil {
			t.Fatalf("StableToken: %v", err)
		}
		return g.AccessToken
	}
	for _, tt := range []struct {
		name string
		// then changes s after old was authenticated, returning a newer
		// token or "".
		then    func(t *testing.T, s *Sim) string
		wantOld error
	}{
		{name: "nothing changes", then: func(*testing.T, *Sim) string { return "" }},
		{name: "expires on the virtual clock", wantOld: ErrTokenExpired,
			then: func(_ *testing.T, s *Sim) string { s.clock.Advance(TokenTTL * time.Second); return "" }},
		{name: "a refresh keeps the old token five minutes",
			then: func(t *testing.T, s *Sim) string { return plain(t, s) }},
		{name: "and then retires it", wantOld: ErrInvalidCredential,
			then: func(t *testing.T, s *Sim) string {
				tok := plain(t, s)
				s.clock.Advance(tokenOverlap * time.Second)
				return tok
			}},
		{name: "a second refresh retires it at once", wantOld: ErrInvalidCredential,
			then: func(t *testing.T, s *Sim) string { plain(t, s); return plain(t, s) }},
		{name: "a replaced state forgets it", wantOld: ErrInvalidCredential,
			then: func(t *testing.T, s *Sim) string {
				st := capExport(t, s)
				st.Tokens = nil
				if err := s.Replace(st); err != nil {
					t.Fatalf("Replace: %v", err)
				}
				return ""
			}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := capSim(t)
			old := plain(t, s)
			for range 2 { // the second from the cache
				if got, err := s.Authenticate(old); err != nil || got != capApp {
					t.Fatalf("Authenticate(new token) = %q, %v; want %q", got, err, capApp)
				}
			}
			newer := tt.then(t, s)
			for range 2 {
				if _, err := s.Authenticate(old); !errors.Is(err, tt.wantOld) {
					t.Errorf("Authenticate(old token): error %v, want %v", err, tt.wantOld)
				}
				if newer == "" {
					continue
				}
				if got, err := s.Authenticate(newer); err != nil || got != capApp {
					t.Errorf("Authenticate(newer token) = %q, %v; want %q", got, err, capApp)
				}
			}
		})
	}

	t.Run("force_refresh retires the stable token at once", func(t *testing.T) {
		t.Parallel()
		s := capSim(t)
		old := stable(t, s, false)
		if _, err := s.Authenticate(old); err != nil {
			t.Fatalf("Authenticate(stable token): %v", err)
		}
		newer := stable(t, s, true)
		if _, err := s.Authenticate(old); !errors.Is(err, ErrInvalidCredential) {
			t.Errorf("Authenticate(old stable token): error %v, want %v", err, ErrInvalidCredential)
		}
		if _, err := s.Authenticate(newer); err != nil {
			t.Errorf("Authenticate(new stable token): %v", err)
		}
	})
}

// TestTokenCacheConcurrent: once a refresh has returned, no Authenticate
// begun after it may still accept the token it retired, however many
// lookups run meanwhile.
func TestTokenCacheConcurrent(t *testing.T) {
	t.Parallel()
	secret := "00000000000000000000000000000000"
	s := capSim(t)
	g, err := s.StableToken("client_credential", capApp, secret, false)
	if err != nil {
		t.Fatalf("StableToken: %v", err)
	}
	var retired atomic.Bool
	var stale atomic.Int64
	var wg sync.WaitGroup
	stop := make(chan struct{})
	for range 4 {
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				after := retired.Load()
				if _, err := s.Authenticate(g.AccessToken); err == nil && after {
					stale.Add(1)
				}
			}
		})
	}
	for range 200 { // writes that keep the token, each invalidating the cache
		if _, err := s.IssueToken("client_credential", capApp, secret); err != nil {
			t.Fatalf("IssueToken: %v", err)
		}
	}
	if _, err := s.StableToken("client_credential", capApp, secret, true); err != nil {
		t.Fatalf("StableToken(force): %v", err)
	}
	retired.Store(true)
	for range 200 {
		if _, err := s.IssueToken("client_credential", capApp, secret); err != nil {
			t.Fatalf("IssueToken: %v", err)
		}
	}
	close(stop)
	wg.Wait()
	if n := stale.Load(); n != 0 {
		t.Errorf("%d lookups accepted a token retired before they began", n)
	}
}

// TestRolesCache holds Roles to every write after a first, cached, read.
func TestRolesCache(t *testing.T) {
	t.Parallel()
	name := func(s string) *string { return &s }
	for _, tt := range []struct {
		name   string
		change func(t *testing.T, s *Sim)
		want   []Role
	}{
		{name: "nothing changes", change: func(*testing.T, *Sim) {},
			want: []Role{{AppID: capApp, RoleID: 1, Name: DefaultRoleName}}},
		{name: "addrole", want: []Role{{AppID: capApp, RoleID: 1, Name: DefaultRoleName}, {AppID: capApp, RoleID: 2, Name: "b"}},
			change: func(t *testing.T, s *Sim) {
				if _, err := s.AddRole(capApp, RoleSpec{Name: name("b")}); err != nil {
					t.Fatalf("AddRole: %v", err)
				}
			}},
		{name: "updaterole", want: []Role{{AppID: capApp, RoleID: 1, Name: "renamed"}},
			change: func(t *testing.T, s *Sim) {
				if err := s.UpdateRole(capApp, 1, RoleSpec{Name: name("renamed")}); err != nil {
					t.Fatalf("UpdateRole: %v", err)
				}
			}},
		{name: "replaced state", want: []Role{{AppID: capApp, RoleID: 1, Name: "other", Desc: "d"}},
			change: func(t *testing.T, s *Sim) {
				st := capExport(t, s)
				st.Roles = []Role{{AppID: capApp, RoleID: 1, Name: "other", Desc: "d"}}
				if err := s.Replace(st); err != nil {
					t.Fatalf("Replace: %v", err)
				}
			}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := capSim(t)
			for range 2 {
				if _, err := s.Roles(capApp, 0); err != nil {
					t.Fatalf("Roles: %v", err)
				}
			}
			tt.change(t, s)
			for range 2 {
				got, err := s.Roles(capApp, 0)
				if err != nil {
					t.Fatalf("Roles after the change: %v", err)
				}
				if diff := cmp.Diff(tt.want, got); diff != "" {
					t.Errorf("Roles mismatch (-want +got):\n%s", diff)
				}
				// The answer is the cache's own, read-only (Roles' doc
				// comment), but a caller's append must copy it.
				if more := append(got, Role{Name: "appended"}); &more[0] == &got[0] {
					t.Fatal("an append to Roles' answer wrote into the cache's array")
				}
			}
			if _, err := s.Roles(capApp, 99); !errors.Is(err, ErrDataNotExist) {
				t.Errorf("Roles(role 99): error %v, want %v", err, ErrDataNotExist)
			}
		})
	}
}

// TestRunDueWithNothingDueWritesNothing: the ticker's call with no audit
// due commits nothing, so the generation, and with it the read caches and
// the persisted snapshot, stays as it was.
func TestRunDueWithNothingDueWritesNothing(t *testing.T) {
	t.Parallel()
	s := capSim(t)
	g := s.Generation()
	for range 3 {
		if n, err := s.RunDue(); n != 0 || err != nil {
			t.Fatalf("RunDue: %d, %v; want 0, nil", n, err)
		}
	}
	if got := s.Generation(); got != g {
		t.Errorf("generation %d after RunDue with nothing due, want %d", got, g)
	}
}
