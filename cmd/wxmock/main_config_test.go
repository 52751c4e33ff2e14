package main

import (
	"bytes"
	"errors"
	"flag"
	"log/slog"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/wxmock/wxmock/internal/mock"
	"github.com/wxmock/wxmock/internal/sim"
)

// envOf is a getenv that knows only vars; the machine's own WXMOCK_*
// variables never reach a test.
func envOf(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

// defaultConfig is what parseConfig answers with no flags and no variables.
func defaultConfig() config {
	return config{addr: "127.0.0.1:8080", journalSize: 1000, maxBody: 2 << 20, logFormat: "text", logLevel: slog.LevelInfo,
		auditDelay: 5 * time.Second, msgDelay: 3 * time.Second, push: sim.Push{Mode: "plain"}, shutdownTimeout: 10 * time.Second, journalRedact: true,
		tlsAddr: "127.0.0.1:8443", persist: persistConfig{interval: 30 * time.Second}}
}

// clockStart is 2024-01-24T14:00:27+08:00.
var clockStart = time.Unix(1706076027, 0)

// flagCases sets every flag through its variable; TestParseConfigCoversEveryFlag
// keeps it complete.
var flagCases = []struct {
	flag, value string
	mod         func(*config)
}{
	{"addr", "0.0.0.0:9999", func(c *config) { c.addr = "0.0.0.0:9999" }},
	{"state", "/tmp/state.json", func(c *config) { c.stateFile = "/tmp/state.json" }},
	{"seed", "42", func(c *config) { c.seed = 42 }},
	{"clock-start", "2024-01-24T14:00:27+08:00", func(c *config) { c.clockStart = clockStart }},
	{"freeze-clock", "true", func(c *config) { c.freezeClock = true }},
	{"journal-size", "7", func(c *config) { c.journalSize = 7 }},
	{"max-body", "1024", func(c *config) { c.maxBody = 1024 }},
	{"check-responses", "true", func(c *config) { c.checkResponses = true }},
	{"log-format", "json", func(c *config) { c.logFormat = "json" }},
	{"log-level", "debug", func(c *config) { c.logLevel = slog.LevelDebug }},
	{"audit-delay", "90s", func(c *config) { c.auditDelay = 90 * time.Second }},
	{"msg-delay", "1m", func(c *config) { c.msgDelay = time.Minute }},
	{"push-url", "http://127.0.0.1:9/wx", func(c *config) { c.push.URL = "http://127.0.0.1:9/wx" }},
	{"push-token", "tok123", func(c *config) { c.push.Token = "tok123" }},
	{"push-aes-key", "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", func(c *config) { c.push.AESKey = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG" }},
	{"push-mode", "safe", func(c *config) { c.push.Mode = "safe" }},
	{"shutdown-timeout", "0s", func(c *config) { c.shutdownTimeout = 0 }},
	{"admin-token", "s3cret-Token_1", func(c *config) { c.adminToken = "s3cret-Token_1" }},
	{"journal-redact", "false", func(c *config) { c.journalRedact = false }},
	{"tls", "true", func(c *config) { c.tls = true }},
	{"tls-addr", "127.0.0.1:443", func(c *config) { c.tlsAddr = "127.0.0.1:443" }},
	{"ca-dir", "/tmp/wxmock-ca", func(c *config) { c.caDir = "/tmp/wxmock-ca" }},
	{"persist", "/tmp/wxmock.json", func(c *config) { c.persist.file = "/tmp/wxmock.json" }},
	{"snapshot-interval", "5s", func(c *config) { c.persist.interval = 5 * time.Second }},
}

func parseOK(t *testing.T, args []string, vars map[string]string) config {
	t.Helper()
	var stderr bytes.Buffer
	c, err := parseConfig(args, envOf(vars), &stderr)
	if err != nil {
		t.Fatalf("parseConfig(%q, %v): %v\n%s", args, vars, err, stderr.String())
	}
	return *c
}

func diffConfig(t *testing.T, want, got config) {
	t.Helper()
	if d := cmp.Diff(want, got, cmp.AllowUnexported(config{}, persistConfig{})); d != "" {
		t.Errorf("config mismatch (-want +got):\n%s", d)
	}
}

func TestParseConfigDefaults(t *testing.T) {
	t.Parallel()
	diffConfig(t, defaultConfig(), parseOK(t, nil, nil))
}

func TestParseConfigCoversEveryFlag(t *testing.T) {
	t.Parallel()
	var usage bytes.Buffer
	_, err := parseConfig([]string{"-h"}, envOf(nil), &usage)
	if !errors.Is(err, flag.ErrHelp) {
		t.Fatalf("-h: %v, want flag.ErrHelp", err)
	}
	var got []string
	for _, line := range strings.Split(usage.String(), "\n") {
		if name, ok := strings.CutPrefix(line, "  -"); ok {
			got = append(got, strings.Fields(name)[0])
		}
	}
	var want []string
	for _, fc := range flagCases {
		want = append(want, fc.flag)
	}
	sort.Strings(got)
	sort.Strings(want)
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("flags mismatch (-want +got):\n%s", d)
	}
}

func TestParseConfigEnv(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		vars map[string]string
		mod  func(*config)
	}{
		{"clock start in unix seconds", map[string]string{"WXMOCK_CLOCK_START": "1706076027"}, func(c *config) { c.clockStart = clockStart }},
		{"clock start in UTC", map[string]string{"WXMOCK_CLOCK_START": "2024-01-24T06:00:27Z"}, func(c *config) { c.clockStart = clockStart }},
		{"freeze clock 1", map[string]string{"WXMOCK_FREEZE_CLOCK": "1"}, func(c *config) { c.freezeClock = true }},
		{"freeze clock false", map[string]string{"WXMOCK_FREEZE_CLOCK": "false"}, func(*config) {}},
		{"log level in capitals", map[string]string{"WXMOCK_LOG_LEVEL": "WARN"}, func(c *config) { c.logLevel = slog.LevelWarn }},
		{"log level error", map[string]string{"WXMOCK_LOG_LEVEL": "error"}, func(c *config) { c.logLevel = slog.LevelError }},
		{"empty is unset", map[string]string{"WXMOCK_ADDR": "", "WXMOCK_JOURNAL_SIZE": ""}, func(*config) {}},
		{"unrelated variable", map[string]string{"ADDR": "x", "WXMOCK_PORT": "1"}, func(*config) {}},
		{"all at once", map[string]string{"WXMOCK_SEED": "7", "WXMOCK_MAX_BODY": "10", "WXMOCK_LOG_FORMAT": "json"},
			func(c *config) { c.seed, c.maxBody, c.logFormat = 7, 10, "json" }},
	}
	for _, fc := range flagCases {
		tests = append(tests, struct {
			name string
			vars map[string]string
			mod  func(*config)
		}{"-" + fc.flag, map[string]string{EnvName(fc.flag): fc.value}, fc.mod})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			want := defaultConfig()
			tt.mod(&want)
			diffConfig(t, want, parseOK(t, nil, tt.vars))
		})
	}
}

