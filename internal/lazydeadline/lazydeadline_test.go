package lazydeadline

import (
	"bufio"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// recorder is a connection that records the deadlines set on it.
type recorder struct {
	net.Conn
	sets []string
}

func (r *recorder) SetReadDeadline(t time.Time) error {
	r.sets = append(r.sets, "read "+label(t))
	return nil
}

func (r *recorder) SetWriteDeadline(t time.Time) error {
	r.sets = append(r.sets, "write "+label(t))
	return nil
}

var (
	base         = time.Date(2026, 12, 5, 12, 0, 0, 0, time.UTC)
	aLongTimeAgo = time.Unix(1, 0)
)

func at(s int) time.Time { return base.Add(time.Duration(s) * time.Second) }

func label(t time.Time) string {
	switch {
	case t.IsZero():
		return "none"
	case t.Equal(aLongTimeAgo):
		return "past"
	}
	return t.Sub(base).String()
}

// TestArming holds which deadlines reach the connection: only the first,
// an earlier one, or one that replaces a deadline from before the
// connection was wrapped.
func TestArming(t *testing.T) {
	type set struct {
		write bool
		t     time.Time
	}
	r, w := func(t time.Time) set { return set{false, t} }, func(t time.Time) set { return set{true, t} }
	tests := []struct {
		name string
		sets []set
		want []string
	}{
		{"the first arms", []set{r(at(10))}, []string{"read 10s"}},
		{"a later one does not", []set{r(at(10)), r(at(120)), r(at(11))}, []string{"read 10s"}},
		{"an earlier one does", []set{r(at(120)), r(at(10))}, []string{"read 2m0s", "read 10s"}},
		{"none does not", []set{r(at(10)), r(time.Time{}), r(at(20))}, []string{"read 10s"}},
		{"none first arms nothing", []set{r(time.Time{}), w(time.Time{})}, nil},
		{"a past one interrupts, and the next replaces it", []set{r(at(120)), r(aLongTimeAgo), r(at(130))},
			[]string{"read 2m0s", "read past", "read 2m10s"}},
		{"none after a past one puts back the one it replaced", []set{r(at(120)), r(aLongTimeAgo), r(time.Time{}), r(at(130))},
			[]string{"read 2m0s", "read past", "read 2m0s"}},
		{"none after a past one puts back the latest", []set{r(at(120)), r(at(10)), r(at(20)), r(aLongTimeAgo), r(time.Time{})},
			[]string{"read 2m0s", "read 10s", "read past", "read 10s"}},
		{"none after a past one, with nothing to put back", []set{r(aLongTimeAgo), r(time.Time{}), r(at(130))},
			[]string{"read past", "read 2m10s"}},
		{"none after a past one puts back its own side's", []set{w(at(5)), r(at(120)), w(aLongTimeAgo), w(time.Time{}), r(aLongTimeAgo), r(time.Time{})},
			[]string{"write 5s", "read 2m0s", "write past", "write 5s", "read past", "read 2m0s"}},
		{"the sides are apart", []set{r(at(10)), w(at(120)), w(at(130)), r(at(5))},
			[]string{"read 10s", "write 2m0s", "read 5s"}},
		// net/http's round of one request on a kept-alive connection:
		// abort the background read, idle, header, whole request, none
		// while the handler runs, the answer's, none after it. From the
		// second round on, only the abort and the putting back reach the
		// connection.
		{"a request", []set{r(aLongTimeAgo), r(time.Time{}), r(at(120)), r(at(10)), r(at(120)), r(time.Time{}), w(at(120)), w(time.Time{}),
			r(aLongTimeAgo), r(time.Time{}), r(at(121)), r(at(11)), r(at(121)), r(time.Time{}), w(at(121)), w(time.Time{})},
			[]string{"read past", "read 2m0s", "read 10s", "write 2m0s", "read past", "read 10s"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := &recorder{}
			c := &Conn{Conn: rec, born: base}
			for _, s := range tt.sets {
				if s.write {
					_ = c.SetWriteDeadline(s.t)
				} else {
					_ = c.SetReadDeadline(s.t)
				}
			}
			if diff := cmp.Diff(tt.want, rec.sets); diff != "" {
				t.Errorf("deadlines set on the connection (-want +got):\n%s", diff)
			}
		})
	}
}

// pipe is a wrapped end of a net.Pipe and its other end.
func pipe(t *testing.T) (*Conn, net.Conn) {
	t.Helper()
	a, b := net.Pipe()
	t.Cleanup(func() { a.Close(); b.Close() })
	return Wrap(a), b
}

// readLate reads from c what peer writes 100 ms later: "late", unless a
// deadline ended the read first.
func readLate(c *Conn, peer net.Conn) (string, error) {
	go func() {
		time.Sleep(100 * time.Millisecond)
		_, _ = peer.Write([]byte("late"))
	}()
	buf := make([]byte, 8)
	n, err := c.Read(buf)
	return string(buf[:n]), err
}

// TestReadOutlivesAnEarlyDeadline: a read that a deadline armed earlier
// than the one asked for interrupts goes on, and gets its data.
func TestReadOutlivesAnEarlyDeadline(t *testing.T) {
	for _, later := range []time.Time{time.Now().Add(time.Hour), {}} {
		c, peer := pipe(t)
		_ = c.SetReadDeadline(time.Now().Add(20 * time.Millisecond))
		_ = c.SetReadDeadline(later) // later, or none: 20 ms stays armed
		if got, err := readLate(c, peer); err != nil || got != "late" {
			t.Errorf("deadline %v: Read = %q, %v; want \"late\", nil", label(later), got, err)
		}
	}
}

// TestReadAfterPuttingBack: a deadline put back after a past one (none
// asked) that passes, before or during the next read, does not end it.
func TestReadAfterPuttingBack(t *testing.T) {
	for _, wait := range []time.Duration{0, 60 * time.Millisecond} {
		c, peer := pipe(t)
		_ = c.SetReadDeadline(time.Now().Add(30 * time.Millisecond))
		_ = c.SetReadDeadline(aLongTimeAgo)
		_ = c.SetReadDeadline(time.Time{}) // puts back the 30 ms
		time.Sleep(wait)                   // 60 ms: it has passed when the read starts
		if got, err := readLate(c, peer); err != nil || got != "late" {
			t.Errorf("read %v after: Read = %q, %v; want \"late\", nil", wait, got, err)
		}
	}
}

// TestReadTimesOutWhenAsked: a read deadline passes no sooner than asked,
// and does pass, whether it was armed at once or after an earlier one.
func TestReadTimesOutWhenAsked(t *testing.T) {
	for _, first := range []time.Duration{0, 10 * time.Millisecond, time.Hour} {
		c, _ := pipe(t)
		start := time.Now()
		if first > 0 {
			_ = c.SetReadDeadline(start.Add(first))
		}
		asked := start.Add(80 * time.Millisecond)
		_ = c.SetReadDeadline(asked)
		done := make(chan error, 1)
		go func() {
			_, err := c.Read(make([]byte, 1))
			done <- err
		}()
		var err error
		select {
		case err = <-done:
		case <-time.After(10 * time.Second):
			t.Fatalf("first deadline %v: the read outlived its deadline by 10 s", first)
		}
		if !errors.Is(err, os.ErrDeadlineExceeded) {
			t.Fatalf("first deadline %v: Read err = %v, want a deadline", first, err)
		}
		if now := time.Now(); now.Before(asked) {
			t.Errorf("first deadline %v: Read timed out %v before the deadline asked for", first, asked.Sub(now))
		}
	}
}

// TestPastDeadlineInterrupts: a deadline in the past ends a read in
// progress, as net/http's abort of its background read needs.
func TestPastDeadlineInterrupts(t *testing.T) {
	c, peer := pipe(t)
	_ = c.SetReadDeadline(time.Now().Add(time.Hour))
	done := make(chan error, 1)
	go func() {
		_, err := c.Read(make([]byte, 1))
		done <- err
	}()
	time.Sleep(20 * time.Millisecond)
	_ = c.SetReadDeadline(aLongTimeAgo)
	select {
	case err := <-done:
		if !errors.Is(err, os.ErrDeadlineExceeded) {
			t.Errorf("Read err = %v, want a deadline", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("a past deadline did not end the read")
	}
	// Cleared, the connection reads again.
	_ = c.SetReadDeadline(time.Time{})
	go func() { _, _ = peer.Write([]byte("x")) }()
	if n, err := c.Read(make([]byte, 1)); n != 1 || err != nil {
		t.Errorf("Read after the deadline was cleared = %d, %v; want 1, nil", n, err)
	}
}

// TestWriteOutlivesAnEarlyDeadline: a write that a deadline armed early
// interrupts part way goes on, and writes all of p.
func TestWriteOutlivesAnEarlyDeadline(t *testing.T) {
	c, peer := pipe(t)
	_ = c.SetWriteDeadline(time.Now().Add(20 * time.Millisecond))
	_ = c.SetWriteDeadline(time.Now().Add(time.Hour))
	got := make(chan string, 1)
	go func() {
		time.Sleep(100 * time.Millisecond)
		b, _ := io.ReadAll(io.LimitReader(peer, 5))
		got <- string(b)
	}()
	n, err := c.Write([]byte("hello"))
	if n != 5 || err != nil {
		t.Fatalf("Write = %d, %v; want 5, nil", n, err)
	}
	if s := <-got; s != "hello" {
		t.Errorf("the peer read %q, want \"hello\"", s)
	}
}

// TestWriteTimesOut: a write deadline asked for passes.
func TestWriteTimesOut(t *testing.T) {
	c, _ := pipe(t)
	_ = c.SetWriteDeadline(time.Now().Add(time.Hour))
	asked := time.Now().Add(50 * time.Millisecond)
	_ = c.SetWriteDeadline(asked)
	done := make(chan error, 1)
	go func() {
		_, err := c.Write([]byte("nobody reads"))
		done <- err
	}()
	var err error
	select {
	case err = <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("the write outlived its deadline by 10 s")
	}
	if !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("Write err = %v, want a deadline", err)
	}
	if time.Now().Before(asked) {
		t.Error("Write timed out before the deadline asked for")
	}
}

// TestConcurrentUse moves deadlines while reads and writes run, for the
// race detector; every byte written arrives.
func TestConcurrentUse(t *testing.T) {
	c, peer := pipe(t)
	const n = 2000
	var wg sync.WaitGroup
	wg.Add(3)
	go func() { // echo
		defer wg.Done()
		_, _ = io.CopyN(peer, peer, n)
	}()
	go func() {
		defer wg.Done()
		for i := range n {
			_ = c.SetDeadline(time.Now().Add(time.Duration(i%7+1) * time.Millisecond * 50))
			_ = c.SetReadDeadline(time.Time{})
		}
	}()
	var got int
	go func() {
		defer wg.Done()
		buf := make([]byte, 64)
		for got < n {
			k, err := c.Read(buf)
			got += k
			if err != nil && !errors.Is(err, os.ErrDeadlineExceeded) {
				return
			}
		}
	}()
	for range n {
		// A deadline of the other goroutine's may pass: write again.
		for {
			_ = c.SetWriteDeadline(time.Time{})
			k, err := c.Write([]byte{'x'})
			if k == 1 {
				break
			}
			if !errors.Is(err, os.ErrDeadlineExceeded) {
				t.Fatal(err)
			}
		}
	}
	wg.Wait()
}

// TestHTTPServer serves kept-alive requests over Listen, and still cuts
// off a client that sends its header too slowly at ReadHeaderTimeout,
// though a later idle deadline was armed first.
func TestHTTPServer(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			_, _ = io.Copy(io.Discard, r.Body)
			_ = http.NewResponseController(w).SetWriteDeadline(time.Now().Add(time.Minute))
			_, _ = io.WriteString(w, "ok")
		}),
		ReadHeaderTimeout: 200 * time.Millisecond,
		ReadTimeout:       time.Minute,
		IdleTimeout:       time.Minute,
	}
	go func() { _ = srv.Serve(Listen(ln)) }()
	t.Cleanup(func() { _ = srv.Close() })

	conn, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	br := bufio.NewReader(conn)
	for i := range 50 {
		if _, err := io.WriteString(conn, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}"); err != nil {
			t.Fatal(err)
		}
		resp, err := http.ReadResponse(br, nil)
		if err != nil {
			t.Fatalf("request %d: %v", i, err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if string(body) != "ok" {
			t.Fatalf("request %d: body %q", i, body)
		}
	}
	// Half a header, then nothing: the server must close at about the
	// header timeout, not at the idle one.
	start := time.Now()
	if _, err := io.WriteString(conn, "GET / HTTP/1.1\r\nHost: x\r\n"); err != nil {
		t.Fatal(err)
	}
	_ = conn.SetReadDeadline(time.Now().Add(20 * time.Second))
	_, err = io.ReadAll(br)
	if errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatal("the server kept a connection with half a header for 20 s; ReadHeaderTimeout is 200 ms")
	}
	if d := time.Since(start); d < 200*time.Millisecond {
		t.Errorf("the server closed after %v, before ReadHeaderTimeout (200 ms)", d)
	}
}
