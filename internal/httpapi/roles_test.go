package httpapi_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
)

// prRole is a role as getrole lists it.
func prRole(id int, name, desc string) map[string]any {
	return map[string]any{"role_id": json.Number(strconv.Itoa(id)), "name": name, "desc": desc}
}

// prRoles is getrole's answer for roles.
func prRoles(roles ...map[string]any) map[string]any {
	list := make([]any, len(roles))
	for i, r := range roles {
		list[i] = r
	}
	return map[string]any{"role_list": list, "total_cnt": json.Number(strconv.Itoa(len(roles))), "errcode": json.Number("0"), "errmsg": "OK"}
}

// prDefaultRole is role 1, which every app starts with.
var prDefaultRole = prRole(1, "推广员", "")

func TestAddRole(t *testing.T) {
	t.Parallel()
	zh := func(n int) string { return strings.Repeat("中", n) }
	tests := []struct {
		name, body string
		code       int
		msg        string
		role       map[string]any // the role created, on success
	}{
		{name: "name only", body: `{"name":"店长"}`, role: prRole(2, "店长", "")},
		{name: "name and desc", body: `{"name":"店长","desc":"门店负责人"}`, role: prRole(2, "店长", "门店负责人")},
		{name: "empty desc", body: `{"name":"a","desc":""}`, role: prRole(2, "a", "")},
		{name: "unknown field ignored", body: `{"name":"a","color":7}`, role: prRole(2, "a", "")},
		{name: "name of 50 bytes", body: `{"name":"` + strings.Repeat("n", 50) + `"}`, role: prRole(2, strings.Repeat("n", 50), "")},
		{name: "name of 16 Chinese characters and 2 bytes", body: `{"name":"` + zh(16) + `ab"}`, role: prRole(2, zh(16)+"ab", "")},
		{name: "desc of 200 bytes", body: `{"name":"a","desc":"` + strings.Repeat("d", 200) + `"}`, role: prRole(2, "a", strings.Repeat("d", 200))},
		{name: "desc of 66 Chinese characters and 2 bytes", body: `{"name":"a","desc":"` + zh(66) + `ab"}`, role: prRole(2, "a", zh(66)+"ab")},
		{name: "no name", body: `{"desc":"d"}`, code: 103001, msg: prMsgInvalid},
		{name: "empty name", body: `{"name":""}`, code: 103001, msg: prMsgInvalid},
		{name: "name of 51 bytes", body: `{"name":"` + strings.Repeat("n", 51) + `"}`, code: 103002, msg: prMsgTooLong},
		{name: "name of 17 Chinese characters", body: `{"name":"` + zh(17) + `"}`, code: 103002, msg: prMsgTooLong},
		{name: "desc of 201 bytes", body: `{"name":"a","desc":"` + strings.Repeat("d", 201) + `"}`, code: 103002, msg: prMsgTooLong},
		{name: "desc of 67 Chinese characters", body: `{"name":"a","desc":"` + zh(67) + `"}`, code: 103002, msg: prMsgTooLong},
		{name: "name of the default role", body: `{"name":"推广员"}`, code: 103003, msg: prMsgExists},
		{name: "name as a number", body: `{"name":5}`, code: 47001, msg: prMsgFormat},
		{name: "desc as a number", body: `{"name":"a","desc":5}`, code: 47001, msg: prMsgFormat},
		{name: "body a list", body: `[]`, code: 47001, msg: prMsgFormat},
		{name: "body not JSON", body: `{"name"`, code: 47001, msg: prMsgFormat},
		{name: "empty body", body: ` `, code: 44002, msg: "empty post data"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := setup(t)
			tok := e.token()
			if tc.code != 0 {
				e.prRejected("/promoter/addrole", tok, tc.body, tc.code, tc.msg)
				diff(t, "roles", prRoles(prDefaultRole), e.post("/promoter/getrole", tok, `{}`).Body)
				return
			}
			r := e.post("/promoter/addrole", tok, tc.body)
			want := map[string]any{"errcode": json.Number("0"), "errmsg": "ok"}
			for k, v := range tc.role {
				want[k] = v
			}
			diff(t, "addrole answer", want, r.Body)
			diff(t, "roles", prRoles(prDefaultRole, tc.role), e.post("/promoter/getrole", tok, `{}`).Body)
		})
	}
}

// TestAddRoleIDs numbers roles 2, 3, ... and spends no id on a refusal.
func TestAddRoleIDs(t *testing.T) {
	t.Parallel()
	e := setup(t)
	tok := e.token()
	diff(t, "first role", 2, prRoleID(t, e.post("/promoter/addrole", tok, `{"name":"a"}`)))
	e.wantErr(e.post("/promoter/addrole", tok, `{"name":"a","desc":"again"}`), 103003, prMsgExists)
	diff(t, "second role", 3, prRoleID(t, e.post("/promoter/addrole", tok, `{"name":"b","desc":"a"}`)))
	diff(t, "roles", prRoles(prDefaultRole, prRole(2, "a", ""), prRole(3, "b", "a")), e.post("/promoter/getrole", tok, `{}`).Body)
}

