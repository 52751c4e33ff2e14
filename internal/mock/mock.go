package mock

import (
	"context"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/wxmock/wxmock/internal/fixtures"
	"github.com/wxmock/wxmock/internal/httpapi"
	"github.com/wxmock/wxmock/internal/push"
	"github.com/wxmock/wxmock/internal/sim"
	"github.com/wxmock/wxmock/schemas"
)

// Options configure a Mock; the zero value is the default server.
type Options struct {
	// Initial is the state to start from and to reset to; nil means the
	// embedded default state.
	Initial *sim.State
	// Start, when not nil, is the state to start from instead of Initial,
	// which stays the state reset returns to: a -persist snapshot.
	Start *sim.State
	// Pushes, when not nil, are the pushes still to deliver of a snapshot,
	// queued before any other (push.Deliverer.Restore).
	Pushes *push.Queue
	// Seed makes identifiers repeatable; 0 draws a seed from the real clock.
	Seed uint64
	// ClockStart is where the virtual clock starts; zero means now.
	ClockStart time.Time
	// FrozenClock stops the clock until it is advanced or unfrozen.
	FrozenClock bool
	// RealTime is the real time source; nil means time.Now. Tests inject it.
	RealTime func() time.Time
	// AuditDelay is how long an audit takes on the virtual clock (0: 5 s;
	// negative: due at once, resolved at the next tick or advance). The
	// binary's -audit-delay 0 and wxmocktest.Immediately are negative here
	// (TestDelaysAgree in cmd/wxmock).
	AuditDelay time.Duration
	// MsgDelay is how long a group send delivers, and then its click data
	// computes, on the virtual clock (0: 3 s; negative: at once), as
	// AuditDelay.
	MsgDelay time.Duration
	// DefaultPush, when its URL is set, replaces the default app's push
	// settings at start and on every reset.
	DefaultPush sim.Push
	// PushClient, PushTimeout and PushRetryDelay tune delivery (tests make
	// them short); zero values are WeChat's: 5 s and 3 retries.
	PushClient     *http.Client
	PushTimeout    time.Duration
	PushRetryDelay time.Duration
	// Tick is how often, in real time, due audits are resolved while the
	// clock runs (0: 200 ms).
	Tick           time.Duration
	Logger         *slog.Logger
	JournalSize    int
	MaxBody        int64
	CheckResponses bool
	// AdminToken, when set, must come with every control call
	// (httpapi.Config.AdminToken).
	AdminToken string
	// JournalNoRedact keeps the values of secret and access_token in the
	// journal; by default they are "***" (httpapi.Config.JournalRedact).
	JournalNoRedact bool
	// Assets, when not nil, are the assets to use; every mock of a process
	// shares LoadAssets' anyway.
	Assets *Assets
}

// Assets are what a mock loads that never changes: the schemas (each
// compiled at its first use, the token endpoints' on another goroutine
// as they load), the store catalog and the encoded fixed answers. They
// are read-only, so any number of mocks may share them.
type Assets struct {
	schemas               *schemas.Set
	catalog               *sim.Catalog
	categories, districts []byte
}

// LoadAssets returns the assets, loaded once per process:
// they are read-only, so every mock of the process shares them.
func LoadAssets() (*Assets, error) { return sharedAssets() }

// sharedCatalog, sharedAssets and defaultBase are computed at most once
// per process and never change afterwards.
var (
	sharedCatalog = sync.OnceValue(catalog)
	sharedAssets  = sync.OnceValues(loadAssets)
	defaultBase   = sync.OnceValues(func() (*sim.Base, error) {
		return newBase(nil, sim.Push{}, sharedCatalog())
	})
)

// loadAssets loads the assets: the schemas (each file read and compiled at
// its first use), the catalog and the fixed answers.
func loadAssets() (*Assets, error) {
	a := &Assets{}
	var err error
	if a.schemas, err = schemas.Load(); err != nil {
		return nil, err
	}
	// Every client's first call is for a token: the process's first mock
	// has its request schemas compiled while it starts.
	go a.schemas.Warm("cgi-bin/token", "cgi-bin/stable_token")
	a.catalog = sharedCatalog()
	a.categories, a.districts = generatedCategoryAnswer, generatedDistrictAnswer
	return a, nil
}

// newBase loads st, or the default state when st is nil, with the default
// app's push settings p, against catalog c.
func newBase(st *sim.State, p sim.Push, c *sim.Catalog) (*sim.Base, error) {
	if st == nil {
		st = defaultState()
	}
	return sim.NewBase(withDefaultPush(st, p), c)
}

// Mock is an assembled simulator, its HTTP handler and its push delivery.
// Close it to stop its ticker and deliveries.
type Mock struct {
	Sim    *sim.Sim
	HTTP   *httpapi.Server
	Pushes *push.Deliverer

	stop context.CancelFunc
	done sync.WaitGroup
}

