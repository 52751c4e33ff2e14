package httpapi

import (
	"runtime"
	"strconv"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// journalSeqs lists the sequence numbers of entries.
func journalSeqs(es []Entry) []uint64 {
	out := []uint64{}
	for _, e := range es {
		out = append(out, e.Seq)
	}
	return out
}

func TestJournalRing(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		size, add int
		want      []uint64
	}{
		{"empty", 3, 0, []uint64{}},
		{"not full", 3, 2, []uint64{1, 2}},
		{"exactly full", 3, 3, []uint64{1, 2, 3}},
		{"one past full", 3, 4, []uint64{2, 3, 4}},
		{"wrapped", 3, 5, []uint64{3, 4, 5}},
		{"wrapped twice, at the seam", 3, 6, []uint64{4, 5, 6}},
		{"wrapped many times", 3, 301, []uint64{299, 300, 301}},
		{"size 1", 1, 4, []uint64{4}},
		{"size 0 keeps one", 0, 4, []uint64{4}},
		{"negative size keeps one", -5, 2, []uint64{2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			j := NewJournal(tt.size)
			for i := 1; i <= tt.add; i++ {
				if got := j.Add(Entry{Path: "/p", Seq: 99}); got != uint64(i) {
					t.Fatalf("Add #%d returned seq %d", i, got)
				}
			}
			got := j.List(Filter{})
			if d := cmp.Diff(tt.want, journalSeqs(got)); d != "" {
				t.Errorf("seqs mismatch (-want +got):\n%s", d)
			}
		})
	}
}

func TestJournalFilter(t *testing.T) {
	t.Parallel()
	j := NewJournal(10)
	for _, e := range []Entry{
		{Path: "/cgi-bin/token", AppID: "wxa"},        // 1
		{Path: "/promoter/addrole", AppID: "wxa"},     // 2
		{Path: "/promoter/getrole", AppID: "wxb"},     // 3
		{Path: "/promoterx", AppID: ""},               // 4
		{Path: "/promoter/getpromoter", AppID: "wxa"}, // 5
		{Path: "/promoter/getrole", AppID: "wxa"},     // 6
	} {
		j.Add(e)
	}
	tests := []struct {
		name string
		f    Filter
		want []uint64
	}{
		{"zero filter", Filter{}, []uint64{1, 2, 3, 4, 5, 6}},
		{"appid", Filter{AppID: "wxa"}, []uint64{1, 2, 5, 6}},
		{"unknown appid", Filter{AppID: "wxc"}, []uint64{}},
		{"exact path", Filter{Path: "/promoter/getrole"}, []uint64{3, 6}},
		{"exact path is not a prefix", Filter{Path: "/promoter"}, []uint64{}},
		{"prefix", Filter{Path: "/promoter/*"}, []uint64{2, 3, 5, 6}},
		{"prefix inside a segment", Filter{Path: "/promoter*"}, []uint64{2, 3, 4, 5, 6}},
		{"prefix of a name", Filter{Path: "/promoter/get*"}, []uint64{3, 5, 6}},
		{"star alone", Filter{Path: "*"}, []uint64{1, 2, 3, 4, 5, 6}},
		{"since", Filter{Since: 4}, []uint64{5, 6}},
		{"since the last", Filter{Since: 6}, []uint64{}},
		{"limit keeps the newest", Filter{Limit: 2}, []uint64{5, 6}},
		{"limit above the count", Filter{Limit: 50}, []uint64{1, 2, 3, 4, 5, 6}},
		{"limit applies after the filter", Filter{AppID: "wxa", Limit: 3}, []uint64{2, 5, 6}},
		{"negative limit is no limit", Filter{Limit: -1}, []uint64{1, 2, 3, 4, 5, 6}},
		{"all combined", Filter{AppID: "wxa", Path: "/promoter/*", Since: 2, Limit: 1}, []uint64{6}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if d := cmp.Diff(tt.want, journalSeqs(j.List(tt.f))); d != "" {
				t.Errorf("seqs mismatch (-want +got):\n%s", d)
			}
		})
	}
}

