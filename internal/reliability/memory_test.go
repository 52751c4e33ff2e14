package reliability_test

import (
	"fmt"
	"net/http"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/wxmock/wxmock/internal/fixtures"
	"github.com/wxmock/wxmock/internal/mock"
	"github.com/wxmock/wxmock/internal/push"
)

// The memory test's size. Each cycle starts from POST /__wxmock/reset and
// does the same work, so the state at the end of every cycle is the same
// size: what is held across cycles is only what wxmock keeps outside the
// state, the journal and the push log among it, which are rings.
const (
	memApps       = 4
	memHelpers    = 3   // promoter clients of each app besides its store client
	memPromoters  = 200 // declared by each app in each cycle
	memRounds     = 10  // rounds of each helper in each of two phases
	memMaxCycles  = 500
	memHeapMargin = 0.10
)

// memSteady is how long the two steady phases run: 40 s of cycles from a
// reset, then 20 s on a state that is never reset; under the race
// detector, which slows every call several times, 14 s and 6 s. The
// warm-up before them takes about 5 cycles: 2 s, or 8 s under the race
// detector.
func memSteady() (cycles, fixed time.Duration) {
	if underRace {
		return 14 * time.Second, 6 * time.Second
	}
	return 40 * time.Second, 20 * time.Second
}

// liveHeap is the heap still reachable after a collection.
func liveHeap() (heap uint64, goroutines int) {
	var ms runtime.MemStats
	runtime.GC()
	runtime.GC()
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc, runtime.NumGoroutine()
}

// TestMemory runs steady mixed load and checks that the live heap stays
// flat. First cycles of the same work, each from a reset: 4 apps created
// with a push URL, 200 promoters declared in each, then updated,
// authorized and read over and over, a merchant approved and 30 stores
// added and given new pictures in each: 244 pushes a cycle, to a receiver
// that fails every third. Then rounds of updates and reads only, on the
// last cycle's state, never reset: promoters updated, authorized and
// read, stores given the pictures they have (no audit). Neither phase
// makes the state grow, so the heap may only grow by what wxmock keeps
// beside it. After a warm-up that fills the journal (1,000 entries) and
// the push log (1,000 pushes), the live heap is sampled at the start and
// the end of each phase, at the end of a cycle or round; the end must be
// within 10 % of the start.
func TestMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("the memory test takes 65 s (30 s under the race detector); skipped with -short")
	}
	r := newRig(t, mock.Options{})
	pois, err := fixtures.MapPOIs()
	if err != nil {
		t.Fatal(err)
	}
	began := time.Now()
	cycles := 0
	var toks []string
	for cycles < 2 || len(r.m.Pushes.List(push.Filter{})) < push.DefaultLogSize {
		toks = memCycle(t, r, pois, cycles)
		cycles++
		if cycles > 20 {
			t.Fatalf("the push log is not full after %d cycles", cycles)
		}
	}
	warm := cycles
	var journal struct {
		Entries []struct{} `json:"entries"`
	}
	if st := r.admin(http.MethodGet, "/journal", nil, &journal); st != http.StatusOK || len(journal.Entries) != 1000 {
		t.Fatalf("the journal holds %d entries at the end of a cycle, want 1000 (HTTP %d)", len(journal.Entries), st)
	}
	journal.Entries = nil
	cyclesTime, fixedTime := memSteady()
	t.Logf("warm-up: %d cycles in %s (race detector: %v)", warm, time.Since(began).Round(time.Millisecond), underRace)

	startHeap, startG := liveHeap()
	phase := time.Now()
	var heaps []uint64 // KB, every 5 cycles
	for cycles < memMaxCycles && time.Since(phase) < cyclesTime {
		toks = memCycle(t, r, pois, cycles)
		cycles++
		if cycles%5 == 0 {
			h, _ := liveHeap()
			heaps = append(heaps, h/1024)
		}
		if t.Failed() {
			t.FailNow()
		}
	}
	endHeap, endG := liveHeap()
	t.Logf("cycles from a reset: %d in %s; live heap every 5 cycles, KB: %v", cycles-warm, time.Since(phase).Round(time.Millisecond), heaps)
	checkHeap(t, "cycles from a reset", startHeap, endHeap, startG, endG)

	pic := memPic(cycles - 1)
	memRound(r, toks, pic, 0)
	startHeap, startG = liveHeap()
	phase = time.Now()
	rounds := 1
	for ; rounds < memMaxCycles*10 && time.Since(phase) < fixedTime; rounds++ {
		memRound(r, toks, pic, rounds)
		if t.Failed() {
			t.FailNow()
		}
	}
	endHeap, endG = liveHeap()
	t.Logf("rounds on a state never reset: %d in %s", rounds-1, time.Since(phase).Round(time.Millisecond))
	checkHeap(t, "rounds without a reset", startHeap, endHeap, startG, endG)

	pushes := r.m.Pushes.List(push.Filter{})
	byState := map[string]int{}
	for _, p := range pushes {
		byState[string(p.State)]++
	}
	t.Logf("the push log holds %d pushes, by state: %s; the receiver got %d requests, failed %d",
		len(pushes), sortedCounts(byState), r.recv.n.Load(), r.recv.failed.Load())
	r.logs.check(t)
	r.stats.log(t)
}

