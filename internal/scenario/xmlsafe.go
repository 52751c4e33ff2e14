package scenario

import (
	"regexp"
	"strings"
)

// terminalEscape matches the escape sequences that colour or move a
// terminal's text (CSI, OSC and two-character ones): a CI page would show
// them as noise, and XML cannot carry their ESC at all.
var terminalEscape = regexp.MustCompile(`\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[@-Z\\-_])`)

// xmlSafe is s as an XML 1.0 document can carry it: terminal escapes left
// out, invalid UTF-8 and the characters XML forbids (control characters
// other than tab, newline and carriage return; U+FFFE, U+FFFF) replaced by
// U+FFFD.
func xmlSafe(s string) string {
	s = strings.ToValidUTF8(terminalEscape.ReplaceAllString(s, ""), "\uFFFD")
	return strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' || r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF {
			return r
		}
		return '\uFFFD'
	}, s)
}
