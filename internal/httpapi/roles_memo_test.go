package httpapi

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/wxmock/wxmock/internal/sim"
)

// TestRoleMemos holds the memo's answers to the bytes written afresh, and
// says which calls it answers from memory: only the same slice of the
// same app, as the sim shares it.
func TestRoleMemos(t *testing.T) {
	one := []sim.Role{{AppID: "wxa", RoleID: 1, Name: "推广员"}}
	two := []sim.Role{{AppID: "wxa", RoleID: 1, Name: "推广员"}, {AppID: "wxa", RoleID: 2, Name: "店长", Desc: "d"}}
	copyOfOne := append([]sim.Role(nil), one...)
	long := make([]sim.Role, 20) // about 2.5 KB written: over maxRoleMemoBytes
	for i := range long {
		long[i] = sim.Role{AppID: "wxa", RoleID: uint32(i + 1), Name: fmt.Sprint("role ", i), Desc: strings.Repeat("d", 100)}
	}
	type call struct {
		appid  string
		roles  []sim.Role
		memory bool // answered from the memo
	}
	tests := []struct {
		name  string
		calls []call
	}{
		{"the same slice again", []call{{"wxa", one, false}, {"wxa", one, true}, {"wxa", one, true}}},
		{"another slice of the same roles", []call{{"wxa", one, false}, {"wxa", copyOfOne, false}, {"wxa", copyOfOne, true}, {"wxa", one, false}}},
		{"the roles changed", []call{{"wxa", one, false}, {"wxa", two, false}, {"wxa", two, true}}},
		{"a shorter slice of the same array", []call{{"wxa", two, false}, {"wxa", two[:1], false}, {"wxa", two[:1], true}}},
		{"apps apart", []call{{"wxa", one, false}, {"wxb", two, false}, {"wxa", one, true}, {"wxb", two, true}}},
		{"too long to keep", []call{{"wxa", long, false}, {"wxa", long, false}}},
		{"too long after a kept one", []call{{"wxa", one, false}, {"wxa", long, false}, {"wxa", one, false}}},
		{"none", []call{{"wxa", nil, false}, {"wxa", nil, false}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ms := newRoleMemos()
			last := map[string]any{}
			for i, c := range tt.calls {
				got := ms.answer(c.appid, c.roles)
				want := getRoleAnswer(c.roles).appendJSON(nil)
				var b []byte
				switch a := got.(type) {
				case rawJSON:
					b = a
				case getRoleAnswer:
					b = a.appendJSON(nil)
				default:
					t.Fatalf("call %d: answer of type %T", i, got)
				}
				if diff := cmp.Diff(string(want), string(b)); diff != "" {
					t.Errorf("call %d: answer (-written afresh +memo):\n%s", i, diff)
				}
				prev, had := last[c.appid]
				if memory := had && sameAnswer(prev, got); memory != c.memory {
					t.Errorf("call %d: answered from the memo %v, want %v", i, memory, c.memory)
				}
				last[c.appid] = got
			}
		})
	}
}

// sameAnswer reports whether a and b are the same bytes in memory.
func sameAnswer(a, b any) bool {
	x, ok1 := a.(rawJSON)
	y, ok2 := b.(rawJSON)
	return ok1 && ok2 && len(x) > 0 && len(x) == len(y) && &x[0] == &y[0]
}

// newRoleMemos is a memo bounded as New bounds the server's.
func newRoleMemos() *roleMemos {
	ms := &roleMemos{}
	ms.memos.Max = maxRoleMemos
	return ms
}

// TestRoleMemosBound: past maxRoleMemos apps the memo starts again, an
// answer too long to keep lets go of the app's roles, clear forgets, and
// a hit allocates nothing.
func TestRoleMemosBound(t *testing.T) {
	ms := newRoleMemos()
	roles := []sim.Role{{AppID: "wx", RoleID: 1, Name: "推广员"}}
	answers := map[string]any{}
	for i := range maxRoleMemos {
		app := fmt.Sprint("wx", i)
		answers[app] = ms.answer(app, roles)
	}
	for _, app := range []string{"wx0", fmt.Sprint("wx", maxRoleMemos-1)} {
		if !sameAnswer(answers[app], ms.answer(app, roles)) {
			t.Errorf("%s, within the bound, was not answered from memory", app)
		}
	}
	if allocs := testing.AllocsPerRun(100, func() { ms.answer("wx0", roles) }); allocs != 0 {
		t.Errorf("an answer from the memo allocates %v times", allocs)
	}
	ms.answer("wx-one-more", roles)
	if sameAnswer(answers["wx1"], ms.answer("wx1", roles)) {
		t.Error("an app forgotten when the memo started again was answered from memory")
	}
	long := make([]sim.Role, 20)
	for i := range long {
		long[i] = sim.Role{AppID: "wx", RoleID: uint32(i + 1), Name: fmt.Sprint("role ", i), Desc: strings.Repeat("d", 100)}
	}
	ms.answer("wx-one-more", long) // over maxRoleMemoBytes
	if m, ok := ms.memos.Get(ms.gen.Load(), "wx-one-more"); !ok || m.roles != nil || m.answer != nil {
		t.Errorf("after an answer too long to keep, the app's memo holds %+v, want nothing", m)
	}
	kept := ms.answer("wx1", roles)
	ms.clear()
	if sameAnswer(kept, ms.answer("wx1", roles)) {
		t.Error("an answer kept before clear was answered from memory after it")
	}
}
