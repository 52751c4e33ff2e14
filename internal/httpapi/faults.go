package httpapi

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/wxmock/wxmock/internal/sim"
)

// FaultSpec is a scripted failure as POST /__wxmock/faults takes it: which
// calls it matches, what it does to them, and on which of them.
type FaultSpec struct {
	// Path is an exact path, a prefix ending in "*", or "*" for every
	// WeChat endpoint.
	Path string `json:"path"`
	// AppID limits the fault to calls whose access_token belongs to that
	// app; a call without a valid token has no app and does not match.
	AppID string `json:"appid,omitempty"`
	// The effects: at most one of ErrCode, Drop, Malformed and HTML, which
	// answer the call instead of its handler, and a delay before that.
	ErrCode   *int   `json:"errcode,omitempty"`
	ErrMsg    string `json:"errmsg,omitempty"`
	LatencyMS int    `json:"latency_ms,omitempty"`
	Drop      bool   `json:"drop,omitempty"`
	Malformed bool   `json:"malformed,omitempty"`
	HTML      bool   `json:"html,omitempty"`
	// The schedule: Times caps how often the fault applies; Every applies
	// it to every Nth matching call; Probability to each matching call with
	// that chance, drawn from a generator seeded with Seed. Without Every
	// or Probability it applies to every matching call.
	Times       *int     `json:"times,omitempty"`
	Every       *int     `json:"every,omitempty"`
	Probability *float64 `json:"probability,omitempty"`
	Seed        *int64   `json:"seed,omitempty"`
}

// maxFaultLatency bounds a scripted delay: longer than any client's timeout.
const maxFaultLatency = 60000

// check reports the first thing wrong with a spec, in words for the caller.
// The path and the app are checked by the admin call, which knows them.
func (f *FaultSpec) check() error {
	answers := 0
	for _, set := range []bool{f.ErrCode != nil, f.Drop, f.Malformed, f.HTML} {
		if set {
			answers++
		}
	}
	switch {
	case answers > 1:
		return fmt.Errorf("errcode, drop, malformed and html are exclusive: give at most one")
	case f.ErrCode != nil && *f.ErrCode == 0:
		return fmt.Errorf("errcode: 0 is success; a fault answers an error")
	case f.ErrMsg != "" && f.ErrCode == nil:
		return fmt.Errorf("errmsg needs errcode")
	case f.LatencyMS < 0 || f.LatencyMS > maxFaultLatency:
		return fmt.Errorf("latency_ms: want 0 to %d", maxFaultLatency)
	case answers == 0 && f.LatencyMS == 0:
		return fmt.Errorf("a fault needs an effect: errcode, latency_ms, drop, malformed or html")
	case f.Times != nil && *f.Times < 1:
		return fmt.Errorf("times: want 1 or more")
	case f.Every != nil && *f.Every < 1:
		return fmt.Errorf("every: want 1 or more")
	case f.Every != nil && f.Probability != nil:
		return fmt.Errorf("every and probability are exclusive")
	case f.Probability != nil && !(*f.Probability >= 0 && *f.Probability <= 1):
		return fmt.Errorf("probability: want 0 to 1")
	case f.Seed != nil && f.Probability == nil:
		return fmt.Errorf("seed needs probability")
	}
	return nil
}

// matches reports whether a call to path by appid is one the fault is for.
func (f *FaultSpec) matches(path, appid string) bool {
	if f.AppID != "" && f.AppID != appid {
		return false
	}
	if prefix, ok := strings.CutSuffix(f.Path, "*"); ok {
		return strings.HasPrefix(path, prefix)
	}
	return path == f.Path
}

