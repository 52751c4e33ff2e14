package reliability_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/wxmock/wxmock/internal/fixtures"
)

// maxPicUpdates bounds the picture changes of one store, so that the
// pushes of the whole test stay under the push log's 1,000 and every one
// can be checked.
const maxPicUpdates = 3

// storeRun is the store family as one client of an app works it: upload a
// head image, apply for the merchant, wait for the audit to pass, add a
// store at each fixture place, and change stores' pictures.
type storeRun struct {
	b        *book
	places   []string // map_poi_ids, one store each
	media    string
	applied  bool
	approved bool
	added    int
	// stores by poi_id, as the client last changed them.
	stores    map[string]*storeSeen
	picAudits int // update_store answers with has_audit_id 1
}

// storeSeen is a store's pictures as the client last asked for them.
type storeSeen struct {
	pic     string // the only picture, once its audit passed
	updates int
}

// storeList is a get_store_list answer.
type storeList struct {
	BusinessList []struct {
		BaseInfo struct {
			PoiID     string `json:"poi_id"`
			Status    int    `json:"status"`
			PhotoList []struct {
				PhotoURL string `json:"photo_url"`
			} `json:"photo_list"`
		} `json:"base_info"`
	} `json:"business_list"`
	TotalCount int `json:"total_count"`
}

// firstPic is every store's picture when added.
const firstPic = "http://mmbiz.qpic.cn/load/first.jpg"

func newStoreRun(t *testing.T, b *book) *storeRun {
	t.Helper()
	pois, err := fixtures.MapPOIs()
	if err != nil {
		t.Fatal(err)
	}
	s := &storeRun{b: b, stores: map[string]*storeSeen{}}
	for _, p := range pois {
		s.places = append(s.places, p.SosomapPOIUID)
	}
	return s
}

// picList is an add_store or update_store pic_list: JSON in a string.
func picList(url string) string {
	b, _ := json.Marshal(map[string][]string{"list": {url}})
	return string(b)
}

// step makes one call, or two, of the store family.
func (s *storeRun) step(r *rig, iter int) {
	tok := s.b.tok
	switch {
	case s.media == "":
		s.media = r.upload(tok)
	case !s.applied:
		body := map[string]any{"first_catid": 312, "second_catid": 313, "headimg_mediaid": s.media,
			"nickname": fmt.Sprintf("Load Shop %d", s.b.i), "intro": "a store of the load test"}
		if code := r.wx("/wxa/apply_merchant", tok, body, nil); code != 0 {
			r.stats.problem("app %d: apply_merchant: errcode %d", s.b.i, code)
			return
		}
		s.applied = true
	case !s.approved:
		var out struct {
			Data struct {
				Status int `json:"status"`
			} `json:"data"`
		}
		if code := r.wxDo(http.MethodGet, "/wxa/get_merchant_audit_info", tok, "", nil, &out); code != 0 || out.Data.Status != 1 && out.Data.Status != 2 {
			r.stats.problem("app %d: get_merchant_audit_info: errcode %d, status %d", s.b.i, code, out.Data.Status)
		}
		s.approved = out.Data.Status == 1
	case iter%2 == 0 && s.added < len(s.places):
		s.add(r)
	default:
		s.change(r, iter)
	}
}

// add adds a store at the next place, with its own credential.
func (s *storeRun) add(r *rig) {
	body := map[string]any{"map_poi_id": s.places[s.added], "pic_list": picList(firstPic), "contract_phone": "020-89190388",
		"hour": "10:00-21:00", "credential": fmt.Sprintf("LOAD-%d-%02d", s.b.i, s.added), "card_id": ""}
	var out struct {
		Data struct {
			AuditID uint64 `json:"audit_id"`
		} `json:"data"`
	}
	if code := r.wx("/wxa/add_store", s.b.tok, body, &out); code != 0 || out.Data.AuditID == 0 {
		r.stats.problem("app %d: add_store at %s: errcode %d, audit %d", s.b.i, s.places[s.added], code, out.Data.AuditID)
		return
	}
	s.added++
}

