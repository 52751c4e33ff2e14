package httpapi_test

import (
	"net/http"
	"testing"
	"time"
)

func TestTokenExpiry(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		stable  bool
		advance time.Duration
		code    int // 0: the token works
	}{
		{name: "plain at +0", advance: 0},
		{name: "plain at +7199s", advance: 7199 * time.Second},
		{name: "plain at +7200s", advance: 7200 * time.Second, code: 42001},
		{name: "plain at +8h", advance: 8 * time.Hour, code: 42001},
		{name: "stable at +7199s", stable: true, advance: 7199 * time.Second},
		{name: "stable at +7200s", stable: true, advance: 7200 * time.Second, code: 42001},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := setup(t)
			var tok string
			if tc.stable {
				tok, _ = tkGrant(t, e.tkStable(false))
			} else {
				tok = e.token()
			}
			if tc.advance > 0 {
				e.advance(tc.advance)
			}
			if tc.code == 0 {
				e.tkWorks(tok)
				return
			}
			e.tkRefused(tok, tc.code, "access_token expired")
		})
	}
}

func TestTokenReissue(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		advance time.Duration
		oldOK   bool
	}{
		{name: "old token at once", advance: 0, oldOK: true},
		{name: "old token at +299s", advance: 299 * time.Second, oldOK: true},
		{name: "old token at +300s", advance: 300 * time.Second, oldOK: false},
		{name: "old token at +1h", advance: time.Hour, oldOK: false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := setup(t)
			old := e.token()
			fresh := e.token()
			if old == fresh {
				t.Fatalf("second call returned the same token %q", old)
			}
			if tc.advance > 0 {
				e.advance(tc.advance)
			}
			if tc.oldOK {
				e.tkWorks(old)
			} else {
				e.tkRefused(old, 40001, tkMsgStale)
			}
			e.tkWorks(fresh)
		})
	}
	t.Run("a third call does not extend the first token", func(t *testing.T) {
		t.Parallel()
		e := setup(t)
		first, second := e.token(), e.token()
		e.advance(200 * time.Second)
		third := e.token()
		// Only the token before the newest keeps its grace ("新老"): the
		// first stops the moment the third is issued.
		e.tkRefused(first, 40001, tkMsgStale)
		e.advance(100 * time.Second) // 300 s after the second token
		e.tkRefused(first, 40001, tkMsgStale)
		e.tkWorks(second)
		e.advance(200 * time.Second) // 300 s after the third token
		e.tkRefused(second, 40001, tkMsgStale)
		e.tkWorks(third)
	})
}

func TestStableTokenNormalMode(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name      string
		advance   time.Duration
		same      bool
		expiresIn int64
	}{
		{name: "at once", advance: 0, same: true, expiresIn: 7200},
		{name: "at +1000s", advance: 1000 * time.Second, same: true, expiresIn: 6200},
		{name: "at +6899s", advance: 6899 * time.Second, same: true, expiresIn: 301},
		{name: "at +6901s, in the last 300s", advance: 6901 * time.Second, same: false, expiresIn: 7200},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := setup(t)
			first, exp := tkGrant(t, e.tkStable(false))
			diff(t, "first expires_in", int64(7200), exp)
			if tc.advance > 0 {
				e.advance(tc.advance)
			}
			second, exp := tkGrant(t, e.tkStable(false))
			diff(t, "second expires_in", tc.expiresIn, exp)
			diff(t, "same token", tc.same, first == second)
			e.tkWorks(first)
			e.tkWorks(second)
		})
	}
	t.Run("old and new both work until the old expires", func(t *testing.T) {
		t.Parallel()
		e := setup(t)
		old, _ := tkGrant(t, e.tkStable(false))
		e.advance(6901 * time.Second)
		fresh, _ := tkGrant(t, e.tkStable(false))
		if fresh == old {
			t.Fatal("no new token in the last 300 s")
		}
		e.advance(298 * time.Second) // +7199 s
		e.tkWorks(old)
		e.tkWorks(fresh)
		again, exp := tkGrant(t, e.tkStable(false))
		diff(t, "token after renewal", fresh, again)
		diff(t, "expires_in after renewal", int64(7200-298), exp)
		e.advance(time.Second) // +7200 s
		e.tkRefused(old, 42001, "access_token expired")
		e.tkWorks(fresh)
	})
}