// checkHeap logs two samples of the live heap and fails the test when they
// are more than memHeapMargin apart.
func checkHeap(t *testing.T, phase string, start, end uint64, startG, endG int) {
	t.Helper()
	t.Logf("%s: live heap %d KB at the start, %d KB at the end (%+.1f %%); goroutines %d and %d",
		phase, start/1024, end/1024, 100*(float64(end)/float64(start)-1), startG, endG)
	if d := float64(end) - float64(start); d > memHeapMargin*float64(start) || -d > memHeapMargin*float64(start) {
		t.Errorf("%s: live heap %d bytes at the end, %d at the start: more than %.0f %% apart", phase, end, start, 100*memHeapMargin)
	}
}

// memPic is the picture every store gets in a cycle.
func memPic(cycle int) string { return fmt.Sprintf("http://mmbiz.qpic.cn/mem/%d.jpg", cycle) }

// memRound is one round on a state that is not reset: the helpers update
// and read promoters while each app gives every store the pictures it has,
// which needs no audit, and reads it.
func memRound(r *rig, toks []string, pic string, round int) {
	var wg sync.WaitGroup
	for w := range memApps * memHelpers {
		wg.Go(func() { memHelper(r, toks[w%memApps], w, round, nil) })
	}
	for app := range memApps {
		wg.Go(func() {
			var l storeList
			if code := r.wx("/wxa/get_store_list", toks[app], `{"offset":0,"limit":50}`, &l); code != 0 || len(l.BusinessList) == 0 {
				r.stats.problem("get_store_list: errcode %d, %d stores", code, len(l.BusinessList))
			}
			for _, b := range l.BusinessList {
				body := map[string]any{"poi_id": b.BaseInfo.PoiID, "hour": "09:00-22:00", "contract_phone": "020-89190388",
					"pic_list": picList(pic), "card_id": ""}
				var out struct {
					Data struct {
						HasAuditID int `json:"has_audit_id"`
					} `json:"data"`
				}
				if code := r.wx("/wxa/update_store", toks[app], body, &out); code != 0 || out.Data.HasAuditID != 0 {
					r.stats.problem("update_store with its own pictures: errcode %d, has_audit_id %d", code, out.Data.HasAuditID)
				}
				if code := r.wx("/wxa/get_store_info", toks[app], map[string]string{"poi_id": b.BaseInfo.PoiID}, nil); code != 0 {
					r.stats.problem("get_store_info: errcode %d", code)
				}
			}
		})
	}
	wg.Wait()
}

