package mock

import (
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"strings"
)

// goLiteral writes v as a Go expression that evaluates to an equal value,
// for the generated files: structs with their non-zero fields by name,
// slices (an empty one as {}, so that it stays non-nil), maps with sorted
// keys, and in an interface the types encoding/json decodes to; an element
// a line, for gofmt to indent. It panics on a kind the state does not hold
// (a pointer, a channel, a function).
func goLiteral(v reflect.Value) string {
	var b strings.Builder
	writeLiteral(&b, v, true)
	return b.String()
}

// writeLiteral writes v; typed says whether the context gives no type, so
// that a basic value needs its type written (as an element of an any). A
// composite literal as an element of a slice or a map is written without
// its type, as gofmt -s would.
func writeLiteral(b *strings.Builder, v reflect.Value, typed bool) {
	writeValue(b, v, typed, false)
}

// element writes an element of a composite literal on a line of its own.
func element(b *strings.Builder, v reflect.Value) {
	b.WriteString("\n")
	writeValue(b, v, false, true)
	b.WriteString(",")
}

func writeValue(b *strings.Builder, v reflect.Value, typed, elided bool) {
	t := v.Type()
	name := t.String()
	if elided {
		name = ""
	}
	switch v.Kind() {
	case reflect.Interface:
		if v.IsNil() {
			b.WriteString("nil")
			return
		}
		writeValue(b, v.Elem(), true, false)
	case reflect.Struct:
		b.WriteString(name + "{")
		n := 0
		for i := range t.NumField() {
			f := v.Field(i)
			if f.IsZero() {
				continue
			}
			n++
			b.WriteString("\n" + t.Field(i).Name + ": ")
			writeValue(b, f, false, false)
			b.WriteString(",")
		}
		closeLiteral(b, n)
	case reflect.Slice:
		if v.IsNil() {
			b.WriteString("nil")
			return
		}
		b.WriteString(name + "{")
		for i := range v.Len() {
			element(b, v.Index(i))
		}
		closeLiteral(b, v.Len())
	case reflect.Map:
		if v.IsNil() {
			b.WriteString("nil")
			return
		}
		keys := v.MapKeys()
		sort.Slice(keys, func(i, j int) bool { return fmt.Sprint(keys[i]) < fmt.Sprint(keys[j]) })
		b.WriteString(name + "{")
		for _, k := range keys {
			b.WriteString("\n")
			writeValue(b, k, false, true)
			b.WriteString(": ")
			writeValue(b, v.MapIndex(k), false, true)
			b.WriteString(",")
		}
		closeLiteral(b, len(keys))
	case reflect.String:
		basic(b, t, typed && t.Name() != "string", strconv.Quote(v.String()))
	case reflect.Bool:
		basic(b, t, typed, strconv.FormatBool(v.Bool()))
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		basic(b, t, typed, strconv.FormatInt(v.Int(), 10))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		basic(b, t, typed, strconv.FormatUint(v.Uint(), 10))
	case reflect.Float32, reflect.Float64:
		basic(b, t, typed, strconv.FormatFloat(v.Float(), 'g', -1, t.Bits()))
	default:
		panic(fmt.Sprintf("goLiteral: %s is not supported", t))
	}
}

// closeLiteral ends a composite literal of n elements, each on a line.
func closeLiteral(b *strings.Builder, n int) {
	if n > 0 {
		b.WriteString("\n")
	}
	b.WriteString("}")
}

// basic writes a basic value's literal, converted to its type where the
// context does not give it (an element of an any: 1 would be an int).
func basic(b *strings.Builder, t reflect.Type, typed bool, lit string) {
	if typed {
		b.WriteString(t.String() + "(" + lit + ")")
		return
	}
	b.WriteString(lit)
}
