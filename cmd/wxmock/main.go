package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"
	"syscall"

	"github.com/wxmock/wxmock/internal/asynclog"
	"github.com/wxmock/wxmock/internal/fixtures"
	"github.com/wxmock/wxmock/internal/lazydeadline"
	"github.com/wxmock/wxmock/internal/mock"
	"github.com/wxmock/wxmock/internal/sim"
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == "health" {
		os.Exit(healthMain(context.Background(), os.Args[2:], os.Getenv, os.Stdout, os.Stderr))
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	if errors.Is(err, flag.ErrHelp) {
		return
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "wxmock:", err)
		os.Exit(2)
	}
}

// run serves until ctx is done, then shuts down gracefully.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) (err error) {
	if len(args) > 0 && args[0] == "ca" {
		return runCA(args[1:], getenv, stdout, stderr)
	}
	if len(args) > 0 && args[0] == "openapi" {
		return runOpenAPI(args[1:], stdout, stderr)
	}
	if isVersion(args) {
		info, ok := debug.ReadBuildInfo()
		printVersion(stdout, info, ok)
		return nil
	}
	cfg, err := parseConfig(args, getenv, stderr)
	if err != nil {
		return err
	}
	setHeapFloor(getenv)
	log, closeLog := newLogger(cfg, stderr)
	defer closeLog()
	opts := mockOptions(cfg, log)
	if cfg.stateFile != "" {
		if opts.Initial, err = readState(cfg.stateFile); err != nil {
			return err
		}
	}
	p, err := loadPersist(cfg.persist, &opts)
	if err != nil {
		return err
	}
	m, err := mock.New(opts)
	if err != nil {
		return p.wrap(err)
	}
	defer m.Close()
	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return err
	}
	base, endRequests := context.WithCancel(context.Background())
	defer endRequests()
	https, err := listenTLS(cfg, m.HTTP, base)
	if err != nil {
		ln.Close()
		return err
	}
	// The proxy's tunnels terminate TLS with the local CA's certificate;
	// without -tls, CONNECT answers 501 and says to use -tls.
	srv := newServer(proxied(m, m.HTTP, withWriteDeadline(m.HTTP, writeTimeout), https.tunnelConfig(), opts.Logger), writeTimeout, base)
	if err := p.start(m); err != nil {
		ln.Close()
		https.close()
		return err
	}
	// The last save, after the server stopped taking requests and before
	// m.Close gives up the pushes still queued.
	defer func() { err = errors.Join(err, p.stop()) }()
	warnExposed(opts.Logger, ln.Addr(), cfg.adminToken)
	warnPushUnused(opts.Logger, cfg.push)
	printBanner(stdout, ln.Addr(), m.Sim)
	errc := make(chan error, 2)
	go func() { errc <- srv.Serve(lazydeadline.Listen(ln)) }()
	if https != nil {
		warnExposed(opts.Logger, https.ln.Addr(), cfg.adminToken)
		https.printBanner(stdout)
		go func() { errc <- https.serve() }()
	}
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	opts.Logger.Info("shutting down", "shutdown_timeout", cfg.shutdownTimeout)
	return shutdown(https.servers(srv), endRequests, cfg.shutdownTimeout, opts.Logger)
}

// newLogger returns the logger of cfg, writing to w through an
// asynclog.Writer: a request never waits on its log line, and when w
// falls behind by asynclog.DefaultLimit bytes, lines are dropped and a
// warning says how many. Call closeLog to write what is left.
func newLogger(cfg *config, w io.Writer) (log *slog.Logger, closeLog func()) {
	var aw *asynclog.Writer
	aw = asynclog.New(w, asynclog.DefaultLimit, func(n uint64) {
		log.Warn("the log fell behind: lines dropped", "dropped", n)
	})
	// asynclog's Handler is slog's, plus the request line formatted by
	// hand: the same bytes, without slog's cost on every request.
	log = slog.New(asynclog.NewHandler(aw, cfg.logFormat == "json", cfg.logLevel))
	return log, func() { aw.Close() }
}

func readState(path string) (*sim.State, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return fixtures.ParseState(data)
}

