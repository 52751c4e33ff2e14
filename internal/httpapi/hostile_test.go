package httpapi_test

import (
	"strings"
	"testing"

	"github.com/wxmock/wxmock/internal/httpapi"
)

// Hostile bodies (issue 8): what a request may cost is bounded before the
// schema library sees it. The costs themselves are measured in bench/.

// hsList joins n copies of item into a JSON array.
func hsList(item string, n int) string {
	return "[" + strings.TrimSuffix(strings.Repeat(item+",", n), ",") + "]"
}

// hsLast is the journal entry of the last call to path.
func (e *env) hsLast(path string) httpapi.Entry {
	e.t.Helper()
	es := e.m.HTTP.Journal().List(httpapi.Filter{Path: path})
	if len(es) == 0 {
		e.t.Fatalf("no journal entry for %s", path)
	}
	return es[len(es)-1]
}

func TestHostileBodies(t *testing.T) {
	t.Parallel()
	promoter := `{"openid":"o6_bmjrPTlm6_2sgVt7hMZOPfL2M","role_id":1}`
	tests := []struct {
		name, path, body string
		code             int
		// pointer and keyword of the violation answered, or the note that
		// says why the body is not JSON
		pointer, keyword, note string
	}{
		{name: "a million zeros to addpromoter: the first is not an object", path: "/promoter/addpromoter",
			body: `{"promoter_list":` + hsList("0", 1_000_000) + `}`, code: 47001, pointer: "/promoter_list/0", keyword: "type"},
		{name: "a million promoters: 11 is already too many", path: "/promoter/addpromoter",
			body: `{"promoter_list":` + hsList(promoter, 30_000) + `}`, code: 103001, pointer: "/promoter_list", keyword: "maxItems"},
		{name: "a million empty objects", path: "/promoter/addpromoter",
			body: `{"promoter_list":` + hsList("{}", 600_000) + `}`, code: 103001, pointer: "/promoter_list", keyword: "maxItems"},
		{name: "an unknown field of 100,000 items", path: "/promoter/getrole",
			body: `{"x":` + hsList("1", 100_000) + `}`, code: 47001, pointer: "/x", keyword: "maxItems"},
		{name: "a body nested 65 deep", path: "/promoter/getrole",
			body: strings.Repeat(`{"a":`, 64) + `{}` + strings.Repeat(`}`, 64), code: 47001, note: "nested deeper than 64 levels"},
		{name: "a body nested a million deep", path: "/promoter/getrole",
			body: strings.Repeat("[", 1_000_000) + strings.Repeat("]", 1_000_000), code: 47001, note: "exceeded max depth"},
		{name: "200,000 keys", path: "/promoter/getrole",
			body: `{"a":0` + strings.Repeat(`,"b":0`, 200_000) + `}`, code: 47001, note: "more than 10000 values"},
		{name: "two megabytes of retail_id", path: "/promoter/getpromoter",
			body: `{"retail_id":"` + strings.Repeat("r", 2<<20-64) + `"}`, code: 103002, pointer: "/retail_id", keyword: "maxBytes"},
		{name: "a pic_list of 300,000 pictures", path: "/wxa/add_store",
			body: `{"map_poi_id":"1","contract_phone":"1","hour":"10:00-21:00","credential":"c","pic_list":` +
				`"{\"list\":` + strings.ReplaceAll(hsList(`"a"`, 300_000), `"`, `\"`) + `}"}`, code: 40097, note: "pic_list: at byte 8: /list: 300000 items"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := setup(t)
			e.wantErr(e.post(tt.path, e.token(), tt.body), tt.code, "")
			en := e.hsLast(tt.path)
			if tt.note != "" {
				if !strings.Contains(strings.Join(en.Notes, "\n"), tt.note) {
					t.Errorf("journal notes %q, want one that says %q", en.Notes, tt.note)
				}
				return
			}
			var got []string
			for _, v := range en.Violations {
				got = append(got, v.Pointer+" "+v.Keyword)
			}
			if len(got) == 0 || got[0] != tt.pointer+" "+tt.keyword {
				t.Errorf("journal violations %q, want first %q", got, tt.pointer+" "+tt.keyword)
			}
			if len(got) > 2 {
				t.Errorf("journal keeps %d violations, want at most 2", len(got))
			}
		})
	}
}

// TestJournalCountsViolations: a request of a thousand violations keeps
// the first 20 in its journal entry, and their number.
func TestJournalCountsViolations(t *testing.T) {
	t.Parallel()
	e := setup(t)
	body := `{"msg_type":1,"content":"{}","path":"p","list_type":1,"role_id":` + hsList(`"x"`, 1000) + `}`
	e.wantErr(e.post("/promoter/sendmsg", e.token(), body), 47001, "")
	en := e.hsLast("/promoter/sendmsg")
	diff(t, "counts", []int{20, 1000}, []int{len(en.Violations), en.ViolationCount})
	diff(t, "first violation", "/role_id/0 type", en.Violations[0].Pointer+" "+en.Violations[0].Keyword)
}
