package httpapi

import (
	"net/http"
	"runtime/debug"
	"sync"

	"github.com/wxmock/wxmock/internal/openapi"
	"github.com/wxmock/wxmock/internal/sim"
	"github.com/wxmock/wxmock/schemas"
)

// mediaField is the multipart field of the media upload (REFERENCE.md,
// "Tokens and media").
const mediaField = "media"

// openAPI describes the endpoint for the OpenAPI document.
func (ep endpoint) openAPI(path string) openapi.Endpoint {
	out := openapi.Endpoint{Path: path, Name: ep.name, Method: ep.method, Public: ep.public, Query: ep.query, Multipart: ep.multipart}
	if ep.multipart {
		out.MultipartField = mediaField
	}
	return out
}

// OpenAPI builds the OpenAPI 3.1 document of the server's WeChat endpoints
// and control API, without servers (openapi.WithServer adds them).
func (s *Server) OpenAPI() (map[string]any, error) {
	admin := []openapi.AdminCall{{Method: http.MethodGet, Path: adminPrefix + "/"}}
	for _, c := range s.adminCalls {
		admin = append(admin, openapi.AdminCall{Method: c.Method, Path: c.Path})
	}
	// The dashboard's paths (admin.go), served to a browser.
	for _, p := range []string{adminPrefix + "/ui", adminPrefix + "/ui/"} {
		admin = append(admin, openapi.AdminCall{Method: http.MethodGet, Path: p, Page: true})
	}
	version := ""
	if info, ok := debug.ReadBuildInfo(); ok {
		version = info.Main.Version
	}
	return openapi.Build(openapi.Input{
		Endpoints:  s.wechat,
		Admin:      admin,
		Schemas:    schemas.Files(),
		ErrMsg:     func(code int) string { return sim.ErrorFor(code, "").Msg },
		AppVersion: version,
	})
}

// openAPIHandler answers GET /__wxmock/openapi.json: the document, built at
// the first call and kept, with the server as the request reached it.
func (s *Server) openAPIHandler() adminHandler {
	build := sync.OnceValues(s.OpenAPI)
	return func(r *http.Request) (any, error) {
		doc, err := build()
		if err != nil {
			return nil, err
		}
		return openapi.WithServer(doc, ownOrigin(r)), nil
	}
}