// describe is the journal note of the fault's effect.
func (f *FaultSpec) describe() string {
	var parts []string
	if f.LatencyMS > 0 {
		parts = append(parts, fmt.Sprintf("latency %dms", f.LatencyMS))
	}
	switch {
	case f.ErrCode != nil:
		parts = append(parts, fmt.Sprintf("errcode %d", *f.ErrCode))
	case f.Drop:
		parts = append(parts, "dropped the connection")
	case f.Malformed:
		parts = append(parts, "malformed JSON")
	case f.HTML:
		parts = append(parts, "HTML error page (502)")
	}
	return strings.Join(parts, ", ")
}

// answers reports whether the fault answers the call instead of its handler.
func (f *FaultSpec) answers() bool { return f.ErrCode != nil || f.Drop || f.Malformed || f.HTML }

// Fault is a scripted failure in force, with its counters.
type Fault struct {
	ID int `json:"id"`
	FaultSpec
	// Calls counts the matching calls seen, Hits the calls it applied to.
	Calls int `json:"calls"`
	Hits  int `json:"hits"`
	// Spent is set when Times is reached: the fault applies no more.
	Spent bool `json:"spent,omitempty"`

	rng *sim.Random
}

// fires decides whether the fault applies to the matching call just
// counted. A probability is drawn on every matching call until the fault is
// spent, so the pattern depends only on the seed and the calls.
func (f *Fault) fires() bool {
	switch {
	case f.Spent:
		return false
	case f.Every != nil:
		return f.Calls%*f.Every == 0
	case f.Probability != nil:
		return uint64(f.rng.Uint32()) < uint64(*f.Probability*(1<<32))
	}
	return true
}

// FaultEffect is what the faults that fired do to one call.
type FaultEffect struct {
	// Delay is the sum of the delays of the faults that fired.
	Delay time.Duration
	// Answer is the spec of the fault that answers the call, nil when the
	// call runs its handler after the delay.
	Answer *FaultSpec
	// Notes describe each fault that fired, for the journal.
	Notes []string
}

// Faults is the set of scripted failures in force, safe for concurrent use.
// The zero value holds none.
type Faults struct {
	mu     sync.Mutex
	list   []*Fault
	nextID int
	// n is len(list), stored after each change under mu: a call asks
	// whether any fault is in force without taking the lock.
	n atomic.Int32
}

// MaxFaults is how many faults may be in force at once: every call is
// matched against each of them, so the list must stay short.
const MaxFaults = 1000

// Add puts a checked spec in force and returns it with its id; false when
// MaxFaults are in force already.
func (fs *Faults) Add(spec FaultSpec) (Fault, bool) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	if len(fs.list) >= MaxFaults {
		return Fault{}, false
	}
	fs.nextID++
	f := &Fault{ID: fs.nextID, FaultSpec: spec}
	if spec.Seed != nil {
		f.rng = sim.NewRandom(uint64(*spec.Seed))
	}
	fs.list = append(fs.list, f)
	fs.n.Store(int32(len(fs.list)))
	return *f, true
}

// List returns the faults in force, oldest first.
func (fs *Faults) List() []Fault {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	out := make([]Fault, 0, len(fs.list))
	for _, f := range fs.list {
		out = append(out, *f)
	}
	return out
}

// Delete removes the fault id and returns it as it last was.
func (fs *Faults) Delete(id int) (Fault, bool) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	for i, f := range fs.list {
		if f.ID == id {
			fs.list = append(fs.list[:i:i], fs.list[i+1:]...)
			fs.n.Store(int32(len(fs.list)))
			return *f, true
		}
	}
	return Fault{}, false
}

// Clear removes every fault; ids start again from 1, so that a reset run
// repeats exactly.
func (fs *Faults) Clear() {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	fs.list, fs.nextID = nil, 0
	fs.n.Store(0)
}

// empty reports whether no fault is in force, so that the adapter skips
// looking up the caller's app.
func (fs *Faults) empty() bool { return fs.n.Load() == 0 }

