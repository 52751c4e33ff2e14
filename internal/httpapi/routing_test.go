package httpapi

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/wxmock/wxmock/schemas"
)

// TestRoutesAgreeWithSchemas: every WeChat endpoint has both schemas among
// the embedded ones, and its route and its request schema agree on where
// the parameters are; a route that says otherwise is caught.
func TestRoutesAgreeWithSchemas(t *testing.T) {
	set, err := schemas.Load()
	if err != nil {
		t.Fatal(err)
	}
	rt := buildRouting()
	if err := rt.checkSchemas(set); err != nil {
		t.Error(err)
	}
	if err := rt.checkInQuery(set); err != nil {
		t.Error(err)
	}
	flipped := *rt.endpoints[0]
	flipped.query = !flipped.query
	bad := &routing{endpoints: []*endpoint{&flipped}}
	if err := bad.checkInQuery(set); err == nil {
		t.Errorf("endpoint %s with its query flag flipped passed", flipped.name)
	}
	missing := *rt.endpoints[0]
	missing.name = "promoter/nosuch"
	bad = &routing{endpoints: []*endpoint{&missing}}
	if err := bad.checkSchemas(set); err == nil {
		t.Error("an endpoint without schemas passed")
	}
}

// checkInQuery reports an endpoint whose route takes its parameters from
// the query string (or a multipart form) where its request schema does not
// say "x-in": "query", or the other way round.
func (rt *routing) checkInQuery(set *schemas.Set) error {
	for _, ep := range rt.endpoints {
		if (ep.query || ep.multipart) != set.InQuery(ep.name) {
			return fmt.Errorf(`httpapi: endpoint %s: its request schema's "x-in": "query" and the route disagree`, ep.name)
		}
	}
	return nil
}

// TestAdminRoutingBuiltOnce: the control API's routes are built at their
// first use and shared by every later one, and list the calls in order.
func TestAdminRoutingBuiltOnce(t *testing.T) {
	rt := buildRouting()
	a := rt.admin()
	if b := rt.admin(); a != b {
		t.Error("the control API's routes were built twice")
	}
	if !slices.IsSortedFunc(a.calls, func(x, y adminCall) int {
		return cmp.Or(strings.Compare(x.Path, y.Path), strings.Compare(x.Method, y.Method))
	}) || len(a.calls) == 0 {
		t.Errorf("control calls not listed in order: %v", a.calls)
	}
}
