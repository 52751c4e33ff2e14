package bench

import (
	"context"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/wxmock/wxmock/internal/fixtures"
)

// tokenPath is the first request of a client: a token of the default app.
const tokenPath = "/cgi-bin/token?grant_type=client_credential&appid=" + fixtures.DefaultAppID + "&secret=" + fixtures.DefaultSecret

// BenchmarkStartToFirst200 execs the wxmock binary and a bare net/http
// server (testdata/bare) in turn, each iteration, and reports the real time
// from exec to the first 200 of a token request (ms-wxmock, ms-bare) and
// their ratio (x-bare). Both are built once, before the timer.
func BenchmarkStartToFirst200(b *testing.B) {
	dir := b.TempDir()
	wx, bare := filepath.Join(dir, "wxmock"), filepath.Join(dir, "bare")
	build(b, wx, "../cmd/wxmock")
	build(b, bare, "./testdata/bare")
	var sumWX, sumBare time.Duration
	for b.Loop() {
		sumBare += firstOK(b, bare, func(addr string) []string { return []string{addr} })
		sumWX += firstOK(b, wx, func(addr string) []string { return []string{"-addr", addr, "-log-level", "error"} })
	}
	n := float64(b.N)
	b.ReportMetric(float64(sumWX.Microseconds())/1000/n, "ms-wxmock")
	b.ReportMetric(float64(sumBare.Microseconds())/1000/n, "ms-bare")
	b.ReportMetric(float64(sumWX)/float64(sumBare), "x-bare")
}

func build(b *testing.B, out, pkg string) {
	b.Helper()
	cmd := exec.Command("go", "build", "-o", out, pkg)
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		b.Fatalf("go build %s: %v", pkg, err)
	}
}

// firstOK starts bin on a free port and polls it until a token request
// answers 200, then stops it; it returns the time from exec to that 200.
func firstOK(b *testing.B, bin string, args func(addr string) []string) time.Duration {
	b.Helper()
	addr := freeAddr(b)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	cmd := exec.CommandContext(ctx, bin, args(addr)...)
	start := time.Now()
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	defer func() {
		cmd.Process.Kill()
		cmd.Wait()
	}()
	for ctx.Err() == nil {
		resp, err := client.Get("http://" + addr + tokenPath)
		if err != nil {
			time.Sleep(200 * time.Microsecond)
			continue
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			b.Fatalf("%s: status %d", bin, resp.StatusCode)
		}
		return time.Since(start)
	}
	b.Fatalf("%s: no answer within 30 s", bin)
	return 0
}

// freeAddr returns a loopback address with a port nobody listens on.
func freeAddr(b *testing.B) string {
	b.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}
