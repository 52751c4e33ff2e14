package schemas

import (
	"encoding/json"
	"fmt"
	"strings"
)

// Helpers on raw JSON tokens, for the preflight and the builder.

// hex4 reads the four hex digits of a \u escape.
func hex4(b []byte) rune {
	var r rune
	for _, c := range b {
		r <<= 4
		switch {
		case c >= '0' && c <= '9':
			r |= rune(c - '0')
		case c >= 'a' && c <= 'f':
			r |= rune(c - 'a' + 10)
		default:
			r |= rune(c - 'A' + 10)
		}
	}
	return r
}

// bytesHasEscape reports whether a raw string has a backslash.
func bytesHasEscape(b []byte) bool {
	for _, c := range b {
		if c == '\\' {
			return true
		}
	}
	return false
}

// unquote decodes a JSON string token.
func unquote(tok []byte) string {
	var s string
	_ = json.Unmarshal(tok, &s)
	return s
}

// previewBytes is how much of a long string a violation keeps: with its
// length added it stays within what the journal keeps of a payload.
const previewBytes = 200

// payload is the value of a scalar token for a violation: the value
// itself, or for a long string its start and its length, so that a
// string of megabytes is not copied only to be clipped.
func payload(tok []byte, nbytes int) any {
	switch tok[0] {
	case '"':
		if len(tok) <= previewBytes+2 {
			return unquote(tok)
		}
		// Cut after a whole escape, then drop a character cut in two.
		cut := 1
		for cut <= previewBytes {
			if tok[cut] == '\\' {
				if tok[cut+1] == 'u' {
					cut += 6
				} else {
					cut += 2
				}
				continue
			}
			cut++
		}
		prefix := strings.ToValidUTF8(unquote(append(tok[:cut:cut], '"')), "")
		return fmt.Sprintf("%s… (%d bytes)", prefix, nbytes)
	case 't':
		return true
	case 'f':
		return false
	case 'n':
		return nil
	default:
		return json.Number(tok)
	}
}
