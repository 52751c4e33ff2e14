package scenario

import (
	"cmp"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"
)

// resolve resolves an audit: the latest pending one of the app (of a kind,
// if given), or the one named.
func (x *exec) resolve(r *Resolve) error {
	id := r.Audit
	if id == "" || id == AuditLatest {
		var as struct {
			Audits []struct {
				AuditID uint64 `json:"audit_id"`
				Kind    string `json:"kind"`
			} `json:"audits"`
		}
		if err := x.admin(http.MethodGet, "/audits?state=pending&appid="+url.QueryEscape(x.appid), nil, &as); err != nil {
			return err
		}
		id = ""
		for _, a := range as.Audits {
			if r.Kind == "" || a.Kind == r.Kind {
				id = fmt.Sprint(a.AuditID)
			}
		}
		if id == "" {
			return fmt.Errorf("resolve: no pending audit%s", map[bool]string{true: " of kind " + r.Kind}[r.Kind != ""])
		}
	} else {
		var err error
		if id, err = x.vars.ExpandString(id); err != nil {
			return err
		}
	}
	body := map[string]any{"reason": r.Reason}
	if r.Status != nil {
		body["status"] = *r.Status
	}
	if r.Outcome != "" {
		body["outcome"] = r.Outcome
	}
	if err := x.admin(http.MethodPost, "/audits/"+url.PathEscape(id)+"/resolve", body, nil); err != nil {
		return err
	}
	return x.flushPushes()
}