func TestParseConfigFlags(t *testing.T) {
	t.Parallel()
	for _, fc := range flagCases {
		t.Run("-"+fc.flag, func(t *testing.T) {
			t.Parallel()
			want := defaultConfig()
			fc.mod(&want)
			diffConfig(t, want, parseOK(t, []string{"-" + fc.flag + "=" + fc.value}, nil))
		})
	}
}

func TestEnvName(t *testing.T) {
	t.Parallel()
	want := []string{"WXMOCK_ADDR", "WXMOCK_STATE", "WXMOCK_SEED", "WXMOCK_CLOCK_START", "WXMOCK_FREEZE_CLOCK",
		"WXMOCK_JOURNAL_SIZE", "WXMOCK_MAX_BODY", "WXMOCK_CHECK_RESPONSES", "WXMOCK_LOG_FORMAT", "WXMOCK_LOG_LEVEL",
		"WXMOCK_AUDIT_DELAY", "WXMOCK_MSG_DELAY", "WXMOCK_PUSH_URL", "WXMOCK_PUSH_TOKEN", "WXMOCK_PUSH_AES_KEY", "WXMOCK_PUSH_MODE",
		"WXMOCK_SHUTDOWN_TIMEOUT", "WXMOCK_ADMIN_TOKEN", "WXMOCK_JOURNAL_REDACT",
		"WXMOCK_TLS", "WXMOCK_TLS_ADDR", "WXMOCK_CA_DIR", "WXMOCK_PERSIST", "WXMOCK_SNAPSHOT_INTERVAL"}
	var got []string
	for _, fc := range flagCases {
		got = append(got, EnvName(fc.flag))
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("names mismatch (-want +got):\n%s", d)
	}
}

