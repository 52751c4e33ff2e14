package sim

import (
	"errors"

	memdb "github.com/hashicorp/go-memdb"
)

// Base is a state checked and loaded once, from which any number of
// simulators start, and reset to, at no cost: go-memdb's trees are
// immutable, so each simulator's database is a snapshot that shares the
// base's rows until it writes, and a write copies the rows it changes (rows
// read from memdb are never modified in place). A Base is read-only and may
// be shared between goroutines.
type Base struct {
	state   *State
	built   *built
	catalog *Catalog
}

// built is a loaded database and the caps it was checked against.
type built struct {
	db   *memdb.MemDB
	caps reachCaps
}

// NewBase checks and loads st against catalog. st must not be changed
// afterwards: Replace(b.State()) takes the shortcut of the loaded copy.
func NewBase(st *State, catalog *Catalog) (*Base, error) {
	if catalog == nil {
		return nil, errors.New("state: no catalog given")
	}
	caps := reachCaps{MaxRelations, MaxOrders}
	db, err := buildDB(st, caps, catalog)
	if err != nil {
		return nil, err
	}
	return &Base{state: st, built: &built{db: db, caps: caps}, catalog: catalog}, nil
}

// State returns the state the base holds, for POST /__wxmock/reset; it must
// not be changed.
func (b *Base) State() *State { return b.state }

// NewFromBase returns a simulator holding b's state, on clock, drawing
// identifiers from rnd, with b's catalog. Replace(b.State()) later restores
// b's state without loading it again.
func NewFromBase(clock *VirtualClock, rnd *Random, b *Base) *Sim {
	s := &Sim{clock: clock, rnd: rnd, auditDelay: DefaultAuditDelay, msgDelay: DefaultMsgDelay, catalog: b.catalog,
		caps: b.built.caps, base: b}
	s.initCaches()
	s.db = b.built.db.Snapshot()
	s.gen.Add(2)
	return s
}
