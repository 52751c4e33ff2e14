package httpapi

import (
	"net/http"
	"runtime/debug"

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
func (s *Server) OpenAPI() (map[string]any, error) { return s.routing.buildOpenAPI() }

// buildOpenAPI builds the OpenAPI document of the routes.
func (rt *routing) buildOpenAPI() (map[string]any, error) {
	admin := []openapi.AdminCall{{Method: http.MethodGet, Path: adminPrefix + "/"}}
	for _, c := range rt.admin().calls {
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
		Endpoints:  rt.wechat,
		Admin:      admin,
		Schemas:    schemas.Files(),
		ErrMsg:     func(code int) string { return sim.ErrorFor(code, "").Msg },
		AppVersion: version,
	})
}

// openAPIDoc answers GET /__wxmock/openapi.json: the document, built at
// the process's first call and kept (routing.openAPI), with the server as
// the request reached it. WithServer copies the document's top level, so
// the one kept is never changed.
func (s *Server) openAPIDoc(r *http.Request) (any, error) {
	doc, err := s.routing.openAPI()
	if err != nil {
		return nil, err
	}
	return openapi.WithServer(doc, ownOrigin(r)), nil
}
