package httpapi_test

import (
	"net/http"
	"net/url"
	"strconv"
	"testing"
	"time"

	"github.com/wxmock/wxmock/internal/sim"
)

func TestGetMsgShape(t *testing.T) {
	t.Parallel()
	e := setup(t)
	tok := e.token()
	e.wantOK(e.post("/promoter/addrole", tok, `{"name":"店长"}`), "ok")
	e.pmDeclare(tok, 1, pmWho{role: 2, auth: 1}, pmWho{role: 2, auth: 1, receive: "refuse"}, pmWho{role: 1, auth: 1})
	id := e.pmSend(tok, prObj{"list_type": 1, "role_id": []int{2}, "path": "pages/index/index?from=msg"})
	shape := func(percent, failCnt int, failInfo string) string {
		return `{"send_cnt":2,"percent":` + strconv.Itoa(percent) + `,"fail_cnt":` + strconv.Itoa(failCnt) + `,"fail_info":` + failInfo +
			`,"msg_type":1,"content":` + pmJSON(pmContent) + `,"appid":"` + appID + `","path":"pages/index/index?from=msg",` +
			`"list_type":1,"role_id":[2],"errcode":0,"errmsg":"OK"}`
	}
	body := `{"msg_id":"` + id + `"}`
	// While delivering: the progress only, no failures yet.
	for i, percent := range []int{0, 33, 66} {
		if i > 0 {
			e.advance(time.Second)
		}
		pmExact(t, "getmsg after "+strconv.Itoa(i)+"s", shape(percent, 0, "[]"), e.post("/promoter/getmsg", tok, body))
	}
	e.advance(time.Second)
	want := shape(100, 1, `[{"id":"2","errcode":103010}]`)
	pmExact(t, "getmsg once delivered", want, e.post("/promoter/getmsg", tok, body))
	// msg_id may be a number, as a JSON number too.
	pmExact(t, "getmsg by a number", want, e.post("/promoter/getmsg", tok, `{"msg_id":`+id+`}`))
	e.advance(24 * time.Hour)
	pmExact(t, "getmsg a day later", want, e.post("/promoter/getmsg", e.token(), body))
}

func TestGetMsgEcho(t *testing.T) {
	t.Parallel()
	e := setup(t)
	tok := e.token()
	e.pmDeclare(tok, 1, pmWho{retail: "s1", auth: 1}, pmWho{retail: "s2", auth: 1}, pmWho{retail: "s1", auth: 1})
	tests := []struct {
		name  string
		extra prObj
		want  string // the answer's fields after list_type
		send  int
	}{
		{"all", prObj{}, `"list_type":0`, 3},
		{"all ignores the lists", prObj{"list_type": 0, "role_id": []int{1}, "retail_id": []string{"s1"}, "id": []string{"1"}}, `"list_type":0`, 3},
		{"role", prObj{"list_type": 1, "role_id": []int{1, 5}}, `"list_type":1,"role_id":[1,5]`, 3},
		{"retail", prObj{"list_type": 2, "retail_id": []string{"s1", "x"}}, `"list_type":2,"retail_id":["s1","x"]`, 2},
		{"ids as strings, numbers given", prObj{"list_type": 3, "id": []any{1, "3"}}, `"list_type":3,"id":["1","3"]`, 2},
	}
	for _, tt := range tests {
		for _, appid := range []any{nil, appID} {
			extra := prObj{"msg_type": 7, "appid": appid}
			for k, v := range tt.extra {
				extra[k] = v
			}
			id := e.pmSend(tok, extra)
			e.advance(pmDelay)
			want := `{"send_cnt":` + strconv.Itoa(tt.send) + `,"percent":100,"fail_cnt":0,"fail_info":[],"msg_type":7,"content":` + pmJSON(pmContent) +
				`,"appid":"` + appID + `","path":"pages/index/index",` + tt.want + `,"errcode":0,"errmsg":"OK"}`
			pmExact(t, tt.name+" appid "+strconv.Quote(prJSON(t, appid)), want, e.post("/promoter/getmsg", tok, `{"msg_id":"`+id+`"}`))
		}
	}
}

func TestGetMsgErrors(t *testing.T) {
	t.Parallel()
	e := setup(t)
	tok := e.token()
	e.pmDeclare(tok, 1, pmBound(1)...)
	id := e.pmSend(tok, nil)

	const id2, secret2 = "wx2222222222222222", "22222222222222222222222222222222"
	e.pmAdminOK("/apps", `{"appid":"`+id2+`","secret":"`+secret2+`"}`)
	tok2 := e.tokenOf(id2, secret2)
	e.wantOK(e.post("/promoter/addpromoter", tok2, `{"promoter_list":[{"openid":"`+prOID(1)+`","role_id":1}]}`), "OK")
	e.pmAdminOK("/promoters/authorize", `{"appid":"`+id2+`","openid":"`+prOID(1)+`","auth_status":1}`)
	e.advance(pmDelay)
	other := e.pmSend(tok2, nil)

	tests := []struct {
		name, tok, body string
		code            int
	}{
		{"unknown msg_id", tok, `{"msg_id":"999999"}`, 103006},
		{"another app's msg_id", tok, `{"msg_id":"` + other + `"}`, 103006},
		{"the other way round", tok2, `{"msg_id":"` + id + `"}`, 103006},
		{"msg_id missing", tok, `{}`, 103001},
		{"msg_id empty", tok, `{"msg_id":""}`, 103001},
		{"msg_id 0", tok, `{"msg_id":0}`, 103001},
		{"msg_id not a number", tok, `{"msg_id":"abc"}`, 103001},
		{"msg_id negative", tok, `{"msg_id":-1}`, 103001},
		{"msg_id beyond int64", tok, `{"msg_id":"9223372036854775808"}`, 103001},
		{"msg_id a boolean", tok, `{"msg_id":true}`, 47001},
		{"msg_id a list", tok, `{"msg_id":["` + id + `"]}`, 47001},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e.prIn(t).prRejected("/promoter/getmsg", tt.tok, tt.body, tt.code, sim.ErrorFor(tt.code, "").Msg)
		})
	}
	diff(t, "app 2's own message", pmResult{SendCnt: 1, FailInfo: []pmFail{}}, e.pmGet(tok2, other))
}

