package mock

import (
	"log/slog"
	"time"

	"github.com/wxmock/wxmock/internal/fixtures"
	"github.com/wxmock/wxmock/internal/httpapi"
	"github.com/wxmock/wxmock/internal/sim"
	"github.com/wxmock/wxmock/schemas"
)

// Options configure a Mock; the zero value is the default server.
type Options struct {
	// Initial is the state to start from and to reset to; nil means the
	// embedded default state.
	Initial *sim.State
	// Seed makes identifiers repeatable; 0 draws a seed from the real clock.
	Seed uint64
	// ClockStart is where the virtual clock starts; zero means now.
	ClockStart time.Time
	// FrozenClock stops the clock until it is advanced or unfrozen.
	FrozenClock bool
	// RealTime is the real time source; nil means time.Now. Tests inject it.
	RealTime       func() time.Time
	Logger         *slog.Logger
	JournalSize    int
	MaxBody        int64
	CheckResponses bool
}

// Mock is an assembled simulator and its HTTP handler.
type Mock struct {
	Sim  *sim.Sim
	HTTP *httpapi.Server
}

// New assembles a Mock.
func New(o Options) (*Mock, error) {
	if o.RealTime == nil {
		o.RealTime = time.Now
	}
	if o.Seed == 0 {
		o.Seed = uint64(o.RealTime().UnixNano())
	}
	initial := func() (*sim.State, error) {
		if o.Initial != nil {
			return o.Initial, nil
		}
		return fixtures.DefaultState()
	}
	st, err := initial()
	if err != nil {
		return nil, err
	}
	set, err := schemas.Load()
	if err != nil {
		return nil, err
	}
	clock := sim.NewVirtualClock(o.RealTime, o.ClockStart, o.FrozenClock)
	s, err := sim.New(clock, sim.NewRandom(o.Seed), st)
	if err != nil {
		return nil, err
	}
	h, err := httpapi.New(httpapi.Config{
		Sim: s, Schemas: set, Initial: initial, Logger: o.Logger,
		JournalSize: o.JournalSize, MaxBody: o.MaxBody, CheckResponses: o.CheckResponses,
	})
	if err != nil {
		return nil, err
	}
	return &Mock{Sim: s, HTTP: h}, nil
}
