package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
)

// answer is what wxmock answered to the measured request: every other
// server is configured to answer these bytes.
type answer struct {
	Body        []byte
	ContentType string
}

// env is what the servers' definitions need: where things are and what to
// answer.
type env struct {
	workDir    string
	wxmockBin  string
	ceilingBin string
	answer     answer
	wiremock   string // the jar
	mb         string // mountebank's mb
	mockoon    string // mockoon-cli
}

// serverDef is one server the harness can measure.
type serverDef struct {
	name  string // the -servers name
	label string // the table's column
	// wxmock issues a token (GET /cgi-bin/token) before the request is
	// answered 200; the others ignore it.
	wxmock bool
	// fresh: the server starts in milliseconds and has no JIT to warm, so
	// paired rounds may start it afresh for each turn (config.pairFresh).
	fresh bool
	// prepare finds or installs the server's tool; an error skips the server.
	prepare func(e *env) error
	// command starts one instance answering on port. Files it needs are
	// written under dir, which is the instance's own.
	command func(e *env, dir string, port int) (*exec.Cmd, error)
}

// serverDefs lists every server in the table's order, the ceiling first.
func serverDefs() []serverDef {
	return []serverDef{
		{name: "ceiling", label: "ceiling", fresh: true, prepare: func(*env) error { return nil }, command: ceilingCmd},
		{name: "wxmock", label: "wxmock", wxmock: true, fresh: true, prepare: func(*env) error { return nil }, command: wxmockCmd("info")},
		{name: "wxmock-warn", label: "wxmock (warn)", wxmock: true, fresh: true, prepare: func(*env) error { return nil }, command: wxmockCmd("warn")},
		{name: "wiremock", label: "WireMock", prepare: prepareWireMock, command: wiremockCmd},
		{name: "mountebank", label: "mountebank", prepare: prepareMountebank, command: mountebankCmd},
		{name: "mockoon", label: "Mockoon", prepare: prepareMockoon, command: mockoonCmd},
	}
}

func addrOf(port int) string { return "127.0.0.1:" + strconv.Itoa(port) }

func ceilingCmd(e *env, dir string, port int) (*exec.Cmd, error) {
	body := filepath.Join(dir, "body.json")
	if err := os.WriteFile(body, e.answer.Body, 0o644); err != nil {
		return nil, err
	}
	return exec.Command(e.ceilingBin, "-addr", addrOf(port), "-body", body, "-content-type", e.answer.ContentType), nil
}

// wxmockCmd runs wxmock with its defaults but for the address, a fixed seed
// and the log level; its log goes to a file, as it would in CI.
func wxmockCmd(level string) func(e *env, dir string, port int) (*exec.Cmd, error) {
	return func(e *env, _ string, port int) (*exec.Cmd, error) {
		return exec.Command(e.wxmockBin, "-addr", addrOf(port), "-seed", "1", "-log-level", level), nil
	}
}

// npmInstall installs pkg@version into the harness's cache (once) and
// returns its folder.
func npmInstall(e *env, pkg, version string) (string, error) {
	if _, err := exec.LookPath("npm"); err != nil {
		return "", errors.New("npm not found")
	}
	dir := filepath.Join(e.workDir, "npm", filepath.Base(pkg)+"-"+version)
	marker := filepath.Join(dir, "node_modules", filepath.FromSlash(pkg), "package.json")
	if _, err := os.Stat(marker); err == nil {
		return dir, nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	cmd := exec.Command("npm", "install", "--no-audit", "--no-fund", "--prefix", dir, pkg+"@"+version)
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("npm install %s@%s: %v\n%s", pkg, version, err, out)
	}
	return dir, nil
}

// wiremockVersion is the WireMock the issue compares with: the npm
// package's bundled jar.
const wiremockVersion = "3.13.2"

func prepareWireMock(e *env) error {
	if _, err := exec.LookPath("java"); err != nil {
		return errors.New("java not found")
	}
	dir, err := npmInstall(e, "wiremock", wiremockVersion)
	if err != nil {
		return err
	}
	e.wiremock = filepath.Join(dir, "node_modules", "wiremock", "build", "wiremock-standalone-"+wiremockVersion+".jar")
	if _, err := os.Stat(e.wiremock); err != nil {
		return fmt.Errorf("no bundled jar: %w", err)
	}
	return nil
}

