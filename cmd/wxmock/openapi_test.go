package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestOpenAPICommand: wxmock openapi prints the document, indented, with
// the default address (or -server) as its server, and refuses arguments.
func TestOpenAPICommand(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		args    []string
		server  string
		wantErr string
	}{
		{name: "default", args: []string{"openapi"}, server: "http://127.0.0.1:8080"},
		{name: "server", args: []string{"openapi", "-server", "http://localhost:9000/"}, server: "http://localhost:9000"},
		{name: "argument", args: []string{"openapi", "extra"}, wantErr: `unexpected argument "extra"`},
		{name: "flag", args: []string{"openapi", "-nope"}, wantErr: "wxmock openapi -h lists the flags"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var stdout bytes.Buffer
			err := run(context.Background(), tt.args, envOf(nil), &stdout, io.Discard)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(stdout.String(), "{\n  \"") {
				t.Errorf("output is not indented JSON: %.40q", stdout.String())
			}
			var doc struct {
				OpenAPI string           `json:"openapi"`
				Servers []map[string]any `json:"servers"`
				Paths   map[string]any   `json:"paths"`
			}
			if err := json.Unmarshal(stdout.Bytes(), &doc); err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff([]map[string]any{{"url": tt.server, "description": "wxmock"}}, doc.Servers); d != "" {
				t.Errorf("servers mismatch (-want +got):\n%s", d)
			}
			if doc.OpenAPI != "3.1.0" || doc.Paths["/promoter/addpromoter"] == nil || doc.Paths["/__wxmock/openapi.json"] == nil {
				t.Errorf("openapi %q, %d paths: not the whole document", doc.OpenAPI, len(doc.Paths))
			}
		})
	}
}
