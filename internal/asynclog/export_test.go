package asynclog

// NewLingering is newLingering, for the tests of package asynclog_test.
var NewLingering = newLingering

// Grow is grow, for the tests of package asynclog_test.
var Grow = grow

// Idle reports whether w's goroutine waits for a line to wake it.
func Idle(w *Writer) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.idle
}
