package reliability_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"testing"

	"github.com/wxmock/wxmock/internal/fixtures"
	"github.com/wxmock/wxmock/internal/sim"
)

// The race for the caps: app 0 is put capRoom below its 50,000 declared
// promoters and app 1 capRoom/2 below its 100 roles (README, "Roles" and
// "Declaring"); each client sends capBatches batches of 10 new openids.
// The held cap of 100,000 is left out: importing 100,000 promoters takes
// 25 s under the race detector.
const (
	capRoom    = 10
	capBatches = 4
)

// capRace is what the clients of one app saw accepted in the race.
type capRace struct {
	mu       sync.Mutex
	accepted int      // declarations, new or restored
	openids  []string // new promoters accepted
	roles    []string // roles accepted
}

// exportState reads the whole state.
func exportState(t *testing.T, r *rig) *sim.State {
	t.Helper()
	status, data, err := r.send(http.MethodGet, r.base+"/__wxmock/state", "", nil)
	if err != nil || status != http.StatusOK {
		t.Fatalf("GET state: HTTP %d, %v", status, err)
	}
	st, err := fixtures.ParseState(data)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// raceCaps checks the state against what the clients saw, fills app 0 to
// capRoom below the declared cap and app 1 to capRoom/2 below the role
// cap through PUT state, and has 32 clients race: 8 in each app declare,
// those of app 0 also restore a cancelled declaration, and those of app 1
// add two roles each. Exactly the room is taken at each cap, and every
// other attempt there is 103005; apps 2 and 3 take everything.
func raceCaps(t *testing.T, r *rig, books []*book) {
	t.Helper()
	st := exportState(t, r)
	lastID := make([]uint64, len(books))
	var cancelled []string // app 0's, to restore in the race
	for _, b := range books {
		held, declared, want := 0, 0, 0
		for _, p := range st.Promoters {
			if p.AppID == b.appid {
				held++
				lastID[b.i] = max(lastID[b.i], p.ID)
				if p.DeclStatus == sim.DeclDeclared {
					declared++
				}
			}
		}
		for _, h := range b.held {
			if h.declared {
				want++
			} else if b.i == 0 {
				cancelled = append(cancelled, h.id)
			}
		}
		if held != len(b.held) || declared != want {
			t.Errorf("app %d in the state: %d held, %d declared; the clients saw %d and %d", b.i, held, declared, len(b.held), want)
		}
		if b.i == 0 {
			for k := range sim.MaxDeclared - capRoom - declared {
				lastID[0]++
				st.Promoters = append(st.Promoters, sim.Promoter{AppID: b.appid, ID: lastID[0],
					OpenID: fmt.Sprintf("o8%026d", k), RoleID: 1, DeclStatus: sim.DeclDeclared, UpdateTime: start.Unix()})
			}
		}
	}
	roles := 0
	for _, ro := range st.Roles {
		if ro.AppID == books[1].appid {
			roles++
		}
	}
	for n := uint32(100); roles < sim.MaxRoles-capRoom/2; n++ {
		st.Roles = append(st.Roles, sim.Role{AppID: books[1].appid, RoleID: n, Name: "imported " + strconv.Itoa(int(n))})
		roles++
	}
	body, err := json.Marshal(st)
	if err != nil {
		t.Fatal(err)
	}
	status, data, err := r.send(http.MethodPut, r.base+"/__wxmock/state", "application/json", body)
	r.stats.countAdmin(http.MethodPut, "/state", status)
	if err != nil || status != http.StatusOK {
		t.Fatalf("PUT state: HTTP %d, %v: %.300s", status, err, data)
	}

	races := make([]*capRace, len(books))
	for i := range races {
		races[i] = &capRace{}
	}
	var wg sync.WaitGroup
	for c := range loadClients {
		b := books[c%len(books)]
		wg.Go(func() { capClient(r, b, c, cancelled, races[b.i]) })
	}
	wg.Wait()

	for _, b := range books {
		t.Logf("app %d in the race: %d declarations and %d roles accepted", b.i, races[b.i].accepted, len(races[b.i].roles))
	}
	if got := races[0].accepted; got != capRoom {
		t.Errorf("app 0: %d declarations accepted at the declared cap, want %d", got, capRoom)
	}
	if got := len(races[1].roles); got != capRoom/2 {
		t.Errorf("app 1: %d roles accepted at the role cap, want %d", got, capRoom/2)
	}
	for _, b := range books[1:] {
		if want := loadClients / len(books) * capBatches * 10; races[b.i].accepted != want {
			t.Errorf("app %d, far from its cap: %d accepted, want %d", b.i, races[b.i].accepted, want)
		}
	}
	// The new promoters are those the clients saw accepted, each once and
	// in id order, and total_cnt counts every declared one.
	for _, b := range books {
		var out page
		q := map[string]any{"decl_status": 1, "start_id": strconv.FormatUint(lastID[b.i], 10)}
		if code := r.wx("/promoter/getpromoter", b.tok, q, &out); code != 0 {
			t.Errorf("app %d: getpromoter after the race: errcode %d", b.i, code)
			continue
		}
		var got []string
		for _, p := range out.List {
			got = append(got, p.OpenID)
		}
		slices.Sort(got)
		want := slices.Sorted(slices.Values(races[b.i].openids))
		diffStrings(t, fmt.Sprintf("app %d promoters declared in the race", b.i), want, got)
		if b.i == 0 && out.TotalCnt != sim.MaxDeclared {
			t.Errorf("app 0: %d declared after the race, want %d", out.TotalCnt, sim.MaxDeclared)
		}
	}
	var rl struct {
		RoleList []struct {
			Name string `json:"name"`
		} `json:"role_list"`
		TotalCnt int `json:"total_cnt"`
	}
	if code := r.wx("/promoter/getrole", books[1].tok, `{}`, &rl); code != 0 || rl.TotalCnt != sim.MaxRoles || len(rl.RoleList) != sim.MaxRoles {
		t.Errorf("app 1: getrole after the race: errcode %d, %d roles of total_cnt %d, want %d", code, len(rl.RoleList), rl.TotalCnt, sim.MaxRoles)
	}
	var names []string
	for _, ro := range rl.RoleList {
		if slices.Contains(races[1].roles, ro.Name) {
			names = append(names, ro.Name)
		}
	}
	slices.Sort(names)
	diffStrings(t, "app 1 roles added in the race", slices.Sorted(slices.Values(races[1].roles)), names)
}

// capClient is one client of the race. In app 0 it first restores a
// cancelled declaration, in app 1 it adds two roles; then it sends
// capBatches batches of 10 new openids. A refusal must be 103005, and only
// at a cap.
func capClient(r *rig, b *book, c int, cancelled []string, race *capRace) {
	accepted := 0
	var openids, roles []string
	refused := func(code int, what string, atCap bool) {
		if code != 103005 || !atCap {
			r.stats.problem("app %d, client %d: %s: errcode %d", b.i, c, what, code)
		}
	}
	if b.i == 0 && c/4 < len(cancelled) {
		id := cancelled[c/4]
		if code := r.wx("/promoter/updatepromoter", b.tok, map[string]any{"id": id, "decl_status": 1}, nil); code == 0 {
			accepted++
		} else {
			refused(code, "restoring "+id, true)
		}
	}
	for k := range 2 {
		if b.i != 1 {
			break
		}
		name := fmt.Sprintf("race %d.%d", c, k)
		if code := r.wx("/promoter/addrole", b.tok, map[string]string{"name": name}, nil); code == 0 {
			roles = append(roles, name)
		} else {
			refused(code, "addrole", true)
		}
	}
	for n := range capBatches {
		var items []map[string]any
		for k := range 10 {
			items = append(items, map[string]any{"openid": fmt.Sprintf("o7%03d%023d", c, n*10+k), "role_id": 1})
		}
		var out addAnswer
		if code := r.wx("/promoter/addpromoter", b.tok, map[string]any{"promoter_list": items}, &out); code != 0 {
			refused(code, "addpromoter", b.i == 0)
			continue
		}
		failed := map[string]bool{}
		for _, f := range out.FailList {
			refused(f.ErrCode, "an addpromoter item", b.i == 0)
			failed[f.OpenID] = true
		}
		if out.TotalCnt > sim.MaxDeclared {
			r.stats.problem("app %d: total_cnt %d past the cap", b.i, out.TotalCnt)
		}
		for _, it := range items {
			if o := it["openid"].(string); !failed[o] {
				openids = append(openids, o)
				accepted++
			}
		}
	}
	race.mu.Lock()
	defer race.mu.Unlock()
	race.accepted += accepted
	race.openids = append(race.openids, openids...)
	race.roles = append(race.roles, roles...)
}
