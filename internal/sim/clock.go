package sim

import (
	"sync"
	"sync/atomic"
	"time"
)

// Clock is the only source of time in the domain.
type Clock interface {
	Now() time.Time
}

// VirtualClock runs at real speed plus every Advance, or stands still while
// frozen. The real time source is injected so that tests never depend on the
// machine's clock.
type VirtualClock struct {
	mu   sync.Mutex // serializes the moves; a read takes no lock
	real func() time.Time
	st   atomic.Pointer[clockState]
}

// clockState is the clock's setting between two moves, never changed once
// stored: Now reads it without a lock, so that every request's reading
// of the clock does not queue behind every other's.
type clockState struct {
	offset   time.Duration // added to real time while running
	frozen   bool
	frozenAt time.Time
	gen      uint64 // counts Advance, Freeze and Unfreeze calls
}

// NewVirtualClock returns a clock that reads start now (real() when start is
// zero) and is frozen there if frozen is true.
func NewVirtualClock(real func() time.Time, start time.Time, frozen bool) *VirtualClock {
	c := &VirtualClock{real: real}
	st := &clockState{}
	now := real()
	if !start.IsZero() {
		st.offset = start.Sub(now)
	}
	if frozen {
		st.frozen = true
		st.frozenAt = now.Add(st.offset).Truncate(time.Microsecond)
	}
	c.st.Store(st)
	return c
}

// Now returns the virtual time, truncated to the microsecond so that it
// survives a JSON round trip.
func (c *VirtualClock) Now() time.Time { return c.now(c.st.Load()) }

func (c *VirtualClock) now(st *clockState) time.Time {
	if st.frozen {
		return st.frozenAt
	}
	return c.real().Add(st.offset).Truncate(time.Microsecond)
}

// move changes the clock under its lock: change gets a copy of the
// setting, with gen already counted, and returns the time to answer.
func (c *VirtualClock) move(change func(st *clockState) time.Time) time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	st := *c.st.Load()
	st.gen++
	now := change(&st)
	c.st.Store(&st)
	return now
}

// Advance moves the clock forward by d; a negative d is ignored, since time
// in the simulator never runs backwards.
func (c *VirtualClock) Advance(d time.Duration) time.Time {
	return c.move(func(st *clockState) time.Time {
		if d > 0 {
			if st.frozen {
				st.frozenAt = st.frozenAt.Add(d)
			} else {
				st.offset += d
			}
		}
		return c.now(st)
	})
}

// Freeze stops the clock at the current virtual time (or at t, when t is
// later than now).
func (c *VirtualClock) Freeze(t time.Time) time.Time {
	return c.move(func(st *clockState) time.Time {
		now := c.now(st)
		if t.After(now) {
			now = t.Truncate(time.Microsecond)
		}
		st.frozen, st.frozenAt = true, now
		return now
	})
}

// Unfreeze lets the clock run again at real speed from where it stands.
func (c *VirtualClock) Unfreeze() time.Time {
	return c.move(func(st *clockState) time.Time {
		if st.frozen {
			st.offset = st.frozenAt.Sub(c.real())
			st.frozen = false
		}
		return c.now(st)
	})
}

// Frozen reports whether the clock stands still.
func (c *VirtualClock) Frozen() bool { return c.st.Load().frozen }

// Reading returns the virtual time and whether the clock is frozen, read
// together, for a snapshot.
func (c *VirtualClock) Reading() (now time.Time, frozen bool) {
	st := c.st.Load()
	return c.now(st), st.frozen
}

// Generation changes with every Advance, Freeze and Unfreeze: the moves of
// the clock that real time does not explain.
func (c *VirtualClock) Generation() uint64 { return c.st.Load().gen }
