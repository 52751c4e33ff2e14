package main

import (
	"bufio"
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/wxmock/wxmock/internal/lazydeadline"
)

// serveHandler serves h as run does, with a write deadline of d, and
// returns its address.
func serveHandler(t *testing.T, h http.Handler, d time.Duration) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base, cancel := context.WithCancel(context.Background())
	srv := newServer(h, d, base)
	go func() { _ = srv.Serve(lazydeadline.Listen(ln)) }()
	t.Cleanup(func() {
		cancel()
		_ = srv.Close()
	})
	return ln.Addr().String()
}

// TestWriteDeadline: an answer has the write deadline to be written from
// its first byte, whenever that comes.
func TestWriteDeadline(t *testing.T) {
	t.Parallel()
	const d = 300 * time.Millisecond
	big := strings.Repeat("x", 64<<20) // far more than the sockets buffer

	t.Run("a client that never reads is cut off", func(t *testing.T) {
		t.Parallel()
		written := make(chan error, 1)
		addr := serveHandler(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			_, err := io.WriteString(w, big)
			written <- err
		}), d)
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		// The clock starts before the request is sent: the server may read it
		// and begin its answer (setting its deadline) before WriteString returns.
		start := time.Now()
		if _, err := io.WriteString(conn, "GET / HTTP/1.1\r\nHost: "+addr+"\r\n\r\n"); err != nil {
			t.Fatal(err)
		}
		select {
		case err := <-written:
			if err == nil {
				t.Error("the write of an unread answer succeeded, want a timeout")
			}
			if took := time.Since(start); took < d {
				t.Errorf("the write ended after %v, before the deadline of %v", took, d)
			}
		case <-time.After(d + 10*time.Second):
			t.Fatalf("the handler still writes %v after the deadline of %v", 10*time.Second, d)
		}
	})

	t.Run("a late answer and the next on its connection", func(t *testing.T) {
		t.Parallel()
		addr := serveHandler(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/late" {
				time.Sleep(3 * d) // a latency fault: the deadline counts from the first write
			}
			_, _ = io.WriteString(w, big[:1<<20])
		}), d)
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		rd := bufio.NewReader(conn)
		for i, path := range []string{"/late", "/after-a-pause", "/late"} {
			if i > 0 {
				time.Sleep(2 * d) // longer than the deadline the previous answer set
			}
			if _, err := io.WriteString(conn, "GET "+path+" HTTP/1.1\r\nHost: "+addr+"\r\n\r\n"); err != nil {
				t.Fatalf("request %d: %v", i, err)
			}
			res, err := http.ReadResponse(rd, nil)
			if err != nil {
				t.Fatalf("answer %d (%s): %v", i, path, err)
			}
			n, err := io.Copy(io.Discard, res.Body)
			res.Body.Close()
			if err != nil || n != 1<<20 {
				t.Fatalf("answer %d (%s): %d bytes, %v; want %d", i, path, n, err, 1<<20)
			}
		}
	})
}

// TestShutdownDeadline: shutdown waits for what ends within the deadline,
// then cancels and closes what is left, and is not an error either way.
func TestShutdownDeadline(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		work  time.Duration // how long the request in flight takes
		ended string        // how it ends
	}{
		{"answered within the deadline", 100 * time.Millisecond, "answered"},
		{"cancelled at the deadline", time.Minute, "cancelled"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			started, ended := make(chan struct{}), make(chan string, 1)
			ln, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				t.Fatal(err)
			}
			base, cancel := context.WithCancel(context.Background())
			defer cancel()
			srv := newServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				close(started)
				select {
				case <-time.After(tt.work):
					_, _ = io.WriteString(w, "done")
					ended <- "answered"
				case <-r.Context().Done():
					ended <- "cancelled"
				}
			}), time.Minute, base)
			go func() { _ = srv.Serve(ln) }()
			go func() {
				res, err := http.Get("http://" + ln.Addr().String() + "/")
				if err == nil {
					res.Body.Close()
				}
			}()
			<-started
			if err := shutdown([]*http.Server{srv}, cancel, time.Second, slog.New(slog.DiscardHandler)); err != nil {
				t.Errorf("shutdown: %v, want nil", err)
			}
			select {
			case got := <-ended:
				if got != tt.ended {
					t.Errorf("the request was %s, want %s", got, tt.ended)
				}
			case <-time.After(10 * time.Second):
				t.Fatal("the request in flight did not end")
			}
			if _, err := http.Get("http://" + ln.Addr().String() + "/"); err == nil {
				t.Errorf("a request after the shutdown: %v, want a refused connection", err)
			}
		})
	}
}
