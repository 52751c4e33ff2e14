// Package gencache is a bounded cache of values read from one generation
// of some state, read without a lock.
//
// Every entry belongs to the generation it was put in: a Get or Put with
// another generation sees an empty cache, so moving the generation
// forgets everything at once. A Get takes no lock and writes no memory
// that another Get reads (an atomic load and a sync.Map lookup): with a
// read-write mutex, every read wrote the mutex's reader count, and cores
// answering requests at once passed that word back and forth
// (bench's BenchmarkHandler, its parallel rows).
//
// The sim's read caches (tokens, roles, store pages) key it by the
// database's generation; the adapter's memo of valid request bodies uses
// one generation for ever.
package gencache

import (
	"sync"
	"sync/atomic"
)

// Cache maps K to V for one generation at a time. Set Max before use;
// the zero Cache is otherwise ready.
type Cache[K comparable, V any] struct {
	// Max bounds the entries: a Put into a full cache starts it over.
	Max int

	cur atomic.Pointer[generation]
	mu  sync.Mutex // serializes puts
}

// generation is the entries of one generation.
type generation struct {
	gen uint64
	m   sync.Map // K to V
	n   int      // entries; under Cache.mu
}

// Get returns the value of k put in generation gen.
func (c *Cache[K, V]) Get(gen uint64, k K) (V, bool) {
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

// Put records v as k's value in generation gen, forgetting the entries of
// any other generation; a put of a generation older than the cache's is
// dropped.
func (c *Cache[K, V]) Put(gen uint64, k K, v V) {
	c.mu.Lock()
	defer c.mu.Unlock()
	g := c.cur.Load()
	if g == nil || g.gen != gen || g.n >= c.Max {
		if g != nil && gen < g.gen {
			return
		}
		g = &generation{gen: gen}
		c.cur.Store(g)
	}
	if _, loaded := g.m.Swap(k, v); !loaded {
		g.n++
	}
}

// Range calls f for each entry of generation gen, as sync.Map's Range
// does, until f returns false; none when the cache holds another.
func (c *Cache[K, V]) Range(gen uint64, f func(K, V) bool) {
	g := c.cur.Load()
	if g == nil || g.gen != gen {
		return
	}
	g.m.Range(func(k, v any) bool { return f(k.(K), v.(V)) })
}
