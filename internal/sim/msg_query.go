package sim

import (
	"errors"
	"fmt"
	"sort"
	"time"

	memdb "github.com/hashicorp/go-memdb"
)

// MsgStatus is getmsg's view of a message at the current virtual time.
type MsgStatus struct {
	Message
	// Percent is how much of the send is delivered ("当前已发送比例").
	Percent int
	// Done is true once delivery ended; fail_cnt and fail_info are known
	// only then ("在全部发送完后更新，发送进度参考percent").
	Done bool
}

// MessageStatus answers getmsg: the message of msg_id with its progress;
// 103006 when the app holds no such message.
func (s *Sim) MessageStatus(appid string, msgID uint64) (MsgStatus, error) {
	var out MsgStatus
	err := s.read(func(txn *memdb.Txn) error {
		m, err := first[Message](txn, tableMessages, indexID, appid, msgID)
		if err != nil {
			return err
		}
		if m == nil {
			return ErrDataNotExist
		}
		out.Message = *m
		return nil
	})
	if err != nil {
		return MsgStatus{}, err
	}
	now := s.Now().Unix()
	out.Done = now >= out.DoneAt
	switch {
	case out.Done:
		out.Percent = 100
	default:
		// An imported message may be sent ahead of the clock: 0 until then.
		// A message that is done when it is sent (done_at = sent_at) is
		// not done yet only while it lies ahead of the clock.
		if out.DoneAt > out.SentAt {
			out.Percent = int(max(now-out.SentAt, 0) * 100 / (out.DoneAt - out.SentAt))
		}
		out.FailCnt, out.FailInfo = 0, []MsgFailure{}
	}
	return out, nil
}

// Click data dimensions (getmsgclickdata's "dimonsion", the API's own
// spelling).
const (
	ClickByMsg  = 0
	ClickByType = 1
)

// ClickQuery is getmsgclickdata's input.
type ClickQuery struct {
	SendDate  string // yyyy-MM-dd, a China date
	Dimension int
	MsgType   uint32 // 0: any
	MsgID     uint64 // 0: any
	// BeginSendTime and EndSendTime bound the send time, inclusive, when
	// not 0; they must lie in SendDate and count only by msg_id.
	BeginSendTime, EndSendTime int64
}

// ClickRow is one row of getmsgclickdata: a message (by msg_id) or a
// msg_type.
type ClickRow struct {
	MsgID    uint64
	SendTime int64
	MsgType  uint32
	UV, PV   int
}