// expectPush waits for a push of the event whose fields match and whose
// signatures are valid.
func (x *exec) expectPush(e *ExpectPush) *Failure {
	within := e.Within
	if within <= 0 {
		within = DefaultPushWithin
	}
	fields := make(map[string]string, len(e.Fields))
	for k, v := range e.Fields {
		ev, err := x.vars.ExpandString(v)
		if err != nil {
			return &Failure{Message: err.Error()}
		}
		fields[k] = ev
	}
	deadline := time.Now().Add(within)
	var seen []string
	for {
		seen = seen[:0]
		for _, p := range x.recv.pushes(x.appid) {
			got, err := verify(p, x.push, x.appid)
			if err != nil {
				return &Failure{Message: "a push arrived but " + err.Error(), Got: p.Body}
			}
			seen = append(seen, got["Event"])
			if got["Event"] != e.Event {
				continue
			}
			ok := true
			for k, v := range fields {
				if got[k] != v {
					ok = false
				}
			}
			if ok {
				return nil
			}
		}
		if time.Now().After(deadline) {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	want, _ := json.Marshal(map[string]any{"event": e.Event, "fields": e.Fields})
	return &Failure{Message: "no such push arrived within " + within.String(), Expected: string(want),
		Got: fmt.Sprintf("events %v at the runner's receiver", seen)}
}

// journalEntry is what the checks read of a journal entry.
type journalEntry struct {
	Seq        uint64            `json:"seq"`
	Method     string            `json:"method"`
	Path       string            `json:"path"`
	Status     int               `json:"status"`
	ErrCode    int               `json:"errcode"`
	Request    string            `json:"request"`
	Violations []json.RawMessage `json:"violations"`
	Notes      []string          `json:"notes"`
}

// clientCalls lists the journal entries of the scenario's app made by the
// client (not the runner's own requests), after since.
func (x *exec) clientCalls(since uint64) ([]journalEntry, error) {
	var j struct {
		Entries []journalEntry `json:"entries"`
	}
	if err := x.admin(http.MethodGet, fmt.Sprintf("/journal?appid=%s&since=%d", url.QueryEscape(x.appid), since), nil, &j); err != nil {
		return nil, err
	}
	out := j.Entries[:0]
	for _, e := range j.Entries {
		if !x.own[e.Seq] {
			out = append(out, e)
		}
	}
	return out, nil
}

func (x *exec) lastSeq() uint64 {
	var j struct {
		Entries []journalEntry `json:"entries"`
	}
	if x.admin(http.MethodGet, "/journal?limit=1", nil, &j) == nil && len(j.Entries) == 1 {
		return j.Entries[0].Seq
	}
	return x.mark
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

// expectRequests checks what the client called.
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
	count := e.Count // the parser sets "at least 1" when the file gives none
	if !count.Allows(len(sel)) {
		return &Failure{Message: fmt.Sprintf("calls to %s", cmp.Or(e.Path, "any path")), Expected: count.String(),
			Got: fmt.Sprintf("%d: %s", len(sel), summary(sel))}
	}
	k := 0
	for _, c := range sel {
		if k < len(e.Order) && e.Order[k].matches(c) {
			k++
		}
	}
	if k < len(e.Order) {
		return &Failure{Message: fmt.Sprintf("calls in order: the %s call in order was not made after the others", ordinal(k+1)),
			Got: summary(sel)}
	}
	if e.Last != nil && (len(sel) == 0 || !e.Last.matches(sel[len(sel)-1])) {
		return &Failure{Message: "the last call does not match", Got: summary(sel)}
	}
	for i, c := range sel {
		for _, code := range e.RetriedAfter {
			if c.ErrCode != code {
				continue
			}
			retried := false
			for _, later := range sel[i+1:] {
				if later.Method == c.Method && later.Path == c.Path && later.Request == c.Request {
					retried = true
					break
				}
			}
			if !retried {
				return &Failure{Message: fmt.Sprintf("call %d (%s) answered %d was never retried", c.Seq, c.Path, code), Got: summary(sel)}
			}
		}
	}
	return nil
}

func ordinal(n int) string { return fmt.Sprintf("#%d", n) }

func summary(es []journalEntry) string {
	var b strings.Builder
	for i, e := range es {
		if i == 20 {
			fmt.Fprintf(&b, " … (%d more)", len(es)-20)
			break
		}
		fmt.Fprintf(&b, "\n  %s %s → %d %.120s", e.Method, e.Path, e.ErrCode, e.Request)
	}
	return b.String()
}

// expectState checks the rows the scenario's app holds.
func (x *exec) expectState(e *ExpectState) *Failure {
	var st map[string]json.RawMessage
	if err := x.admin(http.MethodGet, "/state", nil, &st); err != nil {
		return &Failure{Message: err.Error()}
	}
	for _, table := range sortedNames(e.Tables) {
		var rows []map[string]any
		if raw, ok := st[table]; !ok {
			return &Failure{Message: "no table " + table + " in the state"}
		} else if err := json.Unmarshal(raw, &rows); err != nil {
			return &Failure{Message: err.Error()}
		}
		var mine []any
		for _, r := range rows {
			if r["appid"] == x.appid {
				mine = append(mine, r)
			}
		}
		for _, chk := range e.Tables[table] {
			where, err := x.vars.Expand(chk.Where)
			if err != nil {
				return &Failure{Message: err.Error()}
			}
			chk.Where, _ = where.(map[string]any)
			if chk.Contains != nil {
				contains, err := x.vars.Expand(any(chk.Contains))
				if err != nil {
					return &Failure{Message: err.Error()}
				}
				chk.Contains, _ = contains.([]any)
			}
			if f := checkRows(table, mine, chk); f != nil {
				return f
			}
		}
	}
	return nil
}

func checkRows(table string, rows []any, chk StateCheck) *Failure {
	var sel []any
	where := &Matcher{Value: chk.Where}
	for _, r := range rows {
		if len(chk.Where) == 0 {
			sel = append(sel, r)
		} else if _, err := where.Match(r); err == nil {
			sel = append(sel, r)
		}
	}
	if chk.Count != nil && !chk.Count.Allows(len(sel)) {
		return &Failure{Message: fmt.Sprintf("%s where %s", table, showJSON(chk.Where)), Expected: chk.Count.String(), Got: fmt.Sprint(len(sel))}
	}
	for _, want := range chk.Contains {
		m := &Matcher{Value: want}
		found := false
		for _, r := range sel {
			if _, err := m.Match(r); err == nil {
				found = true
				break
			}
		}
		if !found {
			return &Failure{Message: "no row of " + table + " matches", Expected: showJSON(want), Got: showJSON(firstN(sel, 5))}
		}
	}
	if chk.Count == nil && len(chk.Contains) == 0 && len(sel) == 0 {
		return &Failure{Message: fmt.Sprintf("no row of %s where %s", table, showJSON(chk.Where))}
	}
	return nil
}

func firstN(v []any, n int) []any {
	if len(v) > n {
		return v[:n]
	}
	return v
}

// expectNoViolations fails on any schema violation the client caused and,
// with unknownFields, on any field it sent that its endpoint does not know.
func (x *exec) expectNoViolations(unknownFields bool) *Failure {
	calls, err := x.clientCalls(x.mark)
	if err != nil {
		return &Failure{Message: err.Error()}
	}
	var bad []string
	for _, c := range calls {
		for _, v := range c.Violations {
			bad = append(bad, fmt.Sprintf("%s %s: %s", c.Method, c.Path, v))
		}
	}
	var unknown []string
	if unknownFields {
		for _, c := range calls {
			for _, n := range c.Notes {
				if strings.HasPrefix(n, "unknown field") {
					unknown = append(unknown, fmt.Sprintf("#%d %s %s: %s", c.Seq, c.Method, c.Path, n))
				}
			}
		}
	}
	sort.Strings(bad)
	var msgs []string
	if len(bad) > 0 {
		msgs = append(msgs, fmt.Sprintf("%d schema violations in the client's calls", len(bad)))
	}
	if len(unknown) > 0 {
		msgs = append(msgs, fmt.Sprintf("%d unknown fields in the client's calls", len(unknown)))
	}
	if len(msgs) > 0 {
		return &Failure{Message: strings.Join(msgs, "; "), Got: strings.Join(append(bad, unknown...), "\n")}
	}
	return nil
}

// journalExcerpt is, for a report, the last calls the client made to the
// scenario's app since the steps began: the runner's own calls (its
// setup, its request steps) are not the client's, so when the client made
// none it is empty.
func (x *exec) journalExcerpt() []string {
	if x.appid == "" || x.own == nil {
		return nil
	}
	entries, err := x.clientCalls(x.mark)
	if err != nil {
		return nil
	}
	return excerpt(entries)
}

// setupExcerpt is, for the report of a setup that failed, the last calls
// of the scenario's app: the runner's own, as no step has run yet.
func (x *exec) setupExcerpt() []string {
	if x.appid == "" {
		return nil
	}
	var j struct {
		Entries []journalEntry `json:"entries"`
	}
	if x.admin(http.MethodGet, "/journal?limit=15&appid="+url.QueryEscape(x.appid), nil, &j) != nil {
		return nil
	}
	return excerpt(j.Entries)
}

// excerpt shows the last 15 entries a line each.
func excerpt(entries []journalEntry) []string {
	if len(entries) > 15 {
		entries = entries[len(entries)-15:]
	}
	var out []string
	for _, e := range entries {
		line := fmt.Sprintf("#%d %s %s → %d errcode %d %.160s", e.Seq, e.Method, e.Path, e.Status, e.ErrCode, e.Request)
		if len(e.Notes) > 0 {
			line += " (" + strings.Join(e.Notes, "; ") + ")"
		}
		out = append(out, line)
	}
	return out
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
