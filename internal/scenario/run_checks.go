package scenario

import (
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"regexp/syntax"
	"strconv"
	"strings"
	"unicode/utf8"
)

// outputTailShown is how much of the end of a stream a failed output
// check shows.
const outputTailShown = 2000

// compilePattern compiles an output check's pattern, in multi-line mode
// (^ and $ match at the ends of lines), with each ${variable} replaced by
// value(name) quoted, so that it matches the value literally.
func compilePattern(pattern string, value func(name string) (string, error)) (*regexp.Regexp, error) {
	var b strings.Builder
	b.WriteString("(?m)")
	err := scan(pattern, func(t string) { b.WriteString(t) }, func(name string) error {
		v, err := value(name)
		b.WriteString(regexp.QuoteMeta(v))
		return err
	})
	if err != nil {
		return nil, err
	}
	return regexp.Compile(b.String())
}

// patterns reads a run step's stdout_contains or stderr_contains, a string
// or a list of them, and refuses a pattern that does not compile.
func (b *builder) patterns(ptr string, raw json.RawMessage) ([]string, error) {
	if raw == nil {
		return nil, nil
	}
	var list []string
	ptrs := []string{ptr}
	switch v := generic(raw).(type) {
	case string:
		list = []string{v}
	case []any:
		ptrs = ptrs[:0]
		for i, e := range v {
			list = append(list, e.(string)) // the schema has checked
			ptrs = append(ptrs, ptr+"/"+strconv.Itoa(i))
		}
	}
	for i, p := range list {
		// A variable's value is not known yet: any literal stands for it.
		_, err := compilePattern(p, func(string) (string, error) { return "x", nil })
		if err != nil {
			return nil, b.errAt(ptrs[i], "bad regular expression %q: %v", p, regexpReason(err))
		}
	}
	return list, nil
}

// regexpReason is what a regexp error says, without the pattern, which
// the message already quotes.
func regexpReason(err error) string {
	var se *syntax.Error
	if errors.As(err, &se) {
		return string(se.Code)
	}
	return err.Error()
}

// checkOutput matches a run step's output checks against what the command
// wrote to each stream, and describes those that did not match: for the
// failure's message, and the end of each stream concerned.
func (x *exec) checkOutput(r *Run, c *command) (msg, got string, err error) {
	value := func(name string) (string, error) { return x.vars.ExpandString("${" + name + "}") }
	var misses, tails []string
	for _, st := range []struct {
		name     string
		patterns []string
		out      *output
	}{{"stdout", r.StdoutContains, c.stdout}, {"stderr", r.StderrContains, c.stderr}} {
		var missed []string
		for _, p := range st.patterns {
			re, err := compilePattern(p, value)
			if err != nil {
				return "", "", fmt.Errorf("run: %s_contains %q: %v", st.name, p, err)
			}
			if !re.MatchString(st.out.String()) {
				missed = append(missed, strconv.Quote(p))
			}
		}
		if len(missed) == 0 {
			continue
		}
		misses = append(misses, fmt.Sprintf("%s has no match for %s", st.name, strings.Join(missed, ", ")))
		tails = append(tails, st.name+" ended with:\n"+tailOf(st.out.String(), outputTailShown))
	}
	return strings.Join(misses, "; "), strings.Join(tails, "\n"), nil
}

// tailOf is the last n bytes of s or so, not cutting a character, with
// "…" before when it is not all of s; "(nothing)" when s is empty.
func tailOf(s string, n int) string {
	if s == "" {
		return "(nothing)"
	}
	if len(s) <= n {
		return s
	}
	s = s[len(s)-n:]
	for i := 0; i < utf8.UTFMax-1 && len(s) > 0 && !utf8.RuneStart(s[0]); i++ {
		s = s[1:]
	}
	return "…" + s
}