// ClickData answers getmsgclickdata over the messages sent on q.SendDate.
// By msg_id it lists group sends of at least MinClickDataAudience
// recipients ("群发数小于50没有数据"); by msg_type it adds up every message of
// the type. 103001 for a date that cannot be read or send times outside
// it; 103013 while a selected message is delivering or its clicks are
// being computed: until the message delay has passed after delivery ended
// and after its last click.
func (s *Sim) ClickData(appid string, q ClickQuery) ([]ClickRow, error) {
	day, err := time.ParseInLocation(time.DateOnly, q.SendDate, chinaTime)
	if err != nil || (q.Dimension != ClickByMsg && q.Dimension != ClickByType) {
		return nil, ErrParamInvalid
	}
	from, to := day.Unix(), day.AddDate(0, 0, 1).Unix()
	for _, t := range []int64{q.BeginSendTime, q.EndSendTime} {
		if t != 0 && (t < from || t >= to) {
			return nil, ErrParamInvalid
		}
	}
	if q.EndSendTime != 0 && q.BeginSendTime > q.EndSendTime {
		return nil, ErrParamInvalid
	}
	var sel []Message
	err = s.read(func(txn *memdb.Txn) error {
		ms, err := recentMessagesTxn(txn, appid, from)
		for _, m := range ms {
			if m.SentAt < to && q.selects(m) {
				sel = append(sel, *m)
			}
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	now, delay := s.Now().Unix(), s.delaySeconds()
	for _, m := range sel {
		if now < max(m.DoneAt, m.ClicksAt)+delay {
			return nil, ErrClickCalculating
		}
	}
	return q.rows(sel), nil
}

func (q *ClickQuery) selects(m *Message) bool {
	switch {
	case q.MsgType != 0 && m.MsgType != q.MsgType, q.MsgID != 0 && m.MsgID != q.MsgID:
		return false
	case q.Dimension == ClickByType:
		return true
	}
	return m.Kind == MsgGroup && m.SendCnt >= MinClickDataAudience &&
		(q.BeginSendTime == 0 || m.SentAt >= q.BeginSendTime) && (q.EndSendTime == 0 || m.SentAt <= q.EndSendTime)
}

func (q *ClickQuery) rows(sel []Message) []ClickRow {
	out := make([]ClickRow, 0, len(sel))
	if q.Dimension == ClickByMsg {
		for _, m := range sel {
			out = append(out, ClickRow{MsgID: m.MsgID, SendTime: m.SentAt, MsgType: m.MsgType, UV: m.ClickUV, PV: m.ClickPV})
		}
		return out
	}
	byType := map[uint32]*ClickRow{}
	for _, m := range sel {
		r := byType[m.MsgType]
		if r == nil {
			r = &ClickRow{MsgType: m.MsgType}
			byType[m.MsgType] = r
		}
		r.UV += m.ClickUV
		r.PV += m.ClickPV
	}
	for _, r := range byType {
		out = append(out, *r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].MsgType < out[j].MsgType })
	return out
}

// Errors of the click and receive calls of the admin API.
var (
	ErrClicksTooMany = errors.New("uv must not exceed pv, nor the recipients the message reached")
	ErrTooManyRules  = errors.New("an app holds at most 100 click rules")
	// ErrClicksBound is a rule's pv, or a message's pv added up, beyond
	// MaxMsgClicks.
	ErrClicksBound = fmt.Errorf("a message or a rule has at most %d clicks (pv)", MaxMsgClicks)
)

// AddClicks adds pv clicks by uv more promoters to a message, as its
// recipients would make them; its click data is then computed again.
// ErrDataNotExist for an unknown message; ErrClicksTooMany when uv passes
// pv or the total uv passes the recipients the message reached.
func (s *Sim) AddClicks(appid string, msgID uint64, pv, uv int) (Message, error) {
	var out Message
	err := s.write(func(txn *memdb.Txn) error {
		m, err := first[Message](txn, tableMessages, indexID, appid, msgID)
		if err != nil {
			return err
		}
		if m == nil {
			return ErrDataNotExist
		}
		out = *m
		if pv > MaxMsgClicks-out.ClickPV {
			return ErrClicksBound
		}
		out.ClickPV += pv
		out.ClickUV += uv
		if pv < 0 || uv < 0 || uv > pv || out.ClickUV > out.SendCnt-out.FailCnt || out.ClickUV > out.ClickPV {
			return ErrClicksTooMany
		}
		out.ClicksAt = s.Now().Unix()
		return txn.Insert(tableMessages, &out)
	})
	return out, err
}

// PutClickRule sets the clicks that every group send of r.MsgType (of any
// type when 0) gets from now on; pv and uv 0 remove the rule. A send's uv
// is at most the recipients it reached.
func (s *Sim) PutClickRule(r ClickRule) error {
	if r.PV < 0 || r.UV < 0 || r.UV > r.PV {
		return ErrClicksTooMany
	}
	if r.PV > MaxMsgClicks {
		return ErrClicksBound
	}
	return s.write(func(txn *memdb.Txn) error {
		old, err := first[ClickRule](txn, tableClickRules, indexID, r.AppID, r.MsgType)
		if err != nil {
			return err
		}
		if r.PV == 0 {
			if old != nil {
				return txn.Delete(tableClickRules, old)
			}
			return nil
		}
		if old == nil {
			rules, err := all[ClickRule](txn, tableClickRules, indexID+"_prefix", r.AppID)
			if err != nil {
				return err
			}
			if len(rules) >= MaxClickRules {
				return ErrTooManyRules
			}
		}
		return txn.Insert(tableClickRules, &r)
	})
}

// clickRuleTxn gives a new group send the clicks of its rule: the rule of
// its msg_type, or else the app's rule for any type.
func (s *Sim) clickRuleTxn(txn *memdb.Txn, m *Message) error {
	for _, t := range []uint32{m.MsgType, 0} {
		r, err := first[ClickRule](txn, tableClickRules, indexID, m.AppID, t)
		if err != nil || r != nil {
			if r != nil {
				m.ClickUV = min(r.UV, m.SendCnt-m.FailCnt)
				m.ClickPV = r.PV
				m.ClicksAt = m.DoneAt
			}
			return err
		}
	}
	return nil
}

// SetMsgReceive sets what happens to messages sent to the promoter named by
// openid (or unionid): ReceiveAccept, ReceiveRefuse or ReceiveFail.
func (s *Sim) SetMsgReceive(appid, openid string, receive int) (Promoter, error) {
	if receive < ReceiveAccept || receive > ReceiveFail {
		return Promoter{}, ErrParamInvalid
	}
	return s.changePromoter(appid, openid, func(p *Promoter) error {
		p.MsgReceive = receive
		return nil
	})
}
