package main

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"
)

// writeTimeout bounds the writing of one answer, counted from its first
// byte, so that a client that stops reading cannot hold a handler for
// ever. It is not counted from the request, as http.Server.WriteTimeout
// is, because some answers legitimately come late: a latency fault waits
// up to 60 s (several add up) and POST /__wxmock/pushes/flush up to 600 s.
const writeTimeout = 2 * time.Minute

// newServer is the HTTP server of h. A client that sends its request
// slowly, keeps an idle connection or stops reading its answer does not
// hold a handler for ever. The requests' contexts derive from base, so
// that cancelling base ends the work of every request in flight.
func newServer(h http.Handler, write time.Duration, base context.Context) *http.Server {
	return &http.Server{
		Handler:           withWriteDeadline(h, write),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       2 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		BaseContext:       func(net.Listener) context.Context { return base },
	}
}

// withWriteDeadline gives each answer d to be written, from its first
// write.
func withWriteDeadline(h http.Handler, d time.Duration) http.Handler {
	pool := sync.Pool{New: func() any { return new(deadlineWriter) }}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// net/http clears the deadline once the answer is finished, so a
		// kept-alive connection starts its next answer without one.
		dw := pool.Get().(*deadlineWriter)
		*dw = deadlineWriter{ResponseWriter: w, d: d}
		h.ServeHTTP(dw, r)
		// Nothing holds the writer once its handler has returned.
		*dw = deadlineWriter{}
		pool.Put(dw)
	})
}

// writeDeadliner is the method of net/http's ResponseWriter that
// http.ResponseController calls, asked of it directly: a controller would
// be one more allocation per request.
type writeDeadliner interface{ SetWriteDeadline(time.Time) error }

// deadlineWriter sets the connection's write deadline at the first write.
type deadlineWriter struct {
	http.ResponseWriter
	d     time.Duration
	armed bool
}

func (w *deadlineWriter) arm() {
	if w.armed {
		return
	}
	w.armed = true
	deadline := time.Now().Add(w.d)
	if wd, ok := w.ResponseWriter.(writeDeadliner); ok {
		_ = wd.SetWriteDeadline(deadline)
		return
	}
	_ = http.NewResponseController(w.ResponseWriter).SetWriteDeadline(deadline) // a wrapped writer
}

func (w *deadlineWriter) WriteHeader(status int) {
	w.arm()
	w.ResponseWriter.WriteHeader(status)
}

func (w *deadlineWriter) Write(p []byte) (int, error) {
	w.arm()
	return w.ResponseWriter.Write(p)
}

// Unwrap lets http.ResponseController reach the connection, for the drop
// fault's Hijack.
func (w *deadlineWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// shutdown stops accepting connections on every server and waits up to
// timeout for the requests in flight to be answered. Then it ends those
// left: their contexts are cancelled (a latency fault or a flush stops
// waiting) and their connections closed (a client that does not read is
// cut off). Only a failure to close is an error: a request cut off at the
// deadline is what the deadline is for.
func shutdown(srvs []*http.Server, endRequests context.CancelFunc, timeout time.Duration, log *slog.Logger) error {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	errs := make([]error, len(srvs))
	var wg sync.WaitGroup
	for i, srv := range srvs {
		wg.Go(func() { errs[i] = srv.Shutdown(ctx) })
	}
	wg.Wait()
	late := false
	for _, err := range errs {
		switch {
		case errors.Is(err, context.DeadlineExceeded):
			late = true
		case err != nil:
			return err
		}
	}
	if !late {
		return nil
	}
	log.Warn("requests still in flight at the shutdown deadline: closing their connections", "shutdown_timeout", timeout)
	endRequests()
	for _, srv := range srvs {
		if err := srv.Close(); err != nil && !errors.Is(err, net.ErrClosed) {
			return err
		}
	}
	return nil
}
