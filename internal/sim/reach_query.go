package sim

import (
	"time"

	memdb "github.com/hashicorp/go-memdb"
)

// RelationQuery is getrelation's filter. Zero values do not filter.
type RelationQuery struct {
	OpenID      string // the promoter's openid or unionid; required
	BeginTime   int64  // create_time >= BeginTime
	EndTime     int64  // create_time <= EndTime, when not 0
	Scene       uint32
	Path        string // the exact path: "原生分享path里参数可能乱序导致搜不到"
	StartID     uint64 // rows with a larger id
	NeedUnionID bool
}

// RelationPage is one page of getrelation.
type RelationPage struct {
	Relations []Relation
	// TotalCnt counts every row that matches the filter, on all pages, as
	// getpromoter's does.
	TotalCnt int
	// StartID is the id of the page's last row: the next page's start_id.
	StartID uint64
}

// OrderQuery is getorder's filter. Zero values do not filter.
type OrderQuery struct {
	OpenID      string // the promoter's openid or unionid; required
	MchID       string
	TradeNo     string
	OutTradeNo  string
	Status      int    // 1 or 2; 0 does not filter
	Date        string // yyyyMMdd, the China date of paid_time
	StartID     uint64
	NeedUnionID bool
}

// OrderPage is one page of getorder.
type OrderPage struct {
	Orders   []Order
	TotalCnt int
	StartID  uint64
}

func (q *RelationQuery) match(r *Relation) bool {
	switch {
	case q.BeginTime != 0 && r.CreateTime < q.BeginTime,
		q.EndTime != 0 && r.CreateTime > q.EndTime,
		q.Scene != 0 && r.Scene != q.Scene,
		q.Path != "" && r.Path != q.Path:
		return false
	}
	return true
}

// Relations answers getrelation: the reach records of the promoter named by
// q.OpenID that match q and have an id above q.StartID, in id order, at
// most 1,000. 103001 without an openid, 103007 for one of the wrong shape,
// 103006 for an unknown promoter or an empty page (WxJava's
// ERR_CODE_OF_EMPTY_LIST). A promoter's records stay queryable whatever
// its auth and decl status now: they are history. With NeedUnionID both
// promoter_openid and the user's openid are unionids ("默认返回openid，填
// 1：返回unionid").
func (s *Sim) Relations(appid string, q RelationQuery) (RelationPage, error) {
	var page RelationPage
	err := s.read(func(txn *memdb.Txn) error {
		pid, err := reachPromoterTxn(txn, appid, q.OpenID)
		if err != nil {
			return err
		}
		page.Relations, page.TotalCnt, err = pageRowsTxn(txn, tableRelations, appid, pid, q.StartID, q.match)
		return err
	})
	if err != nil {
		return RelationPage{}, err
	}
	if len(page.Relations) == 0 {
		return RelationPage{}, ErrDataNotExist
	}
	page.StartID = page.Relations[len(page.Relations)-1].ID
	if q.NeedUnionID {
		for i := range page.Relations {
			page.Relations[i].Reach.toUnionIDs()
		}
	}
	return page, nil
}

// Orders answers getorder as Relations answers getrelation, with its own
// filters. A date that is not a calendar date yyyyMMdd is 103001.
func (s *Sim) Orders(appid string, q OrderQuery) (OrderPage, error) {
	var dayStart int64
	if q.Date != "" {
		day, err := time.ParseInLocation("20060102", q.Date, chinaTime)
		if err != nil || len(q.Date) != 8 {
			return OrderPage{}, ErrParamInvalid
		}
		dayStart = day.Unix()
	}
	match := func(o *Order) bool {
		switch {
		case q.MchID != "" && o.MchID != q.MchID,
			q.TradeNo != "" && o.TradeNo != q.TradeNo,
			q.OutTradeNo != "" && o.OutTradeNo != q.OutTradeNo,
			q.Status != 0 && o.Status != q.Status,
			q.Date != "" && (o.PaidTime < dayStart || o.PaidTime >= dayStart+24*3600):
			return false
		}
		return true
	}
	var page OrderPage
	err := s.read(func(txn *memdb.Txn) error {
		pid, err := reachPromoterTxn(txn, appid, q.OpenID)
		if err != nil {
			return err
		}
		page.Orders, page.TotalCnt, err = pageRowsTxn(txn, tableOrders, appid, pid, q.StartID, match)
		return err
	})
	if err != nil {
		return OrderPage{}, err
	}
	if len(page.Orders) == 0 {
		return OrderPage{}, ErrDataNotExist
	}
	page.StartID = page.Orders[len(page.Orders)-1].ID
	if q.NeedUnionID {
		for i := range page.Orders {
			page.Orders[i].Reach.toUnionIDs()
		}
	}
	return page, nil
}

// reachPromoterTxn finds the promoter a getrelation or getorder names and
// returns its id.
func reachPromoterTxn(txn *memdb.Txn, appid, openid string) (uint64, error) {
	switch {
	case openid == "":
		return 0, ErrParamInvalid
	case !ValidOpenID(openid):
		return 0, ErrOpenIDInvalid
	}
	p, err := findPromoterTxn(txn, appid, openid)
	if err != nil {
		return 0, err
	}
	if p == nil {
		return 0, ErrDataNotExist
	}
	return p.ID, nil
}

func (r *Reach) toUnionIDs() {
	r.PromoterOpenID = UnionIDOf(r.PromoterOpenID)
	r.OpenID = UnionIDOf(r.OpenID)
}

// reachRow is a row of the relations or orders table.
type reachRow interface {
	Relation | Order
}

// rowKey returns the promoter and the id of a reach row.
func rowKey(raw any) (appid string, promoterID, id uint64) {
	switch r := raw.(type) {
	case *Relation:
		return r.AppID, r.PromoterID, r.ID
	case *Order:
		return r.AppID, r.PromoterID, r.ID
	}
	return "", 0, 0
}

// pageRowsTxn walks one promoter's rows of table in id order in one pass:
// it counts every row that matches and keeps those past startID, at most a
// page of them.
func pageRowsTxn[T reachRow](txn *memdb.Txn, table, appid string, pid, startID uint64, match func(*T) bool) ([]T, int, error) {
	it, err := txn.LowerBound(table, indexPromoter, appid, pid, uint64(0))
	if err != nil {
		return nil, 0, err
	}
	var rows []T
	total := 0
	for raw := it.Next(); raw != nil; raw = it.Next() {
		a, p, id := rowKey(raw)
		if a != appid || p != pid {
			break
		}
		row := raw.(*T)
		if !match(row) {
			continue
		}
		total++
		if id > startID && len(rows) < ReachPageSize {
			rows = append(rows, *row)
		}
	}
	return rows, total, nil
}
