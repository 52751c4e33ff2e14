package sim

import (
	"sync"
	"sync/atomic"
)

// genCache remembers values read from one generation of the database (see
// Sim.stableGen), so that hot reads such as a token lookup skip a read
// transaction. Every entry belongs to the generation it was read in: a get
// or put with another generation sees an empty cache, so any committed write
// or replaced state forgets everything at once.
//
// A get takes no lock and writes no memory that another get reads: an
// atomic load and a sync.Map lookup. With a read-write mutex, every get
// wrote the mutex's reader count, and two cores answering requests at once
// passed that word back and forth (BenchmarkHandler's parallel row).
type genCache[K comparable, V any] struct {
	cur atomic.Pointer[genMap]
	mu  sync.Mutex // serializes puts
	// max bounds the entries; a full cache starts over.
	max int
}

// genMap is the entries of one generation.
type genMap struct {
	gen uint64
	m   sync.Map // K to V
	n   int      // entries; under genCache.mu
}

// get returns the value of k read in generation gen.
func (c *genCache[K, V]) get(gen uint64, k K) (V, bool) {
	var zero V
	g := c.cur.Load()
	if g == nil || g.gen != gen {
		return zero, false
	}
	v, ok := g.m.Load(k)
	if !ok {
		return zero, false
	}
	return v.(V), true
}

// put records v as k's value in generation gen, forgetting the entries of
// any other generation; a put of a generation older than the cache's is
// dropped.
func (c *genCache[K, V]) put(gen uint64, k K, v V) {
	c.mu.Lock()
	defer c.mu.Unlock()
	g := c.cur.Load()
	if g == nil || g.gen != gen || g.n >= c.max {
		if g != nil && gen < g.gen {
			return
		}
		g = &genMap{gen: gen}
		c.cur.Store(g)
	}
	if _, loaded := g.m.Swap(k, v); !loaded {
		g.n++
	}
}
