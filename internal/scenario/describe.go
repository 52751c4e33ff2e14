package scenario

import (
	"cmp"
	"fmt"
	"strings"
)

// maxListed bounds the calls (or pushes) a failure's one-line list shows.
const maxListed = 5

// describeCall says in words what a check of expect_requests looks for:
// `POST /promoter/getpromoter answered -1 with start_id "2000"`. The
// method and path it leaves out are those of the selection, sel.
func describeCall(c, sel Call) string {
	method, path := cmp.Or(c.Method, sel.Method), cmp.Or(c.Path, sel.Path)
	var s string
	switch {
	case method != "" && path != "":
		s = strings.ToUpper(method) + " " + path
	case path != "":
		s = "a call to " + path
	case method != "":
		s = "a " + strings.ToUpper(method) + " call"
	default:
		s = "a call"
	}
	if c.ErrCode != nil {
		s += fmt.Sprintf(" answered %d", *c.ErrCode)
	}
	if c.Body != nil {
		s += " with " + describeBody(c.Body)
	}
	return s
}

// describeBody says what a body matcher wants: `start_id "2000", limit 10`
// for an object (its keys in order), the JSON of anything else.
func describeBody(m *Matcher) string {
	prefix := ""
	if m.Exact {
		prefix = "exactly "
	}
	obj, ok := m.Value.(map[string]any)
	if !ok || len(obj) == 0 {
		return prefix + "body " + showJSON(m.Value)
	}
	parts := make([]string, 0, len(obj))
	for _, k := range sortedNames(obj) {
		parts = append(parts, k+" "+showJSON(obj[k]))
	}
	return prefix + clipLine(strings.Join(parts, ", "), 200)
}

// callLine is a journal entry on one line: `#5 POST /promoter/getrole → -1
// {"start_id":"2000"}`, its body cut to bodyLen bytes.
func callLine(e journalEntry, bodyLen int) string {
	s := fmt.Sprintf("#%d %s %s → %d", e.Seq, e.Method, e.Path, e.ErrCode)
	if e.Request != "" {
		s += " " + clipLine(e.Request, bodyLen)
	}
	return s
}

// listCalls lists calls on one line, the first maxListed of them, and
// says how many more there were.
func listCalls(es []journalEntry) string {
	parts := make([]string, 0, min(len(es), maxListed)+1)
	for i, e := range es {
		if i == maxListed {
			parts = append(parts, fmt.Sprintf("and %d more", len(es)-maxListed))
			break
		}
		parts = append(parts, callLine(e, 60))
	}
	return strings.Join(parts, ", ")
}

// envelope are the elements every push has, which a report leaves out.
var envelope = map[string]bool{"ToUserName": true, "FromUserName": true, "CreateTime": true, "MsgType": true, "Event": true}

// listPushes lists the pushes that arrived, with their fields: a line
// each, the first maxListed of them.
func listPushes(pushes []map[string]string) string {
	if len(pushes) == 0 {
		return "no push arrived at the runner's receiver"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%d pushes arrived at the runner's receiver:", len(pushes))
	if len(pushes) == 1 {
		b.Reset()
		b.WriteString("1 push arrived at the runner's receiver:")
	}
	for i, p := range pushes {
		if i == maxListed {
			fmt.Fprintf(&b, "\n  … (%d more)", len(pushes)-maxListed)
			break
		}
		fmt.Fprintf(&b, "\n  push %d %s: %s", i+1, p["Event"], pushFields(p))
	}
	return b.String()
}

// pushFields shows a push's fields on one line, its envelope left out:
// "audit_id 414569513, reason "", status 1".
func pushFields(p map[string]string) string {
	var fields []string
	for _, k := range sortedNames(p) {
		if !envelope[k] {
			fields = append(fields, k+" "+pushValue(p[k]))
		}
	}
	return clipLine(strings.Join(fields, ", "), 300)
}

// pushMismatch says how a push of the expected event differs from the
// fields expected: "status 1, not 3; reason missing".
func pushMismatch(got, want map[string]string) string {
	var diffs []string
	for _, k := range sortedNames(want) {
		v, ok := got[k]
		switch {
		case !ok:
			diffs = append(diffs, k+" missing")
		case v != want[k]:
			diffs = append(diffs, fmt.Sprintf("%s %s, not %s", k, pushValue(v), pushValue(want[k])))
		}
	}
	return strings.Join(diffs, "; ")
}

// pushValue shows a push field's text as is, quoted when it is empty or
// holds a space or a comma.
func pushValue(s string) string {
	if s == "" || strings.ContainsAny(s, " ,;\n\t\"") {
		return fmt.Sprintf("%q", s)
	}
	return clipLine(s, 80)
}
