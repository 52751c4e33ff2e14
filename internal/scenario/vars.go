package scenario

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
)

// Vars holds the values of ${variables}: the built-ins, which the runner
// sets, and those that request steps save. Values are generic JSON values.
type Vars map[string]any

// BuiltinVars names the variables every step may use: the scenario app's
// appid and secret, a valid access_token of it, wxmock's base URL, the
// app's push token and EncodingAESKey, and the URL of the runner's
// receiver.
func BuiltinVars() []string {
	return []string{"appid", "secret", "access_token", "base_url", "push_token", "push_aes_key", "receiver_url"}
}

var varName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// scan walks the references of s: text is called with literal text
// (with "$${" already turned into "${"), ref with each variable name.
func scan(s string, text func(string), ref func(string) error) error {
	for {
		i := strings.Index(s, "${")
		if i < 0 {
			text(s)
			return nil
		}
		if i > 0 && s[i-1] == '$' { // "$${" is a literal "${"
			text(s[:i-1] + "${")
			s = s[i+2:]
			continue
		}
		text(s[:i])
		end := strings.IndexByte(s[i:], '}')
		if end < 0 {
			return fmt.Errorf("%q has ${ without }; write $${ for a literal ${", s[i:])
		}
		name := s[i+2 : i+end]
		if !varName.MatchString(name) {
			return fmt.Errorf("bad variable name %q: want letters, digits and _, not starting with a digit", name)
		}
		if err := ref(name); err != nil {
			return err
		}
		s = s[i+end+1:]
	}
}

// ExpandString replaces the variables in s by their values: a string as it
// is, any other value as JSON. An undefined variable is an error.
func (vs Vars) ExpandString(s string) (string, error) {
	var b strings.Builder
	err := scan(s, func(t string) { b.WriteString(t) }, func(name string) error {
		v, ok := vs[name]
		if !ok {
			return fmt.Errorf("undefined variable ${%s}", name)
		}
		if str, ok := v.(string); ok {
			b.WriteString(str)
			return nil
		}
		j, err := json.Marshal(v)
		if err != nil {
			return fmt.Errorf("variable ${%s}: %w", name, err)
		}
		b.Write(j)
		return nil
	})
	return b.String(), err
}

// Expand returns v, a generic JSON value, with the variables of every
// string in it replaced. A string that is exactly one reference, such as
// "${audit_id}", becomes the variable's value itself, so a saved number
// stays a number. v is not changed.
func (vs Vars) Expand(v any) (any, error) {
	switch x := v.(type) {
	case string:
		if name, ok := strings.CutPrefix(x, "${"); ok && strings.HasSuffix(name, "}") && varName.MatchString(name[:len(name)-1]) {
			val, ok := vs[name[:len(name)-1]]
			if !ok {
				return nil, fmt.Errorf("undefined variable %s", x)
			}
			return val, nil
		}
		return vs.ExpandString(x)
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			ev, err := vs.Expand(e)
			if err != nil {
				return nil, err
			}
			out[k] = ev
		}
		return out, nil
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			ev, err := vs.Expand(e)
			if err != nil {
				return nil, err
			}
			out[i] = ev
		}
		return out, nil
	}
	return v, nil
}
