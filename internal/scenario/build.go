package scenario

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"time"
)

// builder turns one scenario that passed the schema into the model, with
// the checks the schema cannot make; its errors point into the document.
type builder struct {
	file      string
	doc       *node
	prefix    string              // the scenario's JSON pointer in its document
	endpoints map[string]bool     // WeChat paths wxmock serves, for fault paths
	columns   map[string][]string // each table's columns, for expect_state
}

// errAt is an error about the value at ptr, relative to the scenario.
func (b *builder) errAt(ptr string, format string, a ...any) *ParseError {
	n, _, _ := b.doc.find(b.prefix + ptr)
	return &ParseError{File: b.file, Line: n.line, Column: n.col, Pointer: b.prefix + ptr, Msg: fmt.Sprintf(format, a...)}
}

// errKey is an error about the key that ends ptr; it points at the key and
// names the mapping that holds it.
func (b *builder) errKey(ptr string, format string, a ...any) *ParseError {
	pe := b.errAt(ptr, format, a...)
	if _, mb, ok := b.doc.find(b.prefix + ptr); ok && mb != nil {
		pe.Line, pe.Column = mb.line, mb.col
		toks := pointerTokens(pe.Pointer)
		pe.Pointer = ""
		for _, t := range toks[:len(toks)-1] {
			pe.Pointer = pointerJoin(pe.Pointer, t)
		}
	}
	return pe
}

func (b *builder) scenario() (*Scenario, error) {
	n, _, _ := b.doc.find(b.prefix)
	data, err := json.Marshal(n.value())
	if err != nil {
		return nil, b.errAt("", "%v", err)
	}
	var w wireScenario
	if err := strict(data, &w); err != nil {
		return nil, b.errAt("", "internal error: the schema passed a value the model cannot hold: %v", err)
	}
	s := &Scenario{Name: w.Name, Description: w.Description, File: b.file, Line: n.line}
	if s.Setup, err = b.setup(w.Setup); err != nil {
		return nil, err
	}
	for i, f := range w.Faults {
		at, _, _ := b.doc.find(b.prefix + "/faults/" + strconv.Itoa(i))
		f.Line = at.line
		if !b.knownPath(f.Path) {
			return nil, b.errAt("/faults/"+strconv.Itoa(i)+"/path", "no WeChat endpoint is %q: want a path wxmock serves (/promoter/getpromoter), or a prefix ending in * (/wxa/*)", f.Path)
		}
		s.Faults = append(s.Faults, f)
	}
	defined := map[string]bool{}
	for _, v := range BuiltinVars() {
		defined[v] = true
	}
	for i, ws := range w.Steps {
		ptr := "/steps/" + strconv.Itoa(i)
		if err := b.checkVars(ptr, defined); err != nil {
			return nil, err
		}
		st, err := b.step(ptr, ws)
		if err != nil {
			return nil, err
		}
		for _, name := range sortedKeys(st.Save) {
			if slices.Contains(BuiltinVars(), name) {
				return nil, b.errKey(ptr+"/save/"+name, "cannot save to the built-in variable %q", name)
			}
			defined[name] = true
		}
		s.Steps = append(s.Steps, st)
	}
	return s, nil
}

func (b *builder) setup(w wireSetup) (Setup, error) {
	s := Setup{
		App:       App{AppID: w.App.AppID, Secret: w.App.Secret, Name: w.App.Name},
		State:     w.State,
		StateFile: w.StateFile,
		Clock:     Clock{Frozen: w.Clock.Frozen == nil || *w.Clock.Frozen},
	}
	if p := w.App.Push; p != nil {
		s.App.Push = &Push{URL: p.URL, Token: p.Token, AESKey: p.AESKey, Mode: p.Mode}
		if s.App.Push.URL == "" {
			s.App.Push.URL = PushReceiver
		}
	}
	if w.Clock.Start != nil {
		t, err := clockStart(w.Clock.Start)
		if err != nil {
			return s, b.errAt("/setup/clock/start", "%v", err)
		}
		s.Clock.Start = t
	}
	for _, r := range w.Roles {
		s.Roles = append(s.Roles, Role(r))
	}
	for _, p := range w.Promoters {
		s.Promoters = append(s.Promoters, Promoter{OpenID: p.OpenID, RoleID: or(p.RoleID, 1),
			RetailID: p.RetailID, ExtraInfo: p.ExtraInfo, Name: p.Name, Phone: p.Phone,
			AuthStatus: p.AuthStatus, DeclStatus: or(p.DeclStatus, 1), Receive: p.Receive, Count: or(p.Count, 1)})
	}
	s.Relations, s.Orders, s.Clicks = rows(w.Relations), rows(w.Orders), w.Clicks
	return s, nil
}

