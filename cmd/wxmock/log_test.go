package main

import (
	"bufio"
	"context"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/wxmock/wxmock/internal/asynclog"
	"github.com/wxmock/wxmock/internal/fixtures"
)

// stuckWriter is a stderr that takes no line until it is released, like a
// terminal scrolled back or a pipe nobody reads.
type stuckWriter struct {
	lockedBuffer
	release chan struct{}
}

func (w *stuckWriter) Write(p []byte) (int, error) {
	<-w.release
	return w.lockedBuffer.Write(p)
}

// TestRequestsDoNotWaitOnTheLog: with stderr stuck, a request is still
// answered; its log line comes out once stderr moves, at the latest when
// run returns.
func TestRequestsDoNotWaitOnTheLog(t *testing.T) {
	t.Parallel()
	stderr := &stuckWriter{release: make(chan struct{})}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-addr", "127.0.0.1:0", "-freeze-clock", "-seed", "1"}, envOf(nil), pw, stderr)
	}()
	sc := bufio.NewScanner(pr)
	if !sc.Scan() {
		t.Fatal("no banner")
	}
	addr, ok := strings.CutPrefix(sc.Text(), "wxmock listening on http://")
	if !ok {
		t.Fatalf("first line %q, want wxmock listening on http://ADDR", sc.Text())
	}
	go func() { _, _ = io.Copy(io.Discard, pr) }()
	client := &http.Client{Timeout: 10 * time.Second}
	defer client.CloseIdleConnections()
	res, err := client.Get("http://" + addr + "/cgi-bin/token?grant_type=client_credential&appid=" + fixtures.DefaultAppID + "&secret=" + fixtures.DefaultSecret)
	if err != nil {
		t.Fatalf("token with stderr stuck: %v", err)
	}
	res.Body.Close()
	close(stderr.release)
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("run: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("run did not return within 10 s of the cancel")
	}
	pw.Close()
	if log := stderr.String(); !strings.Contains(log, "msg=request") || !strings.Contains(log, "path=/cgi-bin/token") {
		t.Errorf("stderr lacks the request's line:\n%s", log)
	}
}

// TestNewLoggerFormats: the logger writes slog's text or JSON at the
// level asked, through asynclog's Handler, whose request line the adapter
// formats by hand.
func TestNewLoggerFormats(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		format     string
		level      slog.Level
		wantInfo   string
		wantWarned string
	}{
		{"text", slog.LevelInfo, "level=INFO msg=hello k=\"a b\"\n", "level=WARN msg=careful\n"},
		{"json", slog.LevelInfo, `"level":"INFO","msg":"hello","k":"a b"}` + "\n", `"level":"WARN","msg":"careful"}` + "\n"},
		{"text", slog.LevelWarn, "", "level=WARN msg=careful\n"},
	} {
		var out lockedBuffer
		log, closeLog := newLogger(&config{logFormat: c.format, logLevel: c.level}, &out)
		if _, ok := log.Handler().(*asynclog.Handler); !ok {
			t.Errorf("%s: handler %T, want *asynclog.Handler", c.format, log.Handler())
		}
		log.Info("hello", "k", "a b")
		log.Warn("careful")
		closeLog()
		lines := strings.SplitAfter(out.String(), "\n")
		if c.wantInfo == "" {
			lines = append([]string{""}, lines...)
		}
		if len(lines) != 3 || !strings.HasSuffix(lines[0], c.wantInfo) || !strings.HasSuffix(lines[1], c.wantWarned) {
			t.Errorf("%s at %v: log\n%s\nwant lines ending %q and %q", c.format, c.level, out.String(), c.wantInfo, c.wantWarned)
		}
	}
}
