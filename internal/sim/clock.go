package sim

import (
	"sync"
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
	mu       sync.Mutex
	real     func() time.Time
	offset   time.Duration // added to real time while running
	frozen   bool
	frozenAt time.Time
	gen      uint64 // counts Advance, Freeze and Unfreeze calls
}

// NewVirtualClock returns a clock that reads start now (real() when start is
// zero) and is frozen there if frozen is true.
func NewVirtualClock(real func() time.Time, start time.Time, frozen bool) *VirtualClock {
	c := &VirtualClock{real: real}
	now := real()
	if !start.IsZero() {
		c.offset = start.Sub(now)
	}
	if frozen {
		c.frozen = true
		c.frozenAt = now.Add(c.offset).Truncate(time.Microsecond)
	}
	return c
}

// Now returns the virtual time, truncated to the microsecond so that it
// survives a JSON round trip.
func (c *VirtualClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.nowLocked()
}

func (c *VirtualClock) nowLocked() time.Time {
	if c.frozen {
		return c.frozenAt
	}
	return c.real().Add(c.offset).Truncate(time.Microsecond)
}

// Advance moves the clock forward by d; a negative d is ignored, since time
// in the simulator never runs backwards.
func (c *VirtualClock) Advance(d time.Duration) time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	if d > 0 {
		if c.frozen {
			c.frozenAt = c.frozenAt.Add(d)
		} else {
			c.offset += d
		}
	}
	return c.nowLocked()
}

// Freeze stops the clock at the current virtual time (or at t, when t is
// later than now).
func (c *VirtualClock) Freeze(t time.Time) time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	now := c.nowLocked()
	if t.After(now) {
		now = t.Truncate(time.Microsecond)
	}
	c.frozen, c.frozenAt = true, now
	return now
}

// Unfreeze lets the clock run again at real speed from where it stands.
func (c *VirtualClock) Unfreeze() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	if c.frozen {
		c.offset = c.frozenAt.Sub(c.real())
		c.frozen = false
	}
	return c.nowLocked()
}

// Frozen reports whether the clock stands still.
func (c *VirtualClock) Frozen() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.frozen
}

// Reading returns the virtual time and whether the clock is frozen, read
// together, for a snapshot.
func (c *VirtualClock) Reading() (now time.Time, frozen bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.nowLocked(), c.frozen
}

// Generation changes with every Advance, Freeze and Unfreeze: the moves of
// the clock that real time does not explain.
func (c *VirtualClock) Generation() uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.gen
}
