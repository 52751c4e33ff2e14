package sim

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
)

// Migration rewrites a JSON document of version From into version From+1,
// in place, on its generic form (json.Unmarshal into map[string]any): the
// next change of a document's shape adds one, so that files written by an
// older wxmock still load.
type Migration struct {
	From  int
	Apply func(doc map[string]any) error
}

// stateMigrations is the path from every older state version to
// StateVersion, one step a version, in order. Version 1 is the first: there
// is nothing to migrate yet. The next change of State's shape bumps
// StateVersion and adds {From: 1, Apply: ...} here.
func stateMigrations() []Migration { return nil }

// Migrate brings doc, whose version is the number under key, to version to
// by applying steps in order, and sets key to each new version. A version
// newer than to is refused, since this binary cannot know that shape, and
// so is an older one that steps cannot reach to from.
func Migrate(doc map[string]any, key string, to int, steps []Migration) error {
	v, err := docVersion(doc, key)
	if err != nil {
		return err
	}
	if v > to {
		return fmt.Errorf("version %d is newer than this wxmock reads (%d): use a newer wxmock", v, to)
	}
	for v < to {
		i := indexOfStep(steps, v)
		if i < 0 {
			return fmt.Errorf("version %d is older than any this wxmock can migrate (it reads %d)", v, to)
		}
		if err := steps[i].Apply(doc); err != nil {
			return fmt.Errorf("migrating version %d to %d: %w", v, v+1, err)
		}
		v++
		doc[key] = v
	}
	return nil
}

func indexOfStep(steps []Migration, from int) int {
	for i, s := range steps {
		if s.From == from {
			return i
		}
	}
	return -1
}

// docVersion reads doc[key]: a missing version is 0, the version before
// versions were written.
func docVersion(doc map[string]any, key string) (int, error) {
	raw, ok := doc[key]
	if !ok || raw == nil {
		return 0, nil
	}
	switch n := raw.(type) {
	case float64:
		if n == float64(int(n)) && n >= 0 {
			return int(n), nil
		}
	case int:
		if n >= 0 {
			return n, nil
		}
	}
	return 0, fmt.Errorf("%q is %v, want a whole number", key, raw)
}

// DecodeState reads a state document, such as a GET /__wxmock/state export,
// strictly (an unknown field is an error), after migrating it from an older
// version. It does not check the rows: Replace does.
func DecodeState(data []byte) (*State, error) {
	return decodeState(data, StateVersion, stateMigrations())
}

func decodeState(data []byte, to int, steps []Migration) (*State, error) {
	var head struct {
		Version *int `json:"version"`
	}
	// A current document, the usual case, goes straight to the strict
	// decoder; an older or newer one, or one that is not JSON (whose
	// error this reports), takes the generic form.
	if err := json.Unmarshal(data, &head); err != nil || head.Version == nil || *head.Version != to {
		var doc map[string]any
		if err := json.Unmarshal(data, &doc); err != nil {
			return nil, fmt.Errorf("state: %w", err)
		}
		if doc == nil {
			return nil, errors.New("state: null, want a state document")
		}
		if err := Migrate(doc, "version", to, steps); err != nil {
			return nil, fmt.Errorf("state: %w", err)
		}
		var err error
		if data, err = json.Marshal(doc); err != nil {
			return nil, fmt.Errorf("state: %w", err)
		}
	}
	var st State
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&st); err != nil {
		return nil, fmt.Errorf("state: %w", err)
	}
	return &st, nil
}
