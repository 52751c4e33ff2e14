package scenario

import (
	"fmt"
	"sync"
	"unicode/utf8"
)

// What a run step's report shows of the command's output: its first
// outputHead bytes, where a usage message or a build error is, and its
// last outputTail bytes, where a panic or the final error is.
const (
	outputHead = 2000
	outputTail = 6000
)

// output keeps the head and the tail of a command's output, and counts
// what lies between, so that a command printing a gigabyte costs the
// runner 2 × outputTail bytes of memory, not a gigabyte. stdout and stderr
// are written to one output, through one pipe, which keeps their lines in
// the order the command wrote them; unless the step checks them apart
// (stdout_contains, stderr_contains), which takes a pipe for each.
//
// Its zero value keeps outputHead and outputTail bytes; the output checks
// of a run step keep more of each stream (newOutput).
type output struct {
	mu      sync.Mutex
	headMax int // 0: outputHead
	tailMax int // 0: outputTail
	head    []byte
	tail    []byte // the last bytes written after head, up to 2 × the tail's size
	total   int64  // every byte written
}

// newOutput keeps the first head bytes and the last tail bytes.
func newOutput(head, tail int) *output { return &output{headMax: head, tailMax: tail} }

// limits are the sizes of the head and of the tail kept.
func (o *output) limits() (head, tail int) {
	head, tail = o.headMax, o.tailMax
	if head <= 0 {
		head = outputHead
	}
	if tail <= 0 {
		tail = outputTail
	}
	return head, tail
}

// Write keeps what the report may show of p. It never fails.
func (o *output) Write(p []byte) (int, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	headMax, tailMax := o.limits()
	n := len(p)
	o.total += int64(n)
	if len(o.head) < headMax {
		k := min(headMax-len(o.head), len(p))
		o.head = append(o.head, p[:k]...)
		p = p[k:]
	}
	if len(p) >= tailMax {
		o.tail = append(o.tail[:0], p[len(p)-tailMax:]...)
		return n, nil
	}
	if len(o.tail)+len(p) > 2*tailMax {
		// Keep only what may still be shown, so that tail is copied once
		// every tailMax bytes, and never grows past 2 × tailMax.
		keep := tailMax - len(p)
		o.tail = append(o.tail[:0], o.tail[len(o.tail)-keep:]...)
	}
	o.tail = append(o.tail, p...)
	return n, nil
}

// String is the output as the report shows it: all of it, or its head and
// its tail around "… (N bytes not shown) …". Neither is cut inside a UTF-8
// character.
func (o *output) String() string {
	o.mu.Lock()
	defer o.mu.Unlock()
	_, tailMax := o.limits()
	head, tail := o.head, o.tail
	if len(tail) > tailMax {
		tail = tail[len(tail)-tailMax:]
	}
	dropped := o.total - int64(len(head)) - int64(len(tail))
	if dropped == 0 {
		return string(head) + string(tail)
	}
	if i := lastRuneStart(head); !utf8.FullRune(head[i:]) {
		head = head[:i]
	}
	for i := 0; i < utf8.UTFMax-1 && len(tail) > 0 && !utf8.RuneStart(tail[0]); i++ {
		tail = tail[1:]
	}
	dropped = o.total - int64(len(head)) - int64(len(tail))
	unit := "bytes"
	if dropped == 1 {
		unit = "byte"
	}
	return fmt.Sprintf("%s\n… (%d %s not shown) …\n%s", head, dropped, unit, tail)
}

// lastRuneStart is where the last, maybe incomplete, character of b
// begins; len(b) when b is empty.
func lastRuneStart(b []byte) int {
	for i := len(b) - 1; i >= 0 && i >= len(b)-utf8.UTFMax; i-- {
		if utf8.RuneStart(b[i]) {
			return i
		}
	}
	return len(b)
}
