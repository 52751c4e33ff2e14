package httpapi_test

import (
	"strconv"
	"testing"
	"time"

	"github.com/wxmock/wxmock/internal/mock"
	"github.com/wxmock/wxmock/internal/sim"
)

// pmMsgRow is a getmsgclickdata row by msg_id (dimonsion 0).
type pmMsgRow struct {
	MsgID    string `json:"msg_id"`
	SendTime int64  `json:"send_time"`
	UV       int    `json:"click_uv"`
	PV       int    `json:"click_pv"`
}

// pmTypeRow is a getmsgclickdata row by msg_type (dimonsion 1).
type pmTypeRow struct {
	MsgType int `json:"msg_type"`
	UV      int `json:"click_uv"`
	PV      int `json:"click_pv"`
}

// pmData is the success answer of getmsgclickdata listing rows.
func pmData(t *testing.T, rows any) string {
	return `{"data_list":` + prJSON(t, rows) + `,"errcode":0,"errmsg":"OK"}`
}

// pmClickData calls getmsgclickdata.
func (e *env) pmClickData(tok string, q prObj) resp {
	e.t.Helper()
	return e.post("/promoter/getmsgclickdata", tok, prJSON(e.t, q))
}

// pmClick adds clicks to a message through the control API.
func (e *env) pmClick(msgID string, pv, uv int) {
	e.t.Helper()
	e.pmAdminOK("/promoters/clicks", `{"msg_id":"`+msgID+`","pv":`+strconv.Itoa(pv)+`,"uv":`+strconv.Itoa(uv)+`}`)
}

func TestGetMsgClickDataCalculating(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		opt   time.Duration // mock.Options.MsgDelay
		delay time.Duration // the delay in effect
	}{
		{"default delay", 0, pmDelay},
		{"-msg-delay 10s", 10 * time.Second, 10 * time.Second},
		{"-msg-delay 1.5s rounds up", 1500 * time.Millisecond, 2 * time.Second},
		{"-msg-delay 0", -1, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := setup(t, func(o *mock.Options) { o.MsgDelay = tt.opt })
			tok := e.token()
			e.pmDeclare(tok, 1, pmBound(sim.MinClickDataAudience)...)
			sent := e.m.Sim.Now().Unix()
			id := e.pmSend(tok, nil)
			q := prObj{"send_date": e.pmToday(), "dimonsion": 0}
			// step moves the clock by d (when positive) and checks the answer:
			// 103013, or the message's row with its clicks.
			step := func(what string, d time.Duration, calculating bool, uv, pv int) {
				t.Helper()
				if d > 0 {
					e.advance(d)
				}
				for _, dim := range []int{0, 1} {
					q["dimonsion"] = dim
					r := e.pmClickData(tok, q)
					if calculating {
						e.wantErr(r, sim.ErrClickCalculating.Code, sim.ErrClickCalculating.Msg)
						continue
					}
					want := pmData(t, []pmMsgRow{{id, sent, uv, pv}})
					if dim == 1 {
						want = pmData(t, []pmTypeRow{{1, uv, pv}})
					}
					pmExact(t, what, want, r)
				}
			}
			if tt.delay > 0 {
				step("while delivering", 0, true, 0, 0)
				step("just delivered", tt.delay, true, 0, 0)
				step("a second before the data", tt.delay-time.Second, true, 0, 0)
				step("data", time.Second, false, 0, 0)
				e.pmClick(id, 10, 5)
				step("after a click", 0, true, 0, 0)
				step("a second before the data", tt.delay-time.Second, true, 0, 0)
				step("data", time.Second, false, 5, 10)
				return
			}
			step("no delay", 0, false, 0, 0)
			e.pmClick(id, 10, 5)
			step("no delay after a click", 0, false, 5, 10)
		})
	}
}

