package scenario

import (
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestOutputKeepsHeadAndTail: the report shows a command's output whole
// when it is short, and otherwise its head and tail around the count of
// the bytes between, never cutting a character in two.
func TestOutputKeepsHeadAndTail(t *testing.T) {
	t.Parallel()
	a, c := strings.Repeat("a", outputHead), strings.Repeat("c", outputTail)
	long := periodic(0, 70_001)
	tests := []struct {
		name   string
		writes []string
		want   string
	}{
		{"short", []string{"hello\n", "world\n"}, "hello\nworld\n"},
		{"all it shows", []string{a[:5], a[5:] + c[:100], c[100:]}, a + c},
		{"a byte more", []string{a, "b", c}, a + "\n… (1 byte not shown) …\n" + c},
		{"in one write", []string{long}, long[:outputHead] + "\n… (62001 bytes not shown) …\n" + long[len(long)-outputTail:]},
		{"in small writes", chunks(long, 7), long[:outputHead] + "\n… (62001 bytes not shown) …\n" + long[len(long)-outputTail:]},
		{"in writes the size of the tail", chunks(long, outputTail), long[:outputHead] + "\n… (62001 bytes not shown) …\n" + long[len(long)-outputTail:]},
		{"characters are not cut", []string{a[1:] + "中", strings.Repeat("x", 10_000), "中" + c[2:]},
			a[1:] + "\n… (10006 bytes not shown) …\n" + c[2:]},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var o output
			for _, w := range tt.writes {
				if n, err := o.Write([]byte(w)); n != len(w) || err != nil {
					t.Fatalf("Write = %d, %v; want %d, nil", n, err, len(w))
				}
			}
			if diff := cmp.Diff(tt.want, o.String()); diff != "" {
				t.Errorf("output mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestOutputMemoryIsBounded writes 50 MB, and the output allocates what it
// shows, not what it was written. It is not parallel, so that other tests
// do not allocate while it measures.
func TestOutputMemoryIsBounded(t *testing.T) {
	const total, chunk = 50 << 20, 32 << 10
	p := []byte(periodic(0, chunk))
	var o output
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for range total / chunk {
		_, _ = o.Write(p)
	}
	s := o.String()
	runtime.ReadMemStats(&after)
	if got, limit := after.TotalAlloc-before.TotalAlloc, uint64(1<<20); got > limit {
		t.Errorf("writing %d bytes allocated %d bytes, want at most %d", total, got, limit)
	}
	if want := fmt.Sprintf("(%d bytes not shown)", total-outputHead-outputTail); !strings.Contains(s, want) {
		t.Errorf("output does not say %q", want)
	}
}

// periodic is n bytes of numbered lines, from offset on.
func periodic(offset, n int) string {
	const line = "line of output\n"
	var b strings.Builder
	for i := offset; i < offset+n; i++ {
		b.WriteByte(line[i%len(line)])
	}
	return b.String()
}

func chunks(s string, size int) []string {
	var out []string
	for len(s) > size {
		out = append(out, s[:size])
		s = s[size:]
	}
	return append(out, s)
}
