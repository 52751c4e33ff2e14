package httpapi_test

import (
	"strings"
	"testing"
	"time"

	"github.com/wxmock/wxmock/internal/mock"
	"github.com/wxmock/wxmock/internal/sim"
)

// pmAudience declares the promoters the list_type tests choose from:
//
//	1 role 1, store s1, bound      4 role 1, store s2, not authorized
//	2 role 2, store s2, bound      5 role 2, store s1, authorization cancelled
//	3 role 2, store s1, bound      6 role 1, store s1, declaration cancelled
func (e *env) pmAudience(tok string) {
	e.t.Helper()
	e.wantOK(e.post("/promoter/addrole", tok, `{"name":"店长"}`), "ok")
	e.pmDeclare(tok, 1,
		pmWho{role: 1, retail: "s1", auth: 1},
		pmWho{role: 2, retail: "s2", auth: 1},
		pmWho{role: 2, retail: "s1", auth: 1},
		pmWho{role: 1, retail: "s2"},
		pmWho{role: 2, retail: "s1", auth: 2},
		pmWho{role: 1, retail: "s1", auth: 1, cancel: true},
	)
}

func TestSendMsgAudience(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		extra prObj
		send  int      // send_cnt
		fails []pmFail // fail_info once delivered
	}{
		{"list_type absent: every bound promoter", prObj{}, 3, pmFails(0)},
		{"list_type 0", prObj{"list_type": 0}, 3, pmFails(0)},
		{"list_type 0 ignores role_id", prObj{"list_type": 0, "role_id": []int{2}}, 3, pmFails(0)},
		{"role 2", prObj{"list_type": 1, "role_id": []int{2}}, 2, pmFails(0)},
		{"role 1", prObj{"list_type": 1, "role_id": []int{1}}, 1, pmFails(0)},
		{"roles 1 and 2 and an unknown one", prObj{"list_type": 1, "role_id": []int{1, 2, 9}}, 3, pmFails(0)},
		{"store s1", prObj{"list_type": 2, "retail_id": []string{"s1"}}, 2, pmFails(0)},
		{"store s2 and an unknown one", prObj{"list_type": 2, "retail_id": []string{"s2", "none"}}, 1, pmFails(0)},
		{"ids", prObj{"list_type": 3, "id": []any{"1", 3}}, 2, pmFails(0)},
		{"ids not bound or unknown fail alone", prObj{"list_type": 3, "id": []any{"1", 4, "99", "5", "6", "1"}},
			5, pmFails(sim.ErrPromoterNotReady.Code, 4, 99, 5, 6)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := setup(t)
			tok := e.token()
			e.pmAudience(tok)
			id := e.pmSend(tok, tt.extra)
			diff(t, "getmsg while delivering", pmResult{SendCnt: tt.send, FailInfo: []pmFail{}}, e.pmGet(tok, id))
			e.advance(pmDelay)
			diff(t, "getmsg once delivered", pmResult{SendCnt: tt.send, Percent: 100, FailCnt: len(tt.fails), FailInfo: tt.fails}, e.pmGet(tok, id))
		})
	}
}

func TestSendMsgNobodySelected(t *testing.T) {
	t.Parallel()
	e := setup(t)
	tok := e.token()
	e.wantErr(e.post("/promoter/sendmsg", tok, prJSON(t, pmMsg(nil))), sim.ErrPromoterNotReady.Code, sim.ErrPromoterNotReady.Msg)
	e.pmAudience(tok)
	for _, extra := range []prObj{
		{"list_type": 1, "role_id": []int{9}},
		{"list_type": 2, "retail_id": []string{"none"}},
		{"list_type": 3, "id": []string{"4", "5", "6", "99"}},
	} {
		body := prJSON(t, pmMsg(extra))
		t.Run(body, func(t *testing.T) {
			e.prIn(t).prRejected("/promoter/sendmsg", tok, body, sim.ErrPromoterNotReady.Code, sim.ErrPromoterNotReady.Msg)
		})
	}
}