func TestGetMsgClickDataRows(t *testing.T) {
	t.Parallel()
	e := setup(t)
	tok := e.token()
	e.pmDeclare(tok, 1, pmBound(sim.MinClickDataAudience)...)
	today := e.pmToday()
	t0 := e.m.Sim.Now().Unix()
	a := e.pmSend(tok, nil) // 50 recipients
	ids := []string{}
	for i := 1; i < sim.MinClickDataAudience; i++ {
		ids = append(ids, strconv.Itoa(i))
	}
	b := e.pmSend(tok, prObj{"list_type": 3, "id": ids}) // 49: no row by msg_id
	e.wantOK(e.post("/promoter/singlesendmsg", tok, prJSON(t, pmMsg(prObj{"id": "1", "msg_type": 2}))), "OK")
	e.wantOK(e.post("/promoter/singlesendmsg", tok, prJSON(t, pmMsg(prObj{"id": "2"}))), "OK")
	singles := map[uint64]string{}
	for _, m := range e.pmState().Messages {
		if m.Kind == sim.MsgSingle {
			singles[m.TargetID] = strconv.FormatUint(m.MsgID, 10)
		}
	}
	e.advance(10 * time.Second)
	t1 := t0 + 10
	c := e.pmSend(tok, prObj{"msg_type": 2})
	e.pmClick(a, 10, 5)
	e.pmClick(b, 4, 3)
	e.pmClick(c, 7, 7)
	e.pmClick(singles[1], 2, 1)
	e.pmClick(singles[2], 1, 1)
	e.advance(2 * pmDelay)

	rowA, rowC := pmMsgRow{a, t0, 5, 10}, pmMsgRow{c, t1, 7, 7}
	type1, type2 := pmTypeRow{1, 5 + 3 + 1, 10 + 4 + 1}, pmTypeRow{2, 7 + 1, 7 + 2}
	num := func(s string) any { n, _ := strconv.Atoi(s); return n }
	tests := []struct {
		name string
		q    prObj
		want any // rows, or an errcode
	}{
		{"by msg_id", prObj{}, []pmMsgRow{rowA, rowC}},
		{"by msg_id, msg_type 2", prObj{"msg_type": 2}, []pmMsgRow{rowC}},
		{"by msg_id, msg_type 0 is any", prObj{"msg_type": 0}, []pmMsgRow{rowA, rowC}},
		{"by msg_id, msg_id", prObj{"msg_id": a}, []pmMsgRow{rowA}},
		{"by msg_id, msg_id a number", prObj{"msg_id": num(c)}, []pmMsgRow{rowC}},
		{"by msg_id, msg_id empty is any", prObj{"msg_id": ""}, []pmMsgRow{rowA, rowC}},
		{"by msg_id, a send below 50", prObj{"msg_id": b}, []pmMsgRow{}},
		{"by msg_id, a single message", prObj{"msg_id": singles[1]}, []pmMsgRow{}},
		{"by msg_id, unknown msg_id", prObj{"msg_id": "999999"}, []pmMsgRow{}},
		{"by msg_id, msg_type and msg_id disagree", prObj{"msg_id": a, "msg_type": 2}, []pmMsgRow{}},
		{"begin", prObj{"begin_send_time": t0 + 5}, []pmMsgRow{rowC}},
		{"end", prObj{"end_send_time": t0 + 5}, []pmMsgRow{rowA}},
		{"begin and end on a send", prObj{"begin_send_time": t1, "end_send_time": t1}, []pmMsgRow{rowC}},
		{"begin and end between sends", prObj{"begin_send_time": t0 + 1, "end_send_time": t1 - 1}, []pmMsgRow{}},
		{"the whole day", prObj{"begin_send_time": pmDayStart(today), "end_send_time": pmDayStart(today) + 86399}, []pmMsgRow{rowA, rowC}},
		{"by type", prObj{"dimonsion": 1}, []pmTypeRow{type1, type2}},
		{"by type, msg_type", prObj{"dimonsion": 1, "msg_type": 2}, []pmTypeRow{type2}},
		{"by type, msg_id", prObj{"dimonsion": 1, "msg_id": a}, []pmTypeRow{{1, 5, 10}}},
		{"by type, a send below 50", prObj{"dimonsion": 1, "msg_id": b}, []pmTypeRow{{1, 3, 4}}},
		{"by type, a single message", prObj{"dimonsion": 1, "msg_id": singles[1]}, []pmTypeRow{{2, 1, 2}}},
		{"by type, unknown msg_type", prObj{"dimonsion": 1, "msg_type": 9}, []pmTypeRow{}},
		{"another day", prObj{"send_date": "2024-01-23"}, []pmMsgRow{}},
		{"another day by type", prObj{"send_date": "2024-01-25", "dimonsion": 1}, []pmTypeRow{}},
		{"begin after end", prObj{"begin_send_time": t1, "end_send_time": t0}, 103001},
		{"begin the day before", prObj{"begin_send_time": pmDayStart(today) - 1}, 103001},
		{"end the day after", prObj{"end_send_time": pmDayStart(today) + 86400}, 103001},
		{"begin outside another day", prObj{"send_date": "2024-01-23", "begin_send_time": t0}, 103001},
		{"send_date no date", prObj{"send_date": "2024-13-01"}, 103001},
		{"send_date day 32", prObj{"send_date": "2024-01-32"}, 103001},
		{"send_date with slashes", prObj{"send_date": "2024/01/24"}, 103001},
		{"send_date empty", prObj{"send_date": ""}, 103001},
		{"send_date missing", prObj{"send_date": nil}, 103001},
		{"dimonsion 2", prObj{"dimonsion": 2}, 103001},
		{"dimonsion missing", prObj{"dimonsion": nil}, 103001},
		{"msg_id not a number", prObj{"msg_id": "abc"}, 103001},
		{"msg_id negative", prObj{"msg_id": -1}, 103001},
		{"dimonsion a string", prObj{"dimonsion": "0"}, 47001},
		{"msg_type a string", prObj{"msg_type": "1"}, 47001},
		{"send_date a number", prObj{"send_date": 20240124}, 47001},
		{"begin_send_time a string", prObj{"begin_send_time": strconv.FormatInt(t0, 10)}, 47001},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := prObj{"send_date": today, "dimonsion": 0}
			for k, v := range tt.q {
				if v == nil {
					delete(q, k)
				} else {
					q[k] = v
				}
			}
			if code, ok := tt.want.(int); ok {
				e.prIn(t).prRejected("/promoter/getmsgclickdata", tok, prJSON(t, q), code, sim.ErrorFor(code, "").Msg)
				return
			}
			pmExact(t, "answer", pmData(t, tt.want), e.prIn(t).pmClickData(tok, q))
		})
	}

	// Another app sees none of it.
	const id2, secret2 = "wx2222222222222222", "22222222222222222222222222222222"
	e.pmAdminOK("/apps", `{"appid":"`+id2+`","secret":"`+secret2+`"}`)
	pmExact(t, "another app", pmData(t, []pmTypeRow{}), e.pmClickData(e.tokenOf(id2, secret2), prObj{"send_date": today, "dimonsion": 1}))
}

// pmDayStart is the unix time at which a China date began.
func pmDayStart(date string) int64 {
	d, _ := time.ParseInLocation(time.DateOnly, date, pmCST)
	return d.Unix()
}
