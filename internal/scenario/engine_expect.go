package scenario

import (
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
	var seen []map[string]string
	for {
		seen = seen[:0]
		for _, p := range x.recv.pushes(x.appid) {
			got, err := verify(p, x.push, x.appid)
			if err != nil {
				return &Failure{Message: "a push arrived but " + err.Error(), Got: p.Body}
			}
			seen = append(seen, got)
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
	// The pushes of the event are the near misses: a line each says how.
	lines := []string{"no such push arrived within " + within.String()}
	near := 0
	for i, got := range seen {
		if got["Event"] != e.Event {
			continue
		}
		if near++; near <= maxListed {
			lines = append(lines, fmt.Sprintf("push %d %s: %s", i+1, e.Event, pushMismatch(got, fields)))
		}
	}
	if near > maxListed {
		lines = append(lines, fmt.Sprintf("and %d more pushes of %s", near-maxListed, e.Event))
	}
	return &Failure{Message: strings.Join(lines, "\n"), Expected: string(want), Got: listPushes(seen)}
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
