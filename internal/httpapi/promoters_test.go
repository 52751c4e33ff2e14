package httpapi_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"
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

// TestAddPromoterItems sends a batch of a valid item, the item under test
// and another valid item: a failing item comes back in fail_list exactly as
// sent, with its errcode and errmsg, and its neighbours are declared.
func TestAddPromoterItems(t *testing.T) {
	t.Parallel()
	zh := func(n int) string { return strings.Repeat("中", n) }
	o := prOID(100)
	tests := []struct {
		name string
		item string // raw JSON, as sent
		code int    // 0: declared
		msg  string
	}{
		{"all fields at their limits", `{"openid":"` + o + `","role_id":1,"retail_id":"` + strings.Repeat("r", 20) + `","extra_info":"` + strings.Repeat("e", 80) + `","name":"` + zh(10) + `","phone":"` + strings.Repeat("1", 20) + `"}`, 0, ""},
		{"openid and role only", `{"openid":"` + o + `","role_id":1}`, 0, ""},
		{"openid with _ and -", `{"openid":"o_-AbCdEfGhIjKlMnOpQrStUvWxY","role_id":1}`, 0, ""},
		{"missing openid", `{"role_id":1,"name":"n"}`, 103001, prMsgInvalid},
		{"empty openid", `{"openid":"","role_id":1}`, 103001, prMsgInvalid},
		{"missing role_id", `{"openid":"` + o + `","name":"n"}`, 103001, prMsgInvalid},
		{"role_id 0", `{"openid":"` + o + `","role_id":0}`, 103001, prMsgInvalid},
		{"unknown role", `{"openid":"` + o + `","role_id":7}`, 103001, prMsgInvalid},
		{"role_id past uint32", `{"openid":"` + o + `","role_id":4294967296}`, 103001, prMsgInvalid},
		{"negative role_id", `{"openid":"` + o + `","role_id":-1}`, 103001, prMsgInvalid},
		{"openid of 27 characters", `{"openid":"` + o[:27] + `","role_id":1}`, 103007, prMsgOpenID},
		{"openid of 29 characters", `{"openid":"` + o + `9","role_id":1}`, 103007, prMsgOpenID},
		{"openid not starting with o", `{"openid":"x` + o[1:] + `","role_id":1}`, 103007, prMsgOpenID},
		{"openid with +", `{"openid":"o+` + o[2:] + `","role_id":1}`, 103007, prMsgOpenID},
		{"openid with a Chinese character", `{"openid":"o中` + o[4:] + `","role_id":1}`, 103007, prMsgOpenID},
		{"openid with a trailing newline", `{"openid":"` + o + `\n","role_id":1}`, 103007, prMsgOpenID},
		{"retail_id of 21 bytes", `{"openid":"` + o + `","role_id":1,"retail_id":"` + strings.Repeat("r", 21) + `"}`, 103002, prMsgTooLong},
		{"retail_id of 7 Chinese characters", `{"openid":"` + o + `","role_id":1,"retail_id":"` + zh(7) + `"}`, 103002, prMsgTooLong},
		{"extra_info of 81 bytes", `{"openid":"` + o + `","role_id":1,"extra_info":"` + strings.Repeat("e", 81) + `"}`, 103002, prMsgTooLong},
		{"extra_info of 27 Chinese characters", `{"openid":"` + o + `","role_id":1,"extra_info":"` + zh(27) + `"}`, 103002, prMsgTooLong},
		{"name of 31 bytes", `{"openid":"` + o + `","role_id":1,"name":"` + strings.Repeat("n", 31) + `"}`, 103002, prMsgTooLong},
		{"name of 11 Chinese characters", `{"openid":"` + o + `","role_id":1,"name":"` + zh(11) + `"}`, 103002, prMsgTooLong},
		{"phone of 21 bytes", `{"openid":"` + o + `","role_id":1,"phone":"` + strings.Repeat("1", 21) + `"}`, 103002, prMsgTooLong},
		{"phone of 7 Chinese characters", `{"openid":"` + o + `","role_id":1,"phone":"` + zh(7) + `"}`, 103002, prMsgTooLong},
		{"openid already declared", `{"openid":"` + prOID(1) + `","role_id":1,"name":"again"}`, 103003, prMsgExists},
		{"unknown fields and exact numbers", `{"openid":"bad","role_id":1.0,"score":1.50,"big":123456789012345678901234567890,"exp":1E+2,"neg":-0.0,"tag":"<b>&","nested":{"a":[1,2.25,null,true],"b":{}}}`, 103007, prMsgOpenID},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := setup(t)
			tok := e.token()
			e.prDeclare(tok, prObj{"openid": prOID(1), "role_id": 1})
			body := `{"promoter_list":[{"openid":"` + prOID(2) + `","role_id":1},` + tc.item + `,{"openid":"` + prOID(3) + `","role_id":1}]}`
			r := e.post("/promoter/addpromoter", tok, body)
			e.wantOK(r, "OK")
			want := map[string]any{"total_cnt": json.Number("4"), "fail_cnt": json.Number("0"), "fail_list": []any{}, "errcode": json.Number("0"), "errmsg": "OK"}
			if tc.code != 0 {
				echo := prDecode(t, tc.item).(map[string]any)
				echo["errcode"], echo["errmsg"] = json.Number(strconv.Itoa(tc.code)), tc.msg
				want["total_cnt"], want["fail_cnt"], want["fail_list"] = json.Number("3"), json.Number("1"), []any{echo}
			}
			diff(t, "addpromoter answer", want, r.Body)
			declared := []string{prOID(1), prOID(2), prOID(3)}
			if tc.code == 0 {
				declared = []string{prOID(1), prOID(2), prDecode(t, tc.item).(map[string]any)["openid"].(string), prOID(3)}
			}
			diff(t, "declared openids", declared, e.prGetPage(tok, prObj{}).OpenIDs)
		})
	}
}

