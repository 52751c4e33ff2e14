package httpapi

import (
	"encoding/json"
	"slices"
	"strings"

	"github.com/wxmock/wxmock/schemas"
)

// redacted stands for a secret's value in the journal; its length says
// nothing of the value's.
const redacted = "***"

// secretNames are the parameters whose values the journal does not keep
// when Config.JournalRedact is set: an app's secret gets tokens, and a
// token calls the API as the app.
var secretNames = []string{"secret", "access_token"}

func isSecretName(name string) bool {
	for _, s := range secretNames {
		if strings.EqualFold(name, s) {
			return true
		}
	}
	return false
}

// redact replaces the secrets of an entry: in its query, in its request and
// response bodies, and in the payload of a violation at a secret's field.
// fixedResponse skips the response, which has no secret (keysFixed).
func redact(e *Entry, fixedResponse bool) {
	e.Query = redactQuery(e.Query)
	e.Request = redactBody(e.Request)
	if !fixedResponse {
		e.Response = redactBody(e.Response)
	}
	e.Violations = redactViolations(e.Violations)
	e.ResponseViolations = redactViolations(e.ResponseViolations)
}

// redactViolations replaces the payload of a violation at a secret's
// field, in a copy of vs when there is one: vs may be the journal's own.
func redactViolations(vs []schemas.Violation) []schemas.Violation {
	copied := false
	for i := range vs {
		last := vs[i].Pointer[strings.LastIndexByte(vs[i].Pointer, '/')+1:]
		if vs[i].Value != nil && isSecretName(last) {
			if !copied {
				vs, copied = slices.Clone(vs), true
			}
			vs[i].Value = redacted
		}
	}
	return vs
}

// redactQuery replaces the values of secret parameters in a query string
// (or a form body), keeping everything else as sent, in its order.
func redactQuery(q string) string {
	var b strings.Builder
	done := 0 // q[:done] is written to b
	for start := 0; start < len(q); {
		end := strings.IndexByte(q[start:], '&')
		if end < 0 {
			end = len(q)
		} else {
			end += start
		}
		k, _, _ := strings.Cut(q[start:end], "=")
		if name, ok := unescapeQuery(k); ok && isSecretName(name) {
			if done == 0 {
				b.Grow(len(q))
			}
			b.WriteString(q[done : start+len(k)])
			b.WriteString("=" + redacted)
			done = end
		}
		start = end + 1
	}
	if done == 0 {
		return q
	}
	b.WriteString(q[done:])
	return b.String()
}

// redactBody replaces the secrets of a body: a JSON text's members named as
// secrets, or a form body's parameters.
func redactBody(body string) string {
	t := strings.TrimLeft(body, " \t\r\n")
	if t == "" {
		return body
	}
	if t[0] != '{' && t[0] != '[' {
		return redactQuery(body)
	}
	return redactJSON(body)
}

// redactJSON replaces the value of every member named as a secret with
// "***", at any depth, whatever its type but null; an object or an array
// goes whole. It reads any text, not only valid JSON: the journal keeps
// bodies that failed to parse and bodies cut at 8 KiB, and a secret in
// them is still one.
func redactJSON(text string) string {
	var b strings.Builder
	done := 0 // text[:done] is written to b
	for i := 0; i < len(text); {
		if text[i] != '"' {
			i++
			continue
		}
		end := stringEnd(text, i)
		key := text[i:end]
		colon := skipSpace(text, end)
		if colon >= len(text) || text[colon] != ':' || !isSecretName(jsonString(key)) {
			i = end
			continue
		}
		start := skipSpace(text, colon+1)
		stop := valueEnd(text, start)
		if stop == start || text[start:stop] == "null" {
			i = end
			continue
		}
		b.WriteString(text[done:start])
		b.WriteString(`"` + redacted + `"`)
		done, i = stop, stop
	}
	if done == 0 {
		return text
	}
	b.WriteString(text[done:])
	return b.String()
}

// stringEnd returns the index after the string token that starts at i, or
// len(text) when the string is cut off.
func stringEnd(text string, i int) int {
	for j := i + 1; j < len(text); j++ {
		switch text[j] {
		case '\\':
			j++
		case '"':
			return j + 1
		}
	}
	return len(text)
}

func skipSpace(text string, i int) int {
	for i < len(text) && strings.IndexByte(" \t\r\n", text[i]) >= 0 {
		i++
	}
	return i
}

// valueEnd returns the end of the value at i, or len(text) when it is cut
// off; i itself when there is no value.
func valueEnd(text string, i int) int {
	if i >= len(text) {
		return i
	}
	switch text[i] {
	case '"':
		return stringEnd(text, i)
	case '{', '[':
		depth := 0
		for j := i; j < len(text); j++ {
			switch text[j] {
			case '"':
				j = stringEnd(text, j) - 1
			case '{', '[':
				depth++
			case '}', ']':
				if depth--; depth == 0 {
					return j + 1
				}
			}
		}
		return len(text)
	case ',', '}', ']', ':':
		return i
	}
	j := i
	for j < len(text) && strings.IndexByte(" \t\r\n,}]:", text[j]) < 0 {
		j++
	}
	return j
}

// jsonString decodes a string token, even one cut off.
func jsonString(tok string) string {
	if !strings.Contains(tok, `\`) {
		return strings.Trim(tok, `"`)
	}
	var s string
	if json.Unmarshal([]byte(tok), &s) == nil {
		return s
	}
	return strings.Trim(tok, `"`)
}