// New assembles a Mock.
func New(o Options) (*Mock, error) {
	if o.RealTime == nil {
		o.RealTime = time.Now
	}
	if o.Seed == 0 {
		o.Seed = uint64(o.RealTime().UnixNano())
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	assets := o.Assets
	if assets == nil {
		var err error
		if assets, err = LoadAssets(); err != nil {
			return nil, err
		}
	}
	s, initial, err := newSim(o, assets.catalog)
	if err != nil {
		return nil, err
	}
	switch {
	case o.AuditDelay > 0:
		s.SetAuditDelay(o.AuditDelay)
	case o.AuditDelay < 0:
		s.SetAuditDelay(0)
	}
	switch {
	case o.MsgDelay > 0:
		s.SetMsgDelay(o.MsgDelay)
	case o.MsgDelay < 0:
		s.SetMsgDelay(0)
	}
	// 16 workers: one app's receiver that hangs holds a worker for up to 5 s
	// an attempt, and must not hold up every other app's pushes.
	d := push.NewDeliverer(push.Options{Client: o.PushClient, Timeout: o.PushTimeout, RetryDelay: o.PushRetryDelay,
		Workers: 16, Logger: o.Logger, Random: s.Random().Bytes, Now: o.RealTime})
	if o.Pushes != nil {
		if err := d.Restore(*o.Pushes); err != nil {
			d.Close()
			return nil, err
		}
	}
	s.SetNotifier(func(ev sim.Event) { deliver(s, d, ev) })
	h, err := httpapi.New(httpapi.Config{
		Sim: s, Schemas: assets.schemas, Initial: initial, Logger: o.Logger, Pushes: d,
		Categories: assets.categories, Districts: assets.districts,
		JournalSize: o.JournalSize, MaxBody: o.MaxBody, CheckResponses: o.CheckResponses,
		AdminToken: o.AdminToken, JournalRedact: !o.JournalNoRedact,
	})
	if err != nil {
		d.Close()
		return nil, err
	}
	ctx, cancel := context.WithCancel(context.Background())
	m := &Mock{Sim: s, HTTP: h, Pushes: d, stop: cancel}
	m.done.Add(1)
	go m.tick(ctx, o.Tick, o.Logger)
	return m, nil
}

// newSim returns the simulator of o and the state that reset restores. The
// default state is loaded once per process and every simulator starts from
// a snapshot of it; another initial state, or the default app's push
// settings of the flags, are loaded once per mock, and only when the mock
// starts from them (o.Start, a -persist snapshot, is loaded instead).
func newSim(o Options, c *sim.Catalog) (*sim.Sim, func() (*sim.State, error), error) {
	clock := sim.NewVirtualClock(o.RealTime, o.ClockStart, o.FrozenClock)
	rnd := sim.NewRandom(o.Seed)
	var base *sim.Base
	var err error
	switch {
	case o.Initial == nil && o.DefaultPush.URL == "":
		base, err = defaultBase()
	case o.Start == nil:
		base, err = newBase(o.Initial, o.DefaultPush, c)
	default:
		// The catalog comes first: the state's stores are checked against
		// its places.
		s, err := sim.New(clock, rnd, &sim.State{Version: sim.StateVersion})
		if err != nil {
			return nil, nil, err
		}
		s.SetCatalog(c)
		initial := func() (*sim.State, error) {
			st := o.Initial
			if st == nil {
				st = defaultState()
			}
			return withDefaultPush(st, o.DefaultPush), nil
		}
		if _, err := initial(); err != nil {
			return nil, nil, err
		}
		return s, initial, s.Replace(withDefaultPush(o.Start, o.DefaultPush))
	}
	if err != nil {
		return nil, nil, err
	}
	s := sim.NewFromBase(clock, rnd, base)
	if o.Start != nil {
		if err := s.Replace(withDefaultPush(o.Start, o.DefaultPush)); err != nil {
			return nil, nil, err
		}
	}
	return s, func() (*sim.State, error) { return base.State(), nil }, nil
}

// Close stops the ticker and the push deliveries.
func (m *Mock) Close() {
	m.stop()
	m.done.Wait()
	m.Pushes.Close()
}

// tick resolves due audits while the clock runs, so that during local
// development pushes arrive on their own.
func (m *Mock) tick(ctx context.Context, every time.Duration, log *slog.Logger) {
	defer m.done.Done()
	if every <= 0 {
		every = 200 * time.Millisecond
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if m.Sim.Clock().Frozen() {
				continue
			}
			if _, err := m.Sim.RunDue(); err != nil {
				log.Error("resolving due audits", "err", err)
			}
		}
	}
}

// deliver turns a simulator event into a push to the app's message server.
func deliver(s *sim.Sim, d *push.Deliverer, ev sim.Event) {
	app, err := s.App(ev.AppID)
	if err != nil || app == nil {
		return
	}
	msg := push.Message{ToUserName: app.OriginalID, FromUserName: sim.AdminOpenID(app.AppID),
		CreateTime: ev.CreateTime, Event: ev.Event}
	for _, f := range ev.Fields {
		msg.Fields = append(msg.Fields, push.Field{Name: f.Name, Value: f.Value, CDATA: f.CDATA})
	}
	d.Enqueue(push.Target{URL: app.Push.URL, Token: app.Push.Token, AESKey: app.Push.AESKey,
		Mode: push.Mode(app.Push.Mode), AppID: app.AppID}, msg)
}

// withDefaultPush gives the default app the push settings of the flags.
func withDefaultPush(st *sim.State, p sim.Push) *sim.State {
	if p.URL == "" {
		return st
	}
	c := *st
	c.Apps = append([]sim.App(nil), st.Apps...)
	for i := range c.Apps {
		if c.Apps[i].AppID == fixtures.DefaultAppID {
			c.Apps[i].Push = p
		}
	}
	return &c
}