// TestAddPromoterRejected covers the errors that reject a whole batch: no
// item is declared and the state does not change.
func TestAddPromoterRejected(t *testing.T) {
	t.Parallel()
	valid := `{"openid":"` + prOID(5) + `","role_id":1}`
	eleven := make([]string, 11)
	for i := range eleven {
		eleven[i] = `{"openid":"` + prOID(10+i) + `","role_id":1}`
	}
	tests := []struct {
		name, body string
		code       int
		msg        string
	}{
		{"empty list", `{"promoter_list":[]}`, 103001, prMsgInvalid},
		{"eleven items", `{"promoter_list":[` + strings.Join(eleven, ",") + `]}`, 103001, prMsgInvalid},
		{"no promoter_list", `{}`, 103001, prMsgInvalid},
		{"promoter_list not a list", `{"promoter_list":"x"}`, 47001, prMsgFormat},
		{"role_id as a string", `{"promoter_list":[` + valid + `,{"openid":"` + prOID(6) + `","role_id":"1"}]}`, 47001, prMsgFormat},
		{"openid as a number", `{"promoter_list":[` + valid + `,{"openid":123,"role_id":1}]}`, 47001, prMsgFormat},
		{"name as a number", `{"promoter_list":[` + valid + `,{"openid":"` + prOID(6) + `","role_id":1,"name":5}]}`, 47001, prMsgFormat},
		{"role_id with a fraction", `{"promoter_list":[` + valid + `,{"openid":"` + prOID(6) + `","role_id":1.5}]}`, 47001, prMsgFormat},
		{"item not an object", `{"promoter_list":[` + valid + `,1]}`, 47001, prMsgFormat},
		{"body a list", `[` + valid + `]`, 47001, prMsgFormat},
		{"body not JSON", `{"promoter_list":[`, 47001, prMsgFormat},
		{"empty body", ` `, 44002, "empty post data"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := setup(t)
			tok := e.token()
			e.prDeclare(tok, prObj{"openid": prOID(1), "role_id": 1})
			e.prRejected("/promoter/addpromoter", tok, tc.body, tc.code, tc.msg)
		})
	}
}

