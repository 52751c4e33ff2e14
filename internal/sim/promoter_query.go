package sim

import (
	memdb "github.com/hashicorp/go-memdb"
)

// PromoterQuery is getpromoter's filter. Zero values do not filter, except
// the pointers, where nil does not filter and 0 is a value (auth_status 0 is
// "not authorized").
type PromoterQuery struct {
	OpenID      string // openid or unionid
	RoleID      uint32
	RetailID    string
	BeginTime   int64 // update_time >= BeginTime
	EndTime     int64 // update_time <= EndTime, when not 0
	StartID     uint64
	NeedUnionID bool
	AuthStatus  *int
	DeclStatus  *int
}

// PromoterPage is one page of getpromoter.
type PromoterPage struct {
	Promoters []Promoter
	// TotalCnt counts every promoter that matches the filter, on all pages.
	// The documents call it the total number of promoters and stop paging
	// when it is under 2,000 or a page is empty (103006); a whole-set count
	// keeps both rules true, and a client that computes the number of pages
	// from it is not misled either.
	TotalCnt int
}

func (q *PromoterQuery) match(p *Promoter) bool {
	switch {
	case q.RoleID != 0 && p.RoleID != q.RoleID,
		q.RetailID != "" && p.RetailID != q.RetailID,
		q.BeginTime != 0 && p.UpdateTime < q.BeginTime,
		q.EndTime != 0 && p.UpdateTime > q.EndTime,
		q.AuthStatus != nil && p.AuthStatus != *q.AuthStatus,
		q.DeclStatus != nil && p.DeclStatus != *q.DeclStatus:
		return false
	}
	return true
}

// filtered reports whether q filters beyond paging.
func (q *PromoterQuery) filtered() bool {
	return q.RoleID != 0 || q.RetailID != "" || q.BeginTime != 0 || q.EndTime != 0 ||
		q.AuthStatus != nil || q.DeclStatus != nil
}

// Promoters answers getpromoter: the promoters matching q with an id above
// q.StartID, in id order, at most 2,000; 103006 when the page is empty. The
// next page starts after the largest id of this one ("squeeze the largest id
// into start_id"), so start_id is exclusive. With NeedUnionID the openid
// field carries the unionid ("默认返回openid，填1：返回unionid"; neither SDK
// models a separate unionid field).
func (s *Sim) Promoters(appid string, q PromoterQuery) (PromoterPage, error) {
	var page PromoterPage
	err := s.read(func(txn *memdb.Txn) error {
		if q.OpenID != "" {
			return onePromoterTxn(txn, appid, &q, &page)
		}
		if q.StartID == ^uint64(0) {
			return ErrDataNotExist
		}
		it, err := txn.LowerBound(tablePromoters, indexID, appid, q.StartID+1)
		if err != nil {
			return err
		}
		page.Promoters = make([]Promoter, 0, 64)
		for raw := it.Next(); raw != nil && len(page.Promoters) < PromoterPageSize; raw = it.Next() {
			p := raw.(*Promoter)
			if p.AppID != appid {
				break
			}
			if q.match(p) {
				page.Promoters = append(page.Promoters, *p)
			}
		}
		if len(page.Promoters) == 0 {
			return ErrDataNotExist
		}
		if !q.filtered() {
			cnt, err := countersTxn(txn, appid)
			page.TotalCnt = cnt.Records
			return err
		}
		return countMatchesTxn(txn, appid, &q, &page)
	})
	if err != nil {
		return PromoterPage{}, err
	}
	if q.NeedUnionID {
		for i := range page.Promoters {
			page.Promoters[i].OpenID = UnionIDOf(page.Promoters[i].OpenID)
		}
	}
	return page, nil
}

// onePromoterTxn answers a query by openid or unionid, which names at most
// one promoter.
func onePromoterTxn(txn *memdb.Txn, appid string, q *PromoterQuery, page *PromoterPage) error {
	p, err := findPromoterTxn(txn, appid, q.OpenID)
	if err != nil {
		return err
	}
	if p == nil || p.ID <= q.StartID || !q.match(p) {
		return ErrDataNotExist
	}
	page.Promoters, page.TotalCnt = []Promoter{*p}, 1
	return nil
}

// countMatchesTxn counts the app's promoters that match q.
func countMatchesTxn(txn *memdb.Txn, appid string, q *PromoterQuery, page *PromoterPage) error {
	it, err := txn.LowerBound(tablePromoters, indexID, appid, uint64(0))
	if err != nil {
		return err
	}
	for raw := it.Next(); raw != nil; raw = it.Next() {
		p := raw.(*Promoter)
		if p.AppID != appid {
			break
		}
		if q.match(p) {
			page.TotalCnt++
		}
	}
	return nil
}
