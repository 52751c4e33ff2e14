package persist

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/wxmock/wxmock/internal/mock"
	"github.com/wxmock/wxmock/internal/push"
	"github.com/wxmock/wxmock/internal/sim"
)

// The format marker and version of a snapshot document. The state inside
// has its own version (sim.StateVersion) and migrations; Version counts
// the shape of the wrapper.
const (
	Format  = "wxmock-snapshot"
	Version = 1
)

// snapshotMigrations is the path from every older wrapper version to
// Version, as sim's state migrations are: empty while version 1 is the only
// one. The next change of Snapshot's shape bumps Version and adds a step.
func snapshotMigrations() []sim.Migration { return nil }

// Snapshot is the document of a -persist file: a whole wxmock at one moment.
type Snapshot struct {
	Format  string `json:"format"`
	Version int    `json:"version"`
	// SavedAt is the real time of the save: a running clock goes on from
	// Clock.Now by the real time that passed since.
	SavedAt time.Time  `json:"saved_at"`
	Clock   Clock      `json:"clock"`
	Pushes  push.Queue `json:"pushes"`
	State   *sim.State `json:"state"`
}

// Clock is the virtual clock of a snapshot.
type Clock struct {
	Now    time.Time `json:"now"`
	Frozen bool      `json:"frozen"`
}

// Capture takes a snapshot of m at real time now. The state is read first
// and the pushes last: a push raised in between is then both in the
// queue and due again in the state, and may be sent twice after a restart,
// rather than lost.
func Capture(m *mock.Mock, now time.Time) (*Snapshot, error) {
	st, err := m.Sim.Export()
	if err != nil {
		return nil, err
	}
	clock, frozen := m.Sim.Clock().Reading()
	return &Snapshot{Format: Format, Version: Version, SavedAt: now, Clock: Clock{Now: clock, Frozen: frozen},
		Pushes: m.Pushes.Queue(), State: st}, nil
}

// Generation changes whenever m's state, clock or pushes may have changed
// in a way real time does not explain: a save is needed only then.
func Generation(m *mock.Mock) uint64 {
	return m.Sim.Generation() + m.Sim.Clock().Generation() + m.Pushes.Generation()
}

// Encode is the file's bytes.
func Encode(s *Snapshot) ([]byte, error) {
	data, err := json.Marshal(s)
	return append(data, '\n'), err
}

// wire is a snapshot as read, its state left for sim.DecodeState to
// migrate and check.
type wire struct {
	Format  string          `json:"format"`
	Version int             `json:"version"`
	SavedAt time.Time       `json:"saved_at"`
	Clock   Clock           `json:"clock"`
	Pushes  push.Queue      `json:"pushes"`
	State   json.RawMessage `json:"state"`
}

// Decode reads a snapshot whole: a document cut short, of another format,
// of a version this binary does not know or missing a part is an error.
// The state's rows are checked when a mock is built from it.
func Decode(data []byte) (*Snapshot, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, errors.New("the file is empty")
	}
	var head map[string]json.RawMessage
	if err := json.Unmarshal(data, &head); err != nil {
		return nil, fmt.Errorf("not a whole JSON document (truncated or corrupt?): %w", err)
	}
	if err := checkFormat(head); err != nil {
		return nil, err
	}
	if v := string(head["version"]); v != fmt.Sprint(Version) {
		var doc map[string]any
		if err := json.Unmarshal(data, &doc); err != nil {
			return nil, err
		}
		if err := sim.Migrate(doc, "version", Version, snapshotMigrations()); err != nil {
			return nil, fmt.Errorf("snapshot %w", err)
		}
		var err error
		if data, err = json.Marshal(doc); err != nil {
			return nil, err
		}
	}
	var w wire
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&w); err != nil {
		return nil, fmt.Errorf("snapshot: %w", err)
	}
	switch {
	case w.SavedAt.IsZero():
		return nil, errors.New("snapshot: no saved_at")
	case w.Clock.Now.IsZero():
		return nil, errors.New("snapshot: no clock.now")
	case len(w.State) == 0 || string(w.State) == "null":
		return nil, errors.New("snapshot: no state")
	}
	st, err := sim.DecodeState(w.State)
	if err != nil {
		return nil, err
	}
	return &Snapshot{Format: w.Format, Version: Version, SavedAt: w.SavedAt, Clock: w.Clock, Pushes: w.Pushes, State: st}, nil
}

// checkFormat tells a snapshot from other JSON, and a state export given
// where a snapshot belongs from anything else.
func checkFormat(head map[string]json.RawMessage) error {
	var format string
	if raw, ok := head["format"]; ok {
		if err := json.Unmarshal(raw, &format); err != nil {
			return fmt.Errorf("format: %w", err)
		}
	}
	switch {
	case format == Format:
		return nil
	case format == "" && head["apps"] != nil:
		return errors.New("a state export (GET /__wxmock/state), not a snapshot: give it as -state, and -persist another file")
	default:
		return fmt.Errorf("format %q, want %q: not a wxmock snapshot", format, Format)
	}
}
