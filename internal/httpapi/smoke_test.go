package httpapi_test

import (
	"net/http"
	"testing"
)

func TestSmokeTokenAndUnknownPath(t *testing.T) {
	t.Parallel()
	e := setup(t)
	tok := e.token()
	e.wantOK(e.post("/promoter/getrole", tok, `{}`), "OK")
	r := e.do(http.MethodPost, "/promoter/nosuch?access_token="+tok, `{}`)
	if r.Status != http.StatusNotFound {
		t.Fatalf("unknown path: status %d, want 404", r.Status)
	}
	e.wantErr(e.post("/promoter/getrole", "nope", `{}`), 40001, "")
}
