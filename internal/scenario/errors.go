package scenario

import (
	"strconv"
	"strings"
)

// ParseError is a scenario file that cannot be read: a YAML or JSON syntax
// error, a schema violation or a value the schema cannot check (a duration
// that overflows, an undefined variable, a name used twice). Line and
// Column are 1-based; either is 0 when unknown.
type ParseError struct {
	File   string
	Line   int
	Column int
	// Pointer is the JSON pointer, within the YAML document (or the JSON
	// file), of the value at fault, such as "/steps/3/request"; it is ""
	// for the document itself and for syntax errors.
	Pointer string
	Msg     string
}

// Error formats the error as compilers do, so that editors can jump to it:
// "file.yaml:12:5: steps/3/request: unknown field \"bdy\"".
func (e *ParseError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		b.WriteString(":" + strconv.Itoa(e.Line))
		if e.Column > 0 {
			b.WriteString(":" + strconv.Itoa(e.Column))
		}
	}
	if b.Len() > 0 {
		b.WriteString(": ")
	}
	if p := strings.TrimPrefix(e.Pointer, "/"); p != "" {
		b.WriteString(p + ": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// before orders errors by their place in the file.
func (e *ParseError) before(o *ParseError) bool {
	if e.Line != o.Line {
		return e.Line < o.Line
	}
	return e.Column < o.Column
}
