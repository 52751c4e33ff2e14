package httpapi

import (
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
