package sim

import (
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	memdb "github.com/hashicorp/go-memdb"
	"github.com/wxmock/wxmock/internal/gencache"
)

// Sim is the simulator: every app's state, on one clock.
type Sim struct {
	clock *VirtualClock
	rnd   *Random
	// auditDelay is how long an audit takes on the virtual clock.
	auditDelay time.Duration
	// msgDelay is how long a group send delivers, and then its click data
	// computes, on the virtual clock.
	msgDelay time.Duration
	catalog  *Catalog
	// caps bound the reach records and orders of an app: MaxRelations and
	// MaxOrders, which the package's own tests lower to reach them quickly.
	caps reachCaps
	// base, when not nil, is the Base the simulator started from: Replace
	// of its state takes a snapshot of its database instead of loading it.
	base *Base

	notifyMu sync.Mutex
	notify   func(Event)

	// mu guards the db pointer: every operation holds it for reading while
	// it runs its transaction, and Replace holds it for writing while it
	// swaps in a new database, so no write ever lands on a discarded one.
	mu sync.RWMutex
	db *memdb.MemDB
	// gen counts committed writes and replacements (Generation): it is odd
	// while a write commits and even otherwise (stableGen), each change
	// adding 2. commitMu keeps one commit's two steps together.
	gen      atomic.Uint64
	commitMu sync.Mutex

	// tokens and roles cache Authenticate's and Roles' reads for the
	// current generation.
	tokens gencache.Cache[string, Token]
	roles  gencache.Cache[string, []Role]
	// pages caches get_store_list's pages: a client polls the same page.
	pages gencache.Cache[pageKey, *StorePage]
}

// Bounds of the read caches: past them a cache starts over.
const (
	maxCachedTokens = 4096
	maxCachedApps   = 1024
	maxCachedPages  = 1024
)

// New returns a simulator holding initial, on clock, drawing identifiers
// from rnd. initial is checked against an empty catalog: to start from a
// state with stores, call SetCatalog, then Replace.
func New(clock *VirtualClock, rnd *Random, initial *State) (*Sim, error) {
	s := &Sim{clock: clock, rnd: rnd, auditDelay: DefaultAuditDelay, msgDelay: DefaultMsgDelay, catalog: &Catalog{},
		caps: reachCaps{MaxRelations, MaxOrders}}
	s.initCaches()
	if err := s.Replace(initial); err != nil {
		return nil, err
	}
	return s, nil
}

// initCaches sets the bounds of the read caches.
func (s *Sim) initCaches() {
	s.tokens.Max = maxCachedTokens
	s.roles.Max = maxCachedApps
	s.pages.Max = maxCachedPages
}

// Clock returns the simulator's clock.
func (s *Sim) Clock() *VirtualClock { return s.clock }

// Random returns the simulator's source of randomness.
func (s *Sim) Random() *Random { return s.rnd }

// Now returns the virtual time.
func (s *Sim) Now() time.Time { return s.clock.Now() }

// DefaultAuditDelay is how long an audit takes unless -audit-delay says.
const DefaultAuditDelay = 5 * time.Second

// Advance moves the virtual clock forward by d, resolves every audit that
// comes due by then, and returns the new time.
func (s *Sim) Advance(d time.Duration) (time.Time, error) {
	now := s.clock.Advance(d)
	_, err := s.RunDue()
	return now, err
}

// read runs fn in a read transaction.
func (s *Sim) read(fn func(txn *memdb.Txn) error) error {
	s.mu.RLock()
	defer s.mu.RUnlock()
	txn := s.db.Txn(false)
	defer txn.Abort()
	return fn(txn)
}

// write runs fn in a write transaction and commits only if fn succeeds, so a
// rejected request changes nothing.
func (s *Sim) write(fn func(txn *memdb.Txn) error) error {
	s.mu.RLock()
	defer s.mu.RUnlock()
	txn := s.db.Txn(true)
	defer txn.Abort()
	if err := fn(txn); err != nil {
		if errors.Is(err, errUnchanged) {
			return nil
		}
		return err
	}
	s.commitMu.Lock()
	defer s.commitMu.Unlock()
	s.gen.Add(1)
	txn.Commit()
	s.gen.Add(1)
	return nil
}

// errUnchanged, returned by a write's function, ends the write without a
// commit: the function changed nothing, so the generation stays, the read
// caches stay warm and no snapshot is due.
var errUnchanged = errors.New("sim: nothing to write")

// stableGen returns the current generation and whether the database may be
// read into a cache under it: not while a write commits (an odd
// generation), when a read could see either side of the commit. A read
// belongs to generation g only if stableGen answered g, true both before
// and after it.
func (s *Sim) stableGen() (uint64, bool) {
	g := s.gen.Load()
	return g, g%2 == 0
}

// Generation changes whenever a write is committed or the state replaced,
// so that a snapshot is taken only when something changed. The clock has
// its own (VirtualClock.Generation).
func (s *Sim) Generation() uint64 { return s.gen.Load() }

// first returns the object found by a unique index, or nil.
func first[T any](txn *memdb.Txn, table, index string, args ...any) (*T, error) {
	raw, err := txn.First(table, index, args...)
	if err != nil {
		return nil, fmt.Errorf("%s.%s lookup: %w", table, index, err)
	}
	if raw == nil {
		return nil, nil
	}
	return raw.(*T), nil
}

// all lists the objects of an index prefix, in index order.
func all[T any](txn *memdb.Txn, table, index string, args ...any) ([]*T, error) {
	it, err := txn.Get(table, index, args...)
	if err != nil {
		return nil, fmt.Errorf("%s.%s scan: %w", table, index, err)
	}
	var out []*T
	for raw := it.Next(); raw != nil; raw = it.Next() {
		out = append(out, raw.(*T))
	}
	return out, nil
}
