package reliability_test

import (
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/wxmock/wxmock/internal/mock"
)

// The load test's size: 32 clients over 4 apps, 8 of each app; the first
// of each app works the store family, the others the promoters. Each
// client stops after maxIters iterations or when the load phase's time is
// up, whichever comes first.
const (
	loadApps    = 4
	loadClients = 32
	maxIters    = 2000
	// maxAdvances bounds the clock's steps of one second: the tokens,
	// fetched once, live 7200 s of virtual time.
	maxAdvances = 3000
)

// loadTime is how long the clients work. The whole test takes about 11 s
// more: about 30 s under the race detector on two cores, 15 s without.
func loadTime() time.Duration {
	if underRace {
		return 20 * time.Second
	}
	return 12 * time.Second
}

// TestLoad runs 32 clients over 4 apps on one wxmock at once, declaring
// (batches of 10 with duplicates and bad items on purpose), updating,
// authorizing and paging promoters, and applying for a merchant, adding
// stores and changing their pictures, while the clock advances, audits
// come due and their pushes go to a receiver that fails every third one.
// Then it checks exactly what the clients saw: every accepted promoter is
// held once with its last change, paging returns each id once in order,
// the totals and stores are exact, every push settled and reached the
// receiver once; and then the caps, raced by 32 clients, hold exactly.
func TestLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("the load test takes 15 s (30 s under the race detector); skipped with -short")
	}
	began := time.Now()
	r := newRig(t, mock.Options{CheckResponses: true})
	r.recv.keep = true
	books := make([]*book, loadApps)
	for i := range books {
		appid, secret := r.newApp(i)
		books[i] = &book{i: i, appid: appid, tok: r.token(appid, secret), held: map[string]*held{}}
		if code := r.wx("/promoter/addrole", books[i].tok, `{"name":"店长","desc":"load"}`, nil); code != 0 {
			t.Fatalf("addrole: errcode %d", code)
		}
	}

	deadline := time.Now().Add(loadTime())
	stop := make(chan struct{})
	advances := 0
	var advancer sync.WaitGroup
	advancer.Go(func() {
		// A second of virtual time every 10 ms at most (an advance waits
		// for the writes before it): audits, due after 5 s, resolve and
		// push while the clients work.
		tick := time.NewTicker(10 * time.Millisecond)
		defer tick.Stop()
		for advances < maxAdvances {
			select {
			case <-stop:
				return
			case <-tick.C:
				r.advance(1)
				advances++
			}
		}
	})
	clients := make([]*loadClient, loadClients)
	var wg sync.WaitGroup
	for c := range clients {
		b := books[c%loadApps]
		clients[c] = &loadClient{r: r, id: c, b: b}
		if c < loadApps {
			clients[c].store = newStoreRun(t, b)
		}
		wg.Go(func() { clients[c].run(deadline) })
	}
	wg.Wait()
	close(stop)
	advancer.Wait()
	t.Logf("load phase: %s, %d clock advances", time.Since(began).Round(time.Millisecond), advances)

	// Every audit comes due, and every push settles.
	r.advance(10)
	r.flush()
	iters := 0
	for _, c := range clients {
		iters += c.iter
	}
	t.Logf("client iterations: %d", iters)
	for _, b := range books {
		checkPromoters(t, r, b)
	}
	for _, c := range clients[:loadApps] {
		checkStores(t, r, c.store)
	}
	checkPushes(t, r, books)

	capsBegan := time.Now()
	raceCaps(t, r, books)
	t.Logf("caps phase: %s", time.Since(capsBegan).Round(time.Millisecond))
	r.logs.check(t)
	r.stats.log(t)
	t.Logf("whole test: %s (race detector: %v)", time.Since(began).Round(time.Millisecond), underRace)
}

// book is what the clients of one app saw accepted, and how each promoter
// was last changed. Only the client that declared a promoter changes it.
type book struct {
	i          int
	appid, tok string
	mu         sync.Mutex
	held       map[string]*held // by openid
}

// held is one accepted promoter as its owner last left it.
type held struct {
	owner    int
	id       string
	retail   string
	declared bool
	auth     int
}

// accept records openid as accepted by client owner; a second acceptance
// of the same openid is a duplicate.
func (b *book) accept(r *rig, openid string, owner int, retail string) *held {
	b.mu.Lock()
	defer b.mu.Unlock()
	if prev, ok := b.held[openid]; ok {
		r.stats.problem("app %d: openid %s accepted twice, by clients %d and %d", b.i, openid, prev.owner, owner)
		return nil
	}
	h := &held{owner: owner, retail: retail, declared: true}
	b.held[openid] = h
	return h
}

