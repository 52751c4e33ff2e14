package httpapi_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/wxmock/wxmock/internal/sim"
)

// pmBusy fills the default app with every kind of message row: a group send
// with a refusal, a group send by id with failures and a click rule's
// clicks, a single message, clicks, rules and two share materials. It
// returns the msg_ids of the two group sends and a token.
func (e *env) pmBusy() (tok, a, b string) {
	e.t.Helper()
	tok = e.token()
	e.wantOK(e.post("/promoter/addrole", tok, `{"name":"店长"}`), "ok")
	e.pmDeclare(tok, 1, pmWho{auth: 1}, pmWho{role: 2, auth: 1, receive: "refuse"}, pmWho{role: 2, auth: 1, receive: "fail"}, pmWho{})
	e.pmAdminOK("/promoters/clicks", `{"msg_type":2,"pv":9,"uv":1}`)
	e.pmAdminOK("/promoters/clicks", `{"pv":4,"uv":2}`)
	a = e.pmSend(tok, prObj{"list_type": 1, "role_id": []int{1, 2}, "appid": appID})
	e.advance(pmDelay)
	b = e.pmSend(tok, prObj{"msg_type": 2, "list_type": 3, "id": []string{"1", "3", "4"}})
	e.wantOK(e.post("/promoter/singlesendmsg", tok, prJSON(e.t, pmMsg(prObj{"id": "1", "msg_type": 3}))), "OK")
	e.pmClick(a, 3, 0)
	e.pmGetShare(tok, nil)
	e.pmGetShare(tok, prObj{"extra_info": "活动", "title": "双十一", "env_version": "trial", "share_type": 1})
	e.advance(2 * pmDelay)
	return tok, a, b
}

func TestAdminStateMessagesRoundTrip(t *testing.T) {
	t.Parallel()
	e := setup(t)
	tok, a, b := e.pmBusy()
	exported := e.admState()
	st := e.pmState()
	if len(st.Messages) != 3 || len(st.ClickRules) != 2 || len(st.ShareMaterials) != 2 {
		t.Fatalf("state holds %d messages, %d click rules, %d share materials; want 3, 2, 2", len(st.Messages), len(st.ClickRules), len(st.ShareMaterials))
	}
	diff(t, "message b's delivery and clicks", sim.Message{AppID: appID, MsgID: st.Messages[1].MsgID, Kind: sim.MsgGroup, MsgType: 2,
		Content: pmContent, Path: "pages/index/index", ListType: sim.ListIDs, IDs: []string{"1", "3", "4"},
		SentAt: st.Messages[1].SentAt, DoneAt: st.Messages[1].SentAt + 3, SendCnt: 3, FailCnt: 2,
		ClickPV: 9, ClickUV: 1, ClicksAt: st.Messages[1].DoneAt,
		FailInfo: []sim.MsgFailure{{ID: "3", ErrCode: sim.ErrMsgSendFail.Code}, {ID: "4", ErrCode: sim.ErrPromoterNotReady.Code}}}, st.Messages[1])
	answers := func(e *env, tok string) []string {
		out := []string{}
		for _, id := range []string{a, b} {
			out = append(out, e.post("/promoter/getmsg", tok, `{"msg_id":"`+id+`"}`).Raw)
		}
		out = append(out, e.pmClickData(tok, prObj{"send_date": e.pmToday(), "dimonsion": 1}).Raw)
		return append(out, e.post("/promoter/getsharematerial", tok, prJSON(e.t, pmShareReq(nil))).Raw)
	}
	before := answers(e, tok)

	admStatus(t, e.admin(http.MethodPut, "/state", exported), http.StatusOK)
	diff(t, "state after PUT", exported, e.admState())
	admStatus(t, e.admin(http.MethodPost, "/reset", ""), http.StatusOK)
	admStatus(t, e.admin(http.MethodPut, "/state", exported), http.StatusOK)
	diff(t, "state after reset and PUT", exported, e.admState())
	diff(t, "answers after PUT", before, answers(e, tok))

	fresh := setup(t)
	admStatus(t, fresh.admin(http.MethodPut, "/state", exported), http.StatusOK)
	diff(t, "state of another server", exported, fresh.admState())
	fresh.m.Sim.Clock().Freeze(e.m.Sim.Now())
	diff(t, "answers of another server", before, answers(fresh, tok))
	// The msg_id sequence carries on.
	next := strconv.FormatUint(st.Messages[2].MsgID+1, 10)
	diff(t, "next msg_id", next, fresh.pmSend(tok, nil))
}

