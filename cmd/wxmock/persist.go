package main

import (
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"time"

	"github.com/wxmock/wxmock/internal/mock"
	"github.com/wxmock/wxmock/internal/persist"
)

// persistConfig is what -persist and -snapshot-interval set.
type persistConfig struct {
	file     string
	interval time.Duration
}

func (c *persistConfig) register(fs *flag.FlagSet) {
	fs.StringVar(&c.file, "persist", "", "keep the state, the clock and the pushes still to deliver in this file: loaded at start if it exists (it then wins over -state), saved atomically when something changed, every -snapshot-interval and at shutdown")
	fs.DurationVar(&c.interval, "snapshot-interval", 30*time.Second, "with -persist, how often to save the state when something changed")
}

func (c *persistConfig) check() error {
	if c.interval <= 0 {
		return errors.New("-snapshot-interval must be positive")
	}
	return nil
}

// persister is run's part of -persist; a nil one does nothing.
type persister struct {
	file     string
	interval time.Duration
	loaded   bool
	log      *slog.Logger
	saver    *persist.Saver
}

// loadPersist makes opts start from the -persist file when it exists. A
// file that cannot be read whole stops the start, and is left as it is:
// wxmock never starts empty over a user's data.
func loadPersist(c persistConfig, opts *mock.Options) (*persister, error) {
	if c.file == "" {
		return nil, nil
	}
	p := &persister{file: c.file, interval: c.interval, log: opts.Logger}
	removed, err := persist.RemoveStale(c.file)
	if err != nil {
		return nil, fmt.Errorf("-persist %s: %w", c.file, err)
	}
	for _, name := range removed {
		p.log.Info("removed the temporary file of a save that a crash interrupted", "file", name)
	}
	snap, err := persist.Read(c.file)
	if err != nil {
		return nil, fmt.Errorf("-persist %w (the file is left as it is: repair it, or move it away to start afresh)", err)
	}
	if snap == nil {
		p.log.Info("no snapshot yet: starting afresh", "persist", c.file)
		return p, nil
	}
	persist.Apply(snap, opts, time.Now())
	p.loaded = true
	p.log.Info("restored the snapshot", "persist", c.file, "saved_at", snap.SavedAt, "clock", snap.Clock.Now,
		"frozen", snap.Clock.Frozen, "pending_pushes", len(snap.Pushes.Pending))
	return p, nil
}

// wrap names the file in an error of mock.New: the rows of a snapshot's
// state are checked there.
func (p *persister) wrap(err error) error {
	if p == nil || !p.loaded {
		return err
	}
	return fmt.Errorf("-persist %s: %w (the file is left as it is: repair it, or move it away to start afresh)", p.file, err)
}

// start saves at once when there was no file, so that a directory it
// cannot write to stops the start, then every interval.
func (p *persister) start(m *mock.Mock) error {
	if p == nil {
		return nil
	}
	p.saver = persist.NewSaver(p.file, m, p.loaded, time.Now, p.log)
	if _, err := p.saver.Save(); err != nil {
		return fmt.Errorf("-persist %s: %w", p.file, err)
	}
	p.saver.Start(p.interval)
	return nil
}

// stop saves a last time.
func (p *persister) stop() error {
	if p == nil || p.saver == nil {
		return nil
	}
	if err := p.saver.Stop(); err != nil {
		return fmt.Errorf("-persist %s: saving at shutdown: %w", p.file, err)
	}
	p.log.Info("saved the snapshot", "persist", p.file)
	return nil
}