// loadClient is one of the 32 clients; store is set for the first client
// of each app, which works the store family.
type loadClient struct {
	r     *rig
	id    int
	b     *book
	iter  int
	seq   int // fresh openids drawn
	adds  int // addpromoter batches sent
	own   []string
	mine  map[string]*held
	store *storeRun
}

// run works until the deadline or maxIters iterations.
func (c *loadClient) run(deadline time.Time) {
	c.mine = map[string]*held{}
	for ; c.iter < maxIters && time.Now().Before(deadline); c.iter++ {
		if c.store != nil {
			c.store.step(c.r, c.iter)
			continue
		}
		switch c.iter % 8 {
		case 0, 4:
			c.declare()
		case 1:
			c.update()
		case 2:
			c.authorize()
		case 3:
			c.cancelOrRestore()
		case 5:
			c.r.wx("/promoter/getrole", c.b.tok, `{}`, nil)
		case 6:
			if c.iter%32 == 6 {
				c.walk()
			} else {
				c.r.wx("/promoter/getpromoter", c.b.tok, `{"role_id":2,"auth_status":1}`, nil)
			}
		case 7:
			c.readStores()
		}
	}
}

// pick returns one of the client's own promoters, in turn, or nil.
func (c *loadClient) pick() (string, *held) {
	if len(c.own) == 0 {
		return "", nil
	}
	o := c.own[c.iter/8%len(c.own)]
	return o, c.mine[o]
}

// lookup learns a promoter's id through getpromoter by openid: exactly one
// row, of that openid.
func (c *loadClient) lookup(openid string, h *held) bool {
	if h.id != "" {
		return true
	}
	var out page
	if code := c.r.wx("/promoter/getpromoter", c.b.tok, map[string]string{"openid": openid}, &out); code != 0 {
		c.r.stats.problem("getpromoter by openid %s: errcode %d", openid, code)
		return false
	}
	if len(out.List) != 1 || out.List[0].OpenID != openid || out.TotalCnt != 1 {
		c.r.stats.problem("getpromoter by openid %s: %+v", openid, out)
		return false
	}
	h.id = out.List[0].ID
	return true
}

// update changes the retail_id of one of its promoters.
func (c *loadClient) update() {
	o, h := c.pick()
	if h == nil || !c.lookup(o, h) {
		return
	}
	retail := "u" + itoa(c.id) + "." + itoa(c.iter)
	if code := c.r.wx("/promoter/updatepromoter", c.b.tok, map[string]string{"id": h.id, "retail_id": retail}, nil); code != 0 {
		c.r.stats.problem("updatepromoter %s retail_id: errcode %d", h.id, code)
		return
	}
	h.retail = retail
}

// cancelOrRestore flips the declaration of one of its promoters.
func (c *loadClient) cancelOrRestore() {
	o, h := c.pick()
	if h == nil || !c.lookup(o, h) {
		return
	}
	status := 2
	if !h.declared {
		status = 1
	}
	if code := c.r.wx("/promoter/updatepromoter", c.b.tok, map[string]any{"id": h.id, "decl_status": status}, nil); code != 0 {
		c.r.stats.problem("updatepromoter %s decl_status %d: errcode %d", h.id, status, code)
		return
	}
	h.declared = status == 1
}

// authorize acts as one of its promoters through the control API:
// accepting needs a declaration that is not cancelled (409 otherwise).
func (c *loadClient) authorize() {
	o, h := c.pick()
	if h == nil {
		return
	}
	status := 1 + c.iter/8%2
	want := http.StatusOK
	if status == 1 && !h.declared {
		want = http.StatusConflict
	}
	got := c.r.admin(http.MethodPost, "/promoters/authorize", map[string]any{"appid": c.b.appid, "openid": o, "auth_status": status}, nil)
	if got != want {
		c.r.stats.problem("authorize %s %d (declared %v): HTTP %d, want %d", o, status, h.declared, got, want)
		return
	}
	if got == http.StatusOK {
		h.auth = status
	}
}

// readStores reads the store family as a second client of the app would;
// before the merchant is approved these are errors, counted by errcode.
func (c *loadClient) readStores() {
	c.r.wx("/wxa/get_store_list", c.b.tok, `{"offset":0,"limit":20}`, nil)
	c.r.wxDo(http.MethodGet, "/wxa/get_merchant_audit_info", c.b.tok, "", nil, nil)
}
