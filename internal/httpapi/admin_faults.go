package httpapi

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/gorilla/mux"
	"github.com/wxmock/wxmock/internal/sim"
)

// faultFallbackMsg is the errmsg of a scripted errcode that is not in the
// catalogue and comes without one: WeChat's generic text.
const faultFallbackMsg = "system error"

// addFault answers POST faults: the spec, checked and completed with its
// defaults, goes in force.
func (s *Server) addFault(r *http.Request) (any, error) {
	var spec FaultSpec
	if err := decodeAdmin(r, 16<<10, &spec); err != nil {
		return nil, err
	}
	if err := spec.check(); err != nil {
		return nil, badRequest("%v", err)
	}
	if err := s.checkFaultTarget(&spec); err != nil {
		return nil, err
	}
	if spec.ErrCode != nil && spec.ErrMsg == "" {
		spec.ErrMsg = sim.ErrorFor(*spec.ErrCode, faultFallbackMsg).Msg
	}
	if spec.Probability != nil && spec.Seed == nil {
		// Drawn from the server's own seeded source and shown in the
		// answer, so that a run can be repeated with it.
		seed := int64(s.sim.Random().Uint32())
		spec.Seed = &seed
	}
	f, ok := s.faults.Add(spec)
	if !ok {
		return nil, &adminError{http.StatusConflict, fmt.Sprintf("%d faults are in force already; delete some first", MaxFaults)}
	}
	return map[string]Fault{"fault": f}, nil
}

// checkFaultTarget checks the spec's path and app: the path must reach at
// least one WeChat endpoint, so that a typo does not leave a fault that
// never fires, and the app must exist.
func (s *Server) checkFaultTarget(spec *FaultSpec) error {
	if spec.Path == "" {
		spec.Path = "*"
	}
	p := spec.Path
	prefix, isPrefix := strings.CutSuffix(p, "*")
	switch {
	case strings.Contains(prefix, "*") || (p != "*" && !strings.HasPrefix(p, "/")):
		return badRequest(`path: want "*", an exact path such as "/promoter/getpromoter" or a prefix such as "/wxa/*"`)
	case strings.HasPrefix(p, adminPrefix):
		return badRequest("path: admin calls are never faulted")
	}
	paths := s.apiPaths()
	if isPrefix && !slices.ContainsFunc(paths, func(q string) bool { return strings.HasPrefix(q, prefix) }) {
		return badRequest("path: no WeChat endpoint starts with %s", prefix)
	}
	if !isPrefix && !slices.Contains(paths, p) {
		return badRequest("path: wxmock serves no %s", p)
	}
	if spec.AppID != "" {
		apps, err := s.sim.Apps()
		if err != nil {
			return err
		}
		if !slices.ContainsFunc(apps, func(a sim.App) bool { return a.AppID == spec.AppID }) {
			return badRequest("appid: no app %s", spec.AppID)
		}
	}
	return nil
}

// apiPaths lists the paths of the WeChat endpoints the server serves.
func (s *Server) apiPaths() []string { return s.routing.paths }

func (s *Server) listFaults(*http.Request) (any, error) {
	return map[string][]Fault{"faults": s.faults.List()}, nil
}

func (s *Server) clearFaults(*http.Request) (any, error) {
	s.faults.Clear()
	return map[string]string{"status": "cleared"}, nil
}

// deleteFault answers DELETE faults/{id} with the fault as it last was.
func (s *Server) deleteFault(r *http.Request) (any, error) {
	id, err := strconv.Atoi(mux.Vars(r)["id"])
	if err == nil {
		if f, ok := s.faults.Delete(id); ok {
			return map[string]Fault{"fault": f}, nil
		}
	}
	return nil, &adminError{http.StatusNotFound, "no such fault"}
}
