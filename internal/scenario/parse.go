package scenario

import (
	"fmt"
	"path/filepath"
	"strconv"
)

// ParseFile reads the scenarios of a file with a new Parser; see
// Parser.Parse.
func ParseFile(path string) ([]*Scenario, error) {
	p, err := NewParser()
	if err != nil {
		return nil, err
	}
	return p.ParseFile(path)
}

// Parse reads the scenarios of data with a new Parser; see Parser.Parse.
func Parse(name string, data []byte) ([]*Scenario, error) {
	p, err := NewParser()
	if err != nil {
		return nil, err
	}
	return p.Parse(name, data)
}

// LoadDir reads the scenarios below dir with a new Parser; see
// Parser.LoadDir.
func LoadDir(dir string) ([]*Scenario, error) {
	p, err := NewParser()
	if err != nil {
		return nil, err
	}
	return p.LoadDir(dir)
}

// ParseFile reads the scenarios of a file; see Parse. The file may be a
// pipe, as the one of a shell's <(command), but no more than MaxFileSize
// of it is read: a larger file is a *ParseError. Another error reading the
// file is returned as it is, not as a *ParseError.
func (p *Parser) ParseFile(path string) ([]*Scenario, error) {
	data, err := readNamed(path, MaxFileSize)
	if err != nil {
		return nil, err
	}
	return p.Parse(path, data)
}

// Parse reads the scenarios of data, named name in errors and in each
// Scenario's File. A name ending in .json is read as JSON: one scenario, or
// an array of them. Anything else is YAML: one scenario, or several as
// documents separated by "---" (or a document that is a list of them).
//
// Every error is a *ParseError, the first one in the file: a syntax error,
// a schema violation, or a value the schema cannot judge alone (a date
// that does not exist, a count range upside down, an undefined variable,
// two scenarios with one name).
func (p *Parser) Parse(name string, data []byte) ([]*Scenario, error) {
	ps, err := p.parse(name, data)
	if err != nil {
		return nil, err
	}
	if err := duplicates(ps); err != nil {
		return nil, err
	}
	return scenarios(ps), nil
}

// LoadDir reads every *.yaml, *.yml and *.json file below dir, in lexical
// order of their paths, and returns their scenarios in that order. Hidden
// files and directories (".git") are left out, and so are the files that a
// scenario names as its state_file. Two scenarios with one name are an
// error. Errors of several files are joined; each is a *ParseError.
//
// Only regular files (or links to them) of at most MaxFileSize are read:
// anything else under a scenario's name, such as a named pipe, is a bad
// file, refused without opening it. Leaving it out instead would drop its
// scenarios from the run without a word.
func (p *Parser) LoadDir(dir string) ([]*Scenario, error) {
	scs, bad, err := p.LoadDirAll(dir)
	if err != nil {
		return nil, err
	}
	if len(bad) > 0 {
		return nil, joinBad(bad)
	}
	return scs, nil
}

func clean(path string) string {
	if abs, err := filepath.Abs(path); err == nil {
		return abs
	}
	return filepath.Clean(path)
}

// parsed is a scenario with the place of its name, for duplicate names.
type parsed struct {
	s         *Scenario
	ptr       string
	line, col int
}

func scenarios(ps []parsed) []*Scenario {
	out := make([]*Scenario, len(ps))
	for i, r := range ps {
		out[i] = r.s
	}
	return out
}

func (p *Parser) parse(file string, data []byte) ([]parsed, error) {
	docs, err := readDocs(file, data)
	if err != nil {
		return nil, err
	}
	var out []parsed
	for _, doc := range docs {
		prefixes := []string{""}
		if doc.kind == sequenceNode {
			prefixes = prefixes[:0]
			for i := range doc.items {
				prefixes = append(prefixes, "/"+strconv.Itoa(i))
			}
		}
		for _, prefix := range prefixes {
			if err := p.check(file, doc, prefix); err != nil {
				return nil, err
			}
			s, err := (&builder{file: file, doc: doc, prefix: prefix, endpoints: p.endpoints, columns: p.columns}).scenario()
			if err != nil {
				return nil, err
			}
			name, _, _ := doc.find(prefix + "/name")
			out = append(out, parsed{s: s, ptr: prefix, line: name.line, col: name.col})
		}
	}
	if len(out) == 0 {
		return nil, &ParseError{File: file, Msg: "no scenario in the file"}
	}
	return out, nil
}

// duplicates reports the second scenario that takes a name already taken.
func duplicates(ps []parsed) error {
	first := map[string]parsed{}
	for _, r := range ps {
		if f, ok := first[r.s.Name]; ok {
			where := fmt.Sprintf("%s:%d", f.s.File, f.line)
			if f.s.File == r.s.File {
				where = fmt.Sprintf("line %d", f.line)
			}
			return &ParseError{File: r.s.File, Line: r.line, Column: r.col, Pointer: r.ptr + "/name",
				Msg: fmt.Sprintf("duplicate scenario name %q (first at %s)", r.s.Name, where)}
		}
		first[r.s.Name] = r
	}
	return nil
}
