package httpapi

import (
	"context"
	"fmt"
	"net/http"
	"sync"

	"github.com/gorilla/mux"
	"github.com/wxmock/wxmock/internal/openapi"
	"github.com/wxmock/wxmock/schemas"
)

// routing is what every Server of a process shares: the route tables,
// built once (sharedRouting) and never changed afterwards. Its handlers
// are not closures over a Server: a WeChat endpoint's handle takes the
// Server, and the control API's handlers find theirs in the request's
// context (serverOf). So a new Server costs its mutable parts only, not a
// router with a regular expression per route.
type routing struct {
	// api holds the WeChat endpoints by path: a map lookup, where a
	// router would try a regular expression per route.
	api map[string]*endpoint
	// endpoints are the WeChat endpoints in the order routes lists them;
	// an endpoint's id is its index.
	endpoints []*endpoint
	// paths are the WeChat endpoints' paths, in that order.
	paths []string
	// wechat describes them for the OpenAPI document.
	wechat []openapi.Endpoint
	// admin is the control API, built at its first call (buildAdmin): a
	// router with a regular expression per route, which most starts
	// never need before their first WeChat request.
	admin func() *adminRouting
	// openAPI is the OpenAPI document without servers, built at its
	// first request and kept: it depends on nothing a Server holds.
	openAPI func() (map[string]any, error)
}

// sharedRouting returns the process's routing, built at the first call.
var sharedRouting = sync.OnceValue(buildRouting)

// buildRouting builds the route tables.
func buildRouting() *routing {
	rt := &routing{api: map[string]*endpoint{}}
	for i, e := range routes() {
		ep := e.ep
		ep.id = i
		rt.api[e.path] = &ep
		rt.endpoints = append(rt.endpoints, &ep)
		rt.paths = append(rt.paths, e.path)
		rt.wechat = append(rt.wechat, ep.openAPI(e.path))
	}
	rt.admin = sync.OnceValue(buildAdmin)
	rt.openAPI = sync.OnceValues(rt.buildOpenAPI)
	return rt
}

// adminRouting is the control API's routes.
type adminRouting struct {
	// router routes the paths under adminPrefix, and answers any other
	// as wxmock answers a path it does not serve.
	router *mux.Router
	// calls lists the control API for GET /__wxmock/, sorted.
	calls []adminCall
}

// buildAdmin builds the control API's routes.
func buildAdmin() *adminRouting {
	a := &adminRouting{router: mux.NewRouter()}
	a.router.SkipClean(true)
	a.calls = adminRoutes(a.router.PathPrefix(adminPrefix).Subrouter())
	a.router.NotFoundHandler = http.HandlerFunc(notFound)
	a.router.MethodNotAllowedHandler = http.HandlerFunc(notFound)
	return a
}

// checkSchemas reports an endpoint without the schemas it needs in set: a
// failing check stops start-up. It reads no schema file: whether a request
// schema's "x-in" agrees with its route is a property of the embedded
// files, which TestRoutesAgreeWithSchemas checks.
func (rt *routing) checkSchemas(set *schemas.Set) error {
	for _, ep := range rt.endpoints {
		if !set.Has(ep.name, schemas.Request) || !set.Has(ep.name, schemas.Response) {
			return fmt.Errorf("httpapi: endpoint %s has no request or response schema", ep.name)
		}
	}
	return nil
}

// serverKey is the context key of the Server a request reached.
type serverKey struct{}

// withServer returns r carrying s, for the shared router's handlers.
func withServer(r *http.Request, s *Server) *http.Request {
	return r.WithContext(context.WithValue(r.Context(), serverKey{}, s))
}

// serverOf returns the Server that r reached (withServer).
func serverOf(r *http.Request) *Server { return r.Context().Value(serverKey{}).(*Server) }

// notFound is the shared router's answer to a path it does not serve.
func notFound(w http.ResponseWriter, r *http.Request) { serverOf(r).notFound(w, r) }