// mockOptions is what cfg asks of the server.
func mockOptions(cfg *config, log *slog.Logger) mock.Options {
	opts := mock.Options{
		Seed: cfg.seed, ClockStart: cfg.clockStart, FrozenClock: cfg.freezeClock,
		Logger: log, JournalSize: cfg.journalSize, MaxBody: cfg.maxBody,
		CheckResponses: cfg.checkResponses, AuditDelay: cfg.auditDelay, MsgDelay: cfg.msgDelay, DefaultPush: cfg.push,
		AdminToken: cfg.adminToken, JournalNoRedact: !cfg.journalRedact,
	}
	if cfg.auditDelay == 0 {
		opts.AuditDelay = -1 // due at once: mock takes 0 as "the default"
	}
	if cfg.msgDelay == 0 {
		opts.MsgDelay = -1
	}
	return opts
}

// warnExposed warns when other machines can reach the admin API: on an
// address that is not loopback, without an admin token.
func warnExposed(log *slog.Logger, addr net.Addr, adminToken string) {
	if tcp, ok := addr.(*net.TCPAddr); adminToken != "" || (ok && tcp.IP.IsLoopback()) {
		return
	}
	log.Warn("the admin API is open to every machine that can reach this address: it can wipe the state, "+
		"redirect pushes and read the journal; set -admin-token, or listen on 127.0.0.1", "addr", addr.String())
}

// warnPushUnused warns when -push-token, -push-aes-key or -push-mode is
// given without -push-url: the default app's push settings are replaced
// only with a URL (mock.Options.DefaultPush), so they would do nothing.
func warnPushUnused(log *slog.Logger, p sim.Push) {
	if p.URL != "" {
		return
	}
	var unused []string
	if p.Token != "" {
		unused = append(unused, "-push-token")
	}
	if p.AESKey != "" {
		unused = append(unused, "-push-aes-key")
	}
	if p.Mode != "" && p.Mode != sim.PushPlain {
		unused = append(unused, "-push-mode")
	}
	if len(unused) > 0 {
		log.Warn("push settings without -push-url do nothing: give -push-url too, or set the app's push with POST /__wxmock/apps",
			"ignored", strings.Join(unused, " "))
	}
}

// urlAddr is the host:port of a listener for a URL: 127.0.0.1 in place
// of the unspecified address of a listener on every interface, which it
// reports.
func urlAddr(ln net.Addr) (addr string, everywhere bool) {
	if tcp, ok := ln.(*net.TCPAddr); ok && tcp.IP.IsUnspecified() {
		return net.JoinHostPort("127.0.0.1", strconv.Itoa(tcp.Port)), true
	}
	return ln.String(), false
}

// printBanner tells where wxmock listens and how to get a token, the
// default app first. On every interface (-addr 0.0.0.0:PORT or :PORT)
// the URLs name 127.0.0.1, where they work as written, and a line says
// that other machines reach it too: the listener's own address there is
// "[::]:PORT", which is neither what was asked nor a URL to paste.
func printBanner(w io.Writer, ln net.Addr, s *sim.Sim) {
	addr, everywhere := urlAddr(ln)
	fmt.Fprintf(w, "wxmock listening on http://%s\n", addr)
	if everywhere {
		fmt.Fprintf(w, "  (on every interface: other machines reach it on port %d of this one's addresses)\n", ln.(*net.TCPAddr).Port)
	}
	apps, _ := s.Apps()
	sort.SliceStable(apps, func(i, j int) bool {
		return apps[i].AppID == fixtures.DefaultAppID && apps[j].AppID != fixtures.DefaultAppID
	})
	for _, a := range apps {
		fmt.Fprintf(w, "  app %s  secret %s  (%s)\n", a.AppID, a.Secret, a.Name)
	}
	if len(apps) > 0 {
		fmt.Fprintf(w, "  token: curl 'http://%s/cgi-bin/token?grant_type=client_credential&appid=%s&secret=%s'\n", addr, apps[0].AppID, apps[0].Secret)
	}
	fmt.Fprintf(w, "  admin: http://%s/__wxmock/health\n", addr)
	fmt.Fprintf(w, "  dashboard: http://%s/__wxmock/ui/\n", addr)
}
