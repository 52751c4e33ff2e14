package schemas

import (
	"encoding/json"
	"unicode/utf8"
)

// builder decodes a body that the preflight has passed: valid JSON within
// the bounds. It builds what encoding/json would with UseNumber, with one
// allocation a string and none for the reading itself, where json.Decoder
// copies the body into a buffer that grows by doubling. One difference:
// an empty object at the top (the body "{}") is a nil map[string]any,
// which reads as empty and costs no allocation; a handler never writes to
// the body it was given.
type builder struct {
	data    []byte
	pos     int
	started bool // the top value is being built
}

func (b *builder) space() {
	for b.pos < len(b.data) {
		switch b.data[b.pos] {
		case ' ', '\t', '\n', '\r':
			b.pos++
		default:
			return
		}
	}
}

func (b *builder) value() any {
	b.space()
	switch c := b.data[b.pos]; c {
	case '{':
		b.pos++
		b.space()
		if b.data[b.pos] == '}' && !b.started {
			b.pos++
			return map[string]any(nil)
		}
		b.started = true
		m := map[string]any{}
		for {
			b.space()
			if b.data[b.pos] == '}' {
				b.pos++
				return m
			}
			k := b.str()
			b.space()
			b.pos++ // :
			m[k] = b.value()
			b.space()
			if b.data[b.pos] == ',' {
				b.pos++
			}
		}
	case '[':
		b.pos++
		b.started = true
		a := []any{}
		for {
			b.space()
			if b.data[b.pos] == ']' {
				b.pos++
				return a
			}
			a = append(a, b.value())
			b.space()
			if b.data[b.pos] == ',' {
				b.pos++
			}
		}
	case '"':
		return b.str()
	case 't':
		b.pos += 4
		return true
	case 'f':
		b.pos += 5
		return false
	case 'n':
		b.pos += 4
		return nil
	default:
		start := b.pos
		for b.pos < len(b.data) {
			c := b.data[b.pos]
			if (c < '0' || c > '9') && c != '-' && c != '+' && c != '.' && c != 'e' && c != 'E' {
				break
			}
			b.pos++
		}
		return json.Number(b.data[start:b.pos])
	}
}

// str decodes a string token: as is when it has no escape and is valid
// UTF-8, else by encoding/json, which also turns what is not UTF-8 into
// U+FFFD.
func (b *builder) str() string {
	start := b.pos
	b.pos++
	escaped := false
	for {
		c := b.data[b.pos]
		if c == '"' {
			break
		}
		if c == '\\' {
			escaped = true
			b.pos += 2
			continue
		}
		b.pos++
	}
	b.pos++
	raw := b.data[start+1 : b.pos-1]
	if !escaped && utf8.Valid(raw) {
		return string(raw)
	}
	return unquote(b.data[start:b.pos])
}
