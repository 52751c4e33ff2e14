package httpapi

import "github.com/gorilla/mux"

// RouteTemplates lists the path templates the server serves, WeChat's
// from its table and the control API's read from the router itself: what
// the OpenAPI test holds the document to.
func (s *Server) RouteTemplates() []string {
	out := append([]string(nil), s.routing.paths...)
	_ = s.routing.admin.Walk(func(route *mux.Route, _ *mux.Router, _ []*mux.Route) error {
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
