package schemas

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// walker is the preflight of DecodeRequest: one pass over a body already
// known to be valid JSON, against the limits of the endpoint's schema. It
// allocates only its path (at most MaxDepth steps), an escaped key it
// looks up, and what it reports.
type walker struct {
	data   []byte
	pos    int
	values int
	root   map[string]any // the endpoint's schema file, for x-itemized
	path   []step         // where the walk is, for pointers
	// format is the first data format error (errcode 47001) met on the way,
	// size the first size limit broken; each is kept once.
	format, size *Violation
	sizeAt       int // the offset of the value that broke a size limit
	err          *DecodeError
}

// step is one token of the walk's JSON pointer: an object key, raw as
// written in the body, or an array index.
type step struct {
	key   []byte
	index int
}

// run walks the whole document; it returns false when the walk met a
// DecodeError (in w.err).
func (w *walker) run(l *limits) bool {
	return w.value(l, 0)
}

func (w *walker) space() {
	for w.pos < len(w.data) {
		switch w.data[w.pos] {
		case ' ', '\t', '\n', '\r':
			w.pos++
		default:
			return
		}
	}
}

func (w *walker) fail(format string, args ...any) bool {
	w.err = &DecodeError{Offset: int64(w.pos), Reason: fmt.Sprintf(format, args...)}
	return false
}

// value walks one value at w.pos; depth is how many containers hold it.
func (w *walker) value(l *limits, depth int) bool {
	w.space()
	w.values++
	if w.values > MaxValues {
		return w.fail("more than %d values", MaxValues)
	}
	switch c := w.data[w.pos]; c {
	case '{':
		if depth >= MaxDepth {
			return w.fail("nested deeper than %d levels", MaxDepth)
		}
		w.kind(l, kindObject, -1, 0)
		return w.object(l, depth+1)
	case '[':
		if depth >= MaxDepth {
			return w.fail("nested deeper than %d levels", MaxDepth)
		}
		w.kind(l, kindArray, -1, 0)
		return w.array(l, depth+1)
	case '"':
		start := w.pos
		nbytes, nrunes := w.str()
		w.kind(l, kindString, start, nbytes)
		if l != nil {
			if l.maxBytes >= 0 && nbytes > l.maxBytes {
				w.tooLong(l.maxBytesCode, "maxBytes", start, nbytes, fmt.Sprintf("%d bytes of UTF-8, more than %d", nbytes, l.maxBytes))
			}
			if l.maxLength >= 0 && nrunes > l.maxLength {
				w.tooLong(l.maxLengthCode, "maxLength", start, nbytes, fmt.Sprintf("length must be <= %d, but got %d", l.maxLength, nrunes))
			}
		}
		return true
	case 't', 'f', 'n':
		k, n := kindBoolean, 4
		if c == 'f' {
			n = 5
		} else if c == 'n' {
			k = kindNull
		}
		w.pos += n
		w.kind(l, k, w.pos-n, 0)
		return true
	default:
		return w.number(l)
	}
}

func (w *walker) object(l *limits, depth int) bool {
	w.pos++ // {
	for {
		w.space()
		if w.data[w.pos] == '}' {
			w.pos++
			return true
		}
		start := w.pos
		w.str()
		key := w.data[start+1 : w.pos-1]
		var child *limits
		if l != nil && l.props != nil {
			if bytesHasEscape(key) {
				child = l.props[unquote(w.data[start:w.pos])]
			} else {
				child = l.props[string(key)]
			}
		}
		w.space()
		w.pos++ // :
		w.path = append(w.path, step{key: key})
		if !w.value(child, depth) {
			return false
		}
		w.path = w.path[:len(w.path)-1]
		w.space()
		if w.data[w.pos] == ',' {
			w.pos++
		}
	}
}

func (w *walker) array(l *limits, depth int) bool {
	start := w.pos
	w.pos++ // [
	limit, code, keyword := MaxItems, 47001, "maxItems"
	var items *limits
	if l != nil {
		items = l.items
		if l.maxItems >= 0 {
			limit, code = l.maxItems, l.maxItemsCode
		}
	}
	for i := 0; ; i++ {
		w.space()
		if w.data[w.pos] == ']' {
			w.pos++
			return true
		}
		if i == limit {
			// Past the limit nothing is read: the rest is skipped, only to
			// count it.
			n := i + w.skipItems()
			msg := fmt.Sprintf("maximum %d items required, but found %d items", limit, n)
			if limit == MaxItems && (l == nil || l.maxItems < 0) {
				msg = fmt.Sprintf("%d items, more than the %d any request may hold", n, MaxItems)
			}
			w.reportSize(start, Violation{Pointer: w.pointer(), Keyword: keyword, Message: msg,
				Value: fmt.Sprintf("(an array of %d items)", n), Code: code})
			return true
		}
		w.path = append(w.path, step{index: i})
		if !w.value(items, depth) {
			return false
		}
		w.path = w.path[:len(w.path)-1]
		w.space()
		if w.data[w.pos] == ',' {
			w.pos++
		}
	}
}

