package push

import (
	"bytes"
	"encoding/xml"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Field is one element of an event after <Event>, such as <audit_id> or
// <reason>. CDATA chooses WeChat's <![CDATA[...]]> wrapping, which its
// samples use for strings; numbers are written plain.
type Field struct {
	Name  string
	Value string
	CDATA bool
}

// Message is an event push. The header fields are the ones every WeChat
// event carries; Fields keeps its order because the samples in the
// documentation, and the golden files pinned to them, are ordered.
type Message struct {
	ToUserName   string
	FromUserName string
	CreateTime   int64
	Event        string
	Fields       []Field
}

// XML returns the message in WeChat's layout: the header elements, then each
// field, with no whitespace between elements. It never fails: any value is
// written so that an XML parser reads it back unchanged, apart from
// characters XML 1.0 cannot carry, which become U+FFFD as encoding/xml does.
func (m Message) XML() []byte {
	var b bytes.Buffer
	b.WriteString("<xml>")
	writeCDATA(&b, "ToUserName", m.ToUserName)
	writeCDATA(&b, "FromUserName", m.FromUserName)
	b.WriteString("<CreateTime>")
	b.WriteString(strconv.FormatInt(m.CreateTime, 10))
	b.WriteString("</CreateTime>")
	writeCDATA(&b, "MsgType", "event")
	writeCDATA(&b, "Event", m.Event)
	for _, f := range m.Fields {
		name := elementName(f.Name)
		if f.CDATA {
			writeCDATA(&b, name, f.Value)
			continue
		}
		b.WriteString("<" + name + ">")
		// EscapeText writes to a bytes.Buffer, which cannot fail.
		_ = xml.EscapeText(&b, []byte(f.Value))
		b.WriteString("</" + name + ">")
	}
	b.WriteString("</xml>")
	return b.Bytes()
}

// writeCDATA writes <name><![CDATA[value]]></name>. A "]]>" inside value
// would end the section early, so the section is closed after "]]" and a new
// one opened before ">": the standard split, which every parser joins back.
func writeCDATA(b *bytes.Buffer, name, value string) {
	b.WriteString("<" + name + "><![CDATA[")
	b.WriteString(strings.ReplaceAll(xmlChars(value), "]]>", "]]]]><![CDATA[>"))
	b.WriteString("]]></" + name + ">")
}

// xmlChars replaces invalid UTF-8 and the characters XML 1.0 forbids (most
// C0 controls, surrogates, U+FFFE and U+FFFF) with U+FFFD. CDATA has no
// escape for them, and one such byte makes the whole push unparseable.
func xmlChars(s string) string {
	if utf8.ValidString(s) && !strings.ContainsFunc(s, func(r rune) bool { return !isXMLChar(r) }) {
		return s
	}
	// Ranging over a string yields RuneError for each invalid byte, which
	// writes U+FFFD in its place.
	var b strings.Builder
	for _, r := range s {
		if !isXMLChar(r) {
			r = utf8.RuneError
		}
		b.WriteRune(r)
	}
	return b.String()
}

// isXMLChar reports whether r is in the Char production of XML 1.0.
func isXMLChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D ||
		r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD ||
		r >= 0x10000 && r <= 0x10FFFF
}

// elementName keeps field names to ASCII letters, digits, '_', '-' and '.',
// starting with a letter or '_'. Names come from the simulator's code, not
// from users, but a bad one must not be able to break the document.
func elementName(s string) string {
	b := []byte(s)
	for i, c := range b {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' ||
			i > 0 && (c >= '0' && c <= '9' || c == '-' || c == '.')) {
			b[i] = '_'
		}
	}
	if len(b) == 0 {
		return "_"
	}
	return string(b)
}
