package httpapi_test

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
)

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
