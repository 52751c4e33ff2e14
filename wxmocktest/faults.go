package wxmocktest

import (
	"net/http"
	"strconv"
	"testing"
	"time"
)

// FaultOptions script a failure of WeChat endpoints (POST /__wxmock/faults;
// README's "Scripted failures"). A zero field is left out.
type FaultOptions struct {
	// Path is an exact path ("/promoter/getpromoter"), a prefix ending in
	// "*" ("/wxa/*"), or "*" or empty for every WeChat endpoint.
	Path string
	// AppID limits the fault to the calls of that app's access_token.
	AppID string
	// The effect: at most one of ErrCode (with ErrMsg, or the errcode's
	// own text), Drop (the connection closes unanswered), Malformed (a
	// cut-off JSON body) and HTML (a gateway's HTTP 502 page); Latency,
	// alone or before one of them, waits that long in real time, in whole
	// milliseconds (rounded down), up to a minute.
	ErrCode   int
	ErrMsg    string
	Latency   time.Duration
	Drop      bool
	Malformed bool
	HTML      bool
	// The schedule: Times applies the fault that many times, then it is
	// spent; Every applies it to every Nth matching call; Probability
	// (0 to 1) to each matching call by chance, drawn from a generator
	// seeded with Seed (0: wxmock draws a seed and Fault returns it).
	// Without Every or Probability, every matching call.
	Times       int
	Every       int
	Probability float64
	Seed        int64
}

// Fault is a fault in force, as wxmock holds it.
type Fault struct {
	// ID names the fault for RemoveFault and in the journal's notes
	// ("fault 1: errcode 45011").
	ID int
	FaultOptions
	// Calls counts the matching calls, Hits the calls the fault applied
	// to; Spent is set once Times is reached.
	Calls int
	Hits  int
	Spent bool
}

// faultWire is a fault as the admin API encodes it.
type faultWire struct {
	ID          int      `json:"id,omitempty"`
	Path        string   `json:"path,omitempty"`
	AppID       string   `json:"appid,omitempty"`
	ErrCode     *int     `json:"errcode,omitempty"`
	ErrMsg      string   `json:"errmsg,omitempty"`
	LatencyMS   int      `json:"latency_ms,omitempty"`
	Drop        bool     `json:"drop,omitempty"`
	Malformed   bool     `json:"malformed,omitempty"`
	HTML        bool     `json:"html,omitempty"`
	Times       *int     `json:"times,omitempty"`
	Every       *int     `json:"every,omitempty"`
	Probability *float64 `json:"probability,omitempty"`
	Seed        *int64   `json:"seed,omitempty"`
	Calls       int      `json:"calls,omitempty"`
	Hits        int      `json:"hits,omitempty"`
	Spent       bool     `json:"spent,omitempty"`
}

// wire is the admin API's body for o.
func (o FaultOptions) wire() faultWire {
	w := faultWire{Path: o.Path, AppID: o.AppID, ErrMsg: o.ErrMsg, LatencyMS: int(o.Latency / time.Millisecond),
		Drop: o.Drop, Malformed: o.Malformed, HTML: o.HTML}
	set := func(n int) *int {
		if n == 0 {
			return nil
		}
		return &n
	}
	w.ErrCode, w.Times, w.Every = set(o.ErrCode), set(o.Times), set(o.Every)
	if o.Probability != 0 {
		w.Probability = &o.Probability
	}
	if o.Seed != 0 {
		w.Seed = &o.Seed
	}
	return w
}

// fault is the Fault that w encodes.
func (w faultWire) fault() Fault {
	f := Fault{ID: w.ID, Calls: w.Calls, Hits: w.Hits, Spent: w.Spent, FaultOptions: FaultOptions{Path: w.Path, AppID: w.AppID,
		ErrMsg: w.ErrMsg, Latency: time.Duration(w.LatencyMS) * time.Millisecond, Drop: w.Drop, Malformed: w.Malformed, HTML: w.HTML}}
	get := func(p *int) int {
		if p == nil {
			return 0
		}
		return *p
	}
	f.ErrCode, f.Times, f.Every = get(w.ErrCode), get(w.Times), get(w.Every)
	if w.Probability != nil {
		f.Probability = *w.Probability
	}
	if w.Seed != nil {
		f.Seed = *w.Seed
	}
	return f
}

// Fault puts a scripted failure in force and returns it with its ID and
// the defaults wxmock filled in (the errmsg, a drawn seed). It fails tb if
// wxmock refuses the options, saying why.
func (s *Server) Fault(tb testing.TB, o FaultOptions) Fault {
	tb.Helper()
	var out struct {
		Fault faultWire `json:"fault"`
	}
	if err := s.Admin(http.MethodPost, "/faults", o.wire(), &out); err != nil {
		fatal(tb, "adding a fault", err)
	}
	return out.Fault.fault()
}

// Faults returns the faults in force, oldest first, with their counts.
func (s *Server) Faults(tb testing.TB) []Fault {
	tb.Helper()
	var out struct {
		Faults []faultWire `json:"faults"`
	}
	if err := s.Admin(http.MethodGet, "/faults", nil, &out); err != nil {
		fatal(tb, "listing the faults", err)
	}
	faults := make([]Fault, 0, len(out.Faults))
	for _, w := range out.Faults {
		faults = append(faults, w.fault())
	}
	return faults
}

// RemoveFault takes the fault id out of force and returns it as it last
// was, with its counts. It fails tb if there is no such fault.
func (s *Server) RemoveFault(tb testing.TB, id int) Fault {
	tb.Helper()
	var out struct {
		Fault faultWire `json:"fault"`
	}
	if err := s.Admin(http.MethodDelete, "/faults/"+strconv.Itoa(id), nil, &out); err != nil {
		fatal(tb, "removing fault "+strconv.Itoa(id), err)
	}
	return out.Fault.fault()
}
