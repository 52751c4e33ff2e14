package push

import (
	"context"
	"crypto/rand"
	"log/slog"
	"net/http"
	"sync"
	"time"
)

// Defaults of Options, WeChat's own behaviour where it has one: it waits
// 5 s for an answer and retries a push 3 times (REFERENCE.md "Pushes"; the
// message-push guide of the official-account docs says the same).
const (
	DefaultTimeout    = 5 * time.Second
	DefaultRetries    = 3
	DefaultRetryDelay = time.Second
	DefaultWorkers    = 4
	DefaultLogSize    = 1000
)

// errShutDown is the Error of pushes that Close found undelivered.
const errShutDown = "shut down"

// Options configures a Deliverer. Every zero value means the default.
type Options struct {
	// Client sends the POSTs. The default does not follow redirects: a 3xx
	// is not an acknowledgement and is retried like any non-2xx answer.
	Client *http.Client
	// Timeout bounds each attempt, answer body included.
	Timeout time.Duration
	// Retries is the number of attempts after the first; negative means none.
	Retries int
	// RetryDelay is the wait before each retry.
	RetryDelay time.Duration
	// Workers is the number of deliveries in flight at once.
	Workers int
	// Logger receives one record per attempt; nil discards them.
	Logger *slog.Logger
	// Random returns n random bytes for nonces and the encrypted payload's
	// prefix; the simulator passes its seeded source. Enqueue calls it
	// without holding a lock, so it must be safe for concurrent use when
	// Enqueue is. Default crypto/rand.
	Random func(n int) []byte
	// Now is the wall clock of the attempt log. Default time.Now.
	Now func() time.Time
	// LogSize is how many pushes List remembers, newest kept.
	LogSize int
}

// Deliverer sends pushes in the background with retries and keeps a log of
// them. Its methods are safe for concurrent use. Call Close to stop its
// workers.
type Deliverer struct {
	client     *http.Client
	timeout    time.Duration
	retries    int
	retryDelay time.Duration
	logger     *slog.Logger
	random     func(n int) []byte
	now        func() time.Time

	ctx    context.Context // cancelled by Close, aborting attempts in flight
	cancel context.CancelFunc
	wg     sync.WaitGroup

	mu      sync.Mutex
	work    *sync.Cond           // signalled when the queue grows or Close is called
	queue   []*job               // unbounded, so Enqueue never waits for a worker
	running map[*job]struct{}    // jobs whose attempt is in flight
	waiting map[*job]*time.Timer // jobs between a failure and their retry
	idle    chan struct{}        // closed while nothing is queued, running or waiting
	isIdle  bool
	closed  bool
	nextID  uint64
	log     *pushLog
	gen     uint64 // counts changes of the pending pushes (Generation)
}

// job is a push on its way; only the goroutine holding it touches url, body
// and tries, and rec only under Deliverer.mu.
type job struct {
	rec   *Push
	url   string
	body  []byte
	tries int
	due   time.Time // when a waiting job is retried, by Options.Now
}

// NewDeliverer starts the workers of a Deliverer configured by o.
func NewDeliverer(o Options) *Deliverer {
	d := &Deliverer{
		client:     o.Client,
		timeout:    o.Timeout,
		retries:    o.Retries,
		retryDelay: o.RetryDelay,
		logger:     o.Logger,
		random:     o.Random,
		now:        o.Now,
		waiting:    map[*job]*time.Timer{},
		running:    map[*job]struct{}{},
		idle:       make(chan struct{}),
		isIdle:     true,
	}
	close(d.idle)
	if d.client == nil {
		d.client = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		}}
	}
	if d.timeout <= 0 {
		d.timeout = DefaultTimeout
	}
	switch {
	case d.retries == 0:
		d.retries = DefaultRetries
	case d.retries < 0:
		d.retries = 0
	}
	if d.retryDelay <= 0 {
		d.retryDelay = DefaultRetryDelay
	}
	if d.logger == nil {
		d.logger = slog.New(slog.DiscardHandler)
	}
	if d.random == nil {
		d.random = func(n int) []byte { b := make([]byte, n); _, _ = rand.Read(b); return b }
	}
	if d.now == nil {
		d.now = time.Now
	}
	size := o.LogSize
	if size <= 0 {
		size = DefaultLogSize
	}
	d.log = newPushLog(size)
	d.work = sync.NewCond(&d.mu)
	d.ctx, d.cancel = context.WithCancel(context.Background())
	workers := o.Workers
	if workers <= 0 {
		workers = DefaultWorkers
	}
	d.wg.Add(workers)
	for range workers {
		go d.worker()
	}
	return d
}

// Enqueue signs and encrypts m for t, queues it and returns its ID at once.
// The timestamp is m.CreateTime, the virtual clock's time, as in WeChat's
// pushes where both are the same second. Randomness is drawn here, in the
// caller's order, so a seeded run produces the same nonces and payloads. A
// Target without URL is logged as skipped; one that cannot be built (a bad
// EncodingAESKey) as failed.
func (d *Deliverer) Enqueue(t Target, m Message) uint64 {
	nonce := nonceDigits(d.randomBytes(10))
	random16 := d.randomBytes(16)
	u, body, err := BuildRequest(t, m, m.CreateTime, nonce, random16)
	mode := t.Mode
	if mode == "" {
		mode = ModePlain
	}
	p := &Push{
		AppID: t.AppID, Event: m.Event, URL: u, Mode: mode,
		Body: clip(body), Plain: clip(m.XML()), State: StatePending,
		Attempts: []Attempt{},
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	d.nextID++
	d.gen++
	p.ID = d.nextID
	d.log.add(p)
	switch {
	case t.URL == "":
		// BuildRequest made a bare "?signature=..." of the empty URL.
		p.URL, p.State = "", StateSkipped
		if err != nil {
			p.Error = err.Error()
		}
	case err != nil:
		p.State, p.Error = StateFailed, err.Error()
	case d.closed:
		p.State, p.Error = StateFailed, errShutDown
	default:
		d.queue = append(d.queue, &job{rec: p, url: u, body: body})
		d.work.Signal()
		d.settle()
	}
	return p.ID
}

// List returns the logged pushes that match f, oldest first.
func (d *Deliverer) List(f Filter) []Push {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.log.list(f)
}

// Flush waits until no push is queued, in flight or waiting for a retry, or
// until ctx ends. Pushes enqueued while it waits are waited for too.
func (d *Deliverer) Flush(ctx context.Context) error {
	d.mu.Lock()
	idle := d.idle
	d.mu.Unlock()
	select {
	case <-idle:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Close aborts attempts in flight, marks every undelivered push failed with
// Error "shut down" and waits for the workers to exit. Later Enqueues log
// their push as failed the same way. Close may be called more than once.
func (d *Deliverer) Close() {
	d.mu.Lock()
	if !d.closed {
		d.closed = true
		d.cancel()
		for _, j := range d.queue {
			j.rec.State, j.rec.Error = StateFailed, errShutDown
		}
		d.queue = nil
		for j, t := range d.waiting {
			t.Stop()
			j.rec.State, j.rec.Error = StateFailed, errShutDown
		}
		clear(d.waiting)
		d.work.Broadcast()
		d.settle()
	}
	d.mu.Unlock()
	d.wg.Wait()
}
