package scenario

import (
	"encoding/json"
	"fmt"
	"strings"
)

// expectRequests checks what the client called. Every check that fails is
// reported, one per line: count, order, last and retried_after.
func (x *exec) expectRequests(e *ExpectRequests) *Failure {
	since := x.mark
	if e.Since == SinceLastRun {
		since = x.lastRun
	}
	all, err := x.clientCalls(since)
	if err != nil {
		return &Failure{Message: err.Error()}
	}
	e, err = x.expandCalls(e)
	if err != nil {
		return &Failure{Message: err.Error()}
	}
	var sel []journalEntry
	for _, c := range all {
		if e.Call.matches(c) {
			sel = append(sel, c)
		}
	}
	var failed []string
	// The parser sets "at least 1" when the file gives no count.
	if !e.Count.Allows(len(sel)) {
		failed = append(failed, fmt.Sprintf("count: expected %s, got %d", e.Count, len(sel)))
	}
	if s := orderFailure(e, sel); s != "" {
		failed = append(failed, "order"+s)
	}
	if e.Last != nil {
		want := describeCall(*e.Last, e.Call)
		switch {
		case len(sel) == 0:
			failed = append(failed, "last: expected "+want+"; no call was made")
		case !e.Last.matches(sel[len(sel)-1]):
			failed = append(failed, "last: expected "+want+"; the last call was "+callLine(sel[len(sel)-1], 120))
		}
	}
	failed = append(failed, notRetried(e, sel)...)
	if len(failed) == 0 {
		return nil
	}
	return &Failure{Message: strings.Join(failed, "\n"), Got: fmt.Sprintf("%s:%s", selection(e, len(sel)), summary(sel))}
}

// orderFailure says which call of e.Order was not made, after which call,
// and which calls came after it instead: " (item 2 of 2): expected ...
// after #4; the calls after #4 were: ...", "" when the order holds.
func orderFailure(e *ExpectRequests, sel []journalEntry) string {
	k, at := 0, -1 // the Order items found so far; the index in sel of the last
	for i, c := range sel {
		if k < len(e.Order) && e.Order[k].matches(c) {
			k, at = k+1, i
		}
	}
	if k == len(e.Order) {
		return ""
	}
	item := ""
	if len(e.Order) > 1 {
		item = fmt.Sprintf(" (item %d of %d)", k+1, len(e.Order))
	}
	want := item + ": expected " + describeCall(e.Order[k], e.Call)
	rest := sel[at+1:]
	if at < 0 {
		if len(rest) == 0 {
			return want + "; no call was made"
		}
		return want + "; the calls were: " + listCalls(rest)
	}
	after := fmt.Sprintf("#%d", sel[at].Seq)
	if len(rest) == 0 {
		return want + " after " + after + "; no call came after " + after
	}
	return want + " after " + after + "; the calls after " + after + " were: " + listCalls(rest)
}

// notRetried says, a line each, which calls answered an errcode of
// e.RetriedAfter no later call sent again (same method, path and body):
// "retried_after: the -1 answer at #3 was not retried".
func notRetried(e *ExpectRequests, sel []journalEntry) []string {
	var out []string
	n := 0
	for i, c := range sel {
		for _, code := range e.RetriedAfter {
			if c.ErrCode != code || retried(c, sel[i+1:]) {
				continue
			}
			if n++; n > maxListed {
				continue
			}
			what := ""
			if e.Path == "" || strings.HasSuffix(e.Path, "*") {
				what = " (" + c.Method + " " + c.Path + ")"
			}
			out = append(out, fmt.Sprintf("retried_after: the %d answer at #%d%s was not retried", code, c.Seq, what))
		}
	}
	if n > maxListed {
		out = append(out, fmt.Sprintf("retried_after: and %d more answers were not retried", n-maxListed))
	}
	return out
}

// retried reports whether one of later sends c again.
func retried(c journalEntry, later []journalEntry) bool {
	for _, l := range later {
		if l.Method == c.Method && l.Path == c.Path && l.Request == c.Request {
			return true
		}
	}
	return false
}

// selection says which calls expect_requests looked at, and how many:
// "3 calls to POST /promoter/getrole".
func selection(e *ExpectRequests, n int) string {
	s := fmt.Sprintf("%d calls", n)
	if n == 1 {
		s = "1 call"
	}
	desc := describeCall(e.Call, Call{})
	switch {
	case strings.HasPrefix(desc, "a call to "):
		return s + " to " + strings.TrimPrefix(desc, "a call to ")
	case strings.HasPrefix(desc, "a call"):
		return s + strings.TrimPrefix(desc, "a call")
	case strings.HasPrefix(desc, "a "):
		return s + ", each " + desc
	}
	return s + " to " + desc
}

// summary lists calls a line each, the first 20 of them.
func summary(es []journalEntry) string {
	var b strings.Builder
	for i, e := range es {
		if i == 20 {
			fmt.Fprintf(&b, "\n  … (%d more)", len(es)-20)
			break
		}
		b.WriteString("\n  " + callLine(e, 120))
	}
	return b.String()
}

func (c *Call) matches(e journalEntry) bool {
	if c.Method != "" && !strings.EqualFold(c.Method, e.Method) {
		return false
	}
	if p, ok := strings.CutSuffix(c.Path, "*"); ok {
		if !strings.HasPrefix(e.Path, p) {
			return false
		}
	} else if c.Path != "" && c.Path != e.Path {
		return false
	}
	if c.ErrCode != nil && *c.ErrCode != e.ErrCode {
		return false
	}
	if c.Body != nil {
		var doc any
		if json.Unmarshal([]byte(e.Request), &doc) != nil {
			return false
		}
		if _, err := c.Body.Match(doc); err != nil {
			return false
		}
	}
	return true
}

// expandCalls returns a copy of e with the ${variables} of its body
// matchers expanded.
func (x *exec) expandCalls(e *ExpectRequests) (*ExpectRequests, error) {
	c := *e
	expand := func(call Call) (Call, error) {
		if call.Body == nil {
			return call, nil
		}
		v, err := x.vars.Expand(call.Body.Value)
		if err != nil {
			return call, err
		}
		m := *call.Body
		m.Value = v
		call.Body = &m
		return call, nil
	}
	var err error
	if c.Call, err = expand(c.Call); err != nil {
		return nil, err
	}
	c.Order = make([]Call, len(e.Order))
	for i, o := range e.Order {
		if c.Order[i], err = expand(o); err != nil {
			return nil, err
		}
	}
	if e.Last != nil {
		last, err := expand(*e.Last)
		if err != nil {
			return nil, err
		}
		c.Last = &last
	}
	return &c, nil
}
