package sim

import (
	"encoding/json"
	"strconv"
	"time"

	memdb "github.com/hashicorp/go-memdb"
)

// MsgSpec is what sendmsg and singlesendmsg share: the template, its
// content and where the message leads.
type MsgSpec struct {
	MsgType uint32
	Content string // a JSON object, sent as a string
	// JumpAppID is the request's appid; "" means the sending app's own.
	JumpAppID string
	Path      string
}

// Group send audiences (sendmsg's list_type).
const (
	ListAll    = 0 // every bound promoter
	ListRole   = 1 // the bound promoters of the role_id list
	ListRetail = 2 // the bound promoters of the retail_id list
	ListIDs    = 3 // the promoters of the id list
)

// GroupSend is sendmsg's input.
type GroupSend struct {
	MsgSpec
	ListType  int
	RoleIDs   []uint32
	RetailIDs []string
	IDs       []string
}

// DefaultMsgDelay is how long a group send takes to deliver, and then its
// click data to compute, on the virtual clock, unless -msg-delay says.
const DefaultMsgDelay = 3 * time.Second

// SetMsgDelay sets how long delivery and click computation take.
func (s *Sim) SetMsgDelay(d time.Duration) { s.msgDelay = d }

// delaySeconds is the message delay in whole seconds, rounded up.
func (s *Sim) delaySeconds() int64 {
	return int64((s.msgDelay + time.Second - 1) / time.Second)
}

// checkMsgSpec applies the rules both sends share: 103001 for a missing
// msg_type, content or path, or content that is not a JSON object (the
// pages: "JSON格式的字符串"); 103002 for content or path too long; 103008 for
// a jump appid other than the app's own (the pages allow the apps of the
// same Open Platform account, which wxmock does not model); 103004 for
// risky content.
func checkMsgSpec(appid string, m MsgSpec) error {
	switch {
	case m.MsgType == 0 || m.Content == "" || m.Path == "":
		return ErrParamInvalid
	case len(m.Content) > MaxMsgContentBytes || len(m.Path) > MaxMsgPathBytes:
		return ErrParamTooLong
	case !jsonObject(m.Content):
		return ErrParamInvalid
	case m.JumpAppID != "" && m.JumpAppID != appid:
		return ErrMsgAppID
	case risky(m.Content, m.Path):
		return ErrParamRisky
	}
	return nil
}

func jsonObject(s string) bool {
	var v map[string]any
	return json.Unmarshal([]byte(s), &v) == nil && v != nil
}

// SendGroup answers sendmsg: a group send to the bound promoters (declared
// and authorized) that list_type selects. It returns the new msg_id.
//   - 103009 while MaxGroupSendsInFlight sends are still delivering, 103011
//     after MaxGroupSendsPerDay sends in a China day;
//   - 103001 for an empty list for list_type 1 to 3, or an id that is not
//     a number;
//   - 103014 when no bound promoter is selected; an id of list_type 3 that
//     names no bound promoter fails alone, with 103014, in fail_info;
//   - 103010 when every bound recipient refused messages; otherwise a
//     recipient who refused fails with 103010 and one marked to fail with
//     103012, in fail_info once delivery ends.
func (s *Sim) SendGroup(appid string, g GroupSend) (uint64, error) {
	if err := checkMsgSpec(appid, g.MsgSpec); err != nil {
		return 0, err
	}
	if err := checkAudience(g); err != nil {
		return 0, err
	}
	var id uint64
	err := s.write(func(txn *memdb.Txn) error {
		now := s.Now().Unix()
		// A send of the day before may still be delivering: the walk goes
		// back a delay further than the day's start.
		dayStart := chinaDayStart(now)
		recent, err := recentMessagesTxn(txn, appid, min(dayStart, now-s.delaySeconds()))
		if err != nil {
			return err
		}
		inFlight, today := 0, 0
		for _, m := range recent {
			if m.Kind != MsgGroup {
				continue
			}
			if m.SentAt >= dayStart {
				today++
			}
			if m.DoneAt > now {
				inFlight++
			}
		}
		if inFlight >= MaxGroupSendsInFlight {
			return ErrMsgTaskLimit
		}
		if today >= MaxGroupSendsPerDay {
			return ErrMsgFreqLimit
		}
		m := &Message{AppID: appid, Kind: MsgGroup, MsgType: g.MsgType, Content: g.Content, JumpAppID: g.JumpAppID,
			Path: g.Path, ListType: g.ListType, SentAt: now, DoneAt: now + s.delaySeconds(), FailInfo: []MsgFailure{}}
		switch g.ListType {
		case ListRole:
			m.RoleIDs = g.RoleIDs
		case ListRetail:
			m.RetailIDs = g.RetailIDs
		case ListIDs:
			m.IDs = g.IDs
		}
		if err := audienceTxn(txn, appid, g, m); err != nil {
			return err
		}
		if err := s.clickRuleTxn(txn, m); err != nil {
			return err
		}
		id, err = s.insertMessageTxn(txn, m)
		return err
	})
	return id, err
}