// TestAddPromoterDuplicates covers 103003 for an openid held, repeated in
// one batch, or paired by its unionid with a promoter held.
func TestAddPromoterDuplicates(t *testing.T) {
	t.Parallel()
	// The unionid paired with prOID(1), read from a server of its own.
	e0 := setup(t)
	tok0 := e0.token()
	e0.prDeclare(tok0, prObj{"openid": prOID(1), "role_id": 1})
	u := e0.prUnionOf(tok0, prOID(1))

	tests := []struct {
		name  string
		held  []string // declared beforehand
		batch []string
		fail  []int // indexes in batch answered 103003
	}{
		{"same openid twice in a batch", nil, []string{prOID(1), prOID(1)}, []int{1}},
		{"openid then its unionid in a batch", nil, []string{prOID(1), u}, []int{1}},
		{"unionid then its openid in a batch", nil, []string{u, prOID(1)}, []int{1}},
		{"openid held", []string{prOID(1)}, []string{prOID(2), prOID(1)}, []int{1}},
		{"unionid of a held openid", []string{prOID(1)}, []string{u, prOID(2)}, []int{0}},
		{"openid whose unionid is held as an openid", []string{u}, []string{prOID(1)}, []int{0}},
		{"all repeated", []string{prOID(1)}, []string{prOID(1), u, prOID(1)}, []int{0, 1, 2}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := setup(t)
			tok := e.token()
			for _, h := range tc.held {
				e.prDeclare(tok, prObj{"openid": h, "role_id": 1})
			}
			items := make([]prObj, len(tc.batch))
			for i, o := range tc.batch {
				items[i] = prObj{"openid": o, "role_id": 1, "phone": strconv.Itoa(i)}
			}
			r := e.prAdd(tok, items...)
			e.wantOK(r, "OK")
			wantFail := []any{}
			for _, i := range tc.fail {
				wantFail = append(wantFail, map[string]any{"openid": tc.batch[i], "role_id": json.Number("1"), "phone": strconv.Itoa(i),
					"errcode": json.Number("103003"), "errmsg": prMsgExists})
			}
			total := len(tc.held) + len(tc.batch) - len(tc.fail)
			want := map[string]any{"total_cnt": json.Number(strconv.Itoa(total)), "fail_cnt": json.Number(strconv.Itoa(len(tc.fail))),
				"fail_list": wantFail, "errcode": json.Number("0"), "errmsg": "OK"}
			diff(t, "addpromoter answer", want, r.Body)
			if got := e.prGetPage(tok, prObj{}).Total; got != total {
				t.Errorf("getpromoter total_cnt %d, want %d", got, total)
			}
		})
	}
}

// TestAddPromoterApps keeps each app's promoters apart.
func TestAddPromoterApps(t *testing.T) {
	t.Parallel()
	e := setup(t)
	r := e.admin(http.MethodPost, "/apps", `{"appid":"wx00000000000000b2","secret":"000000000000000000000000000000b2"}`)
	if r.Status != http.StatusOK {
		t.Fatalf("POST apps: %s", r.Raw)
	}
	tok, tok2 := e.token(), e.tokenOf("wx00000000000000b2", "000000000000000000000000000000b2")
	e.prDeclare(tok, prObj{"openid": prOID(1), "role_id": 1}, prObj{"openid": prOID(2), "role_id": 1})
	r = e.prDeclare(tok2, prObj{"openid": prOID(1), "role_id": 1})
	if prNum(t, r.Body["total_cnt"]) != 1 {
		t.Errorf("second app total_cnt: %s", r.Raw)
	}
	diff(t, "second app's promoters", []string{prOID(1)}, e.prGetPage(tok2, prObj{}).OpenIDs)
	diff(t, "second app's first id", []string{"1"}, e.prGetPage(tok2, prObj{}).IDs)
}

// TestAddPromoterRecord checks what a declaration stores.
func TestAddPromoterRecord(t *testing.T) {
	t.Parallel()
	e := setup(t)
	tok := e.token()
	e.advance(42 * time.Second)
	e.prDeclare(tok, prObj{"openid": prOID(1), "role_id": 1, "retail_id": "门店", "extra_info": "k=v", "name": "王五", "phone": "021"})
	want := map[string]any{"openid": prOID(1), "role_id": json.Number("1"), "retail_id": "门店", "extra_info": "k=v",
		"auth_status": json.Number("0"), "decl_status": json.Number("1"), "update_time": json.Number(strconv.FormatInt(start.Unix()+42, 10)),
		"id": "1", "name": "王五", "phone": "021"}
	diff(t, "promoter", want, e.prOne(tok, prOID(1)))
}

