package httpapi

import (
	"slices"
	"sync/atomic"

	"github.com/wxmock/wxmock/internal/gencache"
	"github.com/wxmock/wxmock/internal/sim"
)

// The memo of getrole's answers holds at most maxRoleMemos answers (one
// per app) of at most maxRoleMemoBytes each, about 2 MB with the roles
// they were written from: past maxRoleMemos it starts again empty, and a
// longer answer (dozens of roles) is written on each call.
const (
	maxRoleMemos     = 1024
	maxRoleMemoBytes = 1 << 10
)

// roleMemos are getrole's answers for all of an app's roles as written,
// one per app, each with the slice of roles it was written from. The sim
// hands out the same slice until its database changes, and never writes
// to it; the memo keeps that slice alive, so no other slice can start at
// its address, and a slice with the same first element and length is the
// same roles. Writing the answer again cost more than the rest of the
// handler.
//
// It is a gencache.Cache whose generation moves only with clear.
type roleMemos struct {
	memos gencache.Cache[string, *roleMemo] // appid → its answer; Max is maxRoleMemos (New sets it)
	gen   atomic.Uint64
}

// roleMemo is one app's answer and the roles it was written from; both
// nil for an answer too long to keep.
type roleMemo struct {
	roles  []sim.Role
	answer any // a rawJSON, boxed once: boxing it on each call would allocate
}

// clear forgets every answer, and with them the roles they hold alive.
func (ms *roleMemos) clear() { ms.gen.Add(1) }

// answer is getrole's answer listing roles, the whole of appid's roles
// as the sim shares them.
func (ms *roleMemos) answer(appid string, roles []sim.Role) any {
	if len(roles) == 0 {
		return getRoleAnswer(roles)
	}
	gen := ms.gen.Load()
	if m, ok := ms.memos.Get(gen, appid); ok && len(m.roles) == len(roles) && &m.roles[0] == &roles[0] {
		return m.answer
	}
	b := slices.Clip(getRoleAnswer(roles).appendJSON(nil))
	answer := any(rawJSON(b))
	if len(b) > maxRoleMemoBytes {
		// Replaces the app's kept answer, so that its roles are not held
		// alive for nothing.
		ms.memos.Put(gen, appid, &roleMemo{})
		return answer
	}
	ms.memos.Put(gen, appid, &roleMemo{roles: roles, answer: answer})
	return answer
}