func TestParseConfigFlagWins(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		args []string
		vars map[string]string
		mod  func(*config)
	}{
		{"addr", []string{"-addr", "127.0.0.1:1"}, map[string]string{"WXMOCK_ADDR": "127.0.0.1:2"}, func(c *config) { c.addr = "127.0.0.1:1" }},
		{"seed", []string{"-seed", "3"}, map[string]string{"WXMOCK_SEED": "4"}, func(c *config) { c.seed = 3 }},
		{"explicit false beats a true variable", []string{"-freeze-clock=false"}, map[string]string{"WXMOCK_FREEZE_CLOCK": "true"}, func(*config) {}},
		{"flag set to its default", []string{"-journal-size", "1000"}, map[string]string{"WXMOCK_JOURNAL_SIZE": "5"}, func(*config) {}},
		{"a bad variable of a set flag is not read", []string{"-max-body", "9"}, map[string]string{"WXMOCK_MAX_BODY": "lots"}, func(c *config) { c.maxBody = 9 }},
		{"log level", []string{"-log-level", "warn"}, map[string]string{"WXMOCK_LOG_LEVEL": "debug"}, func(c *config) { c.logLevel = slog.LevelWarn }},
		{"clock start", []string{"-clock-start", "1706076027"}, map[string]string{"WXMOCK_CLOCK_START": "2030-01-01T00:00:00Z"}, func(c *config) { c.clockStart = clockStart }},
		{"others still from variables", []string{"-addr", ":1"}, map[string]string{"WXMOCK_ADDR": ":2", "WXMOCK_SEED": "9"}, func(c *config) { c.addr, c.seed = ":1", 9 }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			want := defaultConfig()
			tt.mod(&want)
			diffConfig(t, want, parseOK(t, tt.args, tt.vars))
		})
	}
}

