package httpapi

import (
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"github.com/wxmock/wxmock/internal/fixtures"
	"github.com/wxmock/wxmock/internal/sim"
)

type appWire struct {
	AppID      string   `json:"appid"`
	Secret     string   `json:"secret"`
	Name       string   `json:"name"`
	OriginalID string   `json:"original_id"`
	CreatedAt  int64    `json:"created_at,omitempty"`
	Push       sim.Push `json:"push"`
}

func (s *Server) listApps(*http.Request) (any, error) {
	apps, err := s.sim.Apps()
	out := make([]appWire, 0, len(apps))
	for _, a := range apps {
		out = append(out, appWire(a))
	}
	return map[string]any{"apps": out}, err
}

// putApp creates an app, or replaces an existing app's settings and keeps
// its data; omitted identifiers are generated.
func (s *Server) putApp(r *http.Request) (any, error) {
	var in appWire
	if err := decodeAdmin(r, 64<<10, &in); err != nil {
		return nil, err
	}
	app, err := s.sim.PutApp(sim.AppSpec{AppID: in.AppID, Secret: in.Secret, Name: in.Name, OriginalID: in.OriginalID, Push: in.Push})
	if err != nil {
		return nil, badRequest("%v", err)
	}
	return appWire(app), nil
}

type clockWire struct {
	Now    int64  `json:"now"`
	Time   string `json:"time"`
	Frozen bool   `json:"frozen"`
}

func (s *Server) clockNow() clockWire {
	now := s.sim.Now()
	return clockWire{Now: now.Unix(), Time: now.UTC().Format(time.RFC3339), Frozen: s.sim.Clock().Frozen()}
}

func (s *Server) getClock(*http.Request) (any, error) { return s.clockNow(), nil }

// maxAdvance bounds one step of the clock; a longer jump is a typo.
const maxAdvance = 10 * 365 * 24 * time.Hour

// setClock freezes or unfreezes the clock and may move it forward to now.
func (s *Server) setClock(r *http.Request) (any, error) {
	var in struct {
		Frozen *bool  `json:"frozen"`
		Now    *int64 `json:"now"`
	}
	if err := decodeAdmin(r, 4<<10, &in); err != nil {
		return nil, err
	}
	if in.Now != nil {
		d := time.Unix(*in.Now, 0).Sub(s.sim.Now().Truncate(time.Second))
		if d < 0 || d > maxAdvance {
			return nil, badRequest("now %d: the clock only moves forward, by at most ten years", *in.Now)
		}
		if _, err := s.sim.Advance(d); err != nil {
			return nil, err
		}
	}
	if in.Frozen != nil {
		if *in.Frozen {
			s.sim.Clock().Freeze(time.Time{})
		} else {
			s.sim.Clock().Unfreeze()
		}
	}
	return s.clockNow(), nil
}

// advanceClock moves the clock forward by {"seconds": N}.
func (s *Server) advanceClock(r *http.Request) (any, error) {
	var in struct {
		Seconds *float64 `json:"seconds"`
	}
	if err := decodeAdmin(r, 4<<10, &in); err != nil {
		return nil, err
	}
	if in.Seconds == nil || *in.Seconds <= 0 || *in.Seconds > maxAdvance.Seconds() {
		return nil, badRequest(`want {"seconds": N} with N above 0 and at most ten years`)
	}
	if _, err := s.sim.Advance(time.Duration(*in.Seconds * float64(time.Second))); err != nil {
		return nil, err
	}
	return s.clockNow(), nil
}

// listJournal answers ?appid=&path=&since=&limit=.
func (s *Server) listJournal(r *http.Request) (any, error) {
	q := r.URL.Query()
	f := Filter{AppID: q.Get("appid"), Path: q.Get("path")}
	var err error
	if v := q.Get("since"); v != "" {
		if f.Since, err = strconv.ParseUint(v, 10, 64); err != nil {
			return nil, badRequest("since: want a sequence number")
		}
	}
	if v := q.Get("limit"); v != "" {
		if f.Limit, err = strconv.Atoi(v); err != nil || f.Limit < 0 {
			return nil, badRequest("limit: want a whole number")
		}
	}
	return map[string]any{"entries": s.journal.List(f)}, nil
}

func (s *Server) clearJournal(*http.Request) (any, error) {
	s.journal.Clear()
	return map[string]string{"status": "cleared"}, nil
}

// authorize simulates a promoter accepting (1) or cancelling (2) the
// authorization, as the promoter would in WeChat.
func (s *Server) authorize(r *http.Request) (any, error) {
	var in struct {
		AppID      string `json:"appid"`
		OpenID     string `json:"openid"`
		AuthStatus *int   `json:"auth_status"`
	}
	if err := decodeAdmin(r, 4<<10, &in); err != nil {
		return nil, err
	}
	if in.OpenID == "" || in.AuthStatus == nil || *in.AuthStatus < 0 || *in.AuthStatus > 2 {
		return nil, badRequest(`want {"appid", "openid", "auth_status": 0, 1 or 2}`)
	}
	appid, err := s.knownApp(in.AppID)
	if err != nil {
		return nil, err
	}
	in.AppID = appid
	p, err := s.sim.Authorize(in.AppID, in.OpenID, *in.AuthStatus)
	if err != nil {
		return nil, domainError(err)
	}
	return map[string]any{"promoter": toPromoterWire(&p), "unionid": sim.UnionIDOf(p.OpenID)}, nil
}

// defaultAppID is DESIGN.md's default app.
func (s *Server) defaultAppID() string { return fixtures.DefaultAppID }

func (s *Server) getState(*http.Request) (any, error) { return s.sim.Export() }

func (s *Server) putState(r *http.Request) (any, error) {
	raw, err := readAdmin(r, adminStateLimit)
	if err != nil {
		return nil, err
	}
	st := new(sim.State)
	var head struct {
		Version *int `json:"version"`
	}
	if json.Unmarshal(raw, &head) == nil && head.Version != nil && *head.Version != sim.StateVersion {
		// An export of another version is upgraded as -state and -persist
		// upgrade theirs, or refused when newer than this wxmock.
		if st, err = sim.DecodeState(raw); err != nil {
			return nil, badRequest("%v", err)
		}
	} else if err := decodeAdminBytes(raw, st); err != nil {
		return nil, err
	}
	if err := s.sim.Replace(st); err != nil {
		return nil, badRequest("%v", err)
	}
	s.storeMemos.clear()
	s.roleMemos.clear()
	return map[string]string{"status": "replaced"}, nil
}