// prRoleID is the role_id that addrole answers.
func prRoleID(t *testing.T, r resp) int {
	t.Helper()
	if r.code() != 0 || r.Body["errmsg"] != "ok" {
		t.Fatalf("addrole: %s", r.Raw)
	}
	return prNum(t, r.Body["role_id"])
}

// TestAddRoleLimit fills an app with 100 roles, the default one included.
func TestAddRoleLimit(t *testing.T) {
	t.Parallel()
	e := setup(t)
	tok := e.token()
	want := []map[string]any{prDefaultRole}
	for id := 2; id <= 100; id++ {
		name := fmt.Sprintf("role %d", id)
		diff(t, name, id, prRoleID(t, e.post("/promoter/addrole", tok, `{"name":"`+name+`"}`)))
		want = append(want, prRole(id, name, ""))
	}
	e.prRejected("/promoter/addrole", tok, `{"name":"one too many"}`, 103005, prMsgLimit)
	diff(t, "roles", prRoles(want...), e.post("/promoter/getrole", tok, `{}`).Body)
	// Roles can still be changed at the cap.
	e.wantOK(e.post("/promoter/updaterole", tok, `{"role_id":100,"name":"last"}`), "OK")
	diff(t, "role 100", prRoles(prRole(100, "last", "")), e.post("/promoter/getrole", tok, `{"role_id":100}`).Body)
}

func TestGetRole(t *testing.T) {
	t.Parallel()
	e := setup(t)
	tok := e.token()
	e.wantOK(e.post("/promoter/addrole", tok, `{"name":"店长","desc":"d"}`), "ok")
	e.wantOK(e.post("/promoter/addrole", tok, `{"name":"导购"}`), "ok")
	tests := []struct {
		name, body string
		code       int
		msg        string
		want       map[string]any
	}{
		{name: "every role", body: `{}`, want: prRoles(prDefaultRole, prRole(2, "店长", "d"), prRole(3, "导购", ""))},
		{name: "default role", body: `{"role_id":1}`, want: prRoles(prDefaultRole)},
		{name: "one role", body: `{"role_id":2}`, want: prRoles(prRole(2, "店长", "d"))},
		{name: "unknown role", body: `{"role_id":4}`, code: 103006, msg: prMsgNotExist},
		{name: "role past uint32", body: `{"role_id":4294967296}`, code: 103001, msg: prMsgInvalid},
		{name: "negative role", body: `{"role_id":-1}`, code: 103001, msg: prMsgInvalid},
		{name: "role_id as a string", body: `{"role_id":"1"}`, code: 47001, msg: prMsgFormat},
		{name: "body not JSON", body: `{`, code: 47001, msg: prMsgFormat},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := e.prIn(t)
			r := e.post("/promoter/getrole", tok, tc.body)
			if tc.code != 0 {
				e.wantErr(r, tc.code, tc.msg)
				return
			}
			diff(t, "getrole answer", tc.want, r.Body)
		})
	}
}

// TestUpdateRole changes role 2 of roles 1 推广员, 2 店长 and 3 导购.
func TestUpdateRole(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, body string
		code       int
		msg        string
		roles      []map[string]any // every role afterwards, on success
	}{
		{name: "name", body: `{"role_id":2,"name":"区域经理"}`, roles: []map[string]any{prRole(2, "区域经理", "d")}},
		{name: "desc", body: `{"role_id":2,"desc":"新描述"}`, roles: []map[string]any{prRole(2, "店长", "新描述")}},
		{name: "name and desc", body: `{"role_id":2,"name":"x","desc":""}`, roles: []map[string]any{prRole(2, "x", "")}},
		{name: "its own name", body: `{"role_id":2,"name":"店长","desc":"e"}`, roles: []map[string]any{prRole(2, "店长", "e")}},
		{name: "default role", body: `{"role_id":1,"desc":"默认"}`, roles: []map[string]any{prRole(1, "推广员", "默认"), prRole(2, "店长", "d")}},
		{name: "name of 50 bytes", body: `{"role_id":2,"name":"` + strings.Repeat("n", 50) + `"}`, roles: []map[string]any{prRole(2, strings.Repeat("n", 50), "d")}},
		{name: "no role_id", body: `{"name":"x"}`, code: 103001, msg: prMsgInvalid},
		{name: "role_id 0", body: `{"role_id":0,"name":"x"}`, code: 103001, msg: prMsgInvalid},
		{name: "neither name nor desc", body: `{"role_id":2}`, code: 103001, msg: prMsgInvalid},
		{name: "empty name", body: `{"role_id":2,"name":""}`, code: 103001, msg: prMsgInvalid},
		{name: "unknown role", body: `{"role_id":9,"name":"x"}`, code: 103006, msg: prMsgNotExist},
		{name: "name of another role", body: `{"role_id":2,"name":"导购"}`, code: 103003, msg: prMsgExists},
		{name: "name of the default role", body: `{"role_id":2,"name":"推广员"}`, code: 103003, msg: prMsgExists},
		{name: "name of 51 bytes", body: `{"role_id":2,"name":"` + strings.Repeat("n", 51) + `"}`, code: 103002, msg: prMsgTooLong},
		{name: "name of 17 Chinese characters", body: `{"role_id":2,"name":"` + strings.Repeat("中", 17) + `"}`, code: 103002, msg: prMsgTooLong},
		{name: "desc of 201 bytes", body: `{"role_id":2,"desc":"` + strings.Repeat("d", 201) + `"}`, code: 103002, msg: prMsgTooLong},
		{name: "role_id as a string", body: `{"role_id":"2","name":"x"}`, code: 47001, msg: prMsgFormat},
		{name: "name as a number", body: `{"role_id":2,"name":5}`, code: 47001, msg: prMsgFormat},
		{name: "body not JSON", body: `{"role_id":2,`, code: 47001, msg: prMsgFormat},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := setup(t)
			tok := e.token()
			e.wantOK(e.post("/promoter/addrole", tok, `{"name":"店长","desc":"d"}`), "ok")
			e.wantOK(e.post("/promoter/addrole", tok, `{"name":"导购"}`), "ok")
			if tc.code != 0 {
				e.prRejected("/promoter/updaterole", tok, tc.body, tc.code, tc.msg)
				return
			}
			e.wantOK(e.post("/promoter/updaterole", tok, tc.body), "OK")
			want := map[string]map[string]any{"1": prDefaultRole, "2": prRole(2, "店长", "d"), "3": prRole(3, "导购", "")}
			for _, r := range tc.roles {
				want[string(r["role_id"].(json.Number))] = r
			}
			diff(t, "roles", prRoles(want["1"], want["2"], want["3"]), e.post("/promoter/getrole", tok, `{}`).Body)
		})
	}
}