// wiremockCmd serves one stub with wxmock's answer; the request journal is
// off and gzip too (the load sends no Accept-Encoding anyway).
func wiremockCmd(e *env, dir string, port int) (*exec.Cmd, error) {
	stub := map[string]any{
		"request": map[string]any{"method": "POST", "urlPath": "/promoter/getrole"},
		"response": map[string]any{
			"status":  200,
			"body":    string(e.answer.Body),
			"headers": map[string]string{"Content-Type": e.answer.ContentType},
		},
	}
	if err := writeJSON(filepath.Join(dir, "mappings", "getrole.json"), stub); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Join(dir, "__files"), 0o755); err != nil {
		return nil, err
	}
	return exec.Command("java", "-jar", e.wiremock, "--port", strconv.Itoa(port), "--bind-address", "127.0.0.1",
		"--root-dir", dir, "--no-request-journal", "--disable-banner", "--disable-gzip"), nil
}

func prepareMountebank(e *env) error {
	if _, err := exec.LookPath("node"); err != nil {
		return errors.New("node not found")
	}
	dir, err := npmInstall(e, "mountebank", "2.9.1")
	if err != nil {
		return err
	}
	e.mb = filepath.Join(dir, "node_modules", ".bin", "mb")
	return nil
}

// mountebankCmd starts mb with one imposter on port (mb's own API on a
// second free port). mb answers "Connection: close" unless told otherwise,
// so the stub says keep-alive, as the load expects.
func mountebankCmd(e *env, dir string, port int) (*exec.Cmd, error) {
	admin, err := freePort()
	if err != nil {
		return nil, err
	}
	cfg := map[string]any{"imposters": []any{map[string]any{
		"protocol": "http", "port": port, "host": "127.0.0.1", "recordRequests": false,
		"stubs": []any{map[string]any{
			"predicates": []any{map[string]any{"equals": map[string]any{"method": "POST", "path": "/promoter/getrole"}}},
			"responses": []any{map[string]any{"is": map[string]any{
				"statusCode": 200,
				"headers":    map[string]string{"Content-Type": e.answer.ContentType, "Connection": "keep-alive"},
				"body":       string(e.answer.Body),
			}}},
		}},
	}}}
	file := filepath.Join(dir, "imposters.json")
	if err := writeJSON(file, cfg); err != nil {
		return nil, err
	}
	cmd := exec.Command(e.mb, "start", "--port", strconv.Itoa(admin), "--host", "127.0.0.1", "--configfile", file,
		"--nologfile", "--loglevel", "warn", "--pidfile", filepath.Join(dir, "mb.pid"))
	cmd.Dir = dir
	return cmd, nil
}

func prepareMockoon(e *env) error {
	if _, err := exec.LookPath("node"); err != nil {
		return errors.New("node not found")
	}
	dir, err := npmInstall(e, "@mockoon/cli", "9.9.0")
	if err != nil {
		return err
	}
	e.mockoon = filepath.Join(dir, "node_modules", ".bin", "mockoon-cli")
	return nil
}

// mockoonCmd starts mockoon-cli on a minimal environment file (repaired by
// -r into a full one) with one route answering wxmock's bytes. Mockoon
// appends "; charset=utf-8" to the Content-Type.
func mockoonCmd(e *env, dir string, port int) (*exec.Cmd, error) {
	envFile := map[string]any{
		"uuid": "0b7e0e55-0000-4000-8000-000000000001", "lastMigration": 33, "name": "bench",
		"port": port, "hostname": "127.0.0.1",
		"routes": []any{map[string]any{
			"uuid": "0b7e0e55-0000-4000-8000-000000000002", "type": "http", "method": "post", "endpoint": "promoter/getrole",
			"responses": []any{map[string]any{
				"uuid": "0b7e0e55-0000-4000-8000-000000000003", "body": string(e.answer.Body), "statusCode": 200,
				"headers":  []any{map[string]string{"key": "Content-Type", "value": e.answer.ContentType}},
				"default":  true,
				"bodyType": "INLINE",
			}},
		}},
	}
	file := filepath.Join(dir, "environment.json")
	if err := writeJSON(file, envFile); err != nil {
		return nil, err
	}
	return exec.Command(e.mockoon, "start", "-d", file, "-r", "-X", "--disable-admin-api"), nil
}

func writeJSON(path string, v any) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, b, 0o644)
}
