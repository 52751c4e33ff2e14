package httpapi_test

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/wxmock/wxmock/internal/sim"
)

const pathGetRelation = "/promoter/getrelation"

// TestGetRelationShape records two reaches, one with every field and one
// with the defaults, and pins the admin answer and getrelation's answer
// byte for byte (field order included). The promoter's role, store and
// extra_info are snapshots: a later updatepromoter does not change them.
func TestGetRelationShape(t *testing.T) {
	t.Parallel()
	e, tok := rchSetup(t)
	t0 := start.Unix()
	r := e.rchAddRelations(
		prObj{"promoter_openid": rchA, "openid": rchUser(1), "path": "pages/goods/detail?id=7&from=<a>", "scene": 1036,
			"create_time": t0 - 60, "share_extra_info": "campaign=春季"},
		prObj{"promoter_openid": sim.UnionIDOf(rchA)}, // by unionid, every default
	)
	admStatus(t, r, http.StatusOK)
	var stored struct {
		Relations []sim.Relation `json:"relations"`
	}
	admDecode(t, r, &stored)
	gen := stored.Relations[1].OpenID
	if !sim.ValidOpenID(gen) || gen == rchUser(1) || gen == rchA {
		t.Fatalf("generated user openid %q: not a fresh openid", gen)
	}
	row := func(id int, rest string) string {
		return `{"appid":"` + appID + `","id":` + strconv.Itoa(id) + `,"promoter_id":1,"promoter_openid":"` + rchA +
			`","role_id":2,"retail_id":"s1","extra_info":"ea",` + rest + `}`
	}
	diff(t, "admin answer", `{"relations":[`+
		row(1, `"openid":"`+rchUser(1)+`","create_time":`+strconv.FormatInt(t0-60, 10)+`,"path":"pages/goods/detail?id=7&from=<a>","scene":1036,"share_extra_info":"campaign=春季"`)+`,`+
		row(2, `"openid":"`+gen+`","create_time":`+strconv.FormatInt(t0, 10)+`,"path":"pages/index/index","scene":1007,"share_extra_info":""`)+
		`]}`, r.Raw)

	want := `{"relation_list":[` +
		`{"promoter_openid":"` + rchA + `","role_id":2,"retail_id":"s1","extra_info":"ea","openid":"` + rchUser(1) + `","create_time":` + strconv.FormatInt(t0-60, 10) +
		`,"path":"pages/goods/detail?id=7&from=<a>","scene":1036,"share_extra_info":"campaign=春季"},` +
		`{"promoter_openid":"` + rchA + `","role_id":2,"retail_id":"s1","extra_info":"ea","openid":"` + gen + `","create_time":` + strconv.FormatInt(t0, 10) +
		`,"path":"pages/index/index","scene":1007,"share_extra_info":""}` +
		`],"total_cnt":2,"start_id":"2","errcode":0,"errmsg":"OK"}`
	got := e.rchGet(pathGetRelation, tok, prObj{"openid": rchA})
	diff(t, "getrelation answer", want, got.Raw)
	diff(t, "getrelation answer, decoded", prDecode(t, want), any(got.Body))

	// Snapshots: the promoter moves to another role and store.
	e.wantOK(e.post("/promoter/updatepromoter", tok, `{"id":"1","role_id":1,"retail_id":"s9","extra_info":"new"}`), "OK")
	e.advance(time.Minute)
	e.rchRelations(prObj{"promoter_openid": rchA, "openid": rchUser(2)})
	p := e.rchGetPage(pathGetRelation, tok, prObj{"openid": rchA})
	diff(t, "retail_id of each reach", []string{"s1", "s1", "s9"}, p.field("retail_id"))
	diff(t, "extra_info of each reach", []string{"ea", "ea", "new"}, p.field("extra_info"))
	diff(t, "role_id of the last reach", json.Number("1"), p.Rows[2]["role_id"])
	diff(t, "start_id", "3", p.StartID)
}

