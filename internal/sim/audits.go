package sim

import (
	"fmt"
	"strings"
	"time"

	memdb "github.com/hashicorp/go-memdb"
)

// Magic values: a request whose string fields contain one of these chooses
// its audit's outcome, as a payment mock's test card numbers do, so that a
// client test needs no admin call. Without one, an audit passes.
const (
	MagicFail   = "wxmock:fail"   // the audit fails (status 3, or 1 for a map POI)
	MagicReject = "wxmock:reject" // the merchant's administrator refuses (status 4)
	MagicHold   = "wxmock:hold"   // the audit stays pending until resolved by the admin API
)

// Plan is the outcome a request asked for with magic values.
type Plan struct {
	Outcome string // OutcomePass, OutcomeFail or OutcomeReject
	Hold    bool
}

// PlanFrom reads the magic values in a request's text.
func PlanFrom(text string) Plan {
	p := Plan{Outcome: OutcomePass, Hold: strings.Contains(text, MagicHold)}
	switch {
	case strings.Contains(text, MagicReject):
		p.Outcome = OutcomeReject
	case strings.Contains(text, MagicFail):
		p.Outcome = OutcomeFail
	}
	return p
}

// nextIDTxn draws the next id of a global sequence, starting at start.
func nextIDTxn(txn *memdb.Txn, name string, start uint64) (uint64, error) {
	seq, err := first[Sequence](txn, tableSequences, indexID, name)
	if err != nil {
		return 0, err
	}
	next := Sequence{Name: name, Next: start}
	if seq != nil {
		next = *seq
	}
	id := next.Next
	next.Next++
	return id, txn.Insert(tableSequences, &next)
}

// Sequence names and where they start, so that ids look like WeChat's.
const (
	seqAudit  = "audit"
	seqPoi    = "poi"
	seqMapPOI = "map_poi"

	firstAuditID = 414569513
	firstPoiID   = 472671857
	firstRichID  = 42010
)

// newAuditTxn opens an audit that comes due after the audit delay.
func (s *Sim) newAuditTxn(txn *memdb.Txn, appid, kind, subject string, plan Plan) (*Audit, error) {
	id, err := nextIDTxn(txn, seqAudit, firstAuditID)
	if err != nil {
		return nil, err
	}
	now := s.Now()
	a := &Audit{AuditID: id, AppID: appid, Kind: kind, Subject: subject, State: AuditPending,
		Planned: plan.Outcome, CreatedAt: now.Unix()}
	if !plan.Hold {
		a.DueAt = now.Add(s.auditDelay).Unix()
	}
	return a, txn.Insert(tableAudits, a)
}

// AuditFilter selects audits for GET /__wxmock/audits.
type AuditFilter struct {
	AppID string
	State string
}

// Audits lists audits in id order.
func (s *Sim) Audits(f AuditFilter) ([]Audit, error) {
	var out []Audit
	err := s.read(func(txn *memdb.Txn) error {
		as, err := all[Audit](txn, tableAudits, indexID)
		for _, a := range as {
			if (f.AppID == "" || a.AppID == f.AppID) && (f.State == "" || a.State == f.State) {
				out = append(out, *a)
			}
		}
		return err
	})
	return out, err
}

// RunDue resolves every pending audit whose time has come, with its
// planned outcome, and returns how many it resolved. The clock's advance
// and a ticker call it; so pushes arrive on their own while the clock runs.
func (s *Sim) RunDue() (int, error) {
	var events []Event
	n := 0
	err := s.write(func(txn *memdb.Txn) error {
		events, n = nil, 0
		pending, err := all[Audit](txn, tableAudits, indexState, AuditPending)
		if err != nil {
			return err
		}
		now := s.Now().Unix()
		for _, a := range pending {
			if a.DueAt == 0 || a.DueAt > now {
				continue
			}
			reason := ""
			if a.Planned != OutcomePass {
				reason = "wxmock: " + a.Planned + " as the request asked (" + magicOf(a.Planned) + ")"
			}
			ev, err := s.resolveTxn(txn, a, a.Planned, reason)
			if err != nil {
				return err
			}
			events = append(events, ev)
			n++
		}
		if n == 0 {
			return errUnchanged // the ticker's usual call: nothing is due
		}
		return nil
	})
	if err == nil {
		s.emit(events)
	}
	return n, err
}

func magicOf(outcome string) string {
	if outcome == OutcomeReject {
		return MagicReject
	}
	return MagicFail
}

// ErrAuditNotFound and ErrAuditResolved are the admin API's audit errors.
var (
	ErrAuditNotFound = fmt.Errorf("no such audit")
	ErrAuditResolved = fmt.Errorf("the audit is resolved already")
	ErrBadOutcome    = fmt.Errorf("outcome must be pass or fail (or reject, for a merchant)")
)

// ResolveAudit resolves a pending audit now with outcome and reason, as
// POST /__wxmock/audits/{audit_id}/resolve does.
func (s *Sim) ResolveAudit(id uint64, outcome, reason string) (Audit, error) {
	var (
		out Audit
		ev  Event
	)
	err := s.write(func(txn *memdb.Txn) error {
		a, err := first[Audit](txn, tableAudits, indexID, id)
		if err != nil {
			return err
		}
		switch {
		case a == nil:
			return ErrAuditNotFound
		case a.State != AuditPending:
			return ErrAuditResolved
		case outcome != OutcomePass && outcome != OutcomeFail && !(outcome == OutcomeReject && a.Kind == AuditMerchant):
			return ErrBadOutcome
		}
		if outcome != OutcomePass && reason == "" {
			reason = "wxmock: " + outcome + " by the admin API"
		}
		ev, err = s.resolveTxn(txn, a, outcome, reason)
		if err != nil {
			return err
		}
		got, err := first[Audit](txn, tableAudits, indexID, id)
		if got != nil {
			out = *got
		}
		return err
	})
	if err == nil {
		s.emit([]Event{ev})
	}
	return out, err
}

// resolveTxn closes an audit, applies its outcome to its subject and
// returns the event to push.
func (s *Sim) resolveTxn(txn *memdb.Txn, a *Audit, outcome, reason string) (Event, error) {
	c := *a
	c.State, c.Result, c.Reason, c.ResolvedAt = AuditResolved, outcome, reason, s.Now().Unix()
	if err := txn.Insert(tableAudits, &c); err != nil {
		return Event{}, err
	}
	ev := Event{AppID: a.AppID, Event: a.Kind, CreateTime: c.ResolvedAt}
	var (
		fields []EventField
		err    error
	)
	switch a.Kind {
	case AuditMerchant:
		fields, err = s.resolveMerchantTxn(txn, &c)
	case AuditMapPOI:
		fields, err = s.resolveMapPOITxn(txn, &c)
	case AuditStore:
		fields, err = s.resolveStoreTxn(txn, &c)
	case AuditPictures:
		fields, err = s.resolvePicturesTxn(txn, &c)
	default:
		err = fmt.Errorf("audit %d: unknown kind %q", a.AuditID, a.Kind)
	}
	ev.Fields = fields
	return ev, err
}

// SetAuditDelay sets how long after a request its audit comes due.
func (s *Sim) SetAuditDelay(d time.Duration) { s.auditDelay = d }

func knownAuditKind(kind string) bool {
	switch kind {
	case AuditMerchant, AuditMapPOI, AuditStore, AuditPictures:
		return true
	}
	return false
}
