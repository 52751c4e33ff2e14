package httpapi_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/wxmock/wxmock/internal/sim"
)

// The promoters of rchSetup: A and B declared and authorized, C declared
// and not authorized.
var (
	rchA = prOID(1) // role 2, retail_id s1, extra_info ea
	rchB = prOID(2) // role 1
	rchC = prOID(3) // role 1, auth_status 0
)

// rchUser is the openid of the i-th end user of a test.
func rchUser(i int) string {
	return "oUser" + strings.Repeat("0", 23-len(strconv.Itoa(i))) + strconv.Itoa(i)
}

// rchSetup starts a wxmock whose default app has role 2 and promoters A, B
// and C, and returns it with a token of the default app.
func rchSetup(t *testing.T) (*env, string) {
	t.Helper()
	e := setup(t)
	tok := e.token()
	e.wantOK(e.post("/promoter/addrole", tok, `{"name":"店长"}`), "ok")
	e.prDeclare(tok, prObj{"openid": rchA, "role_id": 2, "retail_id": "s1", "extra_info": "ea"},
		prObj{"openid": rchB, "role_id": 1}, prObj{"openid": rchC, "role_id": 1})
	e.rchAuthorize("", rchA, 1)
	e.rchAuthorize("", rchB, 1)
	return e, tok
}

// rchAuthorize sets a promoter's auth_status through the control API.
func (e *env) rchAuthorize(appid, openid string, status int) {
	e.t.Helper()
	body := prObj{"openid": openid, "auth_status": status}
	if appid != "" {
		body["appid"] = appid
	}
	if r := e.prAuthorize(prJSON(e.t, body)); r.Status != http.StatusOK {
		e.t.Fatalf("authorize %s: %s", openid, r.Raw)
	}
}

// rchAddRelations posts {"relations": items} to the control API.
func (e *env) rchAddRelations(items ...prObj) resp {
	e.t.Helper()
	return e.admin(http.MethodPost, "/promoters/relations", prJSON(e.t, prObj{"relations": items}))
}

// rchRelations records reaches and returns the rows stored.
func (e *env) rchRelations(items ...prObj) []sim.Relation {
	e.t.Helper()
	r := e.rchAddRelations(items...)
	admStatus(e.t, r, http.StatusOK)
	var out struct {
		Relations []sim.Relation `json:"relations"`
	}
	admDecode(e.t, r, &out)
	if len(out.Relations) != len(items) {
		e.t.Fatalf("%d relations stored for %d items: %.300s", len(out.Relations), len(items), r.Raw)
	}
	return out.Relations
}

// rchPutOrders posts {"orders": items} to the control API.
func (e *env) rchPutOrders(items ...prObj) resp {
	e.t.Helper()
	return e.admin(http.MethodPost, "/promoters/orders", prJSON(e.t, prObj{"orders": items}))
}

// rchOrders stores orders and returns the rows stored.
func (e *env) rchOrders(items ...prObj) []sim.Order {
	e.t.Helper()
	r := e.rchPutOrders(items...)
	admStatus(e.t, r, http.StatusOK)
	var out struct {
		Orders []sim.Order `json:"orders"`
	}
	admDecode(e.t, r, &out)
	if len(out.Orders) != len(items) {
		e.t.Fatalf("%d orders stored for %d items: %.300s", len(out.Orders), len(items), r.Raw)
	}
	return out.Orders
}

// rchPage is one getrelation or getorder page, decoded.
type rchPage struct {
	Rows    []map[string]any
	Total   int
	StartID string
}

// rchGet calls getrelation or getorder (path) with body q.
func (e *env) rchGet(path, tok string, q prObj) resp {
	e.t.Helper()
	return e.post(path, tok, prJSON(e.t, q))
}

// rchGetPage calls getrelation or getorder and fails unless it answers a
// page.
func (e *env) rchGetPage(path, tok string, q prObj) rchPage {
	e.t.Helper()
	return e.rchParse(path, e.rchGet(path, tok, q))
}

// rchParse decodes a getrelation or getorder page.
func (e *env) rchParse(path string, r resp) rchPage {
	e.t.Helper()
	e.wantOK(r, "OK")
	list := "relation_list"
	if path == "/promoter/getorder" {
		list = "order_list"
	}
	var p rchPage
	rows, _ := r.Body[list].([]any)
	for _, row := range rows {
		p.Rows = append(p.Rows, row.(map[string]any))
	}
	p.Total = prNum(e.t, r.Body["total_cnt"])
	p.StartID, _ = r.Body["start_id"].(string)
	return p
}

// field lists one string field of every row.
func (p rchPage) field(name string) []string {
	out := []string{}
	for _, r := range p.Rows {
		s, _ := r[name].(string)
		out = append(out, s)
	}
	return out
}

// rchPageAll pages through path with filter q, each answer's start_id
// becoming the next call's (as a number when numeric), until 103006.
// Every page but the last must be full and carry total_cnt want, and its
// start_id must be the id of its last row, from ids (the ids of the
// matching rows in order). It returns every row's field label.
func (e *env) rchPageAll(path, tok string, q prObj, label string, ids []uint64, numeric bool) []string {
	e.t.Helper()
	next := prObj{}
	for k, v := range q {
		next[k] = v
	}
	var labels []string
	for n := 0; ; n++ {
		r := e.rchGet(path, tok, next)
		if r.code() == 103006 {
			e.wantErr(r, 103006, prMsgNotExist)
			break
		}
		p := e.rchParse(path, r)
		if p.Total != len(ids) {
			e.t.Errorf("page %d: total_cnt %d, want %d", n, p.Total, len(ids))
		}
		if size := min(sim.ReachPageSize, len(ids)-len(labels)); len(p.Rows) != size {
			e.t.Fatalf("page %d: %d rows, want %d", n, len(p.Rows), size)
		}
		labels = append(labels, p.field(label)...)
		if want := strconv.FormatUint(ids[len(labels)-1], 10); p.StartID != want {
			e.t.Errorf("page %d: start_id %q, want %q (the id of its last row)", n, p.StartID, want)
		}
		if n > len(ids)/sim.ReachPageSize+1 {
			e.t.Fatalf("paging does not end: %d pages", n+1)
		}
		next["start_id"] = p.StartID
		if numeric {
			next["start_id"], _ = strconv.Atoi(p.StartID)
		}
	}
	return labels
}
