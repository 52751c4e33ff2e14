package httpapi_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
)

// prObj is one promoter item or one request body, built in Go.
type prObj = map[string]any

// prOID is a well-formed openid numbered i.
func prOID(i int) string { return fmt.Sprintf("o%027d", i) }

// prIn returns e reporting to t, for subtests that share one server.
func (e *env) prIn(t *testing.T) *env {
	c := *e
	c.t = t
	return &c
}

// prJSON encodes v as a request body.
func prJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("marshal: %v", err)
	}
	return string(b)
}

// prDecode decodes text as the harness decodes answers: numbers as
// json.Number, so exact numbers compare exactly.
func prDecode(t *testing.T, text string) any {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(text))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("decode %s: %v", text, err)
	}
	return v
}

// prNum reads a json.Number field as an int.
func prNum(t *testing.T, v any) int {
	t.Helper()
	n, ok := v.(json.Number)
	if !ok {
		t.Fatalf("%#v is not a number", v)
	}
	i, err := strconv.Atoi(n.String())
	if err != nil {
		t.Fatalf("%s: %v", n, err)
	}
	return i
}

// prAdd sends one addpromoter batch.
func (e *env) prAdd(tok string, items ...prObj) resp {
	e.t.Helper()
	return e.post("/promoter/addpromoter", tok, prJSON(e.t, prObj{"promoter_list": items}))
}

// prDeclare sends one batch and fails unless every item is declared.
func (e *env) prDeclare(tok string, items ...prObj) resp {
	e.t.Helper()
	r := e.prAdd(tok, items...)
	e.wantOK(r, "OK")
	if prNum(e.t, r.Body["fail_cnt"]) != 0 {
		e.t.Fatalf("addpromoter failed items: %s", r.Raw)
	}
	return r
}

// prPage is one getpromoter answer, decoded.
type prPage struct {
	IDs     []string
	OpenIDs []string
	Items   []map[string]any
	Total   int
}

// prGet calls getpromoter with body q.
func (e *env) prGet(tok string, q prObj) resp {
	e.t.Helper()
	return e.post("/promoter/getpromoter", tok, prJSON(e.t, q))
}

// prGetPage calls getpromoter and fails unless it answers a page.
func (e *env) prGetPage(tok string, q prObj) prPage {
	e.t.Helper()
	return e.prParse(e.prGet(tok, q))
}

// prParse decodes a getpromoter page.
func (e *env) prParse(r resp) prPage {
	e.t.Helper()
	e.wantOK(r, "OK")
	var p prPage
	list, _ := r.Body["promoter_list"].([]any)
	for _, raw := range list {
		it := raw.(map[string]any)
		p.Items = append(p.Items, it)
		p.IDs = append(p.IDs, it["id"].(string))
		p.OpenIDs = append(p.OpenIDs, it["openid"].(string))
	}
	p.Total = prNum(e.t, r.Body["total_cnt"])
	return p
}

// prOne fetches the promoter with this openid.
func (e *env) prOne(tok, openid string) map[string]any {
	e.t.Helper()
	p := e.prGetPage(tok, prObj{"openid": openid})
	if len(p.Items) != 1 {
		e.t.Fatalf("getpromoter %s: %d promoters", openid, len(p.Items))
	}
	return p.Items[0]
}

// prUnionOf reads the unionid wxmock pairs with a declared openid.
func (e *env) prUnionOf(tok, openid string) string {
	e.t.Helper()
	p := e.prGetPage(tok, prObj{"openid": openid, "need_unionid": 1})
	return p.OpenIDs[0]
}

// prState is the whole exported state (GET /__wxmock/state), as the text
// answered; it is not decoded, since it may hold 100,000 promoters.
func (e *env) prState() string {
	e.t.Helper()
	rec := httptest.NewRecorder()
	e.m.HTTP.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/__wxmock/state", nil))
	if rec.Code != http.StatusOK {
		e.t.Fatalf("GET state: %d %s", rec.Code, rec.Body)
	}
	return rec.Body.String()
}

// prRejected checks that a call is answered code and msg and changes nothing.
func (e *env) prRejected(path, tok, body string, code int, msg string) {
	e.t.Helper()
	before := e.prState()
	e.wantErr(e.post(path, tok, body), code, msg)
	if after := e.prState(); after != before {
		diff(e.t, "state after a rejected "+path, before, after)
	}
}

// prAuthorize plays the promoter accepting or cancelling the authorization.
func (e *env) prAuthorize(body string) resp {
	e.t.Helper()
	return e.admin(http.MethodPost, "/promoters/authorize", body)
}

const (
	prMsgInvalid  = "parameter is invalid or missing"
	prMsgTooLong  = "parameter is too long"
	prMsgExists   = "data already exists"
	prMsgLimit    = "data count reach limit"
	prMsgNotExist = "data not exist"
	prMsgOpenID   = "openid is invaild or error"
	prMsgFormat   = "data format error"
)
