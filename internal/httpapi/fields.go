package httpapi

import (
	"encoding/json"
	"math"
	"math/big"
	"strconv"
)

// object reads fields of a request body that its schema has already
// checked; each getter still copes with any value, so a handler is safe even
// where a schema is looser than the getter.
type object map[string]any

// str returns a string field and whether it was given as a string.
func (o object) str(key string) (string, bool) {
	s, ok := o[key].(string)
	return s, ok
}

// strp returns a pointer to a string field, nil when it is absent.
func (o object) strp(key string) *string {
	if s, ok := o.str(key); ok {
		return &s
	}
	return nil
}

// uint returns a whole-number field no larger than max; ok is false when
// the field is absent or is not such a number.
func (o object) uint(key string, max uint64) (uint64, bool) {
	return uintOf(o[key], max, false)
}

// uintOrString is uint that also takes a string of digits (start_id, id and
// decl_status, which the documents type as strings and SDKs send either way).
func (o object) uintOrString(key string, max uint64) (uint64, bool) {
	return uintOf(o[key], max, true)
}

func uintOf(v any, max uint64, strings bool) (uint64, bool) {
	var text string
	switch x := v.(type) {
	case json.Number:
		text = x.String()
	case string:
		if !strings {
			return 0, false
		}
		text = x
	default:
		return 0, false
	}
	n, err := strconv.ParseUint(text, 10, 64)
	if err != nil {
		// JSON writes a whole number as 2, 2.0 or 2e0 alike, and the schemas
		// accept them all as integers; read the value exactly. schemas.Decode
		// has already bounded the number's length and exponent.
		r, ok := new(big.Rat).SetString(text)
		if !ok || !r.IsInt() || r.Sign() < 0 || !r.Num().IsUint64() {
			return 0, false
		}
		n = r.Num().Uint64()
	}
	if n > max {
		return 0, false
	}
	return n, true
}

// bool returns a boolean field.
func (o object) bool(key string) bool {
	b, _ := o[key].(bool)
	return b
}

// has reports whether the field is present.
func (o object) has(key string) bool {
	_, ok := o[key]
	return ok
}

const maxUint32 = math.MaxUint32

// float returns a number field, also when sent as a numeric string (the
// seed's create_map_poi sends "longitude": "113.323753357").
func (o object) float(key string) (float64, bool) {
	var text string
	switch x := o[key].(type) {
	case json.Number:
		text = x.String()
	case string:
		text = x
	default:
		return 0, false
	}
	f, err := strconv.ParseFloat(text, 64)
	return f, err == nil && !math.IsInf(f, 0) && !math.IsNaN(f)
}