func TestJournalFilterAfterWrap(t *testing.T) {
	t.Parallel()
	j := NewJournal(4)
	paths := []string{"/a/1", "/b/2", "/a/3", "/b/4", "/a/5", "/b/6", "/a/7"}
	for _, p := range paths {
		j.Add(Entry{Path: p})
	}
	got := []string{}
	for _, e := range j.List(Filter{Path: "/a/*", Limit: 2}) {
		got = append(got, e.Path)
	}
	if d := cmp.Diff([]string{"/a/5", "/a/7"}, got); d != "" {
		t.Errorf("paths mismatch (-want +got):\n%s", d)
	}
	if d := cmp.Diff([]uint64{4, 5, 6, 7}, journalSeqs(j.List(Filter{}))); d != "" {
		t.Errorf("seqs mismatch (-want +got):\n%s", d)
	}
}

func TestJournalClear(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name          string
		before, after int
		want          []uint64
	}{
		{"nothing", 0, 0, []uint64{}},
		{"before a wrap", 2, 0, []uint64{}},
		{"numbering goes on", 2, 1, []uint64{3}},
		{"before a wrap, refilled past it", 2, 4, []uint64{4, 5, 6}},
		{"after a wrap", 5, 1, []uint64{6}},
		{"after a wrap, refilled", 5, 4, []uint64{7, 8, 9}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			j := NewJournal(3)
			for range tt.before {
				j.Add(Entry{})
			}
			j.Clear()
			if got := j.List(Filter{}); got == nil || len(got) != 0 {
				t.Fatalf("after Clear: %v, want an empty, non-nil list", got)
			}
			for range tt.after {
				j.Add(Entry{})
			}
			if d := cmp.Diff(tt.want, journalSeqs(j.List(Filter{}))); d != "" {
				t.Errorf("seqs mismatch (-want +got):\n%s", d)
			}
		})
	}
}

// TestJournalListCopies checks that a listed entry is a copy: changing it
// leaves the journal as it was.
func TestJournalListCopies(t *testing.T) {
	t.Parallel()
	j := NewJournal(2)
	j.Add(Entry{Path: "/a"})
	got := j.List(Filter{})
	got[0].Path = "/changed"
	if d := cmp.Diff("/a", j.List(Filter{})[0].Path); d != "" {
		t.Errorf("path mismatch (-want +got):\n%s", d)
	}
}

// TestJournalConcurrent adds from several goroutines while others list
// and wrap the ring many times over: every entry listed is whole (its
// fields were written by one Add), the entries come in order, at most
// the limit of them, and a list taken earlier is not changed by the slots
// reused after it.
func TestJournalConcurrent(t *testing.T) {
	t.Parallel()
	const writers, each, limit = 4, 2000, 16
	j := NewJournal(limit)
	done := make(chan struct{})
	var wg sync.WaitGroup
	for w := range writers {
		wg.Go(func() {
			for i := range each {
				n := strconv.Itoa(w*each + i)
				j.Add(Entry{Path: "/p/" + n, Query: n, AppID: "app" + n, Notes: []string{n}})
			}
		})
	}
	check := func(es []Entry) {
		if len(es) > limit {
			t.Errorf("%d entries listed, over the limit %d", len(es), limit)
		}
		for i, e := range es {
			if e.Path != "/p/"+e.Query || e.AppID != "app"+e.Query || len(e.Notes) != 1 || e.Notes[0] != e.Query {
				t.Errorf("an entry listed is not one Add's: %+v", e)
			}
			if i > 0 && e.Seq <= es[i-1].Seq {
				t.Errorf("entries out of order: %d after %d", e.Seq, es[i-1].Seq)
			}
		}
	}
	var readers sync.WaitGroup
	for range 2 {
		readers.Go(func() {
			for {
				select {
				case <-done:
					return
				default:
				}
				es := j.List(Filter{})
				keep := make([]Entry, len(es))
				copy(keep, es)
				check(es)
				for range 10 {
					runtime.Gosched() // the writers reuse slots meanwhile
				}
				if d := cmp.Diff(keep, es); d != "" {
					t.Errorf("a list changed after it was taken (-then +now):\n%s", d)
				}
			}
		})
	}
	wg.Wait()
	close(done)
	readers.Wait()
	es := j.List(Filter{})
	if len(es) != limit || es[len(es)-1].Seq != writers*each {
		t.Errorf("after %d adds: %d entries, the last numbered %d; want %d, the last %d", writers*each, len(es), es[len(es)-1].Seq, limit, writers*each)
	}
	check(es)
}
