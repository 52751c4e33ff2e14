package sim

import (
	memdb "github.com/hashicorp/go-memdb"
)

// OrderInput is one order to store, or to replace when the app holds its
// trade_no already. A new order names its reach by RelationID or by Reach;
// a replacement keeps the reach it has, and a reach it names must be that
// one. Nil fields take their defaults: for a new order status 1, paid_time
// now and refunded_time now; for a replacement the values it had.
type OrderInput struct {
	RelationID   uint64         // 0: none
	Reach        *RelationInput // nil: none
	MchID        string
	OutTradeNo   string
	TradeNo      string // "": a new transaction id, 28 digits starting with 4200
	Status       *int
	PaidAmount   *int64 // fen; required for a new order
	PaidTime     *int64
	RefundedTime *int64 // status 2 only
}

// PutOrders stores orders paid by users who reached the mini program
// through a promoter: 1 to 1,000 items, all stored or none. An item whose
// trade_no the app holds replaces that order and keeps its id, which is how
// a refund is simulated: the same trade_no with status 2. A replacement may
// not change the order's reach, mch_id or out_trade_no (a WeChat Pay
// transaction belongs to one merchant order), nor take a refunded order
// back to paid (a refund once accepted is final). Items apply in order, so
// one call may pay and refund the same trade_no. It returns each item's
// order as stored after that item.
func (s *Sim) PutOrders(appid string, items []OrderInput) ([]Order, error) {
	if len(items) == 0 || len(items) > MaxReachBatch {
		return nil, batchSizeError(len(items))
	}
	var out []Order
	err := s.write(func(txn *memdb.Txn) error {
		out = make([]Order, 0, len(items))
		cnt, err := countersTxn(txn, appid)
		if err != nil {
			return err
		}
		now := s.Now().Unix()
		for i, it := range items {
			if err := checkOrderInput(i, it, now); err != nil {
				return err
			}
			var old *Order
			if it.TradeNo != "" {
				if old, err = first[Order](txn, tableOrders, indexTradeNo, appid, it.TradeNo); err != nil {
					return err
				}
			}
			var o *Order
			if old != nil {
				o, err = replaceOrderTxn(txn, appid, i, it, old, now)
			} else {
				if cnt.OrderCount >= s.caps.orders {
					return itemErr(i, ErrCountLimit, "the app holds %d orders, the most it may", s.caps.orders)
				}
				o, err = s.newOrderTxn(txn, appid, i, it, now)
				if err == nil {
					o.ID = cnt.NextOrderID
					cnt.NextOrderID++
					cnt.OrderCount++
				}
			}
			if err != nil {
				return err
			}
			if err := checkOrderTimes(i, o); err != nil {
				return err
			}
			if err := txn.Insert(tableOrders, o); err != nil {
				return err
			}
			out = append(out, *o)
		}
		return txn.Insert(tableCounters, cnt)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// checkOrderInput applies the field rules of an order that need no state.
func checkOrderInput(i int, in OrderInput, now int64) error {
	switch {
	case in.RelationID != 0 && in.Reach != nil:
		return itemErr(i, ErrParamInvalid, "name the reach by relation_id or by promoter_openid and its fields, not both")
	case in.MchID == "" || in.OutTradeNo == "":
		return itemErr(i, ErrParamInvalid, "mch_id and out_trade_no are required")
	case len(in.MchID) > MaxMchIDBytes || len(in.OutTradeNo) > MaxOutTradeNoBytes || len(in.TradeNo) > MaxTradeNoBytes:
		return itemErr(i, ErrParamTooLong, "mch_id, trade_no and out_trade_no are at most %d bytes", MaxTradeNoBytes)
	case in.Status != nil && *in.Status != OrderPaid && *in.Status != OrderRefunded:
		return itemErr(i, ErrParamInvalid, "status must be 1 (paid) or 2 (refund accepted)")
	case in.PaidAmount != nil && (*in.PaidAmount <= 0 || *in.PaidAmount > MaxPaidAmount):
		return itemErr(i, ErrParamInvalid, "paid_amount must be 1 to %d fen", MaxPaidAmount)
	case in.PaidTime != nil && (*in.PaidTime <= 0 || *in.PaidTime > now):
		return itemErr(i, ErrParamInvalid, "paid_time %d must be above 0 and not after now (%d)", *in.PaidTime, now)
	case in.RefundedTime != nil && (*in.RefundedTime <= 0 || *in.RefundedTime > now):
		return itemErr(i, ErrParamInvalid, "refunded_time %d must be above 0 and not after now (%d)", *in.RefundedTime, now)
	}
	if in.Reach != nil {
		return checkReachInput(i, *in.Reach, now)
	}
	return nil
}

// checkOrderTimes holds an order's times in their order: reached, paid,
// refunded.
func checkOrderTimes(i int, o *Order) error {
	switch {
	case o.PaidTime < o.CreateTime:
		return itemErr(i, ErrParamInvalid, "paid_time %d is before the reach (create_time %d)", o.PaidTime, o.CreateTime)
	case o.Status == OrderRefunded && o.RefundedTime < o.PaidTime:
		return itemErr(i, ErrParamInvalid, "refunded_time %d is before paid_time %d", o.RefundedTime, o.PaidTime)
	}
	return nil
}

// newOrderTxn builds a new order; its id is the caller's to assign.
func (s *Sim) newOrderTxn(txn *memdb.Txn, appid string, i int, in OrderInput, now int64) (*Order, error) {
	if in.PaidAmount == nil {
		return nil, itemErr(i, ErrParamInvalid, "paid_amount is required for a new order")
	}
	o := &Order{AppID: appid, MchID: in.MchID, OutTradeNo: in.OutTradeNo, TradeNo: in.TradeNo,
		Status: OrderPaid, PaidAmount: *in.PaidAmount, PaidTime: now}
	setIf(&o.Status, in.Status)
	setIf(&o.PaidTime, in.PaidTime)
	switch {
	case in.RelationID != 0:
		rel, err := first[Relation](txn, tableRelations, indexID, appid, in.RelationID)
		if err != nil {
			return nil, err
		}
		if rel == nil {
			return nil, itemErr(i, ErrDataNotExist, "no relation %d in app %s", in.RelationID, appid)
		}
		o.Reach = rel.Reach
	case in.Reach != nil:
		r := *in.Reach
		if r.CreateTime == nil {
			// The user reached the mini program and paid in one visit.
			r.CreateTime = &o.PaidTime
		}
		reach, err := s.resolveReachTxn(txn, appid, i, r, now)
		if err != nil {
			return nil, err
		}
		o.Reach = reach
	default:
		return nil, itemErr(i, ErrParamInvalid, "a new order needs relation_id or promoter_openid")
	}
	if err := setRefund(i, o, in, nil, now); err != nil {
		return nil, err
	}
	for o.TradeNo == "" {
		no := "4200" + s.rnd.String(24, alphaDigits)
		held, err := first[Order](txn, tableOrders, indexTradeNo, appid, no)
		if err != nil {
			return nil, err
		}
		if held == nil {
			o.TradeNo = no
		}
	}
	return o, nil
}

// replaceOrderTxn merges an item into the order old, whose trade_no it
// names.
func replaceOrderTxn(txn *memdb.Txn, appid string, i int, in OrderInput, old *Order, now int64) (*Order, error) {
	if in.MchID != old.MchID || in.OutTradeNo != old.OutTradeNo {
		return nil, itemErr(i, ErrParamInvalid, "trade_no %s belongs to mch_id %s and out_trade_no %s; they cannot change",
			old.TradeNo, old.MchID, old.OutTradeNo)
	}
	if in.RelationID != 0 {
		rel, err := first[Relation](txn, tableRelations, indexID, appid, in.RelationID)
		if err != nil {
			return nil, err
		}
		if rel == nil {
			return nil, itemErr(i, ErrDataNotExist, "no relation %d in app %s", in.RelationID, appid)
		}
		if rel.Reach != old.Reach {
			return nil, itemErr(i, ErrParamInvalid, "order %s keeps its reach; relation %d is another", old.TradeNo, in.RelationID)
		}
	}
	if in.Reach != nil {
		same, err := sameReachTxn(txn, appid, *in.Reach, &old.Reach)
		if err != nil {
			return nil, err
		}
		if !same {
			return nil, itemErr(i, ErrParamInvalid, "order %s keeps its promoter and reach fields; they cannot change", old.TradeNo)
		}
	}
	o := *old
	setIf(&o.Status, in.Status)
	setIf(&o.PaidAmount, in.PaidAmount)
	setIf(&o.PaidTime, in.PaidTime)
	if old.Status == OrderRefunded && o.Status == OrderPaid {
		return nil, itemErr(i, ErrParamInvalid, "order %s is refunded; a refund once accepted is final", old.TradeNo)
	}
	if err := setRefund(i, &o, in, old, now); err != nil {
		return nil, err
	}
	return &o, nil
}

// setRefund settles refunded_time: given, kept from old, or now for a
// refund; 0 for a paid order, which may not name one.
func setRefund(i int, o *Order, in OrderInput, old *Order, now int64) error {
	switch {
	case o.Status == OrderPaid && in.RefundedTime != nil:
		return itemErr(i, ErrParamInvalid, "refunded_time is only for status 2")
	case o.Status == OrderPaid:
		o.RefundedTime = 0
	case in.RefundedTime != nil:
		o.RefundedTime = *in.RefundedTime
	case old != nil && old.Status == OrderRefunded:
		o.RefundedTime = old.RefundedTime
	default:
		o.RefundedTime = now
	}
	return nil
}

// sameReachTxn reports whether the reach fields of in, as far as they are
// given, are those of r.
func sameReachTxn(txn *memdb.Txn, appid string, in RelationInput, r *Reach) (bool, error) {
	p, _, err := reachTargetTxn(txn, appid, in)
	if err != nil || p == nil || p.ID != r.PromoterID {
		return false, err
	}
	return (in.OpenID == nil || *in.OpenID == r.OpenID) &&
		(in.Path == nil || *in.Path == r.Path) &&
		(in.Scene == nil || *in.Scene == r.Scene) &&
		(in.CreateTime == nil || *in.CreateTime == r.CreateTime) &&
		(in.ShareExtraInfo == nil || *in.ShareExtraInfo == r.ShareExtraInfo), nil
}
