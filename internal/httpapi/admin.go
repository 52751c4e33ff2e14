package httpapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"sort"
	"strings"
	"time"

	"github.com/gorilla/mux"
	"github.com/wxmock/wxmock/internal/sim"
	"github.com/wxmock/wxmock/internal/ui"
)

// adminPrefix is the reserved prefix of the control API; WeChat has no path
// under it.
const adminPrefix = "/__wxmock"

// adminStateLimit bounds a PUT state body: two apps of 50,000 promoters
// export to about 40 MB.
const adminStateLimit = 512 << 20

// adminHandler is a control endpoint of the Server a request reached: it
// returns a value to encode as JSON, or an error, and never writes the
// response itself.
type adminHandler func(s *Server, r *http.Request) (any, error)

// adminError is a control API error: an HTTP status and a message, answered
// as {"error": message}.
type adminError struct {
	Status int
	Msg    string
}

func (e *adminError) Error() string { return e.Msg }

func badRequest(format string, args ...any) error {
	return &adminError{http.StatusBadRequest, fmt.Sprintf(format, args...)}
}

// adminRoutes lists the control API, one line per path (DESIGN.md,
// Interface contract). Each path is registered once and dispatches on the
// method itself: gorilla/mux v1.8.1 answers a method mismatch inside a
// subrouter as "not found" (gorilla/mux#751), and a wrong method is a 405.
// The routes are built once per process, at the first control call
// (routing); adminRoutes returns the calls for GET /__wxmock/, sorted.
func adminRoutes(r *mux.Router) []adminCall {
	var calls []adminCall
	add := func(path string, m methods) {
		for method := range m {
			calls = append(calls, adminCall{Method: method, Path: adminPrefix + path})
		}
		r.Path(path).Handler(m)
	}
	add("/health", methods{http.MethodGet: (*Server).health})
	add("/reset", methods{http.MethodPost: (*Server).reset})
	add("/apps", methods{http.MethodGet: (*Server).listApps, http.MethodPost: (*Server).putApp})
	add("/clock", methods{http.MethodGet: (*Server).getClock, http.MethodPost: (*Server).setClock})
	add("/clock/advance", methods{http.MethodPost: (*Server).advanceClock})
	add("/journal", methods{http.MethodGet: (*Server).listJournal, http.MethodDelete: (*Server).clearJournal})
	add("/promoters/authorize", methods{http.MethodPost: (*Server).authorize})
	add("/promoters/receive", methods{http.MethodPost: (*Server).msgReceive})
	add("/promoters/clicks", methods{http.MethodPost: (*Server).clicks})
	add("/promoters/messages/{msg_id}/fail_info", methods{http.MethodGet: (*Server).msgFailInfo})
	add("/promoters/relations", methods{http.MethodPost: (*Server).addRelations})
	add("/promoters/orders", methods{http.MethodPost: (*Server).putOrders})
	add("/state", methods{http.MethodGet: (*Server).getState, http.MethodPut: (*Server).putState})
	add("/audits", methods{http.MethodGet: (*Server).listAudits})
	add("/audits/{audit_id}/resolve", methods{http.MethodPost: (*Server).resolveAudit})
	add("/pushes", methods{http.MethodGet: (*Server).listPushes})
	add("/pushes/flush", methods{http.MethodPost: (*Server).flushPushes})
	add("/faults", methods{http.MethodGet: (*Server).listFaults, http.MethodPost: (*Server).addFault, http.MethodDelete: (*Server).clearFaults})
	add("/faults/{id}", methods{http.MethodDelete: (*Server).deleteFault})
	add("/legacy_stores", methods{http.MethodPost: (*Server).putLegacyStore})
	add("/openapi.json", methods{http.MethodGet: (*Server).openAPIDoc})
	sort.Slice(calls, func(i, j int) bool {
		a, b := calls[i], calls[j]
		return a.Path < b.Path || (a.Path == b.Path && a.Method < b.Method)
	})
	r.Path("/").Handler(methods{http.MethodGet: (*Server).listAdminCalls})
	// The dashboard (internal/ui): static files that call the API above
	// from the browser; they hold no data, so they need no admin token.
	dashboard := ui.Handler(adminPrefix + "/ui")
	r.Path("/ui").Handler(dashboard)
	r.PathPrefix("/ui/").Handler(dashboard)
	r.NotFoundHandler = http.HandlerFunc(notFound)
	return calls
}

// adminCall is one method and path of the control API, as GET /__wxmock/
// lists them.
type adminCall struct {
	Method string `json:"method"`
	Path   string `json:"path"`
}

// listAdminCalls answers GET /__wxmock/: every control call.
func (s *Server) listAdminCalls(*http.Request) (any, error) {
	return map[string]any{"calls": s.routing.admin().calls}, nil
}

