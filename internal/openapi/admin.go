package openapi

import (
	"net/http"
	"regexp"
	"strings"
)

// adminSummaries say what each control call does (README, "The admin
// API"); a call missing here is summarized by its method and path.
var adminSummaries = map[string]string{
	"GET /__wxmock/":                                      "List every control call",
	"GET /__wxmock/health":                                "Health, the virtual clock's now and the number of apps",
	"POST /__wxmock/reset":                                "Restore the initial state; clear the journal and the faults",
	"GET /__wxmock/apps":                                  "List the apps with their credentials and push settings",
	"POST /__wxmock/apps":                                 "Create or replace an app, with its push settings",
	"GET /__wxmock/clock":                                 "Read the virtual clock",
	"POST /__wxmock/clock":                                "Freeze, unfreeze or set the virtual clock",
	"POST /__wxmock/clock/advance":                        "Advance the virtual clock by {\"seconds\": N}; fire what comes due",
	"GET /__wxmock/journal":                               "The requests clients sent, with their answers and schema violations",
	"DELETE /__wxmock/journal":                            "Clear the journal",
	"POST /__wxmock/promoters/authorize":                  "Simulate a promoter accepting or cancelling ({\"appid\", \"openid\", \"auth_status\"})",
	"POST /__wxmock/promoters/receive":                    "Simulate a promoter allowing or refusing messages",
	"POST /__wxmock/promoters/clicks":                     "Record clicks on a sent message",
	"GET /__wxmock/promoters/messages/{msg_id}/fail_info": "The failed deliveries of a group message",
	"POST /__wxmock/promoters/relations":                  "Add reach relations between promoters and users",
	"POST /__wxmock/promoters/orders":                     "Add or replace promotion orders",
	"GET /__wxmock/state":                                 "Export the whole state as JSON",
	"PUT /__wxmock/state":                                 "Replace the whole state",
	"GET /__wxmock/audits":                                "List the audits and their status",
	"POST /__wxmock/audits/{audit_id}/resolve":            "Resolve an audit now (pass, fail or reject)",
	"GET /__wxmock/pushes":                                "The XML pushes with every delivery attempt",
	"POST /__wxmock/pushes/flush":                         "Deliver the pushes that are due now",
	"GET /__wxmock/faults":                                "List the scripted faults",
	"POST /__wxmock/faults":                               "Add a scripted fault (an errcode, a delay or a dropped connection)",
	"DELETE /__wxmock/faults":                             "Remove every scripted fault",
	"DELETE /__wxmock/faults/{id}":                        "Remove one scripted fault",
	"POST /__wxmock/legacy_stores":                        "Add a store of the old store manager (for the migration endpoints)",
	"GET /__wxmock/openapi.json":                          "This OpenAPI document",
}

// pathParam finds the {name} segments of a control path.
var pathParam = regexp.MustCompile(`\{([A-Za-z0-9_]+)\}`)

// adminPathItem is a control path with its path parameters.
func adminPathItem(p string) map[string]any {
	item := map[string]any{}
	var params []any
	for _, m := range pathParam.FindAllStringSubmatch(p, -1) {
		params = append(params, map[string]any{"name": m[1], "in": "path", "required": true, "schema": map[string]any{"type": "string"}})
	}
	if params != nil {
		item["parameters"] = params
	}
	return item
}

// adminOperation describes one control call: a JSON body for a call that
// changes something, a JSON answer, and {"error"} with a 4xx or 5xx status.
func adminOperation(c AdminCall) map[string]any {
	if c.Page {
		return pageOperation(c)
	}
	key := c.Method + " " + c.Path
	summary, ok := adminSummaries[key]
	if !ok {
		summary = key
	}
	op := map[string]any{
		"operationId": "wxmock" + strings.NewReplacer("/__wxmock", "", "/", "_", "{", "", "}", "", ".", "_").Replace(c.Path) + "_" + strings.ToLower(c.Method),
		"summary":     summary,
		"tags":        []any{"wxmock"},
		// Without -admin-token no credential is needed.
		"security": []any{map[string]any{}, map[string]any{"admin_token": []any{}}},
		"responses": map[string]any{
			"200": map[string]any{"description": "The call's answer.", "content": map[string]any{
				"application/json": map[string]any{"schema": map[string]any{"type": "object"}},
			}},
			"4XX": adminErrorResponse("A bad call: 400, 401 without the admin token, 403 from another origin, 404, 405 or 409."),
			"5XX": adminErrorResponse("wxmock failed."),
		},
	}
	if c.Method == http.MethodPost || c.Method == http.MethodPut {
		op["requestBody"] = map[string]any{"required": false, "content": map[string]any{
			"application/json": map[string]any{"schema": map[string]any{"type": "object"}},
		}}
	}
	return op
}

func adminErrorResponse(desc string) map[string]any {
	return map[string]any{"description": desc, "content": map[string]any{
		"application/json": map[string]any{"schema": map[string]any{
			"type": "object", "required": []any{"error"},
			"properties": map[string]any{"error": map[string]any{"type": "string"}},
		}},
	}}
}

// pageOperation describes a path of the dashboard (internal/ui): its page,
// or the redirect to it. Its files need no admin token: they hold no data,
// and the calls they make are the control API's.
func pageOperation(c AdminCall) map[string]any {
	resp := map[string]any{"200": map[string]any{"description": "The dashboard's page and its files.", "content": map[string]any{
		"text/html": map[string]any{"schema": map[string]any{"type": "string"}},
	}}}
	if !strings.HasSuffix(c.Path, "/") {
		resp = map[string]any{"301": map[string]any{"description": "To " + c.Path + "/."}}
	}
	resp["404"] = map[string]any{"description": "No such file of the dashboard."}
	return map[string]any{
		"operationId": "wxmock" + strings.NewReplacer("/__wxmock", "", "/", "_").Replace(c.Path) + "_page",
		"summary":     "The dashboard, in a browser",
		"tags":        []any{"wxmock"},
		"responses":   resp,
	}
}