func (b *builder) step(ptr string, w wireStep) (Step, error) {
	at, _, _ := b.doc.find(b.prefix + ptr)
	s := Step{Line: at.line, Name: w.Name, Save: w.Save, ExpectNoViolations: w.ExpectNoViolations.Set,
		NoUnknownFields: w.ExpectNoViolations.UnknownFields}
	var err error
	if r := w.Request; r != nil {
		s.Request = &Request{Method: r.Method, Path: r.Path, Query: texts(r.Query), Headers: r.Headers, Raw: r.Raw}
		if s.Request.Method == "" {
			s.Request.Method = DefaultMethod
		}
		switch tok := generic(r.Token).(type) {
		case bool:
			s.Request.Token.Omit = !tok
		case string:
			s.Request.Token.Value = tok
		}
		if r.Body != nil {
			s.Request.Body = generic(r.Body)
		}
		if u := r.Upload; u != nil {
			s.Request.Upload = &Upload{Field: u.Field, Filename: u.Filename, Content: u.Content, File: u.File}
			if u.Field == "" {
				s.Request.Upload.Field = "media"
			}
		}
	}
	if e := w.Expect; e != nil {
		s.Expect = &Expect{Status: or(e.Status, DefaultStatus), ErrCode: e.ErrCode, Body: e.matcher()}
	}
	if r := w.Run; r != nil {
		s.Run = &Run{Dir: r.Dir, Timeout: DefaultRunTimeout, ExitCode: r.ExitCode, Env: texts(r.Env)}
		switch c := generic(r.Command).(type) {
		case string:
			s.Run.Command = []string{"sh", "-c", c}
		case []any:
			for _, a := range c {
				s.Run.Command = append(s.Run.Command, a.(string))
			}
		}
		if r.Timeout != nil {
			if s.Run.Timeout, err = b.duration(ptr+"/run/timeout", r.Timeout); err != nil {
				return s, err
			}
		}
		if s.Run.StdoutContains, err = b.patterns(ptr+"/run/stdout_contains", r.StdoutContains); err != nil {
			return s, err
		}
		if s.Run.StderrContains, err = b.patterns(ptr+"/run/stderr_contains", r.StderrContains); err != nil {
			return s, err
		}
	}
	if w.Advance != nil {
		d, err := b.duration(ptr+"/advance", w.Advance)
		if err != nil {
			return s, err
		}
		s.Advance = &Advance{Duration: d}
	}
	if a := w.Authorize; a != nil {
		s.Authorize = &Authorize{AppID: a.AppID, OpenID: a.OpenID, AuthStatus: 1}
		if a.AuthStatus != nil {
			s.Authorize.AuthStatus = *a.AuthStatus
		}
	}
	if r := w.Resolve; r != nil {
		s.Resolve = &Resolve{Audit: AuditLatest, Kind: r.Kind, Status: r.Status, Outcome: r.Outcome, Reason: r.Reason}
		switch a := generic(r.Audit).(type) {
		case string:
			s.Resolve.Audit = a
		case json.Number:
			s.Resolve.Audit = a.String()
		}
	}
	if p := w.ExpectPush; p != nil {
		s.ExpectPush = &ExpectPush{Event: p.Event, Fields: texts(p.Fields), Within: DefaultPushWithin}
		if p.Within != nil {
			if s.ExpectPush.Within, err = b.duration(ptr+"/expect_push/within", p.Within); err != nil {
				return s, err
			}
		}
	}
	if r := w.ExpectRequests; r != nil {
		if s.ExpectRequests, err = b.expectRequests(ptr+"/expect_requests", r); err != nil {
			return s, err
		}
	}
	if w.ExpectState != nil {
		if s.ExpectState, err = b.expectState(ptr+"/expect_state", w.ExpectState); err != nil {
			return s, err
		}
	}
	return s, nil
}

