package asynclog

import (
	"strconv"
	"unicode"
	"unicode/utf8"
)

// appendTextString writes s as log/slog's TextHandler writes a string:
// bare when it can be, else quoted by strconv.AppendQuote.
func appendTextString(b []byte, s string) []byte {
	if needsQuoting(s) {
		return strconv.AppendQuote(b, s)
	}
	return append(b, s...)
}

// needsQuoting is log/slog's rule: quote the empty string, a space, '=',
// any byte JSON would escape except the backslash, and any rune that is
// invalid, a space or not printable.
func needsQuoting(s string) bool {
	if len(s) == 0 {
		return true
	}
	for i := 0; i < len(s); {
		b := s[i]
		if b < utf8.RuneSelf {
			if !textSafe[b] {
				return true
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError || unicode.IsSpace(r) || !unicode.IsPrint(r) {
			return true
		}
		i += size
	}
	return false
}

// textSafe holds, for each ASCII byte, whether it may stand bare in a
// text value: the rule of needsQuoting, looked up rather than worked out
// on every byte of every request line.
var textSafe = func() (t [utf8.RuneSelf]bool) {
	for b := range t {
		t[b] = b == '\\' || (b != ' ' && b != '=' && jsonSafe(byte(b)))
	}
	return t
}()

// jsonSafe reports whether the ASCII byte b stands for itself inside a
// JSON string: all but the control characters, '"' and '\\'.
func jsonSafe(b byte) bool { return b >= 0x20 && b != '"' && b != '\\' }

// appendJSONString writes s escaped as log/slog's JSONHandler does,
// without the quotes: \" \\ \n \r \t, \u00XX for other control bytes,
// \ufffd for an invalid byte, and \u2028 and \u2029 escaped.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if jsonSafe(c) {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	return append(b, s[start:]...)
}
