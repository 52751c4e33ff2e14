package httpapi

import (
	"fmt"
	"net/http"

	"github.com/gorilla/mux"
	"github.com/wxmock/wxmock/schemas"
)

// endpoint describes one WeChat API route.
type endpoint struct {
	name   string // schema name, such as "promoter/addpromoter"
	method string // the method WeChat requires; "" takes GET and POST
	// public endpoints need no access_token (the token endpoints).
	public bool
	// query endpoints read their parameters from the query string.
	query bool
	// formIsEmpty treats a body that is not JSON as an object without
	// fields, as stable_token does (a form-encoded body is answered 41002
	// "appid missing" in replies reported on WeChat's developer community).
	formIsEmpty bool
	handle      func(c *call) (any, error)
}

// routes lists every WeChat endpoint, one line each.
func (s *Server) routes(r *mux.Router) error {
	eps := []struct {
		path string
		ep   endpoint
	}{
		// REFERENCE.md "Tokens and media"; GET is documented, POST with the
		// same query is accepted by WeChat too.
		{"/cgi-bin/token", endpoint{name: "cgi-bin/token", public: true, query: true, handle: s.token}},
		{"/cgi-bin/stable_token", endpoint{name: "cgi-bin/stable_token", method: http.MethodPost, public: true, formIsEmpty: true, handle: s.stableToken}},
		// Role management (REFERENCE.md, "The promoter family").
		{"/promoter/addrole", endpoint{name: "promoter/addrole", method: http.MethodPost, handle: s.addRole}},
		{"/promoter/getrole", endpoint{name: "promoter/getrole", method: http.MethodPost, handle: s.getRole}},
		{"/promoter/updaterole", endpoint{name: "promoter/updaterole", method: http.MethodPost, handle: s.updateRole}},
		// Seed 000: I. declare, II. inquire, III. modify.
		{"/promoter/addpromoter", endpoint{name: "promoter/addpromoter", method: http.MethodPost, handle: s.addPromoter}},
		{"/promoter/getpromoter", endpoint{name: "promoter/getpromoter", method: http.MethodPost, handle: s.getPromoter}},
		{"/promoter/updatepromoter", endpoint{name: "promoter/updatepromoter", method: http.MethodPost, handle: s.updatePromoter}},
	}
	for _, e := range eps {
		if !s.schemas.Has(e.ep.name, schemas.Request) || !s.schemas.Has(e.ep.name, schemas.Response) {
			return fmt.Errorf("httpapi: endpoint %s has no request or response schema", e.ep.name)
		}
		r.Path(e.path).Handler(s.adapt(e.ep))
	}
	return nil
}