// pmFailFile is what the file that fail_info_url names holds.
type pmFailFile struct {
	MsgID    string   `json:"msg_id"`
	FailCnt  int      `json:"fail_cnt"`
	Kept     int      `json:"kept"`
	FailInfo []pmFail `json:"fail_info"`
}

func TestGetMsgFailInfoFile(t *testing.T) {
	t.Parallel()
	e := setup(t)
	tok := e.token()
	n := sim.MaxFailInfo + 1
	ws := pmWith("fail", pmBound(n))
	ws[0].receive = "refuse"
	e.pmDeclare(tok, 1, ws...)
	e.pmDeclare(tok, n+1, pmBound(1)...)

	id := e.pmSend(tok, nil)
	diff(t, "getmsg while delivering", pmResult{SendCnt: n + 1, FailInfo: []pmFail{}}, e.pmGet(tok, id))
	e.advance(pmDelay)
	got := e.pmGet(tok, id)
	u, err := url.Parse(got.FailInfoURL)
	if err != nil || u.Path == "" {
		t.Fatalf("fail_info_url %q: %v", got.FailInfoURL, err)
	}
	got.FailInfoURL = ""
	diff(t, "getmsg past 1,000 failures", pmResult{SendCnt: n + 1, Percent: 100, FailCnt: n, FailInfo: []pmFail{}}, got)

	r := e.do(http.MethodGet, u.RequestURI(), "")
	admStatus(t, r, http.StatusOK)
	var file pmFailFile
	admDecode(t, r, &file)
	idsTo := func(lo, hi int) []int {
		out := []int{}
		for i := lo; i <= hi; i++ {
			out = append(out, i)
		}
		return out
	}
	want := append(pmFails(sim.ErrMsgRejected.Code, 1), pmFails(sim.ErrMsgSendFail.Code, idsTo(2, sim.MaxFailInfo)...)...)
	diff(t, "the fail_info file", pmFailFile{MsgID: id, FailCnt: n, Kept: sim.MaxFailInfo, FailInfo: want}, file)

	// The file of another app's message, or of none, is not found.
	for _, target := range []string{
		"/__wxmock/promoters/messages/999999/fail_info",
		"/__wxmock/promoters/messages/" + id + "/fail_info?appid=" + "wx1111111111111111",
	} {
		admErr(t, e.do(http.MethodGet, target, ""), http.StatusNotFound)
	}
	admErr(t, e.do(http.MethodGet, "/__wxmock/promoters/messages/x1/fail_info", ""), http.StatusBadRequest)

	// Exactly 1,000 failures are still listed.
	e.pmReceive(prOID(1), "accept")
	id = e.pmSend(tok, nil)
	e.advance(pmDelay)
	diff(t, "getmsg with 1,000 failures", pmResult{SendCnt: n + 1, Percent: 100, FailCnt: sim.MaxFailInfo,
		FailInfo: pmFails(sim.ErrMsgSendFail.Code, idsTo(2, n)...)}, e.pmGet(tok, id))
}

// An app holds at most 2,000 messages; a new one forgets the oldest.
func TestGetMsgOldestForgotten(t *testing.T) {
	t.Parallel()
	e := setup(t)
	tok := e.token()
	e.pmDeclare(tok, 1, pmBound(1)...)
	var st map[string]any
	admDecode(t, resp{Raw: e.admState()}, &st)
	sent := e.m.Sim.Now().Add(-10 * 24 * time.Hour).Unix()
	msgs := []any{}
	for i := 1; i <= sim.MaxMessagesHeld; i++ {
		msgs = append(msgs, prObj{"appid": appID, "msg_id": i, "kind": "group", "msg_type": 1, "content": "{}", "path": "p",
			"sent_at": sent, "done_at": sent, "send_cnt": 1, "fail_cnt": 0, "fail_info": []any{}})
	}
	st["messages"] = msgs
	admStatus(t, e.admin(http.MethodPut, "/state", prJSON(t, st)), http.StatusOK)
	diff(t, "getmsg of the oldest", pmResult{SendCnt: 1, Percent: 100, FailInfo: []pmFail{}}, e.pmGet(tok, "1"))

	diff(t, "msg_id after the imported ones", strconv.Itoa(sim.MaxMessagesHeld+1), e.pmSend(tok, nil))
	e.wantErr(e.post("/promoter/getmsg", tok, `{"msg_id":"1"}`), sim.ErrDataNotExist.Code, sim.ErrDataNotExist.Msg)
	diff(t, "getmsg of the second oldest", pmResult{SendCnt: 1, Percent: 100, FailInfo: []pmFail{}}, e.pmGet(tok, "2"))
	got := e.pmState()
	diff(t, "messages held", sim.MaxMessagesHeld, len(got.Messages))
	for _, c := range got.Counters {
		if c.AppID == appID {
			diff(t, "the counter of messages", sim.MaxMessagesHeld, c.Messages)
		}
	}
}
