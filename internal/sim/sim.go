package sim

import (
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	memdb "github.com/hashicorp/go-memdb"
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
	// gen counts committed writes and replacements (Generation).
	gen atomic.Uint64
}

// New returns a simulator holding initial, on clock, drawing identifiers
// from rnd. initial is checked against an empty catalog: to start from a
// state with stores, call SetCatalog, then Replace.
func New(clock *VirtualClock, rnd *Random, initial *State) (*Sim, error) {
	s := &Sim{clock: clock, rnd: rnd, auditDelay: DefaultAuditDelay, msgDelay: DefaultMsgDelay, catalog: &Catalog{},
		caps: reachCaps{MaxRelations, MaxOrders}}
	if err := s.Replace(initial); err != nil {
		return nil, err
	}
	return s, nil
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
		return err
	}
	txn.Commit()
	s.gen.Add(1)
	return nil
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
