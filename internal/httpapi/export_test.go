package httpapi

import "github.com/gorilla/mux"

// RouteTemplates lists the path templates the router serves, WeChat's and
// the control API's, read from the router itself: what the OpenAPI test
// holds the document to.
func (s *Server) RouteTemplates() []string {
	var out []string
	_ = s.router.Walk(func(route *mux.Route, _ *mux.Router, _ []*mux.Route) error {
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