// methods maps the HTTP methods of one control path to their handlers.
type methods map[string]adminHandler

// ServeHTTP serves a control call on the Server it reached (serverOf).
func (m methods) ServeHTTP(w http.ResponseWriter, r *http.Request) { serverOf(r).admin(w, r, m) }

// dispatch picks the handler of r's method, or answers 405 with Allow.
func (m methods) dispatch(s *Server, w http.ResponseWriter, r *http.Request) (any, error) {
	if h, ok := m[r.Method]; ok {
		return h(s, r)
	}
	allow := make([]string, 0, len(m))
	for method := range m {
		allow = append(allow, method)
	}
	sort.Strings(allow)
	w.Header().Set("Allow", strings.Join(allow, ", "))
	return nil, &adminError{http.StatusMethodNotAllowed, fmt.Sprintf("%s is not allowed on %s; use %s", r.Method, r.URL.Path, strings.Join(allow, " or "))}
}

// admin answers a control call with m: JSON out, {"error"} with a 4xx
// status for a bad call, and a log line per call. Control calls are not
// journaled: the journal is what clients sent.
func (s *Server) admin(w http.ResponseWriter, r *http.Request, m methods) {
	start := time.Now()
	val, err := func() (val any, err error) {
		defer func() {
			if p := recover(); p != nil {
				s.log.Error("admin panic", "path", r.URL.Path, "panic", p)
				err = fmt.Errorf("panic: %v", p)
			}
		}()
		if err := s.guardAdmin(w, r); err != nil {
			return nil, err
		}
		return m.dispatch(s, w, r)
	}()
	status := http.StatusOK
	if err != nil {
		var ae *adminError
		if !errors.As(err, &ae) {
			ae = &adminError{http.StatusInternalServerError, err.Error()}
		}
		status, val = ae.Status, map[string]string{"error": ae.Msg}
	}
	body, encErr := encode(val)
	if encErr != nil {
		status, body = http.StatusInternalServerError, []byte(`{"error":"encode failed"}`)
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(body)
	s.log.Info("admin", "method", r.Method, "path", r.URL.Path, "status", status, "duration", time.Since(start))
}

// decodeAdmin reads a control call's JSON body into v, strictly: unknown
// fields (matched exactly, not in any case as encoding/json would) and
// trailing data are errors, so a typo never passes silently.
func decodeAdmin(r *http.Request, limit int64, v any) error {
	raw, err := readAdmin(r, limit)
	if err != nil {
		return err
	}
	return decodeAdminBytes(raw, v)
}

// readAdmin reads an admin call's body, at most limit bytes; an empty body
// reads as {}.
func readAdmin(r *http.Request, limit int64) ([]byte, error) {
	raw, err := io.ReadAll(io.LimitReader(r.Body, limit+1))
	if err != nil {
		return nil, badRequest("reading the body: %v", err)
	}
	if int64(len(raw)) > limit {
		return nil, badRequest("body larger than %d bytes", limit)
	}
	if len(bytes.TrimSpace(raw)) == 0 {
		raw = []byte("{}")
	}
	return raw, nil
}

// decodeAdminBytes decodes raw into v strictly: no unknown or miscased
// key, nothing after the value.
func decodeAdminBytes(raw []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return badRequest("body: %v", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return badRequest("body: data after the JSON value")
	}
	if err := exactKeys(raw, reflect.TypeOf(v)); err != nil {
		return badRequest("body: %v", err)
	}
	return nil
}

// domainError turns a simulator error into a control API error.
func domainError(err error) error {
	var apiErr *sim.APIError
	switch {
	case err == nil:
		return nil
	case errors.Is(err, sim.ErrDataNotExist):
		return &adminError{http.StatusNotFound, "no such promoter"}
	case errors.Is(err, sim.ErrPromoterNotReady):
		return &adminError{http.StatusConflict, "the promoter's declaration is cancelled; it cannot accept"}
	case errors.As(err, &apiErr):
		return badRequest("%s", apiErr.Msg)
	}
	return err
}

func (s *Server) health(*http.Request) (any, error) {
	apps, err := s.sim.Apps()
	return map[string]any{"status": "ok", "now": s.sim.Now().Unix(), "apps": len(apps)}, err
}

func (s *Server) reset(*http.Request) (any, error) {
	st, err := s.cfg.Initial()
	if err != nil {
		return nil, err
	}
	if err := s.sim.Replace(st); err != nil {
		return nil, err
	}
	s.journal.Clear()
	s.faults.Clear()
	s.storeMemos.clear()
	s.roleMemos.clear()
	return map[string]string{"status": "reset"}, nil
}