func TestSendMsgInvalid(t *testing.T) {
	t.Parallel()
	e := setup(t)
	tok := e.token()
	e.pmDeclare(tok, 1, pmBound(1)...)
	tests := []struct {
		name string
		body string // sent as is when not empty
		mod  prObj
		code int
	}{
		{"msg_type missing", "", prObj{"msg_type": nil}, 103001},
		{"msg_type 0", "", prObj{"msg_type": 0}, 103001},
		{"content missing", "", prObj{"content": nil}, 103001},
		{"content empty", "", prObj{"content": ""}, 103001},
		{"path missing", "", prObj{"path": nil}, 103001},
		{"path empty", "", prObj{"path": ""}, 103001},
		{"content not JSON", "", prObj{"content": "今日优惠"}, 103001},
		{"content a JSON array", "", prObj{"content": `[{"title":"x"}]`}, 103001},
		{"content JSON null", "", prObj{"content": "null"}, 103001},
		{"content a JSON string", "", prObj{"content": `"x"`}, 103001},
		{"content an object with trailing data", "", prObj{"content": `{"a":1} x`}, 103001},
		{"list_type 4", "", prObj{"list_type": 4}, 103001},
		{"list_type 1 without role_id", "", prObj{"list_type": 1}, 103001},
		{"list_type 1 with an empty list", "", prObj{"list_type": 1, "role_id": []int{}}, 103001},
		{"list_type 1 with retail_id", "", prObj{"list_type": 1, "retail_id": []string{"s1"}}, 103001},
		{"list_type 2 without retail_id", "", prObj{"list_type": 2}, 103001},
		{"list_type 2 with an empty list", "", prObj{"list_type": 2, "retail_id": []string{}}, 103001},
		{"list_type 3 without id", "", prObj{"list_type": 3}, 103001},
		{"list_type 3 with an empty list", "", prObj{"list_type": 3, "id": []string{}}, 103001},
		{"role_id 0", "", prObj{"list_type": 1, "role_id": []int{0}}, 103001},
		{"retail_id empty", "", prObj{"list_type": 2, "retail_id": []string{""}}, 103001},
		{"id not a number", "", prObj{"list_type": 3, "id": []string{"1", "abc"}}, 103001},
		{"id 0", "", prObj{"list_type": 3, "id": []string{"0"}}, 103001},
		{"id negative", "", prObj{"list_type": 3, "id": []any{-1}}, 103001},
		{"id beyond int64", "", prObj{"list_type": 3, "id": []string{"9223372036854775808"}}, 103001},
		{"content 2049 bytes", "", prObj{"content": pmObject(2049)}, 103002},
		{"content 2049 bytes of Chinese", "", prObj{"content": `{"t":"` + strings.Repeat("字", 680) + `a"}`}, 103002},
		{"path 1025 bytes", "", prObj{"path": strings.Repeat("p", 1025)}, 103002},
		{"retail_id 21 bytes", "", prObj{"list_type": 2, "retail_id": []string{strings.Repeat("r", 21)}}, 103002},
		{"risky content", "", prObj{"content": `{"title":"赌博"}`}, 103004},
		{"risky marker", "", prObj{"content": `{"desc":"wxmock:risky"}`}, 103004},
		{"risky path", "", prObj{"path": "pages/色情/index"}, 103004},
		{"another appid", "", prObj{"appid": "wx1111111111111111"}, 103008},
		{"msg_type a string", "", prObj{"msg_type": "1"}, 47001},
		{"content an object", "", prObj{"content": prObj{"title": "x"}}, 47001},
		{"path a number", "", prObj{"path": 1}, 47001},
		{"appid a number", "", prObj{"appid": 1}, 47001},
		{"list_type a string", "", prObj{"list_type": "1"}, 47001},
		{"role_id not a list", "", prObj{"list_type": 1, "role_id": 2}, 47001},
		{"role_id of strings", "", prObj{"list_type": 1, "role_id": []string{"2"}}, 47001},
		{"retail_id of numbers", "", prObj{"list_type": 2, "retail_id": []int{1}}, 47001},
		{"id of booleans", "", prObj{"list_type": 3, "id": []bool{true}}, 47001},
		{"body an array", "[]", nil, 47001},
		{"body not JSON", "{", nil, 47001},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := tt.body
			if body == "" {
				body = prJSON(t, pmMsg(tt.mod))
			}
			e.prIn(t).prRejected("/promoter/sendmsg", tok, body, tt.code, sim.ErrorFor(tt.code, "").Msg)
		})
	}
	// The limits themselves pass, and so does the app's own appid.
	for _, extra := range []prObj{
		{"content": pmObject(2048)},
		{"content": `{"t":"` + strings.Repeat("字", 680) + `"}`},
		{"path": strings.Repeat("p", 1024)},
		{"appid": appID},
	} {
		e.pmSend(tok, extra)
		e.advance(pmDelay)
	}
}

