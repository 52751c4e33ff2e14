package sim

import (
	"errors"
	"fmt"
)

// loadReach loads the reach records and orders. Each row must belong to a
// promoter of its app, named by id with the openid it was declared with,
// and hold what AddRelations and PutOrders would have stored.
func (l *loader) loadReach(st *State) error {
	for i := range st.Relations {
		r := st.Relations[i]
		if err := l.checkReach(r.AppID, r.ID, maxRelationID, &r.Reach); err != nil {
			return fmt.Errorf("relations[%d]: %w", i, err)
		}
		if err := l.insertNew(tableRelations, &r, r.AppID, r.ID); err != nil {
			return fmt.Errorf("relations[%d]: %w", i, err)
		}
		c := l.counters[r.AppID]
		c.NextRelationID = max(c.NextRelationID, r.ID+1)
		if c.RelationCount++; c.RelationCount > l.caps.relations {
			return fmt.Errorf("relations[%d]: app %s holds more than %d relations", i, r.AppID, l.caps.relations)
		}
	}
	for i := range st.Orders {
		o := st.Orders[i]
		if err := l.checkReach(o.AppID, o.ID, maxOrderID, &o.Reach); err != nil {
			return fmt.Errorf("orders[%d]: %w", i, err)
		}
		if err := l.checkOrder(&o); err != nil {
			return fmt.Errorf("orders[%d]: %w", i, err)
		}
		if err := l.insertNew(tableOrders, &o, o.AppID, o.ID); err != nil {
			return fmt.Errorf("orders[%d]: %w", i, err)
		}
		c := l.counters[o.AppID]
		c.NextOrderID = max(c.NextOrderID, o.ID+1)
		if c.OrderCount++; c.OrderCount > l.caps.orders {
			return fmt.Errorf("orders[%d]: app %s holds more than %d orders", i, o.AppID, l.caps.orders)
		}
	}
	return nil
}

// checkReach checks the reach of a row with id in app appid.
func (l *loader) checkReach(appid string, id, maxID uint64, r *Reach) error {
	if !l.apps[appid] {
		return fmt.Errorf("unknown appid %q", appid)
	}
	if id == 0 || id >= maxID {
		return fmt.Errorf("needs an id from 1 to below %d", maxID)
	}
	p, err := first[Promoter](l.txn, tablePromoters, indexID, appid, r.PromoterID)
	if err != nil {
		return err
	}
	if p == nil || p.OpenID != r.PromoterOpenID {
		return fmt.Errorf("promoter_id %d with promoter_openid %q is no promoter of app %s", r.PromoterID, r.PromoterOpenID, appid)
	}
	if ok, err := roleExistsTxn(l.txn, appid, r.RoleID); err != nil || !ok {
		return fmt.Errorf("unknown role_id %d", r.RoleID)
	}
	switch {
	case checkFields(&r.RetailID, &r.ExtraInfo, nil, nil) != nil:
		return fmt.Errorf("retail_id is at most %d bytes and extra_info at most %d", MaxRetailIDBytes, MaxExtraInfoBytes)
	case !ValidOpenID(r.OpenID):
		return fmt.Errorf("openid %q is not an openid", r.OpenID)
	case r.CreateTime <= 0:
		return errors.New("create_time must be above 0")
	case r.Path == "" || len(r.Path) > MaxPathBytes:
		return fmt.Errorf("path must be 1 to %d bytes", MaxPathBytes)
	case r.Scene == 0 || r.Scene > MaxScene:
		return fmt.Errorf("scene must be 1 to %d", MaxScene)
	case len(r.ShareExtraInfo) > MaxShareExtraInfoBytes:
		return fmt.Errorf("share_extra_info is at most %d bytes", MaxShareExtraInfoBytes)
	}
	return nil
}

// checkOrder checks an order's own fields and that its trade_no is new in
// its app.
func (l *loader) checkOrder(o *Order) error {
	switch {
	case o.MchID == "" || len(o.MchID) > MaxMchIDBytes,
		o.TradeNo == "" || len(o.TradeNo) > MaxTradeNoBytes,
		o.OutTradeNo == "" || len(o.OutTradeNo) > MaxOutTradeNoBytes:
		return fmt.Errorf("mch_id, trade_no and out_trade_no must be 1 to %d bytes", MaxTradeNoBytes)
	case o.Status != OrderPaid && o.Status != OrderRefunded:
		return errors.New("status must be 1 or 2")
	case o.PaidAmount <= 0 || o.PaidAmount > MaxPaidAmount:
		return fmt.Errorf("paid_amount must be 1 to %d", MaxPaidAmount)
	case o.PaidTime < o.CreateTime:
		return errors.New("paid_time is before create_time")
	case o.Status == OrderPaid && o.RefundedTime != 0:
		return errors.New("refunded_time is only for status 2")
	case o.Status == OrderRefunded && o.RefundedTime < o.PaidTime:
		return errors.New("refunded_time is before paid_time")
	}
	held, err := first[Order](l.txn, tableOrders, indexTradeNo, o.AppID, o.TradeNo)
	if err != nil {
		return err
	}
	if held != nil {
		return fmt.Errorf("trade_no %s listed twice in app %s", o.TradeNo, o.AppID)
	}
	return nil
}
