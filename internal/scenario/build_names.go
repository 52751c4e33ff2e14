package scenario

import (
	"fmt"
	"slices"
	"strings"

	"github.com/wxmock/wxmock/schemas"
)

// The builder's checks of names the schema cannot know: the paths of
// expected calls and faults, and the columns of expect_state.

// callPath refuses a path of an expected call that no call can have: a
// typo such as /promoter/getprmoter with count 0 would otherwise pass for
// ever. Paths under /__wxmock/ (a client may call the admin API) are not
// checked.
func (b *builder) callPath(ptr, path string) error {
	if strings.HasPrefix(path, "/__wxmock/") || b.knownPath(path) {
		return nil
	}
	msg := fmt.Sprintf("no WeChat endpoint is %q: want a path wxmock serves, or a prefix ending in * (/wxa/*)", path)
	if near := b.nearestEndpoint(path); near != "" {
		msg += fmt.Sprintf(" (did you mean %q?)", near)
	}
	return b.errAt(ptr, "%s", msg)
}

// nearestEndpoint is the served path a misspelt one was probably meant to
// be.
func (b *builder) nearestEndpoint(path string) string {
	return nearestName(path, sortedKeys(b.endpoints))
}

// nearestName is the candidate a misspelt name was probably meant to be: the
// closest within three edits, the first in lexical order of those as
// close; "" when none is.
func nearestName(name string, candidates []string) string {
	best, bestD := "", 4
	for _, c := range candidates {
		if d := schemas.EditDistance(name, c); d < bestD || (d == bestD && c < best) {
			best, bestD = c, d
		}
	}
	return best
}

// knownPath reports whether a fault's path names an endpoint, or a prefix
// of one: a fault on a path nothing serves would never fire.
func (b *builder) knownPath(path string) bool {
	if path == "" || path == "*" || b.endpoints == nil {
		return true
	}
	prefix, isPrefix := strings.CutSuffix(path, "*")
	for p := range b.endpoints {
		if p == path || (isPrefix && strings.HasPrefix(p, prefix)) {
			return true
		}
	}
	return false
}

// columnKeys refuses a key of a row pattern (where, or an item of
// contains) that is no column of the table: {where: {role: 2}, count: 0}
// on promoters, whose column is role_id, would otherwise pass for ever.
func (b *builder) columnKeys(table, ptr string, row map[string]any) error {
	cols, known := b.columns[table]
	if !known {
		return nil
	}
	for _, k := range sortedKeys(row) {
		if slices.Contains(cols, k) {
			continue
		}
		msg := fmt.Sprintf("no column %q in %s", k, table)
		if near := nearestColumn(k, cols); near != "" {
			msg += fmt.Sprintf(" (did you mean %q?)", near)
		} else {
			msg += ": its columns are " + strings.Join(cols, ", ")
		}
		return b.errKey(pointerJoin(ptr, k), "%s", msg)
	}
	return nil
}

// nearestColumn is the column a wrong key was probably meant to be: the
// shortest that holds it ("role" for role_id), else the nearest by edits.
func nearestColumn(key string, cols []string) string {
	best := ""
	for _, c := range cols {
		if len(key) >= 3 && strings.Contains(c, key) && (best == "" || len(c) < len(best)) {
			best = c
		}
	}
	if best != "" {
		return best
	}
	return nearestName(key, cols)
}