func TestAdminStateMsgIDSequence(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		msgID     uint64
		sequences []any
		want      string
	}{
		{"without a sequence", 500000, []any{}, "500001"},
		{"past a lower sequence", 700000, []any{prObj{"name": "msg", "next": 123460}}, "700001"},
		{"a higher sequence wins", 200000, []any{prObj{"name": "msg", "next": 800000}}, "800000"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := setup(t)
			tok, _, _ := e.pmBusy()
			var st map[string]any
			admDecode(t, resp{Raw: e.admState()}, &st)
			msgs := st["messages"].([]any)
			m := map[string]any{}
			for k, v := range msgs[0].(map[string]any) {
				m[k] = v
			}
			m["msg_id"] = tt.msgID
			st["messages"], st["sequences"] = append(msgs, m), tt.sequences
			admStatus(t, e.admin(http.MethodPut, "/state", prJSON(t, st)), http.StatusOK)
			diff(t, "next msg_id", tt.want, e.pmSend(tok, nil))
		})
	}
}

// A message imported with a send time ahead of the clock is still
// delivering; its progress is never negative.
func TestAdminStateMessageAhead(t *testing.T) {
	t.Parallel()
	e := setup(t)
	tok, a, _ := e.pmBusy()
	var st map[string]any
	admDecode(t, resp{Raw: e.admState()}, &st)
	now := e.m.Sim.Now().Unix()
	m := st["messages"].([]any)[0].(map[string]any)
	m["sent_at"], m["done_at"], m["clicks_at"] = now+100, now+200, 0
	admStatus(t, e.admin(http.MethodPut, "/state", prJSON(t, st)), http.StatusOK)
	diff(t, "getmsg of a message sent ahead", pmResult{SendCnt: 3, FailInfo: []pmFail{}}, e.pmGet(tok, a))

	// A message done as it is sent (a single message, or a group send with
	// no message delay) that lies ahead of the clock once made getmsg
	// divide by zero.
	m["sent_at"], m["done_at"] = now+100, now+100
	admStatus(t, e.admin(http.MethodPut, "/state", prJSON(t, st)), http.StatusOK)
	diff(t, "getmsg of a message sent and done ahead", pmResult{SendCnt: 3, FailInfo: []pmFail{}}, e.pmGet(tok, a))
}

