package main

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"

	"github.com/wxmock/wxmock/internal/sim"
)

// TestWarnPushUnused: push settings given without -push-url are named in
// a warning; with a URL, or with none given, nothing is said.
func TestWarnPushUnused(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		push sim.Push
		want string // the ignored flags, "" for no warning
	}{
		{"nothing given", sim.Push{Mode: sim.PushPlain}, ""},
		{"a URL and all", sim.Push{URL: "http://127.0.0.1:9/wx", Token: "tok", AESKey: "k", Mode: sim.PushSafe}, ""},
		{"a token alone", sim.Push{Token: "tok", Mode: sim.PushPlain}, "-push-token"},
		{"all but the URL", sim.Push{Token: "tok", AESKey: "k", Mode: sim.PushCompat}, "-push-token -push-aes-key -push-mode"},
		{"a mode alone", sim.Push{Mode: sim.PushSafe}, "-push-mode"},
	}
	for _, tt := range tests {
		attr := "ignored=" + tt.want
		if strings.Contains(tt.want, " ") {
			attr = `ignored="` + tt.want + `"`
		}
		var buf bytes.Buffer
		warnPushUnused(slog.New(slog.NewTextHandler(&buf, nil)), tt.push)
		got := buf.String()
		switch {
		case tt.want == "" && got != "":
			t.Errorf("%s: warned %q", tt.name, got)
		case tt.want != "" && (!strings.Contains(got, "level=WARN") || !strings.Contains(got, attr)):
			t.Errorf("%s: %q, want a warning naming %s", tt.name, got, tt.want)
		}
	}
}
