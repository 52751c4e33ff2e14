package main

import (
	"bufio"
	"encoding/json"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// dockerfileRuntime is what the test reads of the Dockerfile: the instructions of
// the stage named runtime, continuation lines joined.
func dockerfileRuntime(t *testing.T) map[string]string {
	t.Helper()
	f, err := os.Open(filepath.Join("..", "..", "Dockerfile"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	got := map[string]string{}
	in := false
	var line string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		text := strings.TrimSpace(sc.Text())
		if strings.HasPrefix(text, "#") {
			continue
		}
		line += text
		if strings.HasSuffix(line, `\`) {
			line = strings.TrimSuffix(line, `\`) + " "
			continue
		}
		word, rest, _ := strings.Cut(line, " ")
		line = ""
		if word == "FROM" {
			in = strings.HasSuffix(rest, " AS runtime")
		} else if in && word != "" {
			got[word] = strings.TrimSpace(rest)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(got) == 0 {
		t.Fatal("the Dockerfile has no stage runtime")
	}
	return got
}

// execForm decodes an instruction's exec form: a JSON array.
func execForm(t *testing.T, name, v string) []string {
	t.Helper()
	var args []string
	if err := json.Unmarshal([]byte(v), &args); err != nil || len(args) == 0 || args[0] != "/wxmock" {
		t.Fatalf("%s %s: want the exec form [\"/wxmock\", ...] (the image has no shell)", name, v)
	}
	return args[1:]
}

// TestDockerfileFlags: the image's entrypoint arguments are flags wxmock
// accepts and listen on every interface; its health check is flags
// wxmock health accepts, asking the port the image exposes. podman can
// check the image itself (.ci/container-check); this holds without it.
func TestDockerfileFlags(t *testing.T) {
	t.Parallel()
	df := dockerfileRuntime(t)
	cfg, err := parseConfig(execForm(t, "ENTRYPOINT", df["ENTRYPOINT"]), envOf(nil), io.Discard)
	if err != nil {
		t.Fatalf("ENTRYPOINT %s: %v", df["ENTRYPOINT"], err)
	}
	host, port, err := net.SplitHostPort(cfg.addr)
	if err != nil || host != "0.0.0.0" {
		t.Errorf("ENTRYPOINT listens on %q, want 0.0.0.0: a container is reached from outside", cfg.addr)
	}
	if df["EXPOSE"] != port {
		t.Errorf("EXPOSE %q, want the entrypoint's port %q", df["EXPOSE"], port)
	}
	if user := df["USER"]; user == "" || strings.HasPrefix(user, "0") || strings.HasPrefix(user, "root") {
		t.Errorf("USER %q, want a numeric non-root user", user)
	}
	hc := df["HEALTHCHECK"]
	_, cmd, ok := strings.Cut(hc, " CMD ")
	if !ok {
		t.Fatalf("HEALTHCHECK %q: want CMD", hc)
	}
	args := execForm(t, "HEALTHCHECK CMD", cmd)
	if len(args) != 3 || args[0] != "health" || args[1] != "-addr" {
		t.Fatalf("HEALTHCHECK CMD %s: want [\"/wxmock\", \"health\", \"-addr\", HOST:PORT]", cmd)
	}
	want, _ := dialAddr(cfg.addr)
	if args[2] != want {
		t.Errorf("the health check asks %s, want %s, where the entrypoint listens", args[2], want)
	}
}

// TestComposeFile: compose.yaml parses, builds this Dockerfile, and
// publishes the port the image exposes.
func TestComposeFile(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile(filepath.Join("..", "..", "compose.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var compose struct {
		Services map[string]struct {
			Build string   `yaml:"build"`
			Ports []string `yaml:"ports"`
		} `yaml:"services"`
	}
	if err := yaml.Unmarshal(data, &compose); err != nil {
		t.Fatalf("compose.yaml: %v", err)
	}
	svc, ok := compose.Services["wxmock"]
	if !ok || svc.Build != "." {
		t.Fatalf("compose.yaml: services %+v, want wxmock built from .", compose.Services)
	}
	port := dockerfileRuntime(t)["EXPOSE"]
	if len(svc.Ports) != 1 || !strings.HasSuffix(svc.Ports[0], ":"+port) {
		t.Errorf("compose.yaml: ports %q, want one publishing the exposed %s", svc.Ports, port)
	}
}