func TestStableTokenForceRefresh(t *testing.T) {
	t.Parallel()
	t.Run("retires the old token at once", func(t *testing.T) {
		t.Parallel()
		e := setup(t)
		old, _ := tkGrant(t, e.tkStable(false))
		e.advance(10 * time.Second)
		fresh, exp := tkGrant(t, e.tkStable(true))
		if fresh == old {
			t.Fatal("force_refresh returned the old token")
		}
		diff(t, "expires_in", int64(7200), exp)
		e.tkRefused(old, 40001, tkMsgStale)
		e.tkWorks(fresh)
		normal, _ := tkGrant(t, e.tkStable(false))
		diff(t, "normal mode after force_refresh", fresh, normal)
	})
	for _, tc := range []struct {
		name    string
		gap     time.Duration
		refresh bool
	}{
		{name: "again at once", gap: 0, refresh: false},
		{name: "again after 29s", gap: 29 * time.Second, refresh: false},
		{name: "again after 30s", gap: 30 * time.Second, refresh: true},
		{name: "again after 31s", gap: 31 * time.Second, refresh: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := setup(t)
			first, _ := tkGrant(t, e.tkStable(true))
			if tc.gap > 0 {
				e.advance(tc.gap)
			}
			second, exp := tkGrant(t, e.tkStable(true))
			diff(t, "refreshed", tc.refresh, first != second)
			if tc.refresh {
				diff(t, "expires_in", int64(7200), exp)
				e.tkRefused(first, 40001, tkMsgStale)
			} else {
				diff(t, "expires_in", int64(7200-tc.gap/time.Second), exp)
				e.tkWorks(first)
			}
			e.tkWorks(second)
		})
	}
	t.Run("20 a China day", func(t *testing.T) {
		t.Parallel()
		e := setup(t)
		var cur string
		for i := 1; i <= 20; i++ {
			if i > 1 {
				e.advance(30 * time.Second)
			}
			tok, _ := tkGrant(t, e.tkStable(true))
			if tok == cur {
				t.Fatalf("force refresh %d returned the current token", i)
			}
			// A call inside the 30 s gap refreshes nothing and does not
			// count, even after the 20th: it gets the current token.
			same, _ := tkGrant(t, e.tkStable(true))
			diff(t, "token inside the gap", tok, same)
			cur = tok
		}
		e.advance(30 * time.Second)
		e.wantErr(e.tkStable(true), 45009, "reach max api daily quota limit")
		e.tkWorks(cur)
		normal, _ := tkGrant(t, e.tkStable(false))
		diff(t, "normal mode at the quota", cur, normal)

		// 2024-01-25 00:00 in China is 2024-01-24 16:00 UTC: the count
		// resets then, neither at UTC midnight nor 24 h after the first.
		midnight := time.Date(2024, 1, 25, 0, 0, 0, 0, time.FixedZone("CST", 8*3600))
		e.advance(midnight.Sub(e.m.Sim.Now()) - time.Second)
		e.wantErr(e.tkStable(true), 45009, "reach max api daily quota limit")
		e.advance(time.Second)
		next, exp := tkGrant(t, e.tkStable(true))
		if next == cur {
			t.Fatal("no refresh on the next China day")
		}
		diff(t, "expires_in on the next day", int64(7200), exp)
		e.tkWorks(next)
	})
}

func TestTokenKindsIndependent(t *testing.T) {
	t.Parallel()
	t.Run("plain calls keep the stable token", func(t *testing.T) {
		t.Parallel()
		e := setup(t)
		stable, _ := tkGrant(t, e.tkStable(false))
		plain1 := e.token()
		plain2 := e.token()
		e.advance(300 * time.Second)
		e.tkRefused(plain1, 40001, tkMsgStale)
		e.tkWorks(plain2)
		e.tkWorks(stable)
		again, _ := tkGrant(t, e.tkStable(false))
		diff(t, "stable token after plain calls", stable, again)
	})
	t.Run("force_refresh keeps plain tokens", func(t *testing.T) {
		t.Parallel()
		e := setup(t)
		plain := e.token()
		stable, _ := tkGrant(t, e.tkStable(true))
		if stable == plain {
			t.Fatal("stable_token returned the plain token")
		}
		e.tkWorks(plain)
		e.advance(300 * time.Second)
		fresh, _ := tkGrant(t, e.tkStable(true))
		e.tkWorks(plain)
		e.tkRefused(stable, 40001, tkMsgStale)
		e.tkWorks(fresh)
	})
}

// TestTokensStayBounded: however often a client asks on a frozen clock,
// an app holds the new token and the one before it, not every token ever
// issued (each call used to scan them all).
func TestTokensStayBounded(t *testing.T) {
	t.Parallel()
	e := setup(t)
	for i := 0; i < 200; i++ {
		e.token()
		e.do(http.MethodPost, "/cgi-bin/stable_token", `{"grant_type":"client_credential","appid":"`+appID+`","secret":"`+secret+`","force_refresh":true}`)
		e.advance(31 * time.Second)
	}
	st, err := e.m.Sim.Export()
	if err != nil {
		t.Fatal(err)
	}
	if n := len(st.Tokens); n > 4 {
		t.Errorf("the app holds %d tokens after 200 refreshes of each kind, want at most 4", n)
	}
}
