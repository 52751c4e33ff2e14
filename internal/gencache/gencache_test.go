package gencache

import (
	"fmt"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestCache: an entry is found only in the generation it was put in,
// a put of an older generation is dropped, and a full cache starts over.
func TestCache(t *testing.T) {
	t.Parallel()
	type step struct {
		put      bool
		gen      uint64
		k        string
		v        int
		wantV    int
		wantSeen bool
	}
	cases := []struct {
		name  string
		steps []step
	}{
		{"empty", []step{{gen: 2, k: "a"}}},
		{"same generation", []step{{put: true, gen: 2, k: "a", v: 1}, {gen: 2, k: "a", wantV: 1, wantSeen: true}}},
		{"another key", []step{{put: true, gen: 2, k: "a", v: 1}, {gen: 2, k: "b"}}},
		{"a later generation forgets", []step{{put: true, gen: 2, k: "a", v: 1}, {gen: 4, k: "a"},
			{put: true, gen: 4, k: "b", v: 2}, {gen: 4, k: "a"}, {gen: 2, k: "a"}, {gen: 4, k: "b", wantV: 2, wantSeen: true}}},
		{"an older put is dropped", []step{{put: true, gen: 4, k: "a", v: 1}, {put: true, gen: 2, k: "b", v: 2},
			{gen: 2, k: "b"}, {gen: 4, k: "a", wantV: 1, wantSeen: true}}},
		{"a put replaces", []step{{put: true, gen: 2, k: "a", v: 1}, {put: true, gen: 2, k: "a", v: 3},
			{gen: 2, k: "a", wantV: 3, wantSeen: true}}},
		{"a key put twice counts once", []step{{put: true, gen: 2, k: "a", v: 1}, {put: true, gen: 2, k: "a", v: 5},
			{put: true, gen: 2, k: "b", v: 2}, {gen: 2, k: "a", wantV: 5, wantSeen: true}, {gen: 2, k: "b", wantV: 2, wantSeen: true}}},
		{"full: starts over", []step{{put: true, gen: 2, k: "a", v: 1}, {put: true, gen: 2, k: "b", v: 2},
			{put: true, gen: 2, k: "c", v: 3}, {gen: 2, k: "a"}, {gen: 2, k: "b"}, {gen: 2, k: "c", wantV: 3, wantSeen: true}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			gc := Cache[string, int]{Max: 2}
			for i, s := range c.steps {
				if s.put {
					gc.Put(s.gen, s.k, s.v)
					continue
				}
				v, seen := gc.Get(s.gen, s.k)
				if diff := cmp.Diff([2]any{s.wantV, s.wantSeen}, [2]any{v, seen}); diff != "" {
					t.Errorf("step %d, get(%d, %q) (-want +got):\n%s", i, s.gen, s.k, diff)
				}
			}
		})
	}
}

// TestCacheConcurrent: gets and puts of several generations at once,
// under -race, never answer a value of another key or generation.
func TestCacheConcurrent(t *testing.T) {
	t.Parallel()
	gc := Cache[string, string]{Max: 16}
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for i := range 2000 {
				gen := uint64(i / 100 * 2)
				k := fmt.Sprint((i + w) % 20)
				want := fmt.Sprint(gen, "/", k)
				if v, ok := gc.Get(gen, k); ok && v != want {
					t.Errorf("get(%d, %q) = %q, want %q", gen, k, v, want)
					return
				}
				gc.Put(gen, k, want)
			}
		})
	}
	wg.Wait()
}

// TestCacheGetAllocatesNothing: a hit costs no allocation.
func TestCacheGetAllocatesNothing(t *testing.T) {
	type token struct{ value, appid string }
	gc := Cache[string, token]{Max: 4}
	gc.Put(2, "tok", token{"tok", "wx1"})
	key := string([]byte("tok"))
	if n := testing.AllocsPerRun(100, func() {
		if _, ok := gc.Get(2, key); !ok {
			t.Fatal("miss")
		}
	}); n != 0 {
		t.Errorf("a hit allocated %v times, want 0", n)
	}
}

// TestRange: the entries of the generation held, none of another.
func TestRange(t *testing.T) {
	t.Parallel()
	c := Cache[string, int]{Max: 8}
	c.Put(2, "a", 1)
	c.Put(2, "b", 2)
	got := map[string]int{}
	c.Range(2, func(k string, v int) bool { got[k] = v; return true })
	if diff := cmp.Diff(map[string]int{"a": 1, "b": 2}, got); diff != "" {
		t.Errorf("Range(2) mismatch (-want +got):\n%s", diff)
	}
	c.Range(3, func(k string, _ int) bool { t.Errorf("Range(3) saw %q of generation 2", k); return true })
	n := 0
	c.Range(2, func(string, int) bool { n++; return false })
	if n != 1 {
		t.Errorf("Range went on after false: %d calls", n)
	}
}
