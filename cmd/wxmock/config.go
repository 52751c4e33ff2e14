package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/wxmock/wxmock/internal/httpapi"
	"github.com/wxmock/wxmock/internal/sim"
)

// maxJournalSize bounds the journal ring, which is allocated at start.
const maxJournalSize = 1_000_000

// config is everything the flags and WXMOCK_* variables set.
type config struct {
	addr           string
	stateFile      string
	seed           uint64
	clockStart     time.Time
	freezeClock    bool
	journalSize    int
	maxBody        int64
	checkResponses bool
	logFormat      string
	logLevel       slog.Level
	auditDelay     time.Duration
	msgDelay       time.Duration
	push           sim.Push
	// shutdownTimeout is how long SIGINT or SIGTERM waits for the requests
	// in flight before it closes their connections.
	shutdownTimeout time.Duration
	// adminToken, when set, must come with every admin call.
	adminToken string
	// journalRedact: redact secret and access_token values in the journal.
	journalRedact bool
	// HTTPS (tls.go): serve it too, where, and the local CA's directory
	// ("" for tlsca.DefaultDir).
	tls     bool
	tlsAddr string
	caDir   string
	persist persistConfig
}

// timeFlag parses RFC 3339 or unix seconds.
type timeFlag struct{ t *time.Time }

func (f timeFlag) String() string {
	if f.t == nil || f.t.IsZero() {
		return ""
	}
	return f.t.Format(time.RFC3339)
}

func (f timeFlag) Set(v string) error {
	if v == "" {
		*f.t = time.Time{}
		return nil
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		*f.t = time.Unix(n, 0)
		return nil
	}
	t, err := time.Parse(time.RFC3339, v)
	if err != nil {
		return errors.New("want RFC 3339 (2024-01-24T14:00:27+08:00) or unix seconds")
	}
	*f.t = t
	return nil
}

// parseConfig reads args, then fills every flag not given on the command
// line from its WXMOCK_* variable (-journal-size from WXMOCK_JOURNAL_SIZE).
func parseConfig(args []string, getenv func(string) string, stderr io.Writer) (*config, error) {
	c := &config{}
	fs := flag.NewFlagSet("wxmock", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.addr, "addr", "127.0.0.1:8080", "address to listen on (port 0 picks a free port)")
	fs.StringVar(&c.stateFile, "state", "", "start from this state file (a GET /__wxmock/state export) instead of the embedded default; reset returns to it")
	fs.Uint64Var(&c.seed, "seed", 0, "seed for tokens, ids and rids, to make runs repeatable (0: random)")
	fs.Var(timeFlag{&c.clockStart}, "clock-start", "start the virtual clock here: RFC 3339 or unix seconds (default: now)")
	fs.BoolVar(&c.freezeClock, "freeze-clock", false, "freeze the virtual clock; it then moves only by /__wxmock/clock/advance")
	fs.IntVar(&c.journalSize, "journal-size", 1000, "how many requests the journal keeps")
	fs.Int64Var(&c.maxBody, "max-body", 2<<20, "largest request body read, in bytes (larger: 47001)")
	fs.BoolVar(&c.checkResponses, "check-responses", false, "validate every answer against its response schema and journal violations")
	fs.DurationVar(&c.auditDelay, "audit-delay", sim.DefaultAuditDelay, "how long an audit (merchant, map place, store, pictures) takes on the virtual clock")
	fs.DurationVar(&c.msgDelay, "msg-delay", sim.DefaultMsgDelay, "how long a promoter group send delivers, and then its click data computes, on the virtual clock")
	fs.StringVar(&c.push.URL, "push-url", "", "the default app's message server: audit results are pushed there as signed XML")
	fs.StringVar(&c.push.Token, "push-token", "", "the default app's message token (3 to 32 letters or digits), which signs pushes")
	fs.StringVar(&c.push.AESKey, "push-aes-key", "", "the default app's EncodingAESKey (43 characters), for -push-mode safe or compat")
	fs.StringVar(&c.push.Mode, "push-mode", sim.PushPlain, "how pushes are sent: plain, safe (encrypted) or compat (both)")
	fs.DurationVar(&c.shutdownTimeout, "shutdown-timeout", 10*time.Second, "on SIGINT or SIGTERM, how long to wait for the requests in flight before closing their connections and exiting 0")
	fs.StringVar(&c.adminToken, "admin-token", "", "require this token on every /__wxmock/ call, in the header "+httpapi.AdminTokenHeader+" or as Authorization: Bearer (for an instance others can reach)")
	fs.BoolVar(&c.journalRedact, "journal-redact", true, "redact secret and access_token values in the journal")
	fs.BoolVar(&c.tls, "tls", false, "also serve HTTPS on -tls-addr, HTTP/2 included, with a certificate for api.weixin.qq.com, localhost, 127.0.0.1 and ::1 signed by the local CA (wxmock ca tells how to trust it)")
	fs.StringVar(&c.tlsAddr, "tls-addr", "127.0.0.1:8443", "address of the HTTPS listener of -tls (port 0 picks a free port)")
	fs.StringVar(&c.caDir, "ca-dir", "", "directory of the local CA, created on first use (default: wxmock in the user's config directory)")
	c.persist.register(fs)
	fs.StringVar(&c.logFormat, "log-format", "text", "log format: text or json")
	level := fs.String("log-level", "info", "log level: debug, info, warn or error")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), usageText)
		fs.PrintDefaults()
	}
	// A bad flag is said once, with a hint, rather than above the whole
	// usage; -h prints the usage.
	fs.SetOutput(io.Discard)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fs.SetOutput(stderr)
			fs.Usage()
			return nil, err
		}
		return nil, fmt.Errorf("%v (wxmock -h lists the flags)", err)
	}
	fs.SetOutput(stderr)
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	var envErr error
	fs.VisitAll(func(f *flag.Flag) {
		name := EnvName(f.Name)
		if v := getenv(name); v != "" && !set[f.Name] && envErr == nil {
			if err := fs.Set(f.Name, v); err != nil {
				envErr = fmt.Errorf("%s=%q: %v", name, v, err)
			}
		}
	})
	if envErr != nil {
		return nil, envErr
	}
	if err := c.logLevel.UnmarshalText([]byte(*level)); err != nil {
		return nil, fmt.Errorf("-log-level: %v", err)
	}
	if c.logFormat != "text" && c.logFormat != "json" {
		return nil, fmt.Errorf("-log-format %q: want text or json", c.logFormat)
	}
	if c.msgDelay < 0 {
		return nil, errors.New("-msg-delay must not be negative")
	}
	if strings.ContainsFunc(c.adminToken, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) {
		return nil, errors.New("-admin-token must not hold spaces or control characters: an HTTP header cannot carry them")
	}
	if c.shutdownTimeout < 0 {
		return nil, errors.New("-shutdown-timeout must not be negative")
	}
	if err := c.persist.check(); err != nil {
		return nil, err
	}
	if c.auditDelay < 0 {
		return nil, errors.New("-audit-delay must not be negative")
	}
	if c.journalSize < 1 || c.journalSize > maxJournalSize || c.maxBody < 1 {
		return nil, fmt.Errorf("-journal-size must be 1 to %d and -max-body at least 1", maxJournalSize)
	}
	return c, nil
}

// EnvName is the WXMOCK_* variable of a flag.
func EnvName(flagName string) string {
	return "WXMOCK_" + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}
