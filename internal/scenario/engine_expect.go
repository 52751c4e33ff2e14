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
// signatures are valid: one the runner's receiver got or, when the app
// pushes to another URL (the client's own), one wxmock's push log shows
// delivered there.
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
	logged := x.push.URL != x.recv.url(x.appid)
	deadline := time.Now().Add(within)
	var seen []sentPush
	for {
		var fail *Failure
		if seen, fail = x.sentPushes(logged); fail != nil {
			return fail
		}
		for _, p := range seen {
			if p.delivered && pushMatches(p, e.Event, fields) {
				return nil
			}
		}
		if time.Now().After(deadline) {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	want, _ := json.Marshal(map[string]any{"event": e.Event, "fields": e.Fields})
	if !logged {
		got := make([]map[string]string, len(seen))
		for i, p := range seen {
			got[i] = p.fields
		}
		lines := append([]string{"no such push arrived within " + within.String()}, nearPushes(seen, e.Event, fields)...)
		return &Failure{Message: strings.Join(lines, "\n"), Expected: string(want), Got: listPushes(got)}
	}
	target, _, _ := strings.Cut(x.push.URL, "?")
	first := "no such push was delivered to " + cmp.Or(target, "the app (it has no push URL)") + " within " + within.String()
	for _, p := range seen {
		if pushMatches(p, e.Event, fields) {
			first = "the push was not delivered to " + target + " within " + within.String()
			break
		}
	}
	lines := append([]string{first}, nearPushes(seen, e.Event, fields)...)
	return &Failure{Message: strings.Join(lines, "\n"), Expected: string(want), Got: listSent(target, seen)}
}

// sentPushes are the pushes of the scenario's app so far: those the
// runner's receiver got, all delivered, or those of wxmock's push log.
// A push signed wrong is the step's failure.
func (x *exec) sentPushes(logged bool) ([]sentPush, *Failure) {
	if logged {
		return x.loggedPushes()
	}
	var out []sentPush
	for _, p := range x.recv.pushes(x.appid) {
		got, err := verify(p, x.push, x.appid)
		if err != nil {
			return nil, &Failure{Message: "a push arrived but " + err.Error(), Got: p.Body}
		}
		out = append(out, sentPush{fields: got, event: got["Event"], delivered: true})
	}
	return out, nil
}

// pushMatches reports whether p is of the event and has the fields.
func pushMatches(p sentPush, event string, fields map[string]string) bool {
	if p.fields == nil || p.event != event {
		return false
	}
	for k, v := range fields {
		if p.fields[k] != v {
			return false
		}
	}
	return true
}

// nearPushes are the pushes of the event, a line each saying how each
// one misses: the fields that differ, or its delivery, or why it could
// not be read.
func nearPushes(seen []sentPush, event string, fields map[string]string) []string {
	var lines []string
	near := 0
	for i, p := range seen {
		if p.event != event {
			continue
		}
		if near++; near > maxListed {
			continue
		}
		var how string
		switch {
		case p.fields == nil:
			how = p.unread + " — " + p.delivery
		case pushMatches(p, event, fields):
			how = "matches but was not delivered: " + p.delivery
		default:
			how = pushMismatch(p.fields, fields)
			if p.delivery != "" {
				how += " — " + p.delivery
			}
		}
		lines = append(lines, fmt.Sprintf("push %d %s: %s", i+1, event, how))
	}
	if near > maxListed {
		lines = append(lines, fmt.Sprintf("and %d more pushes of %s", near-maxListed, event))
	}
	return lines
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

// expectState checks the rows the scenario's app holds, and reports every
// check that failed, one per line.
func (x *exec) expectState(e *ExpectState) *Failure {
	var st map[string]json.RawMessage
	if err := x.admin(http.MethodGet, "/state", nil, &st); err != nil {
		return &Failure{Message: err.Error()}
	}
	var failed checks
	for _, table := range sortedNames(e.Tables) {
		var rows []map[string]any
		if raw, ok := st[table]; !ok {
			failed.add(&Failure{Message: "no table " + table + " in the state"})
			continue
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
			failed = append(failed, checkRows(table, mine, chk)...)
		}
	}
	return failed.failure()
}

// checkRows applies one check to a table's rows and returns each part of
// it that failed: the count, and each item of contains not found.
func checkRows(table string, rows []any, chk StateCheck) checks {
	var sel []any
	where := &Matcher{Value: chk.Where}
	for _, r := range rows {
		if len(chk.Where) == 0 {
			sel = append(sel, r)
		} else if _, err := where.Match(r); err == nil {
			sel = append(sel, r)
		}
	}
	what := table
	if len(chk.Where) > 0 {
		what += " where " + showJSON(chk.Where)
	}
	var failed checks
	if chk.Count != nil && !chk.Count.Allows(len(sel)) {
		failed.add(&Failure{Message: what, Expected: chk.Count.String(), Got: fmt.Sprint(len(sel))})
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
			failed.addLine(&Failure{Message: "no row of " + what + " matches", Expected: showJSON(want), Got: showJSON(firstN(sel, 5))},
				"no row of "+what+" matches "+showJSON(want))
		}
	}
	if chk.Count == nil && len(chk.Contains) == 0 && len(sel) == 0 {
		failed.add(&Failure{Message: "no row of " + what})
	}
	return failed
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
		msgs = append(msgs, nounCount(len(bad), "schema violation")+" in the client's calls")
	}
	if len(unknown) > 0 {
		msgs = append(msgs, nounCount(len(unknown), "unknown field")+" in the client's calls")
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

// nounCount is "1 unknown field" or "2 unknown fields".
func nounCount(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
