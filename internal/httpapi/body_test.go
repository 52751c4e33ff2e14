package httpapi

import (
	"strings"
	"testing"
	"testing/iotest"

	"github.com/google/go-cmp/cmp"
)

func TestReadBody(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		body        string
		size, limit int64
		want        string
		wantCap     int // 0: not checked
	}{
		{name: "size given", body: "hello", size: 5, limit: 10, want: "hello", wantCap: 6},
		{name: "size unknown", body: "hello", size: -1, limit: 10, want: "hello"},
		{name: "over the limit stops one byte past it", body: strings.Repeat("x", 100), size: 100, limit: 10, want: strings.Repeat("x", 11)},
		{name: "a size that lies short", body: strings.Repeat("y", 2000), size: 3, limit: 4096, want: strings.Repeat("y", 2000)},
		{name: "unknown and long", body: strings.Repeat("z", 5000), size: -1, limit: 8192, want: strings.Repeat("z", 5000)},
		{name: "empty", body: "", size: 0, limit: 10, want: "", wantCap: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := readBody(iotest.HalfReader(strings.NewReader(tt.body)), tt.size, tt.limit)
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(tt.want, string(got)); d != "" {
				t.Errorf("body mismatch (-want +got):\n%s", d)
			}
			if tt.wantCap != 0 && cap(got) != tt.wantCap {
				t.Errorf("buffer of %d bytes, want one allocation of %d", cap(got), tt.wantCap)
			}
		})
	}
}

// TestReadBodyAllocatesOnlyTheBody checks that a body of known size costs
// one allocation, its own buffer: no reader wraps the request's.
func TestReadBodyAllocatesOnlyTheBody(t *testing.T) {
	r := strings.NewReader(`{"role_id":1}`)
	allocs := testing.AllocsPerRun(100, func() {
		r.Reset(`{"role_id":1}`)
		if _, err := readBody(r, r.Size(), 1<<20); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 1 {
		t.Errorf("readBody made %v allocations, want 1", allocs)
	}
}
