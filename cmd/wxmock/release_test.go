package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"gopkg.in/yaml.v3"
)

// goreleaser is the part of .goreleaser.yaml that the test reads.
type goreleaser struct {
	Version int `yaml:"version"`
	Builds  []struct {
		ID      string   `yaml:"id"`
		Main    string   `yaml:"main"`
		Binary  string   `yaml:"binary"`
		Env     []string `yaml:"env"`
		Flags   []string `yaml:"flags"`
		Ldflags []string `yaml:"ldflags"`
		Goos    []string `yaml:"goos"`
		Goarch  []string `yaml:"goarch"`
	} `yaml:"builds"`
	Archives []struct {
		IDs             []string `yaml:"ids"`
		Formats         []string `yaml:"formats"`
		FormatOverrides []struct {
			Goos    string   `yaml:"goos"`
			Formats []string `yaml:"formats"`
		} `yaml:"format_overrides"`
		Files []string `yaml:"files"`
	} `yaml:"archives"`
	Checksum struct {
		NameTemplate string `yaml:"name_template"`
	} `yaml:"checksum"`
}

// TestGoreleaserConfig: .goreleaser.yaml (which CI does not run) parses,
// and releases both commands for the six targets that .ci/run builds,
// static, without ldflags that the code does not read, with the README
// and every licence.
func TestGoreleaserConfig(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile(filepath.Join("..", "..", ".goreleaser.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var cfg goreleaser
	dec := yaml.NewDecoder(strings.NewReader(string(data)))
	if err := dec.Decode(&cfg); err != nil {
		t.Fatalf(".goreleaser.yaml: %v", err)
	}
	if cfg.Version != 2 {
		t.Errorf("version %d, want 2", cfg.Version)
	}
	wantTargets := []string{"darwin/amd64", "darwin/arm64", "linux/amd64", "linux/arm64", "windows/amd64", "windows/arm64"}
	var ids, mains []string
	for _, b := range cfg.Builds {
		ids, mains = append(ids, b.ID), append(mains, b.Main+" -> "+b.Binary)
		var targets []string
		for _, goos := range b.Goos {
			for _, goarch := range b.Goarch {
				targets = append(targets, goos+"/"+goarch)
			}
		}
		slices.Sort(targets)
		if d := cmp.Diff(wantTargets, targets); d != "" {
			t.Errorf("build %s: targets mismatch (-want +got):\n%s", b.ID, d)
		}
		if !slices.Contains(b.Env, "CGO_ENABLED=0") || !slices.Contains(b.Flags, "-trimpath") {
			t.Errorf("build %s: env %q, flags %q; want CGO_ENABLED=0 and -trimpath", b.ID, b.Env, b.Flags)
		}
		// Without ldflags, GoReleaser sets -X main.version and others,
		// which nothing reads: the version comes from debug.ReadBuildInfo.
		if d := cmp.Diff([]string{"-s -w"}, b.Ldflags); d != "" {
			t.Errorf("build %s: ldflags mismatch (-want +got):\n%s", b.ID, d)
		}
		if _, err := os.Stat(filepath.Join("..", "..", b.Main, "main.go")); err != nil {
			t.Errorf("build %s: main %q: %v", b.ID, b.Main, err)
		}
	}
	if d := cmp.Diff([]string{"./cmd/wxmock -> wxmock", "./cmd/contract -> contract"}, mains); d != "" {
		t.Errorf("builds mismatch (-want +got):\n%s", d)
	}
	if len(cfg.Archives) != 1 {
		t.Fatalf("%d archives, want 1", len(cfg.Archives))
	}
	a := cfg.Archives[0]
	if d := cmp.Diff(ids, a.IDs); d != "" {
		t.Errorf("archive ids mismatch (-want +got):\n%s", d)
	}
	if len(a.FormatOverrides) != 1 || a.FormatOverrides[0].Goos != "windows" || !slices.Equal(a.FormatOverrides[0].Formats, []string{"zip"}) || !slices.Equal(a.Formats, []string{"tar.gz"}) {
		t.Errorf("archive formats %q, overrides %+v; want tar.gz, and zip for windows", a.Formats, a.FormatOverrides)
	}
	if cfg.Checksum.NameTemplate == "" {
		t.Error("no checksum file")
	}
	// Every licence of code compiled in ships with the binaries: wxmock's
	// and that of its copy of jsonschema (Apache-2.0 asks for it).
	for _, f := range []string{"README.md", "LICENSE", "internal/jsonschema/LICENSE"} {
		if !slices.Contains(a.Files, f) {
			t.Errorf("archive files %q: no %s", a.Files, f)
		}
		if _, err := os.Stat(filepath.Join("..", "..", f)); err != nil {
			t.Errorf("archive file %s: %v", f, err)
		}
	}

	// CI builds the same targets.
	run, err := os.ReadFile(filepath.Join("..", "..", ".ci", "run"))
	if err != nil {
		t.Fatal(err)
	}
	var ciTargets []string
	for _, line := range strings.Split(string(run), "\n") {
		if list, ok := strings.CutPrefix(line, "for target in "); ok {
			list, _, _ = strings.Cut(list, ";")
			ciTargets = strings.Fields(list)
		}
	}
	if d := cmp.Diff(wantTargets, ciTargets); d != "" {
		t.Errorf(".ci/run's targets mismatch (-want +got):\n%s", d)
	}
}
