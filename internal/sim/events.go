package sim

import "strconv"

// Event is something the simulator tells an app's message server: the
// audit results of seed 001. The push package turns it into signed XML.
type Event struct {
	AppID      string
	Event      string // such as apply_merchant_audit_info
	CreateTime int64
	Fields     []EventField
}

// EventField is one element of an event's XML after <Event>; CDATA says
// whether WeChat wraps its value in CDATA (strings) or not (numbers).
type EventField struct {
	Name  string
	Value string
	CDATA bool
}

func num(name string, v int64) EventField {
	return EventField{Name: name, Value: strconv.FormatInt(v, 10)}
}

func text(name, v string) EventField { return EventField{Name: name, Value: v, CDATA: true} }

// SetNotifier sets the function that receives events, after the change
// that raised them is committed. It must not block for long: the push
// package only queues them.
func (s *Sim) SetNotifier(fn func(Event)) {
	s.notifyMu.Lock()
	defer s.notifyMu.Unlock()
	s.notify = fn
}

func (s *Sim) emit(events []Event) {
	s.notifyMu.Lock()
	fn := s.notify
	s.notifyMu.Unlock()
	if fn == nil {
		return
	}
	for _, e := range events {
		fn(e)
	}
}
