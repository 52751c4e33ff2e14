package schemas

import "testing"

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
