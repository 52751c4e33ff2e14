package persist

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/wxmock/wxmock/internal/mock"
)

// Saver writes snapshots of a mock to one file when it has changed: every
// interval while it runs, and once more when it stops.
type Saver struct {
	path string
	m    *mock.Mock
	now  func() time.Time
	log  *slog.Logger

	mu      sync.Mutex // one save at a time
	saved   uint64     // the generation last written
	pending bool       // a save is due whatever the generation says

	stop context.CancelFunc
	done chan struct{}
}

// NewSaver returns a Saver of m to path. With loaded false (no file to
// start from) the first save is due at once, so that a -state seed or the
// default state is on disk from the first interval.
func NewSaver(path string, m *mock.Mock, loaded bool, now func() time.Time, log *slog.Logger) *Saver {
	return &Saver{path: path, m: m, now: now, log: log, saved: Generation(m), pending: !loaded}
}

// Save writes a snapshot if anything changed since the last one, and
// reports whether it wrote. On error the file keeps the last snapshot
// and the next Save tries again.
func (s *Saver) Save() (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	gen := Generation(s.m) // before the capture: a change during it is saved next time
	if gen == s.saved && !s.pending {
		return false, nil
	}
	snap, err := Capture(s.m, s.now())
	if err != nil {
		return false, err
	}
	data, err := Encode(snap)
	if err != nil {
		return false, err
	}
	if err := WriteFile(s.path, data); err != nil {
		return false, err
	}
	s.saved, s.pending = gen, false
	return true, nil
}

// Start saves every interval, in the background, until Stop.
func (s *Saver) Start(interval time.Duration) {
	ctx, cancel := context.WithCancel(context.Background())
	s.stop, s.done = cancel, make(chan struct{})
	go func() {
		defer close(s.done)
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				if _, err := s.Save(); err != nil {
					s.log.Error("saving the state failed; the file keeps the last snapshot, and the next save tries again",
						"persist", s.path, "err", err)
				}
			}
		}
	}()
}

// Stop ends the background saves and saves a last time: call it after
// the server stopped taking requests and before the mock is closed, which
// gives up the pushes still queued.
func (s *Saver) Stop() error {
	if s.stop != nil {
		s.stop()
		<-s.done
	}
	_, err := s.Save()
	return err
}
