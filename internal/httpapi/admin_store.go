package httpapi

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/gorilla/mux"
	"github.com/wxmock/wxmock/internal/fixtures"
	"github.com/wxmock/wxmock/internal/push"
	"github.com/wxmock/wxmock/internal/sim"
)

// listAudits answers GET /__wxmock/audits?appid=&state=. A state other
// than pending or resolved is a 400: it would select nothing, and a
// misspelt filter answered with an empty list reads as "no audits".
func (s *Server) listAudits(r *http.Request) (any, error) {
	q := r.URL.Query()
	switch st := q.Get("state"); st {
	case "", sim.AuditPending, sim.AuditResolved:
	default:
		return nil, badRequest("state: %q is neither %q nor %q", st, sim.AuditPending, sim.AuditResolved)
	}
	as, err := s.sim.Audits(sim.AuditFilter{AppID: q.Get("appid"), State: q.Get("state")})
	if as == nil {
		as = []sim.Audit{}
	}
	return map[string]any{"audits": as}, err
}

// statusOutcomes maps the status a push would carry to an outcome, per kind
// (seed 001: the merchant 1/3/4, a map POI 0/1, a store or its pictures 1/3).
var statusOutcomes = map[string]map[int]string{
	sim.AuditMerchant: {1: sim.OutcomePass, 3: sim.OutcomeFail, 4: sim.OutcomeReject},
	sim.AuditMapPOI:   {0: sim.OutcomePass, 1: sim.OutcomeFail},
	sim.AuditStore:    {1: sim.OutcomePass, 3: sim.OutcomeFail},
	sim.AuditPictures: {1: sim.OutcomePass, 3: sim.OutcomeFail},
}

// resolveAudit answers POST /__wxmock/audits/{audit_id}/resolve with
// {"status": N, "reason"} (status as the audit's push writes it) or
// {"outcome": "pass"|"fail"|"reject", "reason"}.
func (s *Server) resolveAudit(r *http.Request) (any, error) {
	id, err := strconv.ParseUint(mux.Vars(r)["audit_id"], 10, 64)
	if err != nil {
		return nil, &adminError{http.StatusNotFound, "no such audit"}
	}
	var in struct {
		Status  *int   `json:"status"`
		Outcome string `json:"outcome"`
		Reason  string `json:"reason"`
	}
	if err := decodeAdmin(r, 8<<10, &in); err != nil {
		return nil, err
	}
	outcome := in.Outcome
	if in.Status != nil {
		audits, err := s.sim.Audits(sim.AuditFilter{})
		if err != nil {
			return nil, err
		}
		for _, a := range audits {
			if a.AuditID == id {
				var ok bool
				if outcome, ok = statusOutcomes[a.Kind][*in.Status]; !ok {
					return nil, badRequest("status %d is not a result of a %s audit", *in.Status, a.Kind)
				}
			}
		}
	}
	if outcome == "" {
		outcome = sim.OutcomePass
	}
	a, err := s.sim.ResolveAudit(id, outcome, in.Reason)
	switch {
	case errors.Is(err, sim.ErrAuditNotFound):
		return nil, &adminError{http.StatusNotFound, err.Error()}
	case errors.Is(err, sim.ErrAuditResolved):
		return nil, &adminError{http.StatusConflict, err.Error()}
	case errors.Is(err, sim.ErrBadOutcome):
		return nil, badRequest("%v", err)
	case err != nil:
		return nil, err
	}
	return map[string]any{"audit": a}, nil
}

// listPushes answers GET /__wxmock/pushes?appid=&since=: every push with
// every delivery attempt.
func (s *Server) listPushes(r *http.Request) (any, error) {
	q := r.URL.Query()
	f := push.Filter{AppID: q.Get("appid")}
	if v := q.Get("since"); v != "" {
		var err error
		if f.Since, err = strconv.ParseUint(v, 10, 64); err != nil {
			return nil, badRequest("since: want a push id")
		}
	}
	ps := s.cfg.Pushes.List(f)
	if ps == nil {
		ps = []push.Push{}
	}
	return map[string]any{"pushes": ps}, nil
}

// flushPushes answers POST /__wxmock/pushes/flush {"timeout_seconds": N}:
// it returns once no push is queued or being delivered (408 after N
// seconds, 10 by default), so a test can wait for its pushes.
func (s *Server) flushPushes(r *http.Request) (any, error) {
	var in struct {
		TimeoutSeconds float64 `json:"timeout_seconds"`
	}
	if err := decodeAdmin(r, 4<<10, &in); err != nil {
		return nil, err
	}
	if in.TimeoutSeconds <= 0 || in.TimeoutSeconds > 600 {
		in.TimeoutSeconds = 10
	}
	ctx, cancel := context.WithTimeout(r.Context(), time.Duration(in.TimeoutSeconds*float64(time.Second)))
	defer cancel()
	if err := s.cfg.Pushes.Flush(ctx); err != nil {
		return nil, &adminError{http.StatusRequestTimeout, "pushes still pending: " + err.Error()}
	}
	return map[string]string{"status": "flushed"}, nil
}

// putLegacyStore answers POST /__wxmock/legacy_stores: a store of the old
// store manager for an app to migrate (appid defaults to the default app).
func (s *Server) putLegacyStore(r *http.Request) (any, error) {
	var in sim.LegacyStore
	if err := decodeAdmin(r, 64<<10, &in); err != nil {
		return nil, err
	}
	if in.AppID == "" {
		in.AppID = fixtures.DefaultAppID
	}
	if in.BaseInfo == nil {
		in.BaseInfo = map[string]any{}
	}
	if err := s.sim.PutLegacyStore(in); err != nil {
		var apiErr *sim.APIError
		if errors.As(err, &apiErr) && apiErr == sim.ErrInvalidAppID {
			return nil, &adminError{http.StatusNotFound, "no such app " + in.AppID}
		}
		return nil, badRequest(`want {"appid"?, "poi_id", "mapid", "upgrade_status": 0 to 4, "upgrade_comment"?, "base_info"?} with a poi_id no other app holds`)
	}
	return map[string]any{"legacy_store": in}, nil
}
