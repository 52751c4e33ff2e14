package openapi

import (
	"fmt"
	"net/http"
	"sort"
	"strings"
)

// endpointPath is the path item of one WeChat endpoint: one operation, or
// a GET and a POST for an endpoint that takes both.
func endpointPath(ep Endpoint, comps *components, errMsg func(int) string) (map[string]any, error) {
	reqFile, respFile := ep.Name+".request.json", ep.Name+".response.json"
	req, err := comps.add(reqFile)
	if err != nil {
		return nil, err
	}
	resp, err := comps.add(respFile)
	if err != nil {
		return nil, err
	}
	reqDoc, _ := comps.file(reqFile)
	codes, err := errcodes(ep, comps, reqFile)
	if err != nil {
		return nil, err
	}
	methods := []string{ep.Method}
	if ep.Method == "" {
		methods = []string{http.MethodGet, http.MethodPost}
	}
	item := map[string]any{}
	for _, m := range methods {
		op := map[string]any{
			"operationId": operationID(ep, m),
			"summary":     ep.Path,
			"tags":        []any{family(ep.Name)},
			"responses": map[string]any{
				"200": map[string]any{
					"description": "WeChat's answer, or its error envelope (HTTP 200 either way).",
					"content": map[string]any{"application/json": map[string]any{
						"schema":   refTo(resp),
						"examples": errorExamples(codes, errMsg),
					}},
				},
			},
			"x-errcodes": codes,
		}
		if d, ok := reqDoc["description"].(string); ok {
			op["description"] = d
		}
		if ep.Public {
			op["security"] = []any{}
		} else {
			op["security"] = []any{map[string]any{"access_token": []any{}}}
		}
		switch {
		case ep.Query || ep.Multipart:
			op["parameters"] = queryParameters(comps.schemas[req].(map[string]any))
		case m != http.MethodGet:
			op["requestBody"] = map[string]any{"required": true, "content": map[string]any{
				"application/json": map[string]any{"schema": refTo(req)},
			}}
		}
		if ep.Multipart {
			field := ep.MultipartField
			op["requestBody"] = map[string]any{"required": true, "content": map[string]any{
				"multipart/form-data": map[string]any{"schema": map[string]any{
					"type":     "object",
					"required": []any{field},
					"properties": map[string]any{field: map[string]any{
						"type": "string", "format": "binary", "contentMediaType": "application/octet-stream",
						"description": "The file; its type must agree with the query's type.",
					}},
				}},
			}}
		}
		item[strings.ToLower(m)] = op
	}
	return item, nil
}

// operationID is "promoter_addpromoter", with "_get" or "_post" for an
// endpoint that takes both methods.
func operationID(ep Endpoint, method string) string {
	id := strings.NewReplacer("/", "_", "-", "_").Replace(ep.Name)
	if ep.Method == "" {
		id += "_" + strings.ToLower(method)
	}
	return id
}

// family is the tag of an endpoint: the first segment of its name.
func family(name string) string {
	f, _, _ := strings.Cut(name, "/")
	return f
}

// queryParameters turns a query schema ("x-in": "query") into parameters.
func queryParameters(sch map[string]any) []any {
	props, _ := sch["properties"].(map[string]any)
	required := map[string]bool{}
	if list, ok := sch["required"].([]any); ok {
		for _, r := range list {
			if s, ok := r.(string); ok {
				required[s] = true
			}
		}
	}
	names := make([]string, 0, len(props))
	for n := range props {
		names = append(names, n)
	}
	sort.Strings(names)
	out := make([]any, 0, len(names))
	for _, n := range names {
		p := map[string]any{"name": n, "in": "query", "required": required[n], "schema": props[n]}
		if d, ok := props[n].(map[string]any)["description"].(string); ok {
			p["description"] = d
		}
		out = append(out, p)
	}
	return out
}

// exampleRID is the rid of the examples: the default scenario clock's
// second and two groups of random digits.
const exampleRID = "65b0a77b-1a2b3c4d-5e6f7a8b"

// errorExamples names one example of the error envelope per errcode.
func errorExamples(codes []int, errMsg func(int) string) map[string]any {
	out := make(map[string]any, len(codes))
	for _, code := range codes {
		msg := errMsg(code)
		out[fmt.Sprintf("errcode_%d", code)] = map[string]any{
			"summary": fmt.Sprintf("%d %s", code, msg),
			"value":   map[string]any{"errcode": code, "errmsg": msg + " rid: " + exampleRID},
		}
	}
	return out
}