// skipItems moves past the rest of an array, from the start of an item,
// and returns how many items it held.
func (w *walker) skipItems() int {
	n, depth := 1, 0
	for {
		switch w.data[w.pos] {
		case '"':
			w.str()
			continue
		case '[', '{':
			depth++
		case ']', '}':
			if depth == 0 {
				w.pos++
				return n
			}
			depth--
		case ',':
			if depth == 0 {
				n++
			}
		}
		w.pos++
	}
}

// str moves past a string at w.pos and returns its length once decoded, in
// UTF-8 bytes and in characters, as the schema library counts them: an
// escaped lone surrogate becomes U+FFFD.
func (w *walker) str() (nbytes, nrunes int) {
	w.pos++ // "
	for {
		c := w.data[w.pos]
		switch {
		case c == '"':
			w.pos++
			return nbytes, nrunes
		case c == '\\':
			if w.data[w.pos+1] != 'u' {
				w.pos += 2
				nbytes++
				nrunes++
				continue
			}
			r := hex4(w.data[w.pos+2 : w.pos+6])
			w.pos += 6
			nrunes++
			if r >= 0xD800 && r < 0xDC00 && w.pos+6 <= len(w.data) && w.data[w.pos] == '\\' && w.data[w.pos+1] == 'u' {
				if lo := hex4(w.data[w.pos+2 : w.pos+6]); lo >= 0xDC00 && lo < 0xE000 {
					w.pos += 6
					nbytes += 4
					continue
				}
			}
			if r >= 0xD800 && r < 0xE000 {
				r = utf8.RuneError
			}
			nbytes += utf8.RuneLen(r)
		default:
			if c&0xC0 != 0x80 {
				nrunes++
			}
			nbytes++
			w.pos++
		}
	}
}

// number checks a number's text as Decode does.
func (w *walker) number(l *limits) bool {
	start := w.pos
	for w.pos < len(w.data) {
		c := w.data[w.pos]
		if (c < '0' || c > '9') && c != '-' && c != '+' && c != '.' && c != 'e' && c != 'E' {
			break
		}
		w.pos++
	}
	text := w.data[start:w.pos]
	if len(text) > MaxNumberLength {
		w.pos = start
		return w.fail("a number of more than %d characters", MaxNumberLength)
	}
	if i := bytes.IndexAny(text, "eE"); i >= 0 {
		if n, err := strconv.Atoi(string(text[i+1:])); err != nil || n > 400 || n < -400 {
			w.pos = start
			return w.fail("number %s: exponent out of range", text)
		}
	}
	w.kind(l, kindNumber, start, 0)
	return true
}

// kind records a data format error when the value's kind is not one the
// schema allows. It is kept only when its errcode is 47001: that is what
// Validate answers before any other rule. start is where a scalar began,
// -1 for an object or an array, whose payload is not kept; nbytes is a
// string's decoded length.
func (w *walker) kind(l *limits, k kinds, start, nbytes int) {
	if l == nil || l.kinds == 0 || l.kinds&k != 0 || w.format != nil || l.typeCode != 47001 {
		return
	}
	v := Violation{Pointer: w.pointer(), Keyword: "type", Code: l.typeCode,
		Message: fmt.Sprintf("expected %s, but got %s", l.typeNames, kindNames[k])}
	if start >= 0 {
		v.Value = payload(w.data[start:w.pos], nbytes)
	}
	w.format = &v
}

// tooLong records a string over its limit, unless it lies inside an item
// of the x-itemized array: that one fails its item alone, and Validate,
// for which a long string costs nothing, answers it in the fail_list.
func (w *walker) tooLong(code int, keyword string, start, nbytes int, msg string) {
	if w.size != nil {
		return
	}
	v := Violation{Pointer: w.pointer(), Keyword: keyword, Message: msg, Code: code}
	if itemized(w.root, v) {
		return
	}
	v.Value = payload(w.data[start:w.pos], nbytes)
	w.reportSize(start, v)
}

// reportSize keeps the first size limit broken, at offset at.
func (w *walker) reportSize(at int, v Violation) {
	if w.size == nil {
		w.size, w.sizeAt = &v, at
	}
}

// pointer is the JSON pointer of where the walk is.
func (w *walker) pointer() string {
	var b strings.Builder
	for _, s := range w.path {
		b.WriteByte('/')
		if s.key == nil {
			b.WriteString(strconv.Itoa(s.index))
			continue
		}
		key := string(s.key)
		if bytesHasEscape(s.key) {
			key = unquote([]byte(`"` + key + `"`))
		}
		b.WriteString(escapeToken(key))
	}
	return b.String()
}
