package httpapi

import (
	"fmt"
	"reflect"

	"github.com/gorilla/mux"
)

// RouteTemplates lists the path templates the server serves, WeChat's
// from its table and the control API's read from the router itself: what
// the OpenAPI test holds the document to.
func (s *Server) RouteTemplates() []string {
	out := append([]string(nil), s.routing.paths...)
	_ = s.routing.admin().router.Walk(func(route *mux.Route, _ *mux.Router, _ []*mux.Route) error {
		if route.GetHandler() == nil {
			return nil // the control API's prefix: its subrouter holds the routes
		}
		if tpl, err := route.GetPathTemplate(); err == nil {
			out = append(out, tpl)
		}
		return nil
	})
	return out
}

// MemoIntact reports an error when a document of the memo of valid
// bodies of the endpoint at path is no longer what its body decodes to: a
// handler wrote to a call's body, which the calls that send the same bytes
// share.
func (s *Server) MemoIntact(path string) error {
	ep := s.routing.api[path]
	if ep == nil {
		return nil // not a WeChat endpoint: no memo
	}
	var err error
	s.valid[ep.id].bodies.Range(0, func(body string, doc any) bool {
		fresh, _, derr := s.schemas.DecodeRequest(ep.name, []byte(body))
		if derr != nil || !reflect.DeepEqual(doc, fresh) {
			err = fmt.Errorf("%s: the document remembered for %s is now %v, its body decodes to %v (%v)", ep.name, body, doc, fresh, derr)
			return false
		}
		return true
	})
	return err
}