func TestAdminStatePutInvalidMessages(t *testing.T) {
	t.Parallel()
	e := setup(t)
	tok, _, _ := e.pmBusy()
	base := e.admState()
	// row returns a change of the i-th row of a list.
	row := func(list string, i int, mod func(r map[string]any)) func(st map[string]any) {
		return func(st map[string]any) { mod(st[list].([]any)[i].(map[string]any)) }
	}
	set := func(list string, i int, kv ...any) func(st map[string]any) {
		return row(list, i, func(r map[string]any) {
			for j := 0; j < len(kv); j += 2 {
				r[kv[j].(string)] = kv[j+1]
			}
		})
	}
	// copies appends n copies of the i-th row, each changed by mod(copy, k).
	copies := func(list string, i, n int, mod func(r map[string]any, k int)) func(st map[string]any) {
		return func(st map[string]any) {
			rows := st[list].([]any)
			for k := range n {
				c := map[string]any{}
				for key, v := range rows[i].(map[string]any) {
					c[key] = v
				}
				mod(c, k)
				rows = append(rows, c)
			}
			st[list] = rows
		}
	}
	const group, single = 0, 2 // messages: a, b, the single message
	const other = "wx1111111111111111"
	tests := []struct {
		name string
		mod  func(st map[string]any)
		ok   bool
	}{
		{"valid: a second rule", copies("click_rules", 0, 1, func(r map[string]any, _ int) { r["msg_type"] = 7 }), true},
		{"valid: fewer failures listed than counted", set("messages", 1, "fail_info", []any{}), true},
		{"valid: a 32-letter code", set("share_materials", 0, "code", strings.Repeat("A", 32)), true},
		{"message of an unknown app", set("messages", group, "appid", other), false},
		{"promoter's msg_receive 3", set("promoters", 0, "msg_receive", 3), false},
		{"promoter's msg_receive -1", set("promoters", 0, "msg_receive", -1), false},
		{"valid: promoter's msg_receive 2", set("promoters", 0, "msg_receive", 2), true},
		{"msg_id 0", set("messages", group, "msg_id", 0), false},
		{"msg_id 2^53", set("messages", group, "msg_id", uint64(1)<<53), false},
		{"msg_id twice", copies("messages", group, 1, func(map[string]any, int) {}), false},
		{"jump_appid of another app", set("messages", group, "jump_appid", other), false},
		{"msg_type 0", set("messages", group, "msg_type", 0), false},
		{"content not a JSON object", set("messages", group, "content", "[1]"), false},
		{"content too long", set("messages", group, "content", pmObject(sim.MaxMsgContentBytes+1)), false},
		{"path empty", set("messages", group, "path", ""), false},
		{"path too long", set("messages", group, "path", strings.Repeat("p", sim.MaxMsgPathBytes+1)), false},
		{"list_type 4", set("messages", group, "list_type", 4), false},
		{"list_type -1", set("messages", group, "list_type", -1), false},
		{"too many ids", set("messages", group, "id", strings.Split(strings.Repeat("1,", sim.MaxMsgListItems)+"1", ",")), false},
		{"unknown kind", set("messages", group, "kind", "broadcast"), false},
		{"no kind", set("messages", group, "kind", ""), false},
		{"group send with a target", set("messages", group, "target_id", 1), false},
		{"single message to an unknown promoter", set("messages", single, "target_id", 99), false},
		{"single message without a target", set("messages", single, "target_id", 0), false},
		{"sent_at negative", set("messages", group, "sent_at", -1), false},
		{"done_at before sent_at", row("messages", group, func(r map[string]any) { r["done_at"] = r["sent_at"].(float64) - 1 }), false},
		{"clicks_at negative", set("messages", group, "clicks_at", -1), false},
		{"send_cnt 0", set("messages", group, "send_cnt", 0, "fail_cnt", 0, "fail_info", []any{}, "click_uv", 0), false},
		{"fail_cnt above send_cnt", set("messages", group, "fail_cnt", 3), false},
		{"fail_cnt negative", set("messages", group, "fail_cnt", -1), false},
		{"fail_info longer than fail_cnt", set("messages", group, "fail_cnt", 0, "click_uv", 0), false},
		{"fail_info id not a number", set("messages", group, "fail_info", []any{prObj{"id": "x", "errcode": 103010}}), false},
		{"fail_info id 0", set("messages", group, "fail_info", []any{prObj{"id": "0", "errcode": 103010}}), false},
		{"fail_info errcode 0", set("messages", group, "fail_info", []any{prObj{"id": "2", "errcode": 0}}), false},
		{"fail_info errcode of no failure", set("messages", group, "fail_info", []any{prObj{"id": "2", "errcode": 103006}}), false},
		{"click_uv above click_pv", set("messages", group, "click_uv", 1, "click_pv", 0), false},
		{"click_uv beyond the recipients reached", set("messages", group, "click_uv", 2, "click_pv", 5), false},
		{"click_pv beyond the bound", set("messages", group, "click_pv", sim.MaxMsgClicks+1), false},
		{"click_uv negative", set("messages", group, "click_uv", -1), false},
		{"too many messages", copies("messages", group, sim.MaxMessagesHeld, func(r map[string]any, k int) { r["msg_id"] = 900000 + k }), false},
		{"rule of an unknown app", set("click_rules", 0, "appid", other), false},
		{"rule with pv 0", set("click_rules", 0, "pv", 0, "uv", 0), false},
		{"rule with uv above pv", set("click_rules", 0, "uv", 5), false},
		{"rule with uv negative", set("click_rules", 0, "uv", -1), false},
		{"rule with pv beyond the bound", set("click_rules", 0, "pv", sim.MaxMsgClicks+1), false},
		{"rule twice", copies("click_rules", 0, 1, func(map[string]any, int) {}), false},
		{"too many rules", copies("click_rules", 0, sim.MaxClickRules-1, func(r map[string]any, k int) { r["msg_type"] = 100 + k }), false},
		{"material of an unknown app", set("share_materials", 0, "appid", other), false},
		{"material with another promoter's openid", set("share_materials", 0, "openid", prOID(2)), false},
		{"material with its promoter's unionid", set("share_materials", 0, "openid", sim.UnionIDOf(prOID(1))), false},
		{"material of an unknown promoter", set("share_materials", 0, "promoter_id", 99), false},
		{"material without a code", set("share_materials", 0, "code", ""), false},
		{"material code too long", set("share_materials", 0, "code", strings.Repeat("A", 33)), false},
		{"material code with a query", set("share_materials", 0, "code", "abc&x=1"), false},
		{"material code twice", copies("share_materials", 0, 1, func(map[string]any, int) {}), false},
		{"material path empty", set("share_materials", 0, "path", ""), false},
		{"material path too long", set("share_materials", 0, "path", strings.Repeat("p", sim.MaxSharePathBytes+1)), false},
		{"material path too long for its code", set("share_materials", 0, "path", strings.Repeat("p", sim.MaxSharePathBytes), "code", strings.Repeat("A", 11)), false},
		{"material title too long", set("share_materials", 0, "title", strings.Repeat("题", 7)), false},
		{"material extra_info too long", set("share_materials", 0, "extra_info", strings.Repeat("e", 81)), false},
		{"material env_version unknown", set("share_materials", 0, "env_version", "beta"), false},
		{"material env_version empty", set("share_materials", 0, "env_version", ""), false},
		{"material expires when created", row("share_materials", 0, func(r map[string]any) { r["expires_at"] = r["created_at"] }), false},
		{"material expires before created", row("share_materials", 0, func(r map[string]any) { r["expires_at"] = r["created_at"].(float64) - 1 }), false},
		{"too many materials", copies("share_materials", 0, sim.MaxShareMaterials-1, func(r map[string]any, k int) { r["code"] = "Z" + strconv.Itoa(k) }), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := e.prIn(t)
			var st map[string]any
			admDecode(t, resp{Raw: base}, &st)
			tt.mod(st)
			r := e.admin(http.MethodPut, "/state", prJSON(t, st))
			if tt.ok {
				admStatus(t, r, http.StatusOK)
				admStatus(t, e.admin(http.MethodPut, "/state", base), http.StatusOK)
				return
			}
			if r.Status == http.StatusOK {
				t.Errorf("PUT accepted")
				admStatus(t, e.admin(http.MethodPut, "/state", base), http.StatusOK)
				return
			}
			admErr(t, r, http.StatusBadRequest)
			diff(t, "state after a rejected PUT", base, e.admState())
		})
	}
	e.wantOK(e.post("/promoter/getrole", tok, `{}`), "OK")
}
