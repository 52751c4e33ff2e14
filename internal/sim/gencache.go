package sim

import "sync"

// genCache remembers values read from one generation of the database (see
// Sim.stableGen), so that hot reads such as a token lookup skip a read
// transaction. Every entry belongs to the generation it was read in: a get
// or put with another generation sees an empty cache, so any committed write
// or replaced state forgets everything at once.
type genCache[K comparable, V any] struct {
	mu  sync.RWMutex
	gen uint64
	m   map[K]V
	// max bounds the entries; a full cache starts over.
	max int
}

// get returns the value of k read in generation gen.
func (c *genCache[K, V]) get(gen uint64, k K) (V, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if c.gen != gen {
		var zero V
		return zero, false
	}
	v, ok := c.m[k]
	return v, ok
}

// put records v as k's value in generation gen, forgetting the entries of
// any other generation.
func (c *genCache[K, V]) put(gen uint64, k K, v V) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.gen != gen || c.m == nil || len(c.m) >= c.max {
		if gen < c.gen {
			return
		}
		c.gen = gen
		c.m = make(map[K]V)
	}
	c.m[k] = v
}
