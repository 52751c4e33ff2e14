package httpapi

import (
	"slices"
	"strconv"
	"unicode/utf8"
)

// appendJSON writes the page exactly as encoding/json would with HTML
// escaping off (a test holds the two to the same bytes).
func (b *getPromoterBody) appendJSON(dst []byte) []byte {
	// A row takes about 250 bytes; growing once spares the copies of
	// doubling a half-megabyte page from 4 KB.
	dst = slices.Grow(dst, 64+len(b.PromoterList)*320)
	dst = append(dst, `{"promoter_list":[`...)
	for i := range b.PromoterList {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = b.PromoterList[i].appendJSON(dst)
	}
	dst = append(dst, `],"total_cnt":`...)
	dst = strconv.AppendInt(dst, int64(b.TotalCnt), 10)
	dst = append(dst, `,"errcode":`...)
	dst = strconv.AppendInt(dst, int64(b.ErrCode), 10)
	dst = append(dst, `,"errmsg":`...)
	dst = appendString(dst, b.ErrMsg)
	return append(dst, '}')
}

func (p *promoterWire) appendJSON(dst []byte) []byte {
	dst = append(dst, `{"openid":`...)
	dst = appendString(dst, p.OpenID)
	dst = append(dst, `,"role_id":`...)
	dst = strconv.AppendUint(dst, uint64(p.RoleID), 10)
	dst = append(dst, `,"retail_id":`...)
	dst = appendString(dst, p.RetailID)
	dst = append(dst, `,"extra_info":`...)
	dst = appendString(dst, p.ExtraInfo)
	dst = append(dst, `,"auth_status":`...)
	dst = strconv.AppendInt(dst, int64(p.AuthStatus), 10)
	dst = append(dst, `,"decl_status":`...)
	dst = strconv.AppendInt(dst, int64(p.DeclStatus), 10)
	dst = append(dst, `,"update_time":`...)
	dst = strconv.AppendInt(dst, p.UpdateTime, 10)
	dst = append(dst, `,"id":`...)
	dst = appendString(dst, p.ID)
	dst = append(dst, `,"name":`...)
	dst = appendString(dst, p.Name)
	dst = append(dst, `,"phone":`...)
	dst = appendString(dst, p.Phone)
	return append(dst, '}')
}

const hexDigits = "0123456789abcdef"

// appendString quotes s as encoding/json does with SetEscapeHTML(false):
// control characters, quote and backslash escaped, invalid UTF-8 replaced
// by U+FFFD, U+2028 and U+2029 escaped.
func appendString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch c {
			case '"', '\\':
				dst = append(dst, '\\', c)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}
