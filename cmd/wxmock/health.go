package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/wxmock/wxmock/internal/httpapi"
)

// defaultAddr is where wxmock listens without -addr; a test keeps it equal
// to parseConfig's default.
const defaultAddr = "127.0.0.1:8080"

// healthUsage heads wxmock health -h.
const healthUsage = `Usage: wxmock health [-addr HOST:PORT] [-timeout 2s]

Asks the wxmock at -addr for GET /__wxmock/health once. Exits 0 when a
wxmock answers 200 (one line on stdout), 1 otherwise with one line on
stderr saying why. For container health checks and CI wait loops:

  until wxmock health 2>/dev/null; do sleep 0.2; done

-addr and -admin-token also come from WXMOCK_ADDR and WXMOCK_ADMIN_TOKEN,
like the server's, so a health check run beside the server finds it.

Flags:
`

// healthMain runs "wxmock health" and returns its exit code: 0 when a
// wxmock answers, 1 otherwise. Even a bad flag is 1, not 2: Docker
// reserves a health check's exit code 2.
func healthMain(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("wxmock health", flag.ContinueOnError)
	addr := fs.String("addr", defaultAddr, "address of the wxmock to ask; an unspecified host (0.0.0.0, ::) means this machine")
	adminToken := fs.String("admin-token", "", "the server's -admin-token, when it has one")
	timeout := fs.Duration("timeout", 2*time.Second, "how long to wait for the answer")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), healthUsage)
		fs.PrintDefaults()
	}
	if err := parseSubcommand(fs, args, stderr); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		fmt.Fprintf(stderr, "wxmock health: %v\n", err)
		return 1
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	if v := getenv(EnvName("addr")); v != "" && !set["addr"] {
		*addr = v
	}
	if v := getenv(EnvName("admin-token")); v != "" && !set["admin-token"] {
		*adminToken = v
	}
	if *timeout <= 0 {
		fmt.Fprintln(stderr, "wxmock health: -timeout must be positive")
		return 1
	}
	target, err := dialAddr(*addr)
	if err != nil {
		fmt.Fprintf(stderr, "wxmock health: -addr %q: %v\n", *addr, err)
		return 1
	}
	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()
	healthURL := "http://" + target + "/__wxmock/health"
	apps, err := checkHealth(ctx, healthURL, *adminToken)
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) {
			err = fmt.Errorf("no answer within %s", *timeout)
		}
		fmt.Fprintf(stderr, "wxmock health: %s: %v\n", healthURL, err)
		return 1
	}
	fmt.Fprintf(stdout, "wxmock at %s is healthy: %d apps\n", target, apps)
	return 0
}

// dialAddr is where to reach a server that listens on addr: a host left
// unspecified (":8080", "0.0.0.0:8080", "[::]:8080") is this machine.
func dialAddr(addr string) (string, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "", err
	}
	if port == "" || port == "0" {
		return "", errors.New("want a port")
	}
	switch host {
	case "", "0.0.0.0":
		host = "127.0.0.1"
	case "::":
		host = "::1"
	}
	return net.JoinHostPort(host, port), nil
}

// checkHealth GETs healthURL and returns the number of apps a wxmock reports. A
// 200 from a server that is not a wxmock is an error too: a CI wait loop
// must not go on because another program holds the port.
func checkHealth(ctx context.Context, healthURL, adminToken string) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, healthURL, nil)
	if err != nil {
		return 0, err
	}
	if adminToken != "" {
		req.Header.Set(httpapi.AdminTokenHeader, adminToken)
	}
	// Never through HTTP_PROXY: the server is local, and a CI runner's
	// proxy would answer for it.
	client := &http.Client{Transport: &http.Transport{Proxy: nil, DisableKeepAlives: true}}
	res, err := client.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // drop the `Get "URL":` that the caller says already
		}
		return 0, err
	}
	defer res.Body.Close()
	body, err := io.ReadAll(io.LimitReader(res.Body, 64<<10))
	if err != nil {
		return 0, fmt.Errorf("reading the answer: %w", err)
	}
	if res.StatusCode != http.StatusOK {
		return 0, fmt.Errorf("status %d: %s", res.StatusCode, oneLine(body))
	}
	var h struct {
		Status string `json:"status"`
		Apps   *int   `json:"apps"`
	}
	if err := json.Unmarshal(body, &h); err != nil || h.Status != "ok" || h.Apps == nil {
		return 0, fmt.Errorf("answered 200 but not as a wxmock does (want {\"status\":\"ok\",\"apps\":N,...}): %s", oneLine(body))
	}
	return *h.Apps, nil
}

// oneLine shortens an answer's body to one line of at most 200 bytes.
func oneLine(body []byte) string {
	s := strings.Join(strings.Fields(string(body)), " ")
	if len(s) > 200 {
		s = s[:200] + "..."
	}
	if s == "" {
		s = "(empty body)"
	}
	return s
}