// TestUpdateRoleUnknownBeforeName: an unknown role_id is 103006 even when
// the new name is taken by another role.
func TestUpdateRoleUnknownBeforeName(t *testing.T) {
	t.Parallel()
	e := setup(t)
	tok := e.token()
	e.wantErr(e.post("/promoter/updaterole", tok, `{"role_id":99,"name":"推广员"}`), 103006, "data not exist")
	e.wantOK(e.post("/promoter/addrole", tok, `{"name":"店长"}`), "ok")
	e.wantErr(e.post("/promoter/updaterole", tok, `{"role_id":2,"name":"推广员"}`), 103003, "data already exists")
}

// TestGetRoleFollowsChanges: getrole's answer for every role, which the
// server keeps written while the roles stand, follows each change of
// them, of two apps called in turn: a new role, a changed one, a refused
// change, a reset and a state put back.
func TestGetRoleFollowsChanges(t *testing.T) {
	t.Parallel()
	e := setup(t)
	tok2 := e.addApp("wx2222222222222222", "22222222222222222222222222222222")
	tok := e.token()
	roles := func(step string, tok string, want ...map[string]any) {
		t.Helper()
		for range 2 { // written, then from memory
			diff(t, step, prRoles(want...), e.post("/promoter/getrole", tok, `{}`).Body)
		}
	}
	roles("the first call", tok, prDefaultRole)
	roles("the other app's first call", tok2, prDefaultRole)
	e.wantOK(e.post("/promoter/addrole", tok, `{"name":"店长","desc":"d"}`), "ok")
	roles("a role added", tok, prDefaultRole, prRole(2, "店长", "d"))
	roles("the other app, after a role of the first was added", tok2, prDefaultRole)
	exported := e.admin(http.MethodGet, "/state", "").Raw
	e.wantOK(e.post("/promoter/updaterole", tok, `{"role_id":2,"name":"区域经理"}`), "OK")
	roles("a role changed", tok, prDefaultRole, prRole(2, "区域经理", "d"))
	e.prRejected("/promoter/addrole", tok, `{"name":"区域经理"}`, 103003, prMsgExists)
	roles("a change refused", tok, prDefaultRole, prRole(2, "区域经理", "d"))
	e.wantOK(e.post("/promoter/updaterole", tok2, `{"role_id":1,"desc":"二"}`), "OK")
	roles("the other app's role changed", tok2, prRole(1, "推广员", "二"))
	roles("the first app, after the other's change", tok, prDefaultRole, prRole(2, "区域经理", "d"))
	long := strings.Repeat("长", 66)
	for i := range 8 { // over the memo's bound of a kept answer
		e.wantOK(e.post("/promoter/addrole", tok2, fmt.Sprintf(`{"name":"r%d","desc":"%s"}`, i, long)), "ok")
	}
	want := []map[string]any{prRole(1, "推广员", "二")}
	for i := range 8 {
		want = append(want, prRole(i+2, fmt.Sprint("r", i), long))
	}
	roles("a long answer", tok2, want...)
	if r := e.admin(http.MethodPut, "/state", exported); r.Status != http.StatusOK {
		t.Fatalf("PUT state: %s", r.Raw)
	}
	roles("the state put back", tok, prDefaultRole, prRole(2, "店长", "d"))
	roles("the other app, in the state put back", tok2, prDefaultRole)
	if r := e.admin(http.MethodPost, "/reset", ""); r.Status != http.StatusOK {
		t.Fatalf("reset: %s", r.Raw)
	}
	roles("after a reset", e.token(), prDefaultRole)
}