// TestGetRelationFilters queries six reaches of A, and some of B:
//
//	label create_time scene path user
//	a1    t-50        1007  p/a  1
//	a2    t-40        1036  p/b  2
//	a3    t-30        1007  p/b  1
//	a4    t-20        1036  p/a  3
//	a5    t-10        1007  p/a  2
//	a6    t           1045  p/c  4
func TestGetRelationFilters(t *testing.T) {
	t.Parallel()
	e, tok := rchSetup(t)
	t0 := start.Unix()
	rows := []struct {
		label string
		ago   int64
		scene int
		path  string
		user  int
	}{{"a1", 50, 1007, "p/a", 1}, {"a2", 40, 1036, "p/b", 2}, {"a3", 30, 1007, "p/b", 1}, {"a4", 20, 1036, "p/a", 3}, {"a5", 10, 1007, "p/a", 2}, {"a6", 0, 1045, "p/c", 4}}
	for i, r := range rows {
		e.rchRelations(
			prObj{"promoter_openid": rchA, "openid": rchUser(r.user), "create_time": t0 - r.ago, "scene": r.scene, "path": r.path, "share_extra_info": r.label},
			prObj{"promoter_openid": rchB, "openid": rchUser(9), "create_time": t0 - r.ago, "scene": r.scene, "path": r.path, "share_extra_info": "b" + strconv.Itoa(i+1)},
		)
	}
	// A's reaches have the odd ids 1, 3, ..., 11; B's the even ones.
	tests := []struct {
		name   string
		q      prObj
		labels []string // nil: 103006
		total  int      // 0: len(labels)
		last   string   // the answer's start_id
	}{
		{"everything", prObj{}, []string{"a1", "a2", "a3", "a4", "a5", "a6"}, 0, "11"},
		{"begin_time inclusive", prObj{"begin_time": t0 - 20}, []string{"a4", "a5", "a6"}, 0, "11"},
		{"end_time inclusive", prObj{"end_time": t0 - 40}, []string{"a1", "a2"}, 0, "3"},
		{"begin_time and end_time", prObj{"begin_time": t0 - 40, "end_time": t0 - 20}, []string{"a2", "a3", "a4"}, 0, "7"},
		{"begin_time 0 does not filter", prObj{"begin_time": 0, "end_time": t0 - 50}, []string{"a1"}, 0, "1"},
		{"begin_time after end_time", prObj{"begin_time": t0 - 10, "end_time": t0 - 20}, nil, 0, ""},
		{"begin_time after every reach", prObj{"begin_time": t0 + 1}, nil, 0, ""},
		{"scene 1007", prObj{"scene": 1007}, []string{"a1", "a3", "a5"}, 0, "9"},
		{"scene 1036", prObj{"scene": 1036}, []string{"a2", "a4"}, 0, "7"},
		{"scene 0 does not filter", prObj{"scene": 0}, []string{"a1", "a2", "a3", "a4", "a5", "a6"}, 0, "11"},
		{"scene without reaches", prObj{"scene": 1001}, nil, 0, ""},
		{"path p/a", prObj{"path": "p/a"}, []string{"a1", "a4", "a5"}, 0, "9"},
		{"path is exact", prObj{"path": "p/"}, nil, 0, ""},
		{"empty path does not filter", prObj{"path": ""}, []string{"a1", "a2", "a3", "a4", "a5", "a6"}, 0, "11"},
		{"scene and path", prObj{"scene": 1007, "path": "p/b"}, []string{"a3"}, 0, "5"},
		{"three filters", prObj{"scene": 1036, "path": "p/a", "end_time": t0 - 20}, []string{"a4"}, 0, "7"},
		{"start_id exclusive", prObj{"start_id": "5"}, []string{"a4", "a5", "a6"}, 6, "11"},
		{"start_id between A's ids", prObj{"start_id": "4"}, []string{"a3", "a4", "a5", "a6"}, 6, "11"},
		{"start_id as a number", prObj{"start_id": 5}, []string{"a4", "a5", "a6"}, 6, "11"},
		{"start_id empty", prObj{"start_id": ""}, []string{"a1", "a2", "a3", "a4", "a5", "a6"}, 0, "11"},
		{"start_id and scene", prObj{"start_id": "3", "scene": 1007}, []string{"a3", "a5"}, 3, "9"},
		{"start_id at the last", prObj{"start_id": "11"}, nil, 0, ""},
		{"start_id past every id", prObj{"start_id": "9223372036854775807"}, nil, 0, ""},
		{"by unionid", prObj{"openid": sim.UnionIDOf(rchA), "scene": 1045}, []string{"a6"}, 0, "11"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := e.prIn(t)
			q := prObj{"openid": rchA}
			for k, v := range tc.q {
				q[k] = v
			}
			if tc.labels == nil {
				e.wantErr(e.rchGet(pathGetRelation, tok, q), 103006, prMsgNotExist)
				return
			}
			p := e.rchGetPage(pathGetRelation, tok, q)
			diff(t, "reaches", tc.labels, p.field("share_extra_info"))
			diff(t, "total_cnt", max(tc.total, len(tc.labels)), p.Total)
			diff(t, "start_id", tc.last, p.StartID)
			users := map[string]int{"a1": 1, "a2": 2, "a3": 1, "a4": 3, "a5": 2, "a6": 4}
			var wantUsers, wantUnion []string
			for _, l := range tc.labels {
				wantUsers = append(wantUsers, rchUser(users[l]))
				wantUnion = append(wantUnion, sim.UnionIDOf(rchUser(users[l])))
			}
			diff(t, "users", wantUsers, p.field("openid"))
			for _, po := range p.field("promoter_openid") {
				diff(t, "promoter_openid", rchA, po)
			}

			// need_unionid 1 answers both the promoter's and the user's
			// unionids; 0 is the default.
			q["need_unionid"] = 1
			u := e.rchGetPage(pathGetRelation, tok, q)
			diff(t, "reaches with need_unionid", tc.labels, u.field("share_extra_info"))
			diff(t, "user unionids", wantUnion, u.field("openid"))
			for _, po := range u.field("promoter_openid") {
				diff(t, "promoter unionid", sim.UnionIDOf(rchA), po)
			}
			q["need_unionid"] = 0
			diff(t, "users with need_unionid 0", wantUsers, e.rchGetPage(pathGetRelation, tok, q).field("openid"))
		})
	}
}