func (b *builder) expectRequests(ptr string, w *wireExpectRequests) (*ExpectRequests, error) {
	if err := b.callPath(ptr+"/path", w.Path); err != nil {
		return nil, err
	}
	r := &ExpectRequests{Call: w.call(), Count: Count{Min: 1, Max: Unbounded}, Since: w.Since}
	if r.Since == "" {
		r.Since = SinceScenario
	}
	if w.Count != nil {
		c, err := countOf(w.Count)
		if err != nil {
			return nil, b.errAt(ptr+"/count", "%v", err)
		}
		r.Count = c
	}
	for i, raw := range w.Order {
		var c wireCall
		if path, ok := generic(raw).(string); ok {
			c.Path = path
		} else if err := strict(raw, &c); err != nil {
			return nil, b.errAt(ptr+"/order/"+strconv.Itoa(i), "%v", err)
		}
		if err := b.callPath(ptr+"/order/"+strconv.Itoa(i), c.Path); err != nil {
			return nil, err
		}
		r.Order = append(r.Order, c.call())
	}
	if w.Last != nil {
		if err := b.callPath(ptr+"/last/path", w.Last.Path); err != nil {
			return nil, err
		}
		last := w.Last.call()
		r.Last = &last
	}
	switch x := generic(w.RetriedAfter).(type) {
	case json.Number:
		n, _ := x.Int64()
		r.RetriedAfter = []int{int(n)}
	case []any:
		for _, e := range x {
			n, _ := e.(json.Number).Int64()
			r.RetriedAfter = append(r.RetriedAfter, int(n))
		}
	}
	return r, nil
}

func (b *builder) expectState(ptr string, tables map[string]json.RawMessage) (*ExpectState, error) {
	st := &ExpectState{Tables: map[string][]StateCheck{}}
	for _, table := range sortedKeys(tables) {
		raw, tptr := tables[table], pointerJoin(ptr, table)
		list := len(raw) > 0 && raw[0] == '['
		if !list {
			raw = append(append(json.RawMessage("["), raw...), ']')
		}
		var ws []wireStateCheck
		if err := strict(raw, &ws); err != nil {
			return nil, b.errAt(tptr, "internal error: %v", err)
		}
		for i, w := range ws {
			c := StateCheck{Where: w.Where, Contains: w.Contains}
			cptr := tptr
			if list {
				cptr += "/" + strconv.Itoa(i)
			}
			if err := b.columnKeys(table, cptr+"/where", w.Where); err != nil {
				return nil, err
			}
			for j, item := range w.Contains {
				m, _ := item.(map[string]any)
				if err := b.columnKeys(table, cptr+"/contains/"+strconv.Itoa(j), m); err != nil {
					return nil, err
				}
			}
			if w.Count != nil {
				n, err := countOf(w.Count)
				if err != nil {
					return nil, b.errAt(cptr+"/count", "%v", err)
				}
				c.Count = &n
			} else if w.Contains == nil {
				c.Count = &Count{Min: 1, Max: Unbounded}
			}
			st.Tables[table] = append(st.Tables[table], c)
		}
	}
	return st, nil
}

func (b *builder) duration(ptr string, raw json.RawMessage) (d time.Duration, err error) {
	d, err = durationOf(raw)
	if err != nil { // the schema has checked the syntax
		return 0, b.errAt(ptr, "bad duration %s: out of range", show(generic(raw)))
	}
	return d, nil
}

// checkVars checks every ${variable} in the strings of a step: each one
// is a built-in or saved by an earlier step. A step's own save comes into
// effect after it.
func (b *builder) checkVars(ptr string, defined map[string]bool) error {
	n, _, _ := b.doc.find(b.prefix + ptr)
	var walk func(n *node, ptr string) error
	walk = func(n *node, ptr string) error {
		for _, mb := range n.members {
			if err := walk(mb.val, pointerJoin(ptr, mb.key)); err != nil {
				return err
			}
		}
		for i, it := range n.items {
			if err := walk(it, ptr+"/"+strconv.Itoa(i)); err != nil {
				return err
			}
		}
		s, ok := n.scalar.(string)
		if !ok {
			return nil
		}
		err := scan(s, func(string) {}, func(name string) error {
			if !defined[name] {
				return fmt.Errorf("undefined variable ${%s}", name)
			}
			return nil
		})
		if err != nil {
			return b.errAt(ptr, "%v", err)
		}
		return nil
	}
	for _, mb := range n.members {
		if mb.key != "save" && mb.key != "name" {
			if err := walk(mb.val, pointerJoin(ptr, mb.key)); err != nil {
				return err
			}
		}
	}
	return nil
}

func or(v, def int) int {
	if v == 0 {
		return def
	}
	return v
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// rows splits setup items into their admin fields and their count.
func rows(items []map[string]any) []Row {
	var out []Row
	for _, it := range items {
		r := Row{Fields: map[string]any{}, Count: 1}
		for k, v := range it {
			if k == "count" {
				// The schema has checked a whole number from 1 to 100,000,
				// which JSON may write 3, 3.0 or 3e0.
				if n, ok := v.(json.Number); ok {
					if f, err := n.Float64(); err == nil {
						r.Count = int(f)
					}
				}
				continue
			}
			r.Fields[k] = v
		}
		out = append(out, r)
	}
	return out
}
