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
			var ms roleMemos
			var last map[string]any
			last = map[string]any{}
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

// TestRoleMemosBound: past maxRoleMemos apps the memo starts again, and a
// hit allocates nothing.
func TestRoleMemosBound(t *testing.T) {
	var ms roleMemos
	roles := []sim.Role{{AppID: "wx", RoleID: 1, Name: "推广员"}}
	for i := range maxRoleMemos {
		ms.answer(fmt.Sprint("wx", i), roles)
	}
	if n := ms.n.Load(); n != maxRoleMemos {
		t.Fatalf("%d answers kept, want %d", n, maxRoleMemos)
	}
	first := ms.answer("wx0", roles)
	if allocs := testing.AllocsPerRun(100, func() { ms.answer("wx0", roles) }); allocs != 0 {
		t.Errorf("an answer from the memo allocates %v times", allocs)
	}
	ms.answer("wx-one-more", roles)
	if n := ms.n.Load(); n != 1 {
		t.Errorf("%d answers kept after one past the bound, want 1 (started again)", n)
	}
	if again := ms.answer("wx0", roles); sameAnswer(first, again) {
		t.Error("an app forgotten when the memo started again was answered from memory")
	}
	long := make([]sim.Role, 20)
	for i := range long {
		long[i] = sim.Role{AppID: "wx", RoleID: uint32(i + 1), Name: fmt.Sprint("role ", i), Desc: strings.Repeat("d", 100)}
	}
	before := ms.n.Load()
	ms.answer("wx-one-more", long) // over maxRoleMemoBytes: the app's kept answer goes
	if _, ok := ms.m.Load("wx-one-more"); ok || ms.n.Load() != before-1 {
		t.Errorf("after an answer too long to keep, the app's earlier answer is still kept (%d counted, %d before)", ms.n.Load(), before)
	}
	ms.answer("wx0", roles)
	ms.clear()
	if n := ms.n.Load(); n != 0 {
		t.Errorf("%d answers kept after clear", n)
	}
}