// TestGetRelationHistory: a promoter's reaches stay queryable whatever its
// auth and decl status is now, and a promoter without reaches, declared or
// not, is 103006.
func TestGetRelationHistory(t *testing.T) {
	t.Parallel()
	e, tok := rchSetup(t)
	e.rchRelations(prObj{"promoter_openid": rchA, "share_extra_info": "x"})
	e.wantErr(e.rchGet(pathGetRelation, tok, prObj{"openid": rchB}), 103006, prMsgNotExist)
	e.wantErr(e.rchGet(pathGetRelation, tok, prObj{"openid": rchC}), 103006, prMsgNotExist)
	e.wantErr(e.rchGet(pathGetRelation, tok, prObj{"openid": prOID(99)}), 103006, prMsgNotExist)
	e.rchAuthorize("", rchA, 2)
	diff(t, "after the promoter cancelled", []string{"x"}, e.rchGetPage(pathGetRelation, tok, prObj{"openid": rchA}).field("share_extra_info"))
	e.wantOK(e.post("/promoter/updatepromoter", tok, `{"id":"1","decl_status":2}`), "OK")
	diff(t, "after the declaration was cancelled", []string{"x"}, e.rchGetPage(pathGetRelation, tok, prObj{"openid": rchA}).field("share_extra_info"))
}

