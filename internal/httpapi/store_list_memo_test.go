package httpapi

import (
	"bytes"
	"fmt"
	"math"
	"testing"

	"github.com/wxmock/wxmock/internal/sim"
)

// memoPage is a page of stores with odd text in every field the list
// shows, one with no place and one with a created place.
func memoPage() *sim.StorePage {
	where := &sim.Located{Place: sim.Place{UID: "u1", BranchName: "榕意茶餐厅(江南西店)", Address: "广东省 <1> & \"2\"",
		Longitude: 113.2684021, Latitude: 23.0984611511}, District: sim.DistrictRef{ID: "440105", Province: "广东省", City: "广州市", Name: "海珠区"}}
	return &sim.StorePage{MerchantName: "Bench\t门店\u2028", Total: 7, Rows: []sim.StoreRow{
		{Store: &sim.Store{PoiID: "472671857", Pictures: []string{"http://mmbiz.qpic.cn/a?wx_fmt=jpeg&x=1", "\xff"}, ContractPhone: "020-8440\t1",
			Hour: "10:00-21:00", Credential: "FZ-CRED-0001", CompanyName: "公司\"", Status: 1}, Where: where},
		{Store: &sim.Store{PoiID: "2", Status: 2}, Where: &sim.Located{}},
		{Store: &sim.Store{PoiID: "3", Pictures: []string{}, Status: 3}, Where: &sim.Located{Place: sim.Place{Longitude: -1e-7, Latitude: 1e21}}},
	}}
}

// viewsBody is the page as encoding/json writes it: the reference.
func viewsBody(p *sim.StorePage) storeListBody {
	out := storeListBody{ErrMsg: "ok", BusinessList: []business{}, TotalCount: p.Total}
	for i := range p.Rows {
		v := p.View(i)
		out.BusinessList = append(out.BusinessList, business{BaseInfo: toBaseInfo(&v, &[]string{})})
	}
	return out
}

func TestStoreListRowsMatchEncodingJSON(t *testing.T) {
	t.Parallel()
	page := memoPage()
	empty := &sim.StorePage{}
	for _, tt := range []struct {
		name string
		page *sim.StorePage
	}{{"stores", page}, {"no store", empty}} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var memos storeMemos
			want := stdEncode(t, viewsBody(tt.page))
			for _, pass := range []string{"written", "from the memo"} {
				got := (&storeListRows{page: tt.page, memos: &memos}).appendJSON(nil)
				if !bytes.Equal(got, want) {
					t.Errorf("%s:\n%s\nencoding/json:\n%s", pass, got, want)
				}
			}
		})
	}
}

// TestStoreMemoFollowsItsInputs: an entry is reused for the same row,
// merchant and place (by pointer or by value), and written again when any
// of them changes.
func TestStoreMemoFollowsItsInputs(t *testing.T) {
	t.Parallel()
	var memos storeMemos
	row := memoPage().Rows[0]
	first := memos.entry(&row, "A")
	samePlace := row
	samePlace.Where = new(*row.Where)
	otherPlace := row
	otherPlace.Where = new(*row.Where)
	otherPlace.Where.Place.Address = "elsewhere"
	changed := row
	changed.Store = new(*row.Store)
	changed.Store.Hour = "00:00-24:00"
	for _, tt := range []struct {
		name     string
		row      sim.StoreRow
		merchant string
		reused   bool
		has      string
	}{
		{"the same inputs", row, "A", true, `"qualification_name":"公司\""`},
		{"an equal place elsewhere", samePlace, "A", true, `"address":"广东省 <1> & \"2\""`},
		{"another merchant", row, "B", false, `"qualification_name":"公司\""`},
		{"another place", otherPlace, "A", false, `"address":"elsewhere"`},
		{"a changed row", changed, "A", false, `"open_time":"00:00-24:00"`},
	} {
		// Not parallel: each case starts from the memo of first.
		memos.entry(&row, "A")
		got := memos.entry(&tt.row, tt.merchant)
		if reused := &got[0] == &first[0]; reused != tt.reused {
			t.Errorf("%s: reused %v, want %v", tt.name, reused, tt.reused)
		}
		if !bytes.Contains(got, []byte(tt.has)) {
			t.Errorf("%s: %s, want %s in it", tt.name, got, tt.has)
		}
	}
	noCompany := row
	noCompany.Store = new(*row.Store)
	noCompany.Store.CompanyName = ""
	for _, m := range []string{"A", "B"} {
		if got := memos.entry(&noCompany, m); !bytes.Contains(got, []byte(`"qualification_name":"`+m+`"`)) {
			t.Errorf("merchant %s: %s, want it as qualification_name", m, got)
		}
	}
}

