package scenario

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// checks collects the failed checks of one step, so that the step reports
// every check that failed and not only the first.
type checks []check

// check is a failed check: its failure when it fails alone, and its line
// in the message of a step where several failed.
type check struct {
	f    Failure
	line string
}

// add records f, if it is a failure, with checkLine's line.
func (c *checks) add(f *Failure) {
	if f != nil {
		*c = append(*c, check{*f, checkLine(*f)})
	}
}

// addLine records f, if it is a failure, with its own line.
func (c *checks) addLine(f *Failure, line string) {
	if f != nil {
		*c = append(*c, check{*f, line})
	}
}

// failure is nil when no check failed, and the failure itself when one
// did. When several did, its message lists each, one per line, with its
// expected and got values cut short; Got holds, a line each, the got
// values that the lines do not show whole, and Diff the checks' diffs.
func (c checks) failure() *Failure {
	switch len(c) {
	case 0:
		return nil
	case 1:
		f := c[0].f
		return &f
	}
	var out Failure
	lines := make([]string, 0, len(c))
	var gots, diffs []string
	for _, ck := range c {
		f := ck.f
		lines = append(lines, ck.line)
		inline := f.Expected != "" && clipLine(f.Got, lineLen) == f.Got
		if f.Got != "" && !inline && !slices.Contains(gots, f.Got) {
			gots = append(gots, f.Got)
		}
		if f.Diff != "" {
			diffs = append(diffs, f.Diff)
		}
		if out.Output == "" {
			out.Output = f.Output
		}
	}
	out.Message = strings.Join(lines, "\n")
	out.Got = strings.Join(gots, "\n")
	out.Diff = strings.Join(diffs, "\n")
	return &out
}

// lineLen bounds the expected and got values a check's line shows.
const lineLen = 100

// checkLine is a failed check on one line: its message, then what was
// expected and what came, each cut to its first line and lineLen bytes.
func checkLine(f Failure) string {
	line := firstLine(f.Message)
	if f.Expected != "" {
		line += ": expected " + clipLine(f.Expected, lineLen)
		if f.Got != "" {
			line += ", got " + clipLine(f.Got, lineLen)
		}
	}
	return line
}

// clipLine is the first line of s, cut to n bytes (on a rune boundary)
// with "…" when it was longer.
func clipLine(s string, n int) string {
	first := firstLine(s)
	if len(first) <= n && first == s {
		return s
	}
	for n > 0 && n < len(first) && !utf8.RuneStart(first[n]) {
		n--
	}
	if n < len(first) {
		first = first[:n]
	}
	return first + "…"
}

func firstLine(s string) string {
	first, _, _ := strings.Cut(s, "\n")
	return first
}