// Match counts a call to path by appid against every fault and returns
// what the faults that fire do to it, or nil. Faults are tried oldest
// first: every one that matches counts the call; of those that fire, each
// delay applies, and the first that answers answers the call. A later
// answering fault that would fire is not applied and keeps its times.
func (fs *Faults) Match(path, appid string) *FaultEffect {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	var eff *FaultEffect
	for _, f := range fs.list {
		if !f.matches(path, appid) {
			continue
		}
		f.Calls++
		if !f.fires() || (f.answers() && eff != nil && eff.Answer != nil) {
			continue
		}
		f.Hits++
		if f.Times != nil && f.Hits >= *f.Times {
			f.Spent = true
		}
		if eff == nil {
			eff = &FaultEffect{}
		}
		eff.Delay += time.Duration(f.LatencyMS) * time.Millisecond
		eff.Notes = append(eff.Notes, fmt.Sprintf("fault %d: %s", f.ID, f.describe()))
		if f.answers() {
			spec := f.FaultSpec
			eff.Answer = &spec
		}
	}
	return eff
}

// malformedBody is the answer of a malformed fault: a success envelope cut
// off, as a proxy that loses the connection half-way leaves it.
const malformedBody = `{"errcode":0,"errmsg":"o`

// gatewayPage is the answer of an html fault: the page nginx, in front of
// api.weixin.qq.com, serves when the service behind it fails.
const gatewayPage = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n" +
	"<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"

// injectFault applies the faults that fire on a call, before its token is
// checked, so that a scripted 42001 comes even with a valid token. It
// reports whether the call is done; when it is not, the call runs as usual.
func (s *Server) injectFault(w http.ResponseWriter, ep endpoint, c *call, start time.Time) bool {
	if s.faults.empty() {
		return false
	}
	r := c.r
	var appid string
	if !ep.public {
		appid, _ = s.sim.AuthenticateAt(r.URL.Query().Get("access_token"), c.now)
	}
	eff := s.faults.Match(r.URL.Path, appid)
	if eff == nil {
		return false
	}
	c.entry.AppID = appid
	c.entry.Notes = append(c.entry.Notes, eff.Notes...)
	if eff.Delay > 0 {
		// Real time, not the virtual clock: the client waits for it. The
		// request's context ends the wait when the client gives up.
		t := time.NewTimer(eff.Delay)
		select {
		case <-t.C:
			c.now = s.sim.Now() // the token is checked when the delay ends
		case <-r.Context().Done():
			t.Stop()
			c.note("the client went away during the delay: %v", context.Cause(r.Context()))
			s.finish(c.entry, start)
			return true
		}
	}
	a := eff.Answer
	if a == nil {
		return false
	}
	if !ep.query && !ep.multipart {
		raw, _ := io.ReadAll(io.LimitReader(r.Body, s.cfg.MaxBody))
		c.entry.Request = clip(raw)
	}
	switch {
	case a.ErrCode != nil:
		s.respond(w, ep, c, nil, &sim.APIError{Code: *a.ErrCode, Msg: a.ErrMsg}, start)
	case a.Malformed:
		s.writeFault(w, c.entry, http.StatusOK, "application/json; encoding=utf-8", malformedBody, start)
	case a.HTML:
		s.writeFault(w, c.entry, http.StatusBadGateway, "text/html", gatewayPage, start)
	case a.Drop:
		// Journal first: a client that sees the connection close may read
		// the journal at once.
		s.finish(c.entry, start)
		conn, _, err := http.NewResponseController(w).Hijack()
		if err != nil {
			// HTTP/2, or a writer without a connection: the server resets
			// the stream or closes the connection on this panic.
			panic(http.ErrAbortHandler)
		}
		_ = conn.Close()
	}
	return true
}

// writeFault writes a faulted answer that is not WeChat's envelope.
func (s *Server) writeFault(w http.ResponseWriter, entry *Entry, status int, contentType, body string, start time.Time) {
	w.Header().Set("Content-Type", contentType)
	w.WriteHeader(status)
	_, _ = io.WriteString(w, body)
	entry.Status, entry.Response = status, clipString(body)
	s.finish(entry, start)
}
