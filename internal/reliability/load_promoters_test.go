package reliability_test

import (
	"fmt"
	"strconv"
	"strings"
)

// page is a getpromoter answer.
type page struct {
	List []struct {
		ID         string `json:"id"`
		OpenID     string `json:"openid"`
		RetailID   string `json:"retail_id"`
		AuthStatus int    `json:"auth_status"`
		DeclStatus int    `json:"decl_status"`
	} `json:"promoter_list"`
	TotalCnt int `json:"total_cnt"`
}

// addAnswer is an addpromoter answer: the failed items come back as sent,
// with their errcode.
type addAnswer struct {
	TotalCnt int `json:"total_cnt"`
	FailCnt  int `json:"fail_cnt"`
	FailList []struct {
		OpenID    string `json:"openid"`
		ExtraInfo string `json:"extra_info"`
		ErrCode   int    `json:"errcode"`
	} `json:"fail_list"`
}

// Kinds of item in a batch, and what each must get.
const (
	itemFresh     = iota // a new openid of this client: accepted
	itemContested        // an openid every client of the app sends: accepted once in all, 103003 otherwise
	itemRepeat           // the batch's first openid again: 103003
	itemBad              // a bad item: its errcode
)

// sent is one item of a batch; extra_info, unique, names it in fail_list.
type sent struct {
	tag, openid, retail string
	kind, code          int
}

func itoa(n int) string { return strconv.Itoa(n) }

// fresh draws an openid no other client sends: o, the client, a sequence.
func (c *loadClient) fresh() string {
	c.seq++
	return fmt.Sprintf("o%03d%024d", c.id, c.seq)
}

// batch builds ten items: fresh ones, two contested, and on some batches
// a repeat of the first openid and one bad item, in turn an invalid
// openid (103007), an unknown role (103001), a name of 33 bytes (103002)
// and a missing openid (103001).
func (c *loadClient) batch() ([]map[string]any, []sent) {
	c.adds++
	var items []map[string]any
	var want []sent
	add := func(openid string, role, kind, code int, extra map[string]any) {
		s := sent{tag: fmt.Sprintf("c%d.b%d.k%d", c.id, c.adds, len(items)), openid: openid, kind: kind, code: code,
			retail: fmt.Sprintf("r%d.%d", c.id, c.seq)}
		it := map[string]any{"role_id": role, "retail_id": s.retail, "extra_info": s.tag}
		if openid != "" {
			it["openid"] = openid
		}
		for k, v := range extra {
			it[k] = v
		}
		items, want = append(items, it), append(want, s)
	}
	first := c.fresh()
	add(first, 1, itemFresh, 0, nil)
	if c.adds%3 == 0 {
		add(first, 2, itemRepeat, 103003, nil)
	}
	if c.adds%2 == 0 {
		switch c.adds / 2 % 4 {
		case 0:
			add("xxxxx", 1, itemBad, 103007, nil)
		case 1:
			add(c.fresh(), 99, itemBad, 103001, nil)
		case 2:
			add(c.fresh(), 1, itemBad, 103002, map[string]any{"name": strings.Repeat("名", 11)})
		case 3:
			add("", 1, itemBad, 103001, nil)
		}
	}
	for j := range 2 {
		add(fmt.Sprintf("o9%02d%024d", c.b.i, c.adds*2+j), 1+j, itemContested, 0, nil)
	}
	for len(items) < 10 {
		add(c.fresh(), 1+len(items)%2, itemFresh, 0, nil)
	}
	return items, want
}

// declare sends one batch and records what was accepted: every item that
// is not in fail_list. Each item must get exactly its kind's answer.
func (c *loadClient) declare() {
	items, want := c.batch()
	var out addAnswer
	if code := c.r.wx("/promoter/addpromoter", c.b.tok, map[string]any{"promoter_list": items}, &out); code != 0 {
		c.r.stats.problem("addpromoter: errcode %d", code)
		return
	}
	failed := map[string]int{}
	for _, f := range out.FailList {
		failed[f.ExtraInfo] = f.ErrCode
	}
	if out.FailCnt != len(out.FailList) || len(failed) != len(out.FailList) {
		c.r.stats.problem("addpromoter: fail_cnt %d for %d failed items (%d distinct)", out.FailCnt, len(out.FailList), len(failed))
	}
	for _, s := range want {
		code, bad := failed[s.tag]
		switch {
		case !bad && (s.kind == itemFresh || s.kind == itemContested):
			if h := c.b.accept(c.r, s.openid, c.id, s.retail); h != nil {
				c.own = append(c.own, s.openid)
				c.mine[s.openid] = h
			}
		case bad && s.kind == itemContested && code == 103003:
		case bad && (s.kind == itemRepeat || s.kind == itemBad) && code == s.code:
		default:
			c.r.stats.problem("addpromoter item %s (%s, kind %d): failed %v with %d, want %d", s.tag, s.openid, s.kind, bad, code, s.code)
		}
	}
}

// walk pages through every promoter of the app while others declare:
// ids ascend strictly, no openid comes twice, and every promoter this
// client had seen accepted before the walk is there.
func (c *loadClient) walk() {
	before := len(c.own)
	seen := map[string]bool{}
	last := uint64(0)
	q := map[string]string{}
	for pages := 0; pages < 100; pages++ {
		var out page
		code := c.r.wx("/promoter/getpromoter", c.b.tok, q, &out)
		if code == 103006 {
			break
		}
		if code != 0 {
			c.r.stats.problem("getpromoter page after %q: errcode %d", q["start_id"], code)
			return
		}
		for _, p := range out.List {
			id, err := strconv.ParseUint(p.ID, 10, 64)
			if err != nil || id <= last || seen[p.OpenID] {
				c.r.stats.problem("getpromoter page after %q: id %q after %d, openid %s seen before: %v", q["start_id"], p.ID, last, p.OpenID, seen[p.OpenID])
				return
			}
			last, seen[p.OpenID] = id, true
		}
		if len(out.List) < 2000 {
			break
		}
		q["start_id"] = strconv.FormatUint(last, 10)
	}
	for _, o := range c.own[:before] {
		if !seen[o] {
			c.r.stats.problem("app %d: promoter %s, accepted before the walk, is not on any page", c.b.i, o)
		}
	}
}
