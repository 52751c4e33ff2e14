package sim

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// loadMessages checks and inserts the messages, click rules and share
// materials of a State: every rule that sending and getsharematerial
// enforce holds for imported rows too.
func (l *loader) loadMessages(st *State) error {
	var next uint64
	for i := range st.Messages {
		m := st.Messages[i]
		if err := l.checkMessage(&m); err != nil {
			return fmt.Errorf("messages[%d]: %w", i, err)
		}
		if err := l.insertNew(tableMessages, &m, m.AppID, m.MsgID); err != nil {
			return fmt.Errorf("messages[%d]: %w", i, err)
		}
		c := l.counters[m.AppID]
		if c.Messages++; c.Messages > MaxMessagesHeld {
			return fmt.Errorf("messages[%d]: app %s holds more than %d messages", i, m.AppID, MaxMessagesHeld)
		}
		next = max(next, m.MsgID+1)
	}
	if err := bumpSequenceTxn(l, seqMsg, next); err != nil {
		return err
	}
	rules := map[string]int{}
	for i := range st.ClickRules {
		r := st.ClickRules[i]
		if !l.apps[r.AppID] || r.PV <= 0 || r.UV < 0 || r.UV > r.PV || r.PV > MaxMsgClicks {
			return fmt.Errorf("click_rules[%d]: needs a known appid and 0 <= uv <= pv, 0 < pv <= %d", i, MaxMsgClicks)
		}
		if err := l.insertNew(tableClickRules, &r, r.AppID, r.MsgType); err != nil {
			return fmt.Errorf("click_rules[%d]: %w", i, err)
		}
		if rules[r.AppID]++; rules[r.AppID] > MaxClickRules {
			return fmt.Errorf("click_rules[%d]: app %s holds more than %d rules", i, r.AppID, MaxClickRules)
		}
	}
	shares := map[string]int{}
	for i := range st.ShareMaterials {
		m := st.ShareMaterials[i]
		if err := l.checkShare(&m); err != nil {
			return fmt.Errorf("share_materials[%d]: %w", i, err)
		}
		if err := l.insertNew(tableShares, &m, m.Code); err != nil {
			return fmt.Errorf("share_materials[%d]: %w", i, err)
		}
		if shares[m.AppID]++; shares[m.AppID] > MaxShareMaterials {
			return fmt.Errorf("share_materials[%d]: app %s holds more than %d materials", i, m.AppID, MaxShareMaterials)
		}
	}
	return nil
}

// failureCode reports whether a recipient of a message may fail with code.
func failureCode(code int) bool {
	switch code {
	case ErrMsgRejected.Code, ErrMsgFreqLimit.Code, ErrMsgSendFail.Code, ErrPromoterNotReady.Code:
		return true
	}
	return false
}

// maxMsgID bounds imported msg_ids, so the sequence never wraps.
const maxMsgID = maxSequenceID

func (l *loader) checkMessage(m *Message) error {
	if !l.apps[m.AppID] {
		return fmt.Errorf("unknown appid %q", m.AppID)
	}
	if m.MsgID == 0 || m.MsgID >= maxMsgID {
		return fmt.Errorf("needs a msg_id from 1 to %d", maxMsgID-1)
	}
	if m.JumpAppID != "" && m.JumpAppID != m.AppID {
		return errors.New("jump_appid must be empty or the app's own")
	}
	if m.MsgType == 0 || m.Content == "" || m.Path == "" || len(m.Content) > MaxMsgContentBytes || len(m.Path) > MaxMsgPathBytes || !jsonObject(m.Content) {
		return fmt.Errorf("needs a msg_type, content of a JSON object of at most %d bytes and a path of 1 to %d", MaxMsgContentBytes, MaxMsgPathBytes)
	}
	if m.ListType < ListAll || m.ListType > ListIDs || len(m.RoleIDs) > MaxMsgListItems || len(m.RetailIDs) > MaxMsgListItems || len(m.IDs) > MaxMsgListItems {
		return fmt.Errorf("list_type must be 0 to 3, with at most %d list entries", MaxMsgListItems)
	}
	switch m.Kind {
	case MsgGroup:
		if m.TargetID != 0 {
			return errors.New("a group send has no target_id")
		}
	case MsgSingle:
		p, err := first[Promoter](l.txn, tablePromoters, indexID, m.AppID, m.TargetID)
		if err != nil || p == nil {
			return fmt.Errorf("target_id %d is no promoter of the app", m.TargetID)
		}
	default:
		return fmt.Errorf("kind must be %q or %q", MsgGroup, MsgSingle)
	}
	if m.SentAt < 0 || m.DoneAt < m.SentAt || m.ClicksAt < 0 {
		return errors.New("needs 0 <= sent_at <= done_at and clicks_at >= 0")
	}
	if m.SendCnt < 1 || m.FailCnt < 0 || m.FailCnt > m.SendCnt || len(m.FailInfo) > min(m.FailCnt, MaxFailInfo) {
		return fmt.Errorf("needs 1 <= send_cnt, 0 <= fail_cnt <= send_cnt and at most min(fail_cnt, %d) fail_info", MaxFailInfo)
	}
	for j, f := range m.FailInfo {
		// As getmsg answers them: a promoter id and a delivery errcode.
		id, err := strconv.ParseUint(f.ID, 10, 63)
		if err != nil || id == 0 || strconv.FormatUint(id, 10) != f.ID || !failureCode(f.ErrCode) {
			return fmt.Errorf("fail_info[%d]: needs a promoter id and an errcode of 103010, 103011, 103012 or 103014", j)
		}
	}
	if m.ClickUV < 0 || m.ClickUV > m.ClickPV || m.ClickUV > m.SendCnt-m.FailCnt || m.ClickPV > MaxMsgClicks {
		return fmt.Errorf("needs 0 <= click_uv <= click_pv <= %d and click_uv at most the recipients reached", MaxMsgClicks)
	}
	if m.FailInfo == nil {
		m.FailInfo = []MsgFailure{}
	}
	return nil
}

func (l *loader) checkShare(m *ShareMaterial) error {
	if !l.apps[m.AppID] {
		return fmt.Errorf("unknown appid %q", m.AppID)
	}
	p, err := first[Promoter](l.txn, tablePromoters, indexID, m.AppID, m.PromoterID)
	if err != nil || p == nil || p.OpenID != m.OpenID {
		return fmt.Errorf("promoter_id %d with openid %q is no promoter of the app", m.PromoterID, m.OpenID)
	}
	// The share_path, path?promoter_share=code, must fit its QR code as a
	// material getsharematerial made does.
	if m.Code == "" || len(m.Code) > 32 || strings.Trim(m.Code, shareCodeAlphabet) != "" || m.Path == "" ||
		len(m.Path)+len(m.Code) > MaxSharePathBytes+ShareCodeLen || len(m.ExtraInfo) > MaxExtraInfoBytes ||
		len(m.Title) > MaxShareTitleBytes || !envVersion(m.EnvVersion) || m.ExpiresAt <= m.CreatedAt {
		return errors.New("needs a code of letters and digits, a path, fields within getsharematerial's limits, an env_version and expires_at after created_at")
	}
	return nil
}

// bumpSequenceTxn moves the named sequence to next at least, so a new row
// never takes an imported id.
func bumpSequenceTxn(l *loader, name string, next uint64) error {
	if next == 0 {
		return nil
	}
	seq, err := first[Sequence](l.txn, tableSequences, indexID, name)
	if err != nil || (seq != nil && seq.Next >= next) {
		return err
	}
	return l.txn.Insert(tableSequences, &Sequence{Name: name, Next: next})
}