func TestSendMsgInFlightLimit(t *testing.T) {
	t.Parallel()
	e := setup(t)
	tok := e.token()
	e.pmDeclare(tok, 1, pmBound(1)...)
	for range sim.MaxGroupSendsInFlight {
		e.pmSend(tok, nil)
	}
	body := prJSON(t, pmMsg(nil))
	e.prRejected("/promoter/sendmsg", tok, body, sim.ErrMsgTaskLimit.Code, sim.ErrMsgTaskLimit.Msg)
	e.advance(pmDelay - time.Second)
	e.wantErr(e.post("/promoter/sendmsg", tok, body), sim.ErrMsgTaskLimit.Code, sim.ErrMsgTaskLimit.Msg)
	e.advance(time.Second)
	e.pmSend(tok, nil)
}

// A long delivery that began before China midnight still counts against
// the sends in flight after it.
func TestSendMsgInFlightAcrossMidnight(t *testing.T) {
	t.Parallel()
	e := setup(t, func(o *mock.Options) { o.MsgDelay = time.Hour })
	tok := e.token()
	e.pmDeclare(tok, 1, pmBound(1)...)
	e.pmToChinaMidnight(time.Minute)
	tok = e.token()
	for range sim.MaxGroupSendsInFlight {
		e.pmSend(tok, nil)
	}
	e.advance(2 * time.Minute)
	body := prJSON(t, pmMsg(nil))
	e.prRejected("/promoter/sendmsg", tok, body, sim.ErrMsgTaskLimit.Code, sim.ErrMsgTaskLimit.Msg)
	e.advance(time.Hour)
	e.pmSend(tok, nil)
}

func TestSendMsgDailyLimit(t *testing.T) {
	t.Parallel()
	e := setup(t)
	tok := e.token()
	e.pmDeclare(tok, 1, pmBound(1)...)
	for range sim.MaxGroupSendsPerDay {
		e.pmSend(tok, nil)
		e.advance(pmDelay)
	}
	body := prJSON(t, pmMsg(nil))
	e.prRejected("/promoter/sendmsg", tok, body, sim.ErrMsgFreqLimit.Code, sim.ErrMsgFreqLimit.Msg)
	// The day is China's (UTC+8): one second before its midnight the limit
	// still holds, at midnight it is lifted.
	e.pmToChinaMidnight(time.Second)
	tok = e.token()
	e.prRejected("/promoter/sendmsg", tok, body, sim.ErrMsgFreqLimit.Code, sim.ErrMsgFreqLimit.Msg)
	e.advance(time.Second)
	if h := e.m.Sim.Now().UTC().Hour(); h != 16 {
		t.Fatalf("China midnight is %d:00 UTC, want 16:00", h)
	}
	for range sim.MaxGroupSendsPerDay {
		e.pmSend(tok, nil)
		e.advance(pmDelay)
	}
	e.prRejected("/promoter/sendmsg", tok, body, sim.ErrMsgFreqLimit.Code, sim.ErrMsgFreqLimit.Msg)
}

