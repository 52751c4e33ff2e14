package openapi

import (
	"errors"
	"io/fs"
	"maps"
	"net/http"
	"sort"
	"strings"
)

// Version is the OpenAPI version of the document.
const Version = "3.1.0"

// DefaultServer is the server the document names when it is not served by
// a running wxmock (wxmock openapi): the default -addr.
const DefaultServer = "http://127.0.0.1:8080"

// Endpoint is one WeChat route as the server serves it (one line of
// httpapi's route table).
type Endpoint struct {
	Path string // such as "/promoter/addpromoter"
	Name string // its schema name, such as "promoter/addpromoter"
	// Method is the method WeChat requires; "" takes GET and POST.
	Method string
	// Public endpoints need no access_token (the token endpoints).
	Public bool
	// Query endpoints read their parameters from the query string.
	Query bool
	// Multipart endpoints take a multipart/form-data body (the upload).
	Multipart bool
	// MultipartField is the form field of the uploaded file.
	MultipartField string
}

// AdminCall is one method and path of the control API.
type AdminCall struct {
	Method string
	Path   string // such as "/__wxmock/audits/{audit_id}/resolve"
	// Page marks the dashboard's paths: HTML (or a redirect to it) for a
	// browser, not JSON.
	Page bool
}

// Input is what the document is built from.
type Input struct {
	Endpoints []Endpoint
	Admin     []AdminCall
	// Schemas holds the schema files, as schemas.Files does.
	Schemas fs.FS
	// ErrMsg is the catalogue's errmsg of an errcode, without " rid: ...".
	ErrMsg func(code int) string
	// AppVersion is info.version; empty is "(devel)".
	AppVersion string
}

// Build returns the OpenAPI document, without servers (WithServer adds
// them). The value is plain JSON data: maps, slices, strings and numbers.
func Build(in Input) (map[string]any, error) {
	if in.Schemas == nil || in.ErrMsg == nil {
		return nil, errors.New("openapi: Schemas and ErrMsg are required")
	}
	version := in.AppVersion
	if version == "" {
		version = "(devel)"
	}
	comps := newComponents(in.Schemas)
	paths := map[string]any{}
	for _, ep := range in.Endpoints {
		item, err := endpointPath(ep, comps, in.ErrMsg)
		if err != nil {
			return nil, err
		}
		if _, dup := paths[ep.Path]; dup {
			return nil, errors.New("openapi: path " + ep.Path + " listed twice")
		}
		paths[ep.Path] = item
	}
	for _, c := range in.Admin {
		item, _ := paths[c.Path].(map[string]any)
		if item == nil {
			item = adminPathItem(c.Path)
			paths[c.Path] = item
		}
		item[strings.ToLower(c.Method)] = adminOperation(c)
	}
	return map[string]any{
		"openapi": Version,
		"info": map[string]any{
			"title":       "wxmock: WeChat promoter and store mini program APIs",
			"version":     version,
			"description": description,
			"license":     map[string]any{"name": "MIT", "identifier": "MIT"},
		},
		"tags":  tags(),
		"paths": paths,
		"components": map[string]any{
			"schemas": comps.schemas,
			"securitySchemes": map[string]any{
				"access_token": map[string]any{
					"type": "apiKey", "in": "query", "name": "access_token",
					"description": "The token of GET /cgi-bin/token or POST /cgi-bin/stable_token; valid 7200 s on wxmock's clock.",
				},
				"admin_token": map[string]any{
					"type": "apiKey", "in": "header", "name": "X-Wxmock-Admin-Token",
					"description": "Needed only when wxmock runs with -admin-token; \"Authorization: Bearer TOKEN\" works too.",
				},
			},
		},
	}, nil
}

// WithServer returns doc with servers set to url: a shallow copy, so that a
// cached document is never changed.
func WithServer(doc map[string]any, url string) map[string]any {
	out := maps.Clone(doc)
	out["servers"] = []any{map[string]any{"url": strings.TrimSuffix(url, "/"), "description": "wxmock"}}
	return out
}

// Methods lists the methods of a path item of doc, upper-case and sorted:
// what a test compares with the router.
func Methods(item map[string]any) []string {
	var out []string
	for k := range item {
		m := strings.ToUpper(k)
		switch m {
		case http.MethodGet, http.MethodPost, http.MethodPut, http.MethodDelete, http.MethodPatch, http.MethodHead, http.MethodOptions:
			out = append(out, m)
		}
	}
	sort.Strings(out)
	return out
}

const description = "A local, stateful simulator of WeChat's promoter (小程序推广员) and store mini program (门店小程序) server APIs. " +
	"WeChat answers API errors with HTTP 200 and the envelope {\"errcode\", \"errmsg\"}, the errmsg ending in \" rid: \" and three groups of 8 hex digits; " +
	"each endpoint's response schema is oneOf that envelope and its answer, and the errcodes it documents are named examples. " +
	"The paths under /__wxmock/ are wxmock's control API (not WeChat's)."

// tags names the families of paths.
func tags() []any {
	return []any{
		map[string]any{"name": "cgi-bin", "description": "Tokens, media and the old store manager"},
		map[string]any{"name": "promoter", "description": "小程序推广员: roles, promoters, messages, reach"},
		map[string]any{"name": "wxa", "description": "门店小程序: merchant, districts, map POIs, stores"},
		map[string]any{"name": "card", "description": "门店小程序: the store's card"},
		map[string]any{"name": "wxmock", "description": "wxmock's control API (not WeChat's)"},
	}
}
