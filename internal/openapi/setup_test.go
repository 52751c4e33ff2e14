package openapi_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/pb33f/libopenapi"
	validator "github.com/pb33f/libopenapi-validator"
	"github.com/wxmock/wxmock/internal/mock"
)

// newMock starts a wxmock on a loopback server as the scenario runner
// starts one: its clock at start (zero: 2024-01-24 06:00:27 UTC), frozen
// or not.
func newMock(t *testing.T, start time.Time, frozen bool) (*mock.Mock, *httptest.Server) {
	t.Helper()
	if start.IsZero() {
		start = time.Unix(0x65b0a77b, 0)
	}
	m, err := mock.New(mock.Options{Assets: assets(t), Seed: 1, ClockStart: start, FrozenClock: frozen,
		JournalSize: 100000, CheckResponses: true, PushTimeout: 2 * time.Second, PushRetryDelay: 100 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(m.Close)
	srv := httptest.NewServer(m.HTTP)
	t.Cleanup(srv.Close)
	return m, srv
}

// sharedAssets are loaded once for the package's mocks.
var sharedAssets = sync.OnceValues(mock.LoadAssets)

func assets(t *testing.T) *mock.Assets {
	t.Helper()
	a, err := sharedAssets()
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// served fetches GET /__wxmock/openapi.json.
func served(t *testing.T, base string) []byte {
	t.Helper()
	resp, err := http.Get(base + "/__wxmock/openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /__wxmock/openapi.json: %s: %s", resp.Status, body)
	}
	return body
}

// decoded is the document as plain JSON data.
func decoded(t *testing.T, raw []byte) map[string]any {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	return doc
}

// newValidator parses the document with libopenapi as OpenAPI 3.1 and
// returns its validator; any error of the parse, the model or the
// document's own validation fails the test.
func newValidator(t *testing.T, raw []byte) validator.Validator {
	t.Helper()
	doc, err := libopenapi.NewDocument(raw)
	if err != nil {
		t.Fatal(err)
	}
	if got := doc.GetVersion(); got != "3.1.0" {
		t.Fatalf("openapi version %q, want 3.1.0", got)
	}
	if _, err := doc.BuildV3Model(); err != nil {
		t.Fatalf("building the 3.1 model: %v", err)
	}
	v, errs := validator.NewValidator(doc)
	if len(errs) > 0 {
		t.Fatalf("validator: %v", errs)
	}
	if ok, verrs := v.ValidateDocument(); !ok {
		for _, e := range verrs {
			t.Errorf("document: %s: %s (%s)", e.Message, e.Reason, e.SpecPath)
			for _, se := range e.SchemaValidationErrors {
				t.Errorf("  %s at %s", se.Reason, se.FieldPath)
			}
		}
		t.FailNow()
	}
	return v
}