// list reads every store of the app: as many as added, never more.
func (s *storeRun) list(r *rig) (storeList, bool) {
	var out storeList
	if code := r.wx("/wxa/get_store_list", s.b.tok, `{"offset":0,"limit":50}`, &out); code != 0 {
		r.stats.problem("app %d: get_store_list: errcode %d", s.b.i, code)
		return out, false
	}
	if out.TotalCount != s.added || len(out.BusinessList) != s.added {
		r.stats.problem("app %d: get_store_list: %d stores of %d listed, %d added", s.b.i, len(out.BusinessList), out.TotalCount, s.added)
		return out, false
	}
	return out, true
}

// change lists the stores and gives one approved store a new picture,
// which goes to an audit. The store may still be in an audit (65118) only
// when the listing showed it so; the clock may end that audit before the
// update, which then succeeds.
func (s *storeRun) change(r *rig, iter int) {
	l, ok := s.list(r)
	if !ok || len(l.BusinessList) == 0 {
		return
	}
	st := l.BusinessList[iter/2%len(l.BusinessList)].BaseInfo
	seen := s.stores[st.PoiID]
	if seen == nil {
		seen = &storeSeen{pic: firstPic}
		s.stores[st.PoiID] = seen
	}
	if seen.updates >= maxPicUpdates {
		if code := r.wx("/wxa/get_store_info", s.b.tok, map[string]string{"poi_id": st.PoiID}, nil); code != 0 {
			r.stats.problem("app %d: get_store_info %s: errcode %d", s.b.i, st.PoiID, code)
		}
		return
	}
	inAudit := st.Status != 1 || len(st.PhotoList) != 1 || st.PhotoList[0].PhotoURL != seen.pic
	pic := fmt.Sprintf("http://mmbiz.qpic.cn/load/%d/%s/%d.jpg", s.b.i, st.PoiID, seen.updates+1)
	body := map[string]any{"poi_id": st.PoiID, "hour": "09:00-22:00", "contract_phone": "020-89190388", "pic_list": picList(pic), "card_id": ""}
	var out struct {
		Data struct {
			HasAuditID int    `json:"has_audit_id"`
			AuditID    uint64 `json:"audit_id"`
		} `json:"data"`
	}
	switch code := r.wx("/wxa/update_store", s.b.tok, body, &out); {
	case code == 0 && out.Data.HasAuditID == 1 && out.Data.AuditID != 0:
		seen.pic = pic
		seen.updates++
		s.picAudits++
	case code == 65118 && inAudit:
	default:
		r.stats.problem("app %d: update_store %s (in audit: %v): errcode %d, %+v", s.b.i, st.PoiID, inAudit, code, out.Data)
	}
}

// checkStores checks the app's stores once every audit passed: as many as
// added, each approved, with the picture last asked for.
func checkStores(t *testing.T, r *rig, s *storeRun) {
	t.Helper()
	l, ok := s.list(r)
	if !ok {
		return
	}
	var got, want []string
	for _, b := range l.BusinessList {
		seen := s.stores[b.BaseInfo.PoiID]
		pic := firstPic
		if seen != nil {
			pic = seen.pic
		}
		want = append(want, fmt.Sprintf("%s status 1 %s", b.BaseInfo.PoiID, pic))
		var photos []string
		for _, p := range b.BaseInfo.PhotoList {
			photos = append(photos, p.PhotoURL)
		}
		got = append(got, fmt.Sprintf("%s status %d %s", b.BaseInfo.PoiID, b.BaseInfo.Status, strings.Join(photos, " ")))
	}
	slices.Sort(got)
	slices.Sort(want)
	diffStrings(t, fmt.Sprintf("app %d stores", s.b.i), want, got)
	t.Logf("app %d: merchant approved %v, %d stores added, %d picture audits", s.b.i, s.approved, s.added, s.picAudits)
}