// checkAudience checks the list that list_type names.
func checkAudience(g GroupSend) error {
	switch g.ListType {
	case ListAll:
		return nil
	case ListRole:
		if len(g.RoleIDs) > 0 {
			return nil
		}
	case ListRetail:
		if len(g.RetailIDs) > 0 {
			return nil
		}
	case ListIDs:
		for _, id := range g.IDs {
			if _, err := strconv.ParseUint(id, 10, 63); err != nil {
				return ErrParamInvalid
			}
		}
		if len(g.IDs) > 0 {
			return nil
		}
	}
	return ErrParamInvalid
}

// bound reports whether a promoter receives messages: declared by the
// merchant and authorized by the promoter (the pages: 群发消息 "仅适用于已
// 绑定的推广员").
func bound(p *Promoter) bool { return p.DeclStatus == DeclDeclared && p.AuthStatus == AuthAccepted }

// audienceTxn counts the recipients of a group send into m and lists its
// failures in the order of the recipients: the id list's order, or else
// the promoters' id order.
func audienceTxn(txn *memdb.Txn, appid string, g GroupSend, m *Message) error {
	reached, refused := 0, 0
	receive := func(p *Promoter) {
		switch p.MsgReceive {
		case ReceiveRefuse:
			refused++
			m.fail(p.ID, ErrMsgRejected.Code)
		case ReceiveFail:
			m.fail(p.ID, ErrMsgSendFail.Code)
		}
		reached++
	}
	if g.ListType == ListIDs {
		seen := make(map[uint64]bool, len(g.IDs))
		for _, raw := range g.IDs {
			id, _ := strconv.ParseUint(raw, 10, 63)
			if seen[id] {
				continue
			}
			seen[id] = true
			m.SendCnt++
			p, err := first[Promoter](txn, tablePromoters, indexID, appid, id)
			if err != nil {
				return err
			}
			if p == nil || !bound(p) {
				m.fail(id, ErrPromoterNotReady.Code)
				continue
			}
			receive(p)
		}
	} else {
		roles := make(map[uint32]bool, len(g.RoleIDs))
		for _, r := range g.RoleIDs {
			roles[r] = true
		}
		retail := make(map[string]bool, len(g.RetailIDs))
		for _, r := range g.RetailIDs {
			retail[r] = true
		}
		it, err := txn.LowerBound(tablePromoters, indexID, appid, uint64(0))
		if err != nil {
			return err
		}
		for raw := it.Next(); raw != nil; raw = it.Next() {
			p := raw.(*Promoter)
			if p.AppID != appid {
				break
			}
			if !bound(p) || (g.ListType == ListRole && !roles[p.RoleID]) || (g.ListType == ListRetail && !retail[p.RetailID]) {
				continue
			}
			m.SendCnt++
			receive(p)
		}
	}
	switch {
	case reached == 0:
		return ErrPromoterNotReady
	case refused == reached:
		return ErrMsgRejected
	}
	return nil
}

// fail records a recipient the message does not reach; the first
// MaxFailInfo are listed.
func (m *Message) fail(id uint64, code int) {
	m.FailCnt++
	if len(m.FailInfo) < MaxFailInfo {
		m.FailInfo = append(m.FailInfo, MsgFailure{ID: strconv.FormatUint(id, 10), ErrCode: code})
	}
}

