package schemas

import (
	"encoding/json"
	"errors"
	"fmt"
	"unicode/utf8"
)

// The bounds of one request body, which DecodeRequest checks before it
// builds any value, so that the work of a request is bounded by them and
// not by what a client sends. No WeChat request comes near them: the
// largest, a sendmsg to 3 lists of 1,000, holds about 3,000 values.
const (
	// MaxDepth is how deeply objects and arrays may nest.
	MaxDepth = 64
	// MaxValues is how many values (objects, arrays, strings, numbers,
	// booleans and nulls) a body may hold.
	MaxValues = 10_000
	// MaxItems is how many items an array may hold where its schema names
	// no maxItems (an unknown field, or a field of another type).
	MaxItems = 1_000
)

// DecodeError is a body that is not a JSON document within the bounds: WeChat
// answers it 47001, data format error.
type DecodeError struct {
	Offset int64  // the byte where the reading stopped
	Reason string // what was wrong there
}

func (e *DecodeError) Error() string { return fmt.Sprintf("at byte %d: %s", e.Offset, e.Reason) }

// DecodeRequest decodes the JSON body of a request to endpoint as Decode
// does, with bounded work. Before any value is built it checks, in passes
// that allocate next to nothing, that the body is JSON in UTF-8 within
// MaxDepth, MaxValues and MaxNumberLength (else a *DecodeError), and that
// it keeps the size limits of the endpoint's request schema: maxItems
// (MaxItems where the schema names none), maxBytes and maxLength. A body
// over a size limit is not decoded and not validated: DecodeRequest
// returns the violations to answer instead, ordered as Validate orders its
// own, a data format error met on the way first. Items past an array's
// limit are not looked at.
//
// So the schema library, which validates every item and collects every
// error, never meets a million items; and a string over its limit in a
// whole-request field is refused before it is copied. A string over its
// limit inside an item of the x-itemized array is left to Validate, which
// fails that item alone.
func (s *Set) DecodeRequest(endpoint string, data []byte) (any, []Violation, error) {
	if !json.Valid(data) {
		return nil, nil, syntaxError(data)
	}
	if err := checkUTF8(data); err != nil {
		return nil, nil, err
	}
	e := s.requests[endpoint]
	var root map[string]any
	if e != nil {
		root = e.root()
	}
	w := walker{data: data, root: root}
	if !w.run(s.limits(e)) {
		return nil, nil, w.err
	}
	if w.size != nil {
		out := []Violation{*w.size}
		if w.format != nil {
			out = append(out, *w.format)
		}
		sortViolations(out)
		return nil, out, nil
	}
	b := builder{data: data}
	return b.value(), nil, nil
}

// checkUTF8 refuses bytes that are not UTF-8, which encoding/json would
// silently read as U+FFFD: "\xff\xfe\xfd" would be stored as three of them,
// 9 bytes the client never sent. JSON is UTF-8 (RFC 8259, section 8.1),
// and the decoders of WeChat's servers refuse such a body as a data format
// error, 47001. json.Valid has already refused them outside strings.
func checkUTF8(data []byte) error {
	if utf8.Valid(data) {
		return nil
	}
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size == 1 {
			return &DecodeError{Offset: int64(i), Reason: fmt.Sprintf("invalid UTF-8 (byte 0x%02x)", data[i])}
		}
		i += size
	}
	return nil
}

// syntaxError explains why data is not JSON, without decoding any of it:
// json.Unmarshal checks the whole text before it builds anything.
func syntaxError(data []byte) error {
	var v struct{}
	err := json.Unmarshal(data, &v)
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return &DecodeError{Offset: se.Offset, Reason: se.Error()}
	}
	return &DecodeError{Reason: fmt.Sprint(err)}
}

// CheckBounds reports whether data is a JSON document within MaxDepth,
// MaxValues, MaxItems and MaxNumberLength, without building any of it: for
// a JSON document sent inside a string field (add_store's pic_list), which
// its handler decodes itself.
func CheckBounds(data []byte) error {
	if !json.Valid(data) {
		return syntaxError(data)
	}
	w := walker{data: data}
	if !w.run(nil) {
		return w.err
	}
	if w.size != nil {
		return &DecodeError{Offset: int64(w.sizeAt), Reason: w.size.Pointer + ": " + w.size.Message}
	}
	return nil
}