// memCycle is one cycle: a reset, the apps, promoters and merchants, then
// stores while helpers update and read promoters, then new pictures while
// they go on, each step's audits resolved by the clock, and the pushes
// flushed. Every call must get the answer it expects.
func memCycle(t *testing.T, r *rig, pois []fixtures.MapPOI, cycle int) (toks []string) {
	if st := r.admin(http.MethodPost, "/reset", nil, nil); st != http.StatusOK {
		t.Fatalf("reset: HTTP %d", st)
	}
	toks = make([]string, memApps)
	each := func(f func(app int)) {
		var wg sync.WaitGroup
		for app := range memApps {
			wg.Go(func() { f(app) })
		}
		wg.Wait()
	}
	expect := func(what string, got, want int) {
		if got != want {
			r.stats.problem("cycle %d: %s: got %d, want %d", cycle, what, got, want)
		}
	}
	each(func(app int) {
		appid, secret := r.newApp(app)
		tok := r.token(appid, secret)
		toks[app] = tok
		expect("addrole", r.wx("/promoter/addrole", tok, `{"name":"店长"}`, nil), 0)
		for b := range memPromoters / 10 {
			var items []map[string]any
			for k := range 10 {
				items = append(items, map[string]any{"openid": memOpenID(b*10 + k), "role_id": 1 + k%2, "retail_id": "first"})
			}
			var out addAnswer
			expect("addpromoter", r.wx("/promoter/addpromoter", tok, map[string]any{"promoter_list": items}, &out), 0)
			expect("addpromoter fail_cnt", out.FailCnt, 0)
		}
		body := map[string]any{"first_catid": 312, "second_catid": 313, "headimg_mediaid": r.upload(tok),
			"nickname": fmt.Sprintf("Memory Shop %d", app), "intro": "a store of the memory test"}
		expect("apply_merchant", r.wx("/wxa/apply_merchant", tok, body, nil), 0)
	})
	r.advance(5)
	helpers := func(phase int) {
		var wg sync.WaitGroup
		for w := range memApps * memHelpers {
			wg.Go(func() { memHelper(r, toks[w%memApps], w, phase, expect) })
		}
		wg.Wait()
	}
	var wg sync.WaitGroup
	wg.Go(func() { helpers(0) })
	each(func(app int) {
		for i, p := range pois {
			body := map[string]any{"map_poi_id": p.SosomapPOIUID, "pic_list": picList(firstPic), "contract_phone": "020-89190388",
				"hour": "10:00-21:00", "credential": fmt.Sprintf("MEM-%d-%02d", app, i), "card_id": ""}
			expect("add_store", r.wx("/wxa/add_store", toks[app], body, nil), 0)
		}
	})
	wg.Wait()
	r.advance(5)
	wg.Go(func() { helpers(1) })
	each(func(app int) {
		var l storeList
		expect("get_store_list", r.wx("/wxa/get_store_list", toks[app], `{"offset":0,"limit":50}`, &l), 0)
		for _, b := range l.BusinessList {
			body := map[string]any{"poi_id": b.BaseInfo.PoiID, "hour": "09:00-22:00", "contract_phone": "020-89190388",
				"pic_list": picList(memPic(cycle)), "card_id": ""}
			expect("update_store", r.wx("/wxa/update_store", toks[app], body, nil), 0)
		}
		expect("stores listed", len(l.BusinessList), len(pois))
	})
	wg.Wait()
	r.advance(5)
	r.flush()
	return toks
}

// memOpenID is the n-th promoter of every app in every cycle.
func memOpenID(n int) string { return fmt.Sprintf("o%027d", 1000+n) }

// memHelper updates, authorizes and reads existing promoters: no call of
// it adds to the state, so the state ends every cycle the same size.
func memHelper(r *rig, tok string, w, phase int, expect func(string, int, int)) {
	if expect == nil {
		expect = func(what string, got, want int) {
			if got != want {
				r.stats.problem("%s: got %d, want %d", what, got, want)
			}
		}
	}
	for round := range memRounds {
		n := (w*memRounds + round + phase*7) % memPromoters
		id := fmt.Sprint(n + 1) // ids follow the declaration order from 1
		expect("updatepromoter", r.wx("/promoter/updatepromoter", tok, map[string]string{"id": id, "retail_id": fmt.Sprintf("r%d.%d", phase, round)}, nil), 0)
		var one page
		expect("getpromoter by openid", r.wx("/promoter/getpromoter", tok, map[string]string{"openid": memOpenID(n)}, &one), 0)
		if len(one.List) != 1 || one.List[0].ID != id {
			r.stats.problem("getpromoter %s: %+v, want id %s", memOpenID(n), one.List, id)
		}
		var all page
		expect("getpromoter", r.wx("/promoter/getpromoter", tok, `{"role_id":1}`, &all), 0)
		expect("getpromoter total_cnt", all.TotalCnt, memPromoters/2)
		expect("getrole", r.wx("/promoter/getrole", tok, `{}`, nil), 0)
		expect("get_store_list", r.wx("/wxa/get_store_list", tok, `{"offset":0,"limit":10}`, nil), 0)
		appid := fmt.Sprintf("wx%016x", 0x10ad00+w%memApps)
		body := map[string]any{"appid": appid, "openid": memOpenID(n), "auth_status": 1 + round%2}
		if st := r.admin(http.MethodPost, "/promoters/authorize", body, nil); st != http.StatusOK {
			r.stats.problem("authorize %s: HTTP %d", memOpenID(n), st)
		}
	}
}