// TestGetRelationErrors covers getrelation's refusals.
func TestGetRelationErrors(t *testing.T) {
	t.Parallel()
	e, tok := rchSetup(t)
	e.rchRelations(prObj{"promoter_openid": rchA})
	tests := []struct {
		name, body string
		code       int
		msg        string
	}{
		{"no openid", `{}`, 103001, prMsgInvalid},
		{"empty openid", `{"openid":""}`, 103001, prMsgInvalid},
		{"no openid but filters", `{"scene":1007,"start_id":"0"}`, 103001, prMsgInvalid},
		{"malformed openid", `{"openid":"abc"}`, 103007, prMsgOpenID},
		{"openid of 29 characters", `{"openid":"` + rchA + `1"}`, 103007, prMsgOpenID},
		{"path of 1025 bytes", `{"openid":"` + rchA + `","path":"` + strings.Repeat("p", 1025) + `"}`, 103002, prMsgTooLong},
		{"need_unionid 2", `{"openid":"` + rchA + `","need_unionid":2}`, 103001, prMsgInvalid},
		{"start_id not digits", `{"openid":"` + rchA + `","start_id":"1x"}`, 103001, prMsgInvalid},
		{"start_id over int64", `{"openid":"` + rchA + `","start_id":"9223372036854775808"}`, 103001, prMsgInvalid},
		{"negative start_id", `{"openid":"` + rchA + `","start_id":-1}`, 103001, prMsgInvalid},
		{"negative begin_time", `{"openid":"` + rchA + `","begin_time":-1}`, 103001, prMsgInvalid},
		{"end_time over uint32", `{"openid":"` + rchA + `","end_time":4294967296}`, 103001, prMsgInvalid},
		{"scene over uint32", `{"openid":"` + rchA + `","scene":4294967296}`, 103001, prMsgInvalid},
		{"openid as a number", `{"openid":5}`, 47001, prMsgFormat},
		{"scene as a string", `{"openid":"` + rchA + `","scene":"1007"}`, 47001, prMsgFormat},
		{"begin_time as a string", `{"openid":"` + rchA + `","begin_time":"1"}`, 47001, prMsgFormat},
		{"path as a number", `{"openid":"` + rchA + `","path":7}`, 47001, prMsgFormat},
		{"need_unionid as a bool", `{"openid":"` + rchA + `","need_unionid":true}`, 47001, prMsgFormat},
		{"start_id with a fraction", `{"openid":"` + rchA + `","start_id":1.5}`, 47001, prMsgFormat},
		{"start_id as a bool", `{"openid":"` + rchA + `","start_id":false}`, 47001, prMsgFormat},
		{"a type error beats a missing openid", `{"scene":"x"}`, 47001, prMsgFormat},
		{"body not JSON", `{"openid":`, 47001, prMsgFormat},
		{"body an array", `[]`, 47001, prMsgFormat},
		{"empty body", ` `, 44002, "empty post data"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := e.prIn(t)
			e.wantErr(e.post(pathGetRelation, tok, tc.body), tc.code, tc.msg)
		})
	}
	e.wantErr(e.do(http.MethodGet, pathGetRelation+"?access_token="+tok, ""), 43002, "require POST method")
	e.wantErr(e.post(pathGetRelation, "bad-token", `{"openid":"`+rchA+`"}`), 40001, "")
}

// TestGetRelationPaging records 2,500 reaches of A in three calls, between
// reaches of B, and pages through them with string and numeric start_ids
// and with a filter.
func TestGetRelationPaging(t *testing.T) {
	t.Parallel()
	e, tok := rchSetup(t)
	const n = 2500
	var ids, sceneIDs []uint64
	var labels, sceneLabels []string
	for from := 0; from < n; from += 1000 {
		items := make([]prObj, 0, 1000)
		for k := from; k < min(from+1000, n); k++ {
			scene := 1007 + k%3
			items = append(items, prObj{"promoter_openid": rchA, "openid": rchUser(k), "scene": scene, "share_extra_info": strconv.Itoa(k)})
		}
		for i, r := range e.rchRelations(items...) {
			ids, labels = append(ids, r.ID), append(labels, strconv.Itoa(from+i))
			if r.Scene == 1008 {
				sceneIDs, sceneLabels = append(sceneIDs, r.ID), append(sceneLabels, r.ShareExtraInfo)
			}
		}
		e.rchRelations(prObj{"promoter_openid": rchB}, prObj{"promoter_openid": rchB})
	}
	if ids[1000] != 1003 || ids[n-1] != n+4 {
		t.Fatalf("ids %d and %d, want 1003 and %d: B's reaches lie between A's", ids[1000], ids[n-1], n+4)
	}
	diff(t, "reaches, string start_id", labels, e.rchPageAll(pathGetRelation, tok, prObj{"openid": rchA}, "share_extra_info", ids, false))
	diff(t, "reaches, numeric start_id", labels, e.rchPageAll(pathGetRelation, tok, prObj{"openid": rchA, "need_unionid": 1}, "share_extra_info", ids, true))
	diff(t, "reaches of scene 1008", sceneLabels, e.rchPageAll(pathGetRelation, tok, prObj{"openid": rchA, "scene": 1008}, "share_extra_info", sceneIDs, false))
	diff(t, "B's reaches", 6, e.rchGetPage(pathGetRelation, tok, prObj{"openid": rchB}).Total)
}