// TestUpdatePromoter changes promoter 1 of two, a minute after they were
// declared; a rejected update changes nothing.
func TestUpdatePromoter(t *testing.T) {
	t.Parallel()
	zh := func(n int) string { return strings.Repeat("中", n) }
	tests := []struct {
		name   string
		before string // an update sent before the clock moves
		body   string
		code   int
		msg    string
		set    prObj // fields of promoter 1 that change on success
	}{
		{name: "every field, string id", body: `{"id":"1","role_id":2,"retail_id":"s9","extra_info":"x9","name":"赵六","phone":"p9"}`,
			set: prObj{"role_id": json.Number("2"), "retail_id": "s9", "extra_info": "x9", "name": "赵六", "phone": "p9"}},
		{name: "number id", body: `{"id":1,"name":"n"}`, set: prObj{"name": "n"}},
		{name: "id alone moves update_time", body: `{"id":"1"}`, set: prObj{}},
		{name: "fields at their limits", body: `{"id":"1","retail_id":"` + strings.Repeat("r", 20) + `","extra_info":"` + zh(26) + `ee","name":"` + zh(10) + `","phone":"` + strings.Repeat("1", 20) + `"}`,
			set: prObj{"retail_id": strings.Repeat("r", 20), "extra_info": zh(26) + "ee", "name": zh(10), "phone": strings.Repeat("1", 20)}},
		{name: "cancel", body: `{"id":"1","decl_status":2}`, set: prObj{"decl_status": json.Number("2")}},
		{name: "cancel with a string", body: `{"id":"1","decl_status":"2"}`, set: prObj{"decl_status": json.Number("2")}},
		{name: "declare again", before: `{"id":"1","decl_status":2}`, body: `{"id":"1","decl_status":1}`, set: prObj{}},
		{name: "declare again with a string", before: `{"id":"1","decl_status":2}`, body: `{"id":"1","decl_status":"1"}`, set: prObj{}},
		{name: "unknown string id", body: `{"id":"3","name":"x"}`, code: 103006, msg: prMsgNotExist},
		{name: "unknown number id", body: `{"id":99}`, code: 103006, msg: prMsgNotExist},
		{name: "id 0", body: `{"id":"0"}`, code: 103001, msg: prMsgInvalid},
		{name: "number id 0", body: `{"id":0}`, code: 103001, msg: prMsgInvalid},
		{name: "id not digits", body: `{"id":"abc"}`, code: 103001, msg: prMsgInvalid},
		{name: "empty id", body: `{"id":""}`, code: 103001, msg: prMsgInvalid},
		{name: "no id", body: `{"name":"x"}`, code: 103001, msg: prMsgInvalid},
		{name: "unknown role", body: `{"id":"1","role_id":9}`, code: 103001, msg: prMsgInvalid},
		{name: "role 0", body: `{"id":"1","role_id":0}`, code: 103001, msg: prMsgInvalid},
		{name: "decl_status 3", body: `{"id":"1","decl_status":3}`, code: 103001, msg: prMsgInvalid},
		{name: "decl_status string 3", body: `{"id":"1","decl_status":"3"}`, code: 103001, msg: prMsgInvalid},
		{name: "decl_status 0", body: `{"id":"1","decl_status":0}`, code: 103001, msg: prMsgInvalid},
		{name: "retail_id of 21 bytes", body: `{"id":"1","retail_id":"` + strings.Repeat("r", 21) + `"}`, code: 103002, msg: prMsgTooLong},
		{name: "extra_info of 81 bytes", body: `{"id":"1","extra_info":"` + zh(27) + `"}`, code: 103002, msg: prMsgTooLong},
		{name: "name of 11 Chinese characters", body: `{"id":"1","name":"` + zh(11) + `"}`, code: 103002, msg: prMsgTooLong},
		{name: "phone of 21 bytes", body: `{"id":"1","phone":"` + strings.Repeat("1", 21) + `"}`, code: 103002, msg: prMsgTooLong},
		{name: "role_id as a string", body: `{"id":"1","role_id":"2"}`, code: 47001, msg: prMsgFormat},
		{name: "id as a bool", body: `{"id":true}`, code: 47001, msg: prMsgFormat},
		{name: "name as a number", body: `{"id":"1","name":5}`, code: 47001, msg: prMsgFormat},
		{name: "body not JSON", body: `{"id":`, code: 47001, msg: prMsgFormat},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := setup(t)
			tok := e.token()
			e.wantOK(e.post("/promoter/addrole", tok, `{"name":"店长"}`), "ok")
			e.prDeclare(tok, prObj{"openid": prOID(1), "role_id": 1, "retail_id": "s1", "extra_info": "x1", "name": "n1", "phone": "p1"},
				prObj{"openid": prOID(2), "role_id": 1})
			if tc.before != "" {
				e.wantOK(e.post("/promoter/updatepromoter", tok, tc.before), "OK")
			}
			e.advance(time.Minute)
			if tc.code != 0 {
				e.prRejected("/promoter/updatepromoter", tok, tc.body, tc.code, tc.msg)
				return
			}
			other := e.prOne(tok, prOID(2))
			e.wantOK(e.post("/promoter/updatepromoter", tok, tc.body), "OK")
			want := map[string]any{"openid": prOID(1), "role_id": json.Number("1"), "retail_id": "s1", "extra_info": "x1",
				"auth_status": json.Number("0"), "decl_status": json.Number("1"), "id": "1", "name": "n1", "phone": "p1",
				"update_time": json.Number(strconv.FormatInt(start.Unix()+60, 10))}
			for k, v := range tc.set {
				want[k] = v
			}
			diff(t, "promoter 1", want, e.prOne(tok, prOID(1)))
			diff(t, "promoter 2", other, e.prOne(tok, prOID(2)))
		})
	}
}

