package asynclog

import (
	"encoding/binary"
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
	i := plainPrefix(s)
	for i < len(s) {
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

// plainPrefix returns how many bytes at the start of s, in whole words
// of 8, are ASCII that needs no quoting: none below '!' (a space or a
// control character), no '"', no '=' and no byte of a multi-byte rune.
// It reads 8 bytes at a time, the way strings.IndexByte does, so that a
// line's path and appid cost a few operations rather than a lookup a byte.
func plainPrefix(s string) int {
	const (
		ones = 0x0101010101010101
		high = 0x8080808080808080
	)
	i := 0
	for ; i+8 <= len(s); i += 8 {
		x := binary.LittleEndian.Uint64([]byte(s[i : i+8]))
		below := (x - ones*0x21) & ^x & high // some byte < 0x21, or >= 0x80
		quote := x ^ ones*'"'
		equal := x ^ ones*'='
		zero := ((quote-ones) & ^quote | (equal-ones) & ^equal) & high // some byte is '"' or '='
		if below|zero|x&high != 0 {
			break
		}
	}
	return i
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
