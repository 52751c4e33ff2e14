package persist

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"time"

	"github.com/wxmock/wxmock/internal/mock"
)

// Read reads and decodes the snapshot at path; a file that does not exist
// is (nil, nil), a fresh start. Every other error names the file.
func Read(path string) (*Snapshot, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err // names the file already
	}
	s, err := Decode(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return s, nil
}

// Apply makes o start where s left off, at real time now: s's state (o's
// Initial stays what reset returns to), its pending pushes and its clock.
// A frozen clock stands where it stood; a running one has run on by the
// real time since the save, as the real service's time does while wxmock
// is down. o.FrozenClock (-freeze-clock) still freezes a running one. A
// fixed o.Seed is mixed with the time of the save, so that the tokens and
// ids drawn after a restart are not those drawn, and stored, before it.
func Apply(s *Snapshot, o *mock.Options, now time.Time) {
	if o.Seed != 0 {
		o.Seed ^= uint64(s.SavedAt.UnixNano())
	}
	o.Start = s.State
	q := s.Pushes
	o.Pushes = &q
	o.ClockStart = s.Clock.Now
	if s.Clock.Frozen {
		o.FrozenClock = true
		return
	}
	if since := now.Sub(s.SavedAt); since > 0 {
		o.ClockStart = o.ClockStart.Add(since)
	}
}
