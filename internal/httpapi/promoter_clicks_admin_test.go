package httpapi_test

import (
	"net/http"
	"strconv"
	"testing"

	"github.com/wxmock/wxmock/internal/sim"
)

// pmClicksOf reads the click data of every message from the state, by
// msg_id: {uv, pv}.
func (e *env) pmClicksOf() map[string][2]int {
	e.t.Helper()
	out := map[string][2]int{}
	for _, m := range e.pmState().Messages {
		out[strconv.FormatUint(m.MsgID, 10)] = [2]int{m.ClickUV, m.ClickPV}
	}
	return out
}

func TestMsgClickRules(t *testing.T) {
	t.Parallel()
	e := setup(t)
	tok := e.token()
	e.pmDeclare(tok, 1, pmBound(sim.MinClickDataAudience)...)
	e.pmDeclare(tok, sim.MinClickDataAudience+1, pmWith("fail", pmBound(2))...) // 52 recipients, 50 reached

	r := e.pmAdminOK("/promoters/clicks", `{"pv":100,"uv":80}`)
	diff(t, "rule answer", prDecode(t, `{"rule":{"appid":"`+appID+`","msg_type":0,"pv":100,"uv":80}}`), prDecode(t, r.Raw))
	e.pmAdminOK("/promoters/clicks", `{"msg_type":2,"pv":7,"uv":3}`)
	e.pmAdminOK("/promoters/clicks", `{"appid":"`+appID+`","msg_type":3,"pv":9,"uv":9}`)
	diff(t, "rules in the state", []sim.ClickRule{{AppID: appID, MsgType: 0, PV: 100, UV: 80}, {AppID: appID, MsgType: 2, PV: 7, UV: 3}, {AppID: appID, MsgType: 3, PV: 9, UV: 9}}, e.pmState().ClickRules)

	want := map[string][2]int{}
	send := func(extra prObj, uv, pv int) {
		t.Helper()
		want[e.pmSend(tok, extra)] = [2]int{uv, pv}
		e.advance(pmDelay)
	}
	send(prObj{}, 50, 100)                                              // the rule for any type; uv at most the 50 reached
	send(prObj{"msg_type": 2}, 3, 7)                                    // the rule of its type
	send(prObj{"list_type": 3, "id": []string{"1", "2", "51"}}, 2, 100) // 2 reached
	send(prObj{"msg_type": 3, "list_type": 3, "id": []string{"51"}}, 0, 9)
	e.pmAdminOK("/promoters/clicks", `{"msg_type":2,"pv":0,"uv":0}`) // removes the rule of type 2
	send(prObj{"msg_type": 2}, 50, 100)
	e.pmAdminOK("/promoters/clicks", `{"pv":0,"uv":0}`)
	send(prObj{"msg_type": 2}, 0, 0)
	diff(t, "rules left", []sim.ClickRule{{AppID: appID, MsgType: 3, PV: 9, UV: 9}}, e.pmState().ClickRules)
	// A single message takes no rule.
	e.pmAdminOK("/promoters/clicks", `{"pv":5,"uv":5}`)
	e.wantOK(e.post("/promoter/singlesendmsg", tok, prJSON(t, pmMsg(prObj{"id": "1"}))), "OK")
	got := e.pmClicksOf()
	for id, c := range got {
		if _, ok := want[id]; !ok {
			want[id] = [2]int{0, 0}
			if c != want[id] {
				t.Errorf("single message %s has clicks %v", id, c)
			}
		}
	}
	diff(t, "clicks of the sends {uv, pv}", want, got)
	// Removing a rule that does not exist is no error.
	e.pmAdminOK("/promoters/clicks", `{"msg_type":77,"pv":0,"uv":0}`)
}

func TestMsgClickRulesErrors(t *testing.T) {
	t.Parallel()
	e := setup(t)
	for i := 1; i <= sim.MaxClickRules; i++ {
		e.pmAdminOK("/promoters/clicks", `{"msg_type":`+strconv.Itoa(i)+`,"pv":2,"uv":1}`)
	}
	tests := []struct {
		name, body string
		status     int
	}{
		{"one rule too many", `{"msg_type":1000,"pv":2,"uv":1}`, 400},
		{"uv above pv", `{"msg_type":1,"pv":1,"uv":2}`, 400},
		{"pv 0 with uv", `{"msg_type":1,"pv":0,"uv":1}`, 400},
		{"negative pv", `{"msg_type":1,"pv":-1,"uv":0}`, 400},
		{"negative uv", `{"msg_type":1,"pv":1,"uv":-1}`, 400},
		{"negative msg_type", `{"msg_type":-1,"pv":1,"uv":1}`, 400},
		{"pv beyond the bound", `{"msg_type":1,"pv":2147483648,"uv":0}`, 400},
		{"pv beyond int64", `{"msg_type":1,"pv":9223372036854775808,"uv":0}`, 400},
		{"pv missing", `{"uv":1}`, 400},
		{"uv missing", `{"pv":1}`, 400},
		{"pv a string", `{"pv":"1","uv":1}`, 400},
		{"unknown field", `{"pv":1,"uv":1,"msgid":"1"}`, 400},
		{"unknown app", `{"appid":"wx1111111111111111","pv":1,"uv":1}`, 404},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e.prIn(t).pmAdminRejected("/promoters/clicks", tt.body, tt.status)
		})
	}
	// Replacing one of the 100 rules is fine.
	e.pmAdminOK("/promoters/clicks", `{"msg_type":5,"pv":9,"uv":9}`)
}

