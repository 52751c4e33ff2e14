package openapi_test

import (
	"testing"
)

// TestDocumentIsValid31 parses the served document as OpenAPI 3.1 and
// validates it against the specification's schema.
func TestDocumentIsValid31(t *testing.T) {
	t.Parallel()
	_, srv := newMock(t)
	raw := served(t, srv.URL)
	newValidator(t, raw)
	doc := decoded(t, raw)
	servers, _ := doc["servers"].([]any)
	if len(servers) != 1 || servers[0].(map[string]any)["url"] != srv.URL {
		t.Errorf("servers = %v, want the server's own URL %s", servers, srv.URL)
	}
}
