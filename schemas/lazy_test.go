package schemas

import (
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/wxmock/wxmock/internal/jsonschema"
)

// TestLoadCompilesOnFirstUse: Load compiles nothing, and a validation
// compiles its own schema alone, so a server's first answer does not wait
// for every endpoint's schemas.
func TestLoadCompilesOnFirstUse(t *testing.T) {
	t.Parallel()
	s, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	if got := compiledNames(s); len(got) != 0 {
		t.Fatalf("compiled at load: %v", got)
	}
	doc, err := Decode([]byte(`{}`))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Validate("promoter/getrole", Request, doc); err != nil {
		t.Fatal(err)
	}
	if got := compiledNames(s); len(got) != 1 || got[0] != "promoter/getrole.request" {
		t.Fatalf("compiled after one validation: %v, want only promoter/getrole.request", got)
	}
}

func compiledNames(s *Set) []string {
	var out []string
	for _, name := range s.Names() {
		if s.entries[name].sch != nil {
			out = append(out, name)
		}
	}
	return out
}

// TestLoadDecodesOnFirstUse: Load reads no schema file, and a request's
// decoding and validation read the files that request's schema needs, not
// every endpoint's.
func TestLoadDecodesOnFirstUse(t *testing.T) {
	t.Parallel()
	s, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	if got := decodedFiles(s); len(got) != 0 {
		t.Fatalf("decoded at load: %v", got)
	}
	doc, _, err := s.DecodeRequest("promoter/getrole", []byte(`{}`))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Validate("promoter/getrole", Request, doc); err != nil {
		t.Fatal(err)
	}
	got := decodedFiles(s)
	if !slices.Contains(got, "promoter/getrole.request.json") {
		t.Errorf("decoded after one request: %v, want promoter/getrole.request.json among them", got)
	}
	if len(got) > 3 {
		t.Errorf("decoded %d of %d files after one request: %v", len(got), len(s.raw.files), got)
	}
}

// TestLoadFSReportsAFileThatDoesNotDecode: LoadFS decodes every file at
// once, so a broken one is an error there rather than a schema without
// annotations later.
func TestLoadFSReportsAFileThatDoesNotDecode(t *testing.T) {
	t.Parallel()
	fsys := fstest.MapFS{"common/broken.json": {Data: []byte(`{"type": `)}}
	if _, err := LoadFS(fsys); err == nil || !strings.Contains(err.Error(), "common/broken.json") {
		t.Errorf("LoadFS with a broken file: %v, want an error naming it", err)
	}
}

func decodedFiles(s *Set) []string {
	var out []string
	for url, f := range s.raw.files {
		if f.m != nil {
			out = append(out, strings.TrimPrefix(url, baseURL))
		}
	}
	slices.Sort(out)
	return out
}

// TestWarm compiles the request schemas it is given, and those alone; an
// endpoint it does not know is skipped.
func TestWarm(t *testing.T) {
	t.Parallel()
	s, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	s.Warm("cgi-bin/token", "no/such")
	if got := compiledNames(s); len(got) != 1 || got[0] != "cgi-bin/token.request" {
		t.Errorf("compiled after Warm: %v, want only cgi-bin/token.request", got)
	}
}

// TestOnlyLoadSkipsTheMetaschema: Load's compiler trusts the embedded
// files, which TestEmbeddedSchemasCompile checks through LoadFS, whose
// compiler checks every schema against the metaschema.
func TestOnlyLoadSkipsTheMetaschema(t *testing.T) {
	t.Parallel()
	s, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	full, err := LoadFS(Files())
	if err != nil {
		t.Fatal(err)
	}
	if !s.c.SkipMetaschema || full.c.SkipMetaschema {
		t.Errorf("SkipMetaschema: Load's %v, LoadFS's %v; want true, false", s.c.SkipMetaschema, full.c.SkipMetaschema)
	}
	bad := fstest.MapFS{"x/bad.request.json": {Data: []byte(`{"minLength": -1}`)}}
	if _, err := LoadFS(bad); err == nil || !strings.Contains(err.Error(), "must be >= 0") {
		t.Errorf("LoadFS of a schema the metaschema rejects: %v", err)
	}
}

// TestLoadNeverCompilesAMetaschema: a process that loads the embedded
// schemas, compiles every one and validates with them compiles no draft's
// metaschema (internal/jsonschema/README.md). It runs in a process of its
// own, since the package's other tests use LoadFS, which does.
func TestLoadNeverCompilesAMetaschema(t *testing.T) {
	if os.Getenv("WXMOCK_METASCHEMA_PROBE") == "1" {
		s, err := Load()
		if err != nil {
			t.Fatal(err)
		}
		if err := s.CompileAll(); err != nil {
			t.Fatal(err)
		}
		for _, body := range []string{`{"promoter_list":[{"openid":"xxxxx","role_id":0}]}`, `{"role_id":1}`} {
			doc, _, err := s.DecodeRequest("promoter/addpromoter", []byte(body))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := s.Validate("promoter/addpromoter", Request, doc); err != nil {
				t.Fatal(err)
			}
		}
		for _, d := range []*jsonschema.Draft{jsonschema.Draft4, jsonschema.Draft6, jsonschema.Draft7, jsonschema.Draft2019, jsonschema.Draft2020} {
			if d.MetaschemaCompiled() {
				t.Errorf("%s's metaschema was compiled", d)
			}
		}
		return
	}
	t.Parallel()
	cmd := exec.Command(os.Args[0], "-test.run=^TestLoadNeverCompilesAMetaschema$", "-test.count=1", "-test.v")
	cmd.Env = append(os.Environ(), "WXMOCK_METASCHEMA_PROBE=1")
	if out, err := cmd.CombinedOutput(); err != nil || !strings.Contains(string(out), "--- PASS") {
		t.Errorf("the probe process: %v\n%s", err, out)
	}
}