func TestSendMsgRefusedAndFailed(t *testing.T) {
	t.Parallel()
	e := setup(t)
	tok := e.token()
	e.pmDeclare(tok, 1, pmWho{auth: 1, receive: "refuse"}, pmWho{auth: 1, receive: "refuse"}, pmWho{auth: 1, receive: "fail"}, pmWho{auth: 1})

	// Everyone selected refused: nothing is sent.
	for _, extra := range []prObj{
		{"list_type": 3, "id": []string{"1", "2"}},
		{"list_type": 3, "id": []string{"1", "2", "99"}},
	} {
		e.prRejected("/promoter/sendmsg", tok, prJSON(t, pmMsg(extra)), sim.ErrMsgRejected.Code, sim.ErrMsgRejected.Msg)
	}

	// Failures alone are no refusal: the send goes out and every recipient fails.
	id := e.pmSend(tok, prObj{"list_type": 3, "id": []string{"3"}})
	e.advance(pmDelay)
	diff(t, "getmsg, all failed", pmResult{SendCnt: 1, Percent: 100, FailCnt: 1, FailInfo: pmFails(sim.ErrMsgSendFail.Code, 3)}, e.pmGet(tok, id))

	// A mixed audience: fail_info lists refusals and failures once delivery ends.
	id = e.pmSend(tok, nil)
	diff(t, "getmsg while delivering", pmResult{SendCnt: 4, FailInfo: []pmFail{}}, e.pmGet(tok, id))
	e.advance(pmDelay)
	want := append(pmFails(sim.ErrMsgRejected.Code, 1, 2), pmFails(sim.ErrMsgSendFail.Code, 3)...)
	diff(t, "getmsg once delivered", pmResult{SendCnt: 4, Percent: 100, FailCnt: 3, FailInfo: want}, e.pmGet(tok, id))

	// Accepting again lets messages arrive.
	e.pmReceive(prOID(1), "accept")
	id = e.pmSend(tok, prObj{"list_type": 3, "id": []string{"1", "2"}})
	e.advance(pmDelay)
	diff(t, "getmsg after accepting", pmResult{SendCnt: 2, Percent: 100, FailCnt: 1, FailInfo: pmFails(sim.ErrMsgRejected.Code, 2)}, e.pmGet(tok, id))
}

func TestPromoterReceiveAdmin(t *testing.T) {
	t.Parallel()
	e := setup(t)
	tok := e.token()
	e.pmDeclare(tok, 1, pmWho{})
	tests := []struct {
		name, body string
		status     int
	}{
		{"unknown openid", `{"openid":"` + prOID(9) + `","receive":"refuse"}`, 404},
		{"unknown app", `{"appid":"wx1111111111111111","openid":"` + prOID(1) + `","receive":"refuse"}`, 404},
		{"unknown setting", `{"openid":"` + prOID(1) + `","receive":"maybe"}`, 400},
		{"no setting", `{"openid":"` + prOID(1) + `"}`, 400},
		{"no openid", `{"receive":"refuse"}`, 400},
		{"unknown field", `{"openid":"` + prOID(1) + `","receive":"refuse","x":1}`, 400},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e.prIn(t).pmAdminRejected("/promoters/receive", tt.body, tt.status)
		})
	}
	// By unionid too; the answer names the promoter and the setting.
	r := e.pmAdminOK("/promoters/receive", `{"openid":"`+sim.UnionIDOf(prOID(1))+`","receive":"fail"}`)
	diff(t, "receive answer", []any{"fail", prOID(1)}, []any{r.Body["receive"], r.Body["promoter"].(map[string]any)["openid"]})
	st := e.pmState()
	diff(t, "msg_receive in the state", sim.ReceiveFail, st.Promoters[0].MsgReceive)
}