func TestMsgClicksAdmin(t *testing.T) {
	t.Parallel()
	e := setup(t)
	tok := e.token()
	e.pmDeclare(tok, 1, pmBound(sim.MinClickDataAudience)...)
	e.pmDeclare(tok, sim.MinClickDataAudience+1, pmWith("fail", pmBound(1))...)
	a := e.pmSend(tok, nil) // 51 recipients, 50 reached
	b := e.pmSend(tok, prObj{"list_type": 3, "id": []string{"1", "51"}})

	const id2, secret2 = "wx2222222222222222", "22222222222222222222222222222222"
	e.pmAdminOK("/apps", `{"appid":"`+id2+`","secret":"`+secret2+`"}`)

	r := e.pmAdminOK("/promoters/clicks", `{"msg_id":"`+a+`","pv":30,"uv":30}`)
	var answer struct {
		Message sim.Message `json:"message"`
	}
	admDecode(t, r, &answer)
	diff(t, "answer's message {msg_id, uv, pv}", []uint64{uint64(prNum(t, prDecode(t, a))), 30, 30},
		[]uint64{answer.Message.MsgID, uint64(answer.Message.ClickUV), uint64(answer.Message.ClickPV)})

	tests := []struct {
		name, body string
		status     int
	}{
		{"unknown message", `{"msg_id":"999999","pv":1,"uv":1}`, 404},
		{"another app's message", `{"appid":"` + id2 + `","msg_id":"` + a + `","pv":1,"uv":1}`, 404},
		{"unknown app", `{"appid":"wx1111111111111111","msg_id":"` + a + `","pv":1,"uv":1}`, 404},
		{"uv above pv", `{"msg_id":"` + a + `","pv":1,"uv":2}`, 400},
		{"uv beyond the recipients reached", `{"msg_id":"` + a + `","pv":30,"uv":21}`, 400},
		{"uv beyond the recipients reached by a small send", `{"msg_id":"` + b + `","pv":2,"uv":2}`, 400},
		{"negative pv", `{"msg_id":"` + a + `","pv":-1,"uv":0}`, 400},
		{"negative uv", `{"msg_id":"` + a + `","pv":1,"uv":-1}`, 400},
		{"pv beyond the bound in all", `{"msg_id":"` + a + `","pv":2147483618,"uv":0}`, 400},
		{"pv of int64's maximum", `{"msg_id":"` + a + `","pv":9223372036854775807,"uv":0}`, 400},
		{"pv missing", `{"msg_id":"` + a + `","uv":1}`, 400},
		{"uv missing", `{"msg_id":"` + a + `","pv":1}`, 400},
		{"both missing", `{"msg_id":"` + a + `"}`, 400},
		{"msg_id with msg_type", `{"msg_id":"` + a + `","msg_type":1,"pv":1,"uv":1}`, 400},
		{"msg_id not a number", `{"msg_id":"abc","pv":1,"uv":1}`, 400},
		{"msg_id empty", `{"msg_id":"","pv":1,"uv":1}`, 400},
		{"msg_id a number", `{"msg_id":` + a + `,"pv":1,"uv":1}`, 400},
		{"not JSON", `{"msg_id":`, 400},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e.prIn(t).pmAdminRejected("/promoters/clicks", tt.body, tt.status)
		})
	}
	// Up to the recipients reached, with clicks that add up.
	e.pmClick(a, 1, 0)
	e.pmClick(a, 20, 20)
	e.pmClick(b, 5, 1)
	diff(t, "clicks {uv, pv}", map[string][2]int{a: {50, 51}, b: {1, 5}}, e.pmClicksOf())
	e.pmAdminRejected("/promoters/clicks", `{"msg_id":"`+a+`","pv":1,"uv":1}`, http.StatusBadRequest)
}

// Clicks are bounded so that getmsgclickdata's sums stay exact.
func TestMsgClicksLargeSums(t *testing.T) {
	t.Parallel()
	e := setup(t)
	tok := e.token()
	e.pmDeclare(tok, 1, pmBound(1)...)
	e.pmAdminOK("/promoters/clicks", `{"pv":`+strconv.Itoa(sim.MaxMsgClicks)+`,"uv":1}`)
	a := e.pmSend(tok, nil)
	e.advance(pmDelay)
	e.pmSend(tok, nil)
	e.pmAdminRejected("/promoters/clicks", `{"msg_id":"`+a+`","pv":1,"uv":0}`, http.StatusBadRequest)
	e.advance(2 * pmDelay)
	pmExact(t, "sums by type", pmData(t, []pmTypeRow{{1, 2, 2 * sim.MaxMsgClicks}}),
		e.pmClickData(tok, prObj{"send_date": e.pmToday(), "dimonsion": 1}))
}