// SendSingle answers singlesendmsg: a message to the promoter named by id,
// or else by openid (or unionid). 103014 when it names no bound promoter
// (the pages: "请检查推广员是否存在且已授权"); 103010 when the promoter refused
// messages, 103012 when delivery to it fails; 103011 after
// MaxSinglePerPromoterDay messages to it, or MaxSinglePerDay of the app, in
// a China day. The message is delivered at once; it returns its msg_id,
// which singlesendmsg does not answer (neither SDK models one) but the
// state and getmsg know.
func (s *Sim) SendSingle(appid string, m MsgSpec, id uint64, openid string) (uint64, error) {
	if err := checkMsgSpec(appid, m); err != nil {
		return 0, err
	}
	switch {
	case id == 0 && openid == "":
		return 0, ErrParamInvalid
	case id == 0 && !ValidOpenID(openid):
		return 0, ErrOpenIDInvalid
	}
	var msgID uint64
	err := s.write(func(txn *memdb.Txn) error {
		var p *Promoter
		var err error
		if id != 0 {
			p, err = first[Promoter](txn, tablePromoters, indexID, appid, id)
		} else {
			p, err = findPromoterTxn(txn, appid, openid)
		}
		if err != nil {
			return err
		}
		if p == nil || !bound(p) {
			return ErrPromoterNotReady
		}
		switch p.MsgReceive {
		case ReceiveRefuse:
			return ErrMsgRejected
		case ReceiveFail:
			return ErrMsgSendFail
		}
		now := s.Now().Unix()
		if err := singleQuotaTxn(txn, appid, p.ID, chinaDayStart(now)); err != nil {
			return err
		}
		msg := &Message{AppID: appid, Kind: MsgSingle, TargetID: p.ID, MsgType: m.MsgType, Content: m.Content,
			JumpAppID: m.JumpAppID, Path: m.Path, IDs: []string{strconv.FormatUint(p.ID, 10)},
			SentAt: now, DoneAt: now, SendCnt: 1, FailInfo: []MsgFailure{}}
		msgID, err = s.insertMessageTxn(txn, msg)
		return err
	})
	return msgID, err
}

// singleQuotaTxn answers 103011 when the promoter or the app has had its
// single messages of the day.
func singleQuotaTxn(txn *memdb.Txn, appid string, promoterID uint64, dayStart int64) error {
	mine, err := all[Message](txn, tableMessages, indexTarget, appid, promoterID)
	if err != nil {
		return err
	}
	n := 0
	for _, m := range mine {
		if m.SentAt >= dayStart {
			n++
		}
	}
	if n >= MaxSinglePerPromoterDay {
		return ErrMsgFreqLimit
	}
	recent, err := recentMessagesTxn(txn, appid, dayStart)
	if err != nil {
		return err
	}
	n = 0
	for _, m := range recent {
		if m.Kind == MsgSingle {
			n++
		}
	}
	if n >= MaxSinglePerDay {
		return ErrMsgFreqLimit
	}
	return nil
}

// insertMessageTxn gives m the next msg_id, stores it and forgets the
// app's oldest message past MaxMessagesHeld.
func (s *Sim) insertMessageTxn(txn *memdb.Txn, m *Message) (uint64, error) {
	id, err := nextIDTxn(txn, seqMsg, firstMsgID)
	if err != nil {
		return 0, err
	}
	m.MsgID = id
	if err := txn.Insert(tableMessages, m); err != nil {
		return 0, err
	}
	cnt, err := countersTxn(txn, m.AppID)
	if err != nil {
		return 0, err
	}
	cnt.Messages++
	for cnt.Messages > MaxMessagesHeld {
		oldest, err := txn.LowerBound(tableMessages, indexID, m.AppID, uint64(0))
		if err != nil {
			return 0, err
		}
		raw := oldest.Next()
		if raw == nil || raw.(*Message).AppID != m.AppID {
			break
		}
		if err := txn.Delete(tableMessages, raw); err != nil {
			return 0, err
		}
		cnt.Messages--
	}
	return id, txn.Insert(tableCounters, cnt)
}

// The global msg_id sequence; ids look like the pages' example "123456".
const (
	seqMsg     = "msg"
	firstMsgID = 123456
)

// recentMessagesTxn lists the app's messages sent at or after since. It
// walks all of them (at most MaxMessagesHeld): an imported state need not
// number its messages in sending order.
func recentMessagesTxn(txn *memdb.Txn, appid string, since int64) ([]*Message, error) {
	it, err := txn.LowerBound(tableMessages, indexID, appid, uint64(0))
	if err != nil {
		return nil, err
	}
	var out []*Message
	for raw := it.Next(); raw != nil; raw = it.Next() {
		m := raw.(*Message)
		if m.AppID != appid {
			break
		}
		if m.SentAt >= since {
			out = append(out, m)
		}
	}
	return out, nil
}

// chinaDayStart is the unix time at which the China day of t began.
func chinaDayStart(t int64) int64 {
	y, mo, d := time.Unix(t, 0).In(chinaTime).Date()
	return time.Date(y, mo, d, 0, 0, 0, 0, chinaTime).Unix()
}
