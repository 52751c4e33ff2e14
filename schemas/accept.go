package schemas

import (
	"encoding/json"
	"strconv"
)

// accepters are hand-written checks for the embedded request schemas of
// the busiest batch endpoints: one answers true only for a document that
// its schema certainly accepts, and false whenever anything is off, in
// which case Validate asks the schema, which finds the violations. A true
// skips the schema library, which costs a batch of ten promoters a fifth
// of its time. They hold only for the embedded files: LoadFS's sets have
// none. TestAcceptersAgreeWithTheSchemas keeps them honest.
func accepters() map[string]func(any) bool {
	return map[string]func(any) bool{
		"promoter/addpromoter.request": acceptAddPromoter,
	}
}

// acceptAddPromoter is schemas/promoter/addpromoter.request.json: a
// promoter_list of 1 to 10 objects, each with an openid of 28 characters
// ("o" and 27 of [A-Za-z0-9_-]), a role_id from 1 to 4294967295, and
// retail_id, extra_info, name and phone, when present, strings of at
// most 20, 80, 30 and 20 bytes. Other keys are allowed, as the schema
// allows them.
func acceptAddPromoter(doc any) bool {
	root, ok := doc.(map[string]any)
	if !ok {
		return false
	}
	list, ok := root["promoter_list"].([]any)
	if !ok || len(list) < 1 || len(list) > 10 {
		return false
	}
	for _, v := range list {
		item, ok := v.(map[string]any)
		if !ok || !promoterOpenID(item["openid"]) || !roleID(item["role_id"]) {
			return false
		}
		if !maxBytesOrAbsent(item, "retail_id", 20) || !maxBytesOrAbsent(item, "extra_info", 80) ||
			!maxBytesOrAbsent(item, "name", 30) || !maxBytesOrAbsent(item, "phone", 20) {
			return false
		}
	}
	return true
}

// promoterOpenID reports whether v is a string matching
// ^o[A-Za-z0-9_-]{27}$.
func promoterOpenID(v any) bool {
	s, ok := v.(string)
	if !ok || len(s) != 28 || s[0] != 'o' {
		return false
	}
	for i := 1; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// roleID reports whether v is a json.Number written as plain digits
// without a leading zero, from 1 to 4294967295. Other spellings of an
// integer (1.0, 1e3) are the schema's to judge.
func roleID(v any) bool {
	n, ok := v.(json.Number)
	if !ok || len(n) == 0 || len(n) > 10 || n[0] == '0' {
		return false
	}
	for i := 0; i < len(n); i++ {
		if n[i] < '0' || n[i] > '9' {
			return false
		}
	}
	u, err := strconv.ParseUint(string(n), 10, 64)
	return err == nil && u >= 1 && u <= 4294967295
}

// maxBytesOrAbsent reports whether obj has no key k, or a string of at
// most max bytes there.
func maxBytesOrAbsent(obj map[string]any, k string, max int) bool {
	v, present := obj[k]
	if !present {
		return true
	}
	s, ok := v.(string)
	return ok && len(s) <= max
}
