package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestTrustLines: the export lines `wxmock ca` prints are enough for curl,
// Node and Python requests to trust wxmock -tls, without any other option.
// Each client that this machine lacks is skipped.
func TestTrustLines(t *testing.T) {
	t.Parallel()
	s, addr, caFile := serveTLS(t)
	t.Cleanup(func() { s.stop(t) })
	_, port, _ := net.SplitHostPort(addr)
	var out bytes.Buffer
	if err := run(context.Background(), []string{"ca", "-ca-dir", filepath.Dir(caFile)}, envOf(nil), &out, &out); err != nil {
		t.Fatalf("wxmock ca: %v\n%s", err, out.String())
	}
	// Only PATH from this machine: no proxy, no other CA bundle.
	env := []string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir()}
	for _, line := range strings.Split(out.String(), "\n") {
		kv, ok := strings.CutPrefix(strings.TrimSpace(line), "export ")
		if ok {
			kv, _, _ = strings.Cut(kv, " ")
			env = append(env, kv)
		}
	}
	if len(env) != 6 {
		t.Fatalf("wxmock ca printed %d export lines, want 4:\n%s", len(env)-2, out.String())
	}
	health := "https://localhost:" + port + "/__wxmock/health"
	tests := []struct {
		name  string
		tool  string
		probe []string // a command that fails when the client is missing
		args  []string
	}{
		{"curl", "curl", nil, []string{"-sS", "--max-time", "30", "--resolve", "api.weixin.qq.com:" + port + ":127.0.0.1",
			"https://api.weixin.qq.com:" + port + "/__wxmock/health"}},
		{"node", "node", nil, []string{"-e", `require("https").get(process.argv[1], r => r.pipe(process.stdout)).on("error", e => { console.error(e.message); process.exit(1) })`, health}},
		{"python requests", "python3", []string{"-c", "import requests"}, []string{"-c", "import requests, sys; print(requests.get(sys.argv[1], timeout=30).text)", health}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			path, err := exec.LookPath(tt.tool)
			if err != nil {
				t.Skipf("no %s here", tt.tool)
			}
			if tt.probe != nil {
				if err := exec.Command(path, tt.probe...).Run(); err != nil {
					t.Skipf("%s %q: %v", tt.tool, tt.probe, err)
				}
			}
			cmd := exec.Command(path, tt.args...)
			cmd.Env = env
			got, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("%s with the lines of wxmock ca: %v\n%s", tt.name, err, got)
			}
			var h map[string]any
			if err := json.Unmarshal(bytes.TrimSpace(got), &h); err != nil || h["status"] != "ok" {
				t.Errorf("%s: health answer %s (%v)", tt.name, got, err)
			}
		})
	}
}