// TestUpdatePromoterDeclaration follows total_cnt through a cancellation
// and a new declaration: addpromoter counts declared promoters, getpromoter
// every promoter held.
func TestUpdatePromoterDeclaration(t *testing.T) {
	t.Parallel()
	e := setup(t)
	tok := e.token()
	e.prDeclare(tok, prObj{"openid": prOID(1), "role_id": 1}, prObj{"openid": prOID(2), "role_id": 1})
	for range 2 { // cancelling twice counts once
		e.wantOK(e.post("/promoter/updatepromoter", tok, `{"id":"1","decl_status":2}`), "OK")
	}
	if r := e.prDeclare(tok, prObj{"openid": prOID(3), "role_id": 1}); prNum(t, r.Body["total_cnt"]) != 2 {
		t.Errorf("total_cnt after a cancellation: %s", r.Raw)
	}
	if got := e.prGetPage(tok, prObj{}).Total; got != 3 {
		t.Errorf("getpromoter total_cnt %d, want 3", got)
	}
	// A cancelled promoter still holds its openid.
	r := e.prAdd(tok, prObj{"openid": prOID(1), "role_id": 1})
	if prNum(t, r.Body["fail_cnt"]) != 1 || prNum(t, r.Body["total_cnt"]) != 2 {
		t.Errorf("declaring a cancelled openid again: %s", r.Raw)
	}
	e.wantOK(e.post("/promoter/updatepromoter", tok, `{"id":"1","decl_status":"1"}`), "OK")
	if r := e.prDeclare(tok, prObj{"openid": prOID(4), "role_id": 1}); prNum(t, r.Body["total_cnt"]) != 4 {
		t.Errorf("total_cnt after declaring again: %s", r.Raw)
	}
}

// TestAuthorize plays promoters accepting and cancelling the authorization
// through the control API.
func TestAuthorize(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		body   string // %s is prOID(1), %u its unionid
		status int
		auth   int // promoter 1's auth_status afterwards
	}{
		{"accept", `{"openid":"%s","auth_status":1}`, http.StatusOK, 1},
		{"cancel", `{"openid":"%s","auth_status":2}`, http.StatusOK, 2},
		{"none", `{"openid":"%s","auth_status":0}`, http.StatusOK, 0},
		{"by unionid", `{"openid":"%u","auth_status":1}`, http.StatusOK, 1},
		{"default app named", `{"appid":"` + appID + `","openid":"%s","auth_status":1}`, http.StatusOK, 1},
		{"unknown openid", `{"openid":"` + prOID(9) + `","auth_status":1}`, http.StatusNotFound, 0},
		{"accept a cancelled declaration", `{"openid":"` + prOID(2) + `","auth_status":1}`, http.StatusConflict, 0},
		{"auth_status 3", `{"openid":"%s","auth_status":3}`, http.StatusBadRequest, 0},
		{"no auth_status", `{"openid":"%s"}`, http.StatusBadRequest, 0},
		{"unknown app", `{"appid":"wx00000000000000ff","openid":"%s","auth_status":1}`, http.StatusNotFound, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := setup(t)
			tok := e.token()
			e.prDeclare(tok, prObj{"openid": prOID(1), "role_id": 1}, prObj{"openid": prOID(2), "role_id": 1})
			e.wantOK(e.post("/promoter/updatepromoter", tok, `{"id":"2","decl_status":2}`), "OK")
			body := strings.NewReplacer("%s", prOID(1), "%u", e.prUnionOf(tok, prOID(1))).Replace(tc.body)
			e.advance(30 * time.Second)
			before := e.prState()
			r := e.prAuthorize(body)
			if r.Status != tc.status {
				t.Fatalf("status %d, want %d: %s", r.Status, tc.status, r.Raw)
			}
			if tc.status != http.StatusOK {
				if after := e.prState(); after != before {
					diff(t, "state after a refused authorization", before, after)
				}
				return
			}
			p := e.prOne(tok, prOID(1))
			diff(t, "auth_status", json.Number(strconv.Itoa(tc.auth)), p["auth_status"])
			diff(t, "update_time", json.Number(strconv.FormatInt(start.Unix()+30, 10)), p["update_time"])
		})
	}
}