func TestStoreMemoIsBounded(t *testing.T) {
	t.Parallel()
	var memos storeMemos
	where := &sim.Located{}
	for i := range maxStoreMemos + 10 {
		memos.entry(&sim.StoreRow{Store: &sim.Store{PoiID: fmt.Sprint(i)}, Where: where}, "")
	}
	n := 0
	memos.m.Range(func(any, any) bool { n++; return true })
	if n > maxStoreMemos || memos.n.Load() > maxStoreMemos {
		t.Errorf("%d entries (counted %d), want at most %d", n, memos.n.Load(), maxStoreMemos)
	}
}

// TestStoreMemoKeepsOneVersionOfAStore: a store changed many times (each
// change a new row) holds one entry, the newest, so the rows of its old
// versions can be collected; clear forgets everything (reset, PUT state).
func TestStoreMemoKeepsOneVersionOfAStore(t *testing.T) {
	t.Parallel()
	var memos storeMemos
	where := &sim.Located{}
	var last *sim.Store
	for i := range 100 {
		last = &sim.Store{AppID: "wx0123456789abcdef", PoiID: "472671857", Hour: fmt.Sprintf("10:%02d-21:00", i%60)}
		memos.entry(&sim.StoreRow{Store: last, Where: where}, "")
	}
	n, held := 0, (*sim.Store)(nil)
	memos.m.Range(func(_, v any) bool { n++; held = v.(*storeMemo).row; return true })
	if n != 1 || memos.n.Load() != 1 || held != last {
		t.Errorf("after 100 versions of one store: %d entries (counted %d), the newest held: %v; want 1, 1, true", n, memos.n.Load(), held == last)
	}
	memos.clear()
	n = 0
	memos.m.Range(func(any, any) bool { n++; return true })
	if n != 0 || memos.n.Load() != 0 {
		t.Errorf("after clear: %d entries (counted %d), want none", n, memos.n.Load())
	}
}

func TestStoreListPageOfInfiniteCoordinates(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name string
		f    float64
		want bool
	}{{"finite", 1.5, true}, {"NaN", math.NaN(), false}, {"+Inf", math.Inf(1), false}, {"-Inf", math.Inf(-1), false}} {
		p := &sim.StorePage{Rows: []sim.StoreRow{{Store: &sim.Store{}, Where: &sim.Located{Place: sim.Place{Latitude: tt.f}}}}}
		if got := finitePage(p); got != tt.want {
			t.Errorf("%s latitude: finite %v, want %v", tt.name, got, tt.want)
		}
	}
}

// TestPageAnswerIsWrittenOnce: a page is answered with the same bytes,
// written once into the page, as encoding/json writes them; another page
// is written anew.
func TestPageAnswerIsWrittenOnce(t *testing.T) {
	t.Parallel()
	var memos storeMemos
	page := memoPage()
	want := stdEncode(t, viewsBody(page))
	answer := func(p *sim.StorePage) rawJSON {
		t.Helper()
		a, ok := pageAnswer(p, &memos)
		if !ok {
			t.Fatal("a finite page was not answered from the memo")
		}
		return *a
	}
	first := answer(page)
	if !bytes.Equal(first, want) {
		t.Fatalf("answer:\n%s\nencoding/json:\n%s", first, want)
	}
	if again := answer(page); &again[0] != &first[0] {
		t.Error("the same page was written again")
	}
	other := memoPage()
	other.Total = 8
	if got := answer(other); &got[0] == &first[0] || !bytes.Contains(got, []byte(`"total_count":8`)) {
		t.Errorf("another page answered %s", got)
	}
	other.Rows[0].Where = &sim.Located{Place: sim.Place{Latitude: math.NaN()}}
	other.Written.Store(nil)
	if a, ok := pageAnswer(other, &memos); ok || a != nil || other.Written.Load() != nil {
		t.Errorf("a page with a NaN latitude was answered from the memo (%v) or written", a)
	}
}
