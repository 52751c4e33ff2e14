package httpapi_test

import (
	"testing"
	"time"

	"github.com/wxmock/wxmock/internal/sim"
)

// pmSingles lists the single messages in the state as "target_id msg_type"
// pairs, with the fields every single message has checked.
func (e *env) pmSingles() [][2]uint64 {
	e.t.Helper()
	out := [][2]uint64{}
	for _, m := range e.pmState().Messages {
		if m.Kind != sim.MsgSingle {
			continue
		}
		if m.SendCnt != 1 || m.FailCnt != 0 || m.DoneAt != m.SentAt || m.AppID != appID || m.Content != pmContent {
			e.t.Errorf("single message %+v", m)
		}
		out = append(out, [2]uint64{m.TargetID, uint64(m.MsgType)})
	}
	return out
}

func TestSingleSendMsg(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		who   prObj
		extra prObj
	}{
		{"by id", prObj{"id": "2"}, nil},
		{"by id as a number", prObj{"id": 2}, nil},
		{"by openid", prObj{"openid": prOID(2)}, nil},
		{"by unionid", prObj{"openid": sim.UnionIDOf(prOID(2))}, nil},
		{"id wins over openid", prObj{"id": "2", "openid": prOID(1)}, nil},
		{"empty id, then openid", prObj{"id": "", "openid": prOID(2)}, nil},
		{"own appid", prObj{"id": "2"}, prObj{"appid": appID}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := setup(t)
			tok := e.token()
			e.pmDeclare(tok, 1, pmBound(2)...)
			body := pmMsg(prObj{"msg_type": 3})
			for k, v := range tt.who {
				body[k] = v
			}
			for k, v := range tt.extra {
				body[k] = v
			}
			pmExact(t, "answer", `{"errcode":0,"errmsg":"OK"}`, e.post("/promoter/singlesendmsg", tok, prJSON(t, body)))
			diff(t, "single messages", [][2]uint64{{2, 3}}, e.pmSingles())
		})
	}
}

func TestSingleSendMsgErrors(t *testing.T) {
	t.Parallel()
	e := setup(t)
	tok := e.token()
	e.pmDeclare(tok, 1,
		pmWho{auth: 1},
		pmWho{},
		pmWho{auth: 2},
		pmWho{auth: 1, cancel: true},
		pmWho{auth: 1, receive: "refuse"},
		pmWho{auth: 1, receive: "fail"},
	)
	tests := []struct {
		name string
		mod  prObj
		code int
	}{
		{"unknown id", prObj{"id": "99"}, 103014},
		{"unknown openid", prObj{"openid": prOID(99)}, 103014},
		{"not authorized", prObj{"id": "2"}, 103014},
		{"authorization cancelled", prObj{"openid": prOID(3)}, 103014},
		{"declaration cancelled", prObj{"id": "4"}, 103014},
		{"declaration cancelled, by unionid", prObj{"openid": sim.UnionIDOf(prOID(4))}, 103014},
		{"refused", prObj{"id": "5"}, 103010},
		{"refused, by openid", prObj{"openid": prOID(5)}, 103010},
		{"delivery fails", prObj{"id": "6"}, 103012},
		{"openid of the wrong shape", prObj{"openid": "o123"}, 103007},
		{"openid not starting with o", prObj{"openid": "x" + prOID(1)[1:]}, 103007},
		{"neither id nor openid", prObj{}, 103001},
		{"both empty", prObj{"id": "", "openid": ""}, 103001},
		{"id 0", prObj{"id": "0"}, 103001},
		{"id 0 as a number", prObj{"id": 0}, 103001},
		{"id not a number", prObj{"id": "abc"}, 103001},
		{"id beyond int64", prObj{"id": "9223372036854775808"}, 103001},
		{"content not a JSON object", prObj{"id": "1", "content": "[]"}, 103001},
		{"path missing", prObj{"id": "1", "path": nil}, 103001},
		{"content too long", prObj{"id": "1", "content": pmObject(2049)}, 103002},
		{"risky content", prObj{"id": "1", "content": `{"t":"代开发票"}`}, 103004},
		{"another appid", prObj{"id": "1", "appid": "wx1111111111111111"}, 103008},
		{"id a boolean", prObj{"id": true}, 47001},
		{"openid a number", prObj{"openid": 1}, 47001},
		{"msg_type a string", prObj{"id": "1", "msg_type": "1"}, 47001},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e.prIn(t).prRejected("/promoter/singlesendmsg", tok, prJSON(t, pmMsg(tt.mod)), tt.code, sim.ErrorFor(tt.code, "").Msg)
		})
	}
	diff(t, "single messages", [][2]uint64{}, e.pmSingles())
}

func TestSingleSendMsgDailyLimit(t *testing.T) {
	t.Parallel()
	e := setup(t)
	tok := e.token()
	e.pmDeclare(tok, 1, pmBound(2)...)
	one := prJSON(t, pmMsg(prObj{"id": "1"}))
	for range sim.MaxSinglePerPromoterDay {
		e.wantOK(e.post("/promoter/singlesendmsg", tok, one), "OK")
	}
	e.prRejected("/promoter/singlesendmsg", tok, one, sim.ErrMsgFreqLimit.Code, sim.ErrMsgFreqLimit.Msg)
	// By openid it is the same promoter; another promoter has its own count.
	e.prRejected("/promoter/singlesendmsg", tok, prJSON(t, pmMsg(prObj{"openid": prOID(1)})), sim.ErrMsgFreqLimit.Code, sim.ErrMsgFreqLimit.Msg)
	e.wantOK(e.post("/promoter/singlesendmsg", tok, prJSON(t, pmMsg(prObj{"id": "2"}))), "OK")
	// Group sends do not count.
	e.pmSend(tok, nil)
	// A new China day lifts the limit, not before.
	e.pmToChinaMidnight(time.Second)
	tok = e.token()
	e.prRejected("/promoter/singlesendmsg", tok, one, sim.ErrMsgFreqLimit.Code, sim.ErrMsgFreqLimit.Msg)
	e.advance(time.Second)
	e.wantOK(e.post("/promoter/singlesendmsg", tok, one), "OK")
	want := [][2]uint64{}
	for range sim.MaxSinglePerPromoterDay {
		want = append(want, [2]uint64{1, 1})
	}
	want = append(want, [2]uint64{2, 1}, [2]uint64{1, 1})
	diff(t, "single messages", want, e.pmSingles())
}

func TestSingleSendMsgAppDailyLimit(t *testing.T) {
	t.Parallel()
	e := setup(t)
	tok := e.token()
	n := sim.MaxSinglePerDay / sim.MaxSinglePerPromoterDay
	e.pmDeclare(tok, 1, pmBound(n+1)...)
	for id := 1; id <= n; id++ {
		body := prJSON(t, pmMsg(prObj{"id": id}))
		for range sim.MaxSinglePerPromoterDay {
			e.wantOK(e.post("/promoter/singlesendmsg", tok, body), "OK")
		}
	}
	// A promoter who got none today still does not, once the app has sent its share.
	e.prRejected("/promoter/singlesendmsg", tok, prJSON(t, pmMsg(prObj{"id": n + 1})), sim.ErrMsgFreqLimit.Code, sim.ErrMsgFreqLimit.Msg)
	e.pmToChinaMidnight(0)
	e.wantOK(e.post("/promoter/singlesendmsg", e.token(), prJSON(t, pmMsg(prObj{"id": n + 1}))), "OK")
}
