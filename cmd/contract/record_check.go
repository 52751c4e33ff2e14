package main

import (
	"bytes"
	"fmt"

	"github.com/wxmock/wxmock/schemas"
)

// checkRequest validates the parameters of a call as wxmock reads them:
// the query string of a query endpoint, the JSON body of the others.
func (rc *recorder) checkRequest(ex *exchange) []string {
	var doc any
	switch {
	case rc.set.InQuery(ex.endpoint):
		q := map[string]any{}
		for k, v := range ex.query {
			if k != "access_token" {
				q[k] = v[0]
			}
		}
		doc = q
	case len(bytes.TrimSpace(ex.body)) == 0:
		return []string{"request: empty body (WeChat answers 44002)"}
	default:
		var err error
		if doc, err = schemas.Decode(ex.body); err != nil {
			return []string{fmt.Sprintf("request: not JSON: %v (WeChat answers 47001)", err)}
		}
	}
	return rc.check(ex.endpoint, schemas.Request, doc)
}

func (rc *recorder) checkResponse(ex *exchange) []string {
	if ex.note != "" {
		return nil
	}
	doc, err := schemas.Decode(ex.answer)
	if err != nil {
		return []string{fmt.Sprintf("response: not JSON: %v", err)}
	}
	return rc.check(ex.endpoint, schemas.Response, doc)
}

// check prints violations as contract validate does: each once, with the
// branch of a oneOf that explains it.
func (rc *recorder) check(endpoint, kind string, doc any) []string {
	vs, err := rc.set.Explain(endpoint, kind, doc)
	if err != nil {
		return []string{kind + ": " + err.Error()}
	}
	lines := violationLines(vs)
	for i, l := range lines {
		lines[i] = kind + ": " + l
	}
	return lines
}