func TestParseConfigBad(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		args    []string
		vars    map[string]string
		mention string // the error names what was wrong
	}{
		{"seed not a number", nil, map[string]string{"WXMOCK_SEED": "abc"}, "WXMOCK_SEED"},
		{"negative seed", nil, map[string]string{"WXMOCK_SEED": "-1"}, "WXMOCK_SEED"},
		{"seed flag", []string{"-seed", "x"}, nil, "-seed"},
		{"clock start", nil, map[string]string{"WXMOCK_CLOCK_START": "yesterday"}, "WXMOCK_CLOCK_START"},
		{"clock start date only", []string{"-clock-start", "2024-01-24"}, nil, "-clock-start"},
		{"freeze clock", nil, map[string]string{"WXMOCK_FREEZE_CLOCK": "maybe"}, "WXMOCK_FREEZE_CLOCK"},
		{"check responses", nil, map[string]string{"WXMOCK_CHECK_RESPONSES": "yes please"}, "WXMOCK_CHECK_RESPONSES"},
		{"journal size 0", nil, map[string]string{"WXMOCK_JOURNAL_SIZE": "0"}, "journal-size"},
		{"journal size flag 0", []string{"-journal-size", "0"}, nil, "journal-size"},
		{"journal size negative", nil, map[string]string{"WXMOCK_JOURNAL_SIZE": "-3"}, "journal-size"},
		{"journal size too large", []string{"-journal-size", "100000000"}, nil, "journal-size"},
		{"journal size not a number", nil, map[string]string{"WXMOCK_JOURNAL_SIZE": "many"}, "WXMOCK_JOURNAL_SIZE"},
		{"max body 0", []string{"-max-body", "0"}, nil, "max-body"},
		{"max body not a number", nil, map[string]string{"WXMOCK_MAX_BODY": "2MB"}, "WXMOCK_MAX_BODY"},
		{"log format", nil, map[string]string{"WXMOCK_LOG_FORMAT": "xml"}, "log-format"},
		{"log format flag", []string{"-log-format", "yaml"}, nil, "log-format"},
		{"log level", nil, map[string]string{"WXMOCK_LOG_LEVEL": "loud"}, "log-level"},
		{"log level flag", []string{"-log-level", "verbose"}, nil, "log-level"},
		{"journal redact", nil, map[string]string{"WXMOCK_JOURNAL_REDACT": "sometimes"}, "WXMOCK_JOURNAL_REDACT"},
		{"admin token with a space", []string{"-admin-token", "two words"}, nil, "admin-token"},
		{"admin token with a newline", nil, map[string]string{"WXMOCK_ADMIN_TOKEN": "tok\nen"}, "admin-token"},
		{"shutdown timeout negative", []string{"-shutdown-timeout", "-1s"}, nil, "shutdown-timeout"},
		{"shutdown timeout not a duration", nil, map[string]string{"WXMOCK_SHUTDOWN_TIMEOUT": "10"}, "WXMOCK_SHUTDOWN_TIMEOUT"},
		{"snapshot interval 0", []string{"-snapshot-interval", "0s"}, nil, "snapshot-interval"},
		{"snapshot interval not a duration", nil, map[string]string{"WXMOCK_SNAPSHOT_INTERVAL": "30"}, "WXMOCK_SNAPSHOT_INTERVAL"},
		{"unknown flag", []string{"-port", "8080"}, nil, "port"},
		{"positional argument", []string{"serve"}, nil, "serve"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var stderr bytes.Buffer
			c, err := parseConfig(tt.args, envOf(tt.vars), &stderr)
			if err == nil {
				t.Fatalf("parseConfig(%q, %v) = %+v, want an error", tt.args, tt.vars, *c)
			}
			if !strings.Contains(err.Error(), tt.mention) {
				t.Errorf("error %q does not mention %s", err, tt.mention)
			}
		})
	}
}

// TestMockOptions: what the flags ask for reaches the server.
func TestMockOptions(t *testing.T) {
	t.Parallel()
	defaults := mock.Options{JournalSize: 1000, MaxBody: 2 << 20, AuditDelay: 5 * time.Second, MsgDelay: 3 * time.Second,
		DefaultPush: sim.Push{Mode: "plain"}}
	tests := []struct {
		name string
		args []string
		mod  func(*mock.Options)
	}{
		{"defaults", nil, func(*mock.Options) {}},
		{"journal kept as sent", []string{"-journal-redact=false"}, func(o *mock.Options) { o.JournalNoRedact = true }},
		{"admin token", []string{"-admin-token", "s3cret"}, func(o *mock.Options) { o.AdminToken = "s3cret" }},
		{"audits and messages at once", []string{"-audit-delay", "0", "-msg-delay", "0"}, func(o *mock.Options) { o.AuditDelay, o.MsgDelay = -1, -1 }},
		{"clock and seed", []string{"-seed", "7", "-freeze-clock", "-clock-start", "1706076027"},
			func(o *mock.Options) { o.Seed, o.FrozenClock, o.ClockStart = 7, true, clockStart }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := parseOK(t, tt.args, nil)
			got := mockOptions(&c, nil)
			want := defaults
			tt.mod(&want)
			if d := cmp.Diff(want, got); d != "" {
				t.Errorf("options mismatch (-want +got):\n%s", d)
			}
		})
	}
}

// TestParseConfigUnknownFlag: a bad flag is said once, with a hint, and the
// usage is not printed.
func TestParseConfigUnknownFlag(t *testing.T) {
	t.Parallel()
	var stderr bytes.Buffer
	_, err := parseConfig([]string{"-nope"}, envOf(nil), &stderr)
	if err == nil || err.Error() != "flag provided but not defined: -nope (wxmock -h lists the flags)" {
		t.Errorf("error %v", err)
	}
	if stderr.Len() != 0 {
		t.Errorf("stderr %q, want nothing: main prints the error once", stderr.String())
	}
}
