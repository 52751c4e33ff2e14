package sim

import (
	memdb "github.com/hashicorp/go-memdb"
)

// PromoterInput is one item of an addpromoter batch. RoleID 0 stands for a
// role_id that is missing or not a valid uint32.
type PromoterInput struct {
	OpenID    string
	RoleID    uint32
	RetailID  string
	ExtraInfo string
	Name      string
	Phone     string
}

// ItemFailure is an item of a batch that was not applied, by its index.
type ItemFailure struct {
	Index int
	Err   *APIError
}

// AddResult is addpromoter's outcome.
type AddResult struct {
	TotalCnt int // promoters declared in the app after the call
	Failed   []ItemFailure
}

// checkFields applies the byte-length rules shared by add and update.
func checkFields(retailID, extraInfo, name, phone *string) *APIError {
	for _, f := range []struct {
		v   *string
		max int
	}{{retailID, MaxRetailIDBytes}, {extraInfo, MaxExtraInfoBytes}, {name, MaxNameBytes}, {phone, MaxPhoneBytes}} {
		if f.v != nil && len(*f.v) > f.max {
			return ErrParamTooLong
		}
	}
	return nil
}

// AddPromoters answers addpromoter. At most 10 items; each is declared or
// fails on its own: 103001 missing openid or unknown role, 103007 an openid
// of the wrong shape, 103002 a field too long, 103003 an openid (or its
// unionid) already held, 103005 once the app holds 50,000 declared or
// 100,000 promoters. When the app is at a cap before the call, the whole
// request is answered 103005.
func (s *Sim) AddPromoters(appid string, items []PromoterInput) (AddResult, error) {
	if len(items) == 0 || len(items) > MaxPromotersPerBatch {
		return AddResult{}, ErrParamInvalid
	}
	var res AddResult
	err := s.write(func(txn *memdb.Txn) error {
		res = AddResult{}
		cnt, err := countersTxn(txn, appid)
		if err != nil {
			return err
		}
		if cnt.Declared >= MaxDeclared || cnt.Records >= MaxRecords {
			return ErrCountLimit
		}
		now := s.Now().Unix()
		seen := make(map[string]bool, len(items)*2)
		roles := map[uint32]bool{}
		ix, err := openIDIndexTxn(txn, appid)
		if err != nil {
			return err
		}
		admitted := make([]*Promoter, 0, len(items))
		for i, it := range items {
			p, fail, err := s.admitTxn(txn, appid, it, ix, cnt, seen, roles)
			if err != nil {
				return err
			}
			if fail != nil {
				res.Failed = append(res.Failed, ItemFailure{Index: i, Err: fail})
				continue
			}
			p.ID, p.UpdateTime = cnt.NextPromoterID, now
			cnt.NextPromoterID++
			cnt.Records++
			cnt.Declared++
			admitted = append(admitted, p)
		}
		// Writes only from here on. go-memdb serves a read of an index that
		// this transaction changed from a clone, which drops the radix
		// nodes the transaction has already copied: reads between the
		// inserts made each insert copy its whole path again.
		if err := insertAdmittedTxn(txn, appid, ix, admitted); err != nil {
			return err
		}
		res.TotalCnt = cnt.Declared
		return txn.Insert(tableCounters, cnt)
	})
	return res, err
}

// admitTxn checks one addpromoter item; it returns the promoter to
// insert, or the item's failure. It only reads: the checks are against the
// state before the batch (ix is the app's openid index then), and seen
// holds the openids and unionids the batch declared before this item.
//
// roles caches, for the batch, whether each role_id exists: most batches
// name one role for every item.
func (s *Sim) admitTxn(txn *memdb.Txn, appid string, it PromoterInput, ix *openIDIndex, cnt *Counters, seen map[string]bool, roles map[uint32]bool) (*Promoter, *APIError, error) {
	switch {
	case it.OpenID == "":
		return nil, ErrParamInvalid, nil
	case !ValidOpenID(it.OpenID):
		return nil, ErrOpenIDInvalid, nil
	}
	if e := checkFields(&it.RetailID, &it.ExtraInfo, &it.Name, &it.Phone); e != nil {
		return nil, e, nil
	}
	ok, known := roles[it.RoleID]
	if !known {
		var err error
		if ok, err = roleExistsTxn(txn, appid, it.RoleID); err != nil {
			return nil, nil, err
		}
		roles[it.RoleID] = ok
	}
	if !ok {
		return nil, ErrParamInvalid, nil
	}
	union, open := UnionIDOf(it.OpenID), OpenIDOf(it.OpenID)
	if seen[it.OpenID] || seen[union] || seen[open] {
		return nil, ErrDataExists, nil
	}
	if ix.idOf(it.OpenID, open, union) != 0 {
		return nil, ErrDataExists, nil
	}
	if cnt.Declared >= MaxDeclared || cnt.Records >= MaxRecords {
		return nil, ErrCountLimit, nil
	}
	seen[it.OpenID], seen[union] = true, true
	return &Promoter{
		AppID: appid, OpenID: it.OpenID, RoleID: it.RoleID,
		RetailID: it.RetailID, ExtraInfo: it.ExtraInfo, Name: it.Name, Phone: it.Phone,
		AuthStatus: AuthNone, DeclStatus: DeclDeclared,
	}, nil, nil
}

// findPromoterTxn finds a promoter of the app by openid or by unionid: one
// declared as id; one whose unionid is id (declared as OpenIDOf(id)); or one
// declared by the unionid of id.
func findPromoterTxn(txn *memdb.Txn, appid, id string) (*Promoter, error) {
	ix, err := openIDIndexTxn(txn, appid)
	if err != nil {
		return nil, err
	}
	if pid := ix.idOf(id, OpenIDOf(id), UnionIDOf(id)); pid != 0 {
		return first[Promoter](txn, tablePromoters, indexID, appid, pid)
	}
	return nil, nil
}

// PromoterUpdate is updatepromoter's input; nil fields keep their values.
type PromoterUpdate struct {
	ID         uint64
	RoleID     *uint32
	RetailID   *string
	ExtraInfo  *string
	Name       *string
	Phone      *string
	DeclStatus *int
}

// UpdatePromoter answers updatepromoter: 103006 for an unknown id, 103001 for
// an unknown role or a decl_status other than 1 or 2, 103002 for a field too
// long, 103005 when re-declaring would pass 50,000 declared. decl_status 2
// cancels the declaration and 1 restores it; update_time becomes now.
func (s *Sim) UpdatePromoter(appid string, u PromoterUpdate) error {
	if u.DeclStatus != nil && *u.DeclStatus != DeclDeclared && *u.DeclStatus != DeclCancelled {
		return ErrParamInvalid
	}
	if e := checkFields(u.RetailID, u.ExtraInfo, u.Name, u.Phone); e != nil {
		return e
	}
	return s.write(func(txn *memdb.Txn) error {
		p, err := first[Promoter](txn, tablePromoters, indexID, appid, u.ID)
		if err != nil {
			return err
		}
		if p == nil {
			return ErrDataNotExist
		}
		if u.RoleID != nil {
			ok, err := roleExistsTxn(txn, appid, *u.RoleID)
			if err != nil {
				return err
			}
			if !ok {
				return ErrParamInvalid
			}
		}
		c := *p
		setIf(&c.RoleID, u.RoleID)
		setIf(&c.RetailID, u.RetailID)
		setIf(&c.ExtraInfo, u.ExtraInfo)
		setIf(&c.Name, u.Name)
		setIf(&c.Phone, u.Phone)
		setIf(&c.DeclStatus, u.DeclStatus)
		c.UpdateTime = s.Now().Unix()
		if c.DeclStatus != p.DeclStatus {
			cnt, err := countersTxn(txn, appid)
			if err != nil {
				return err
			}
			if c.DeclStatus == DeclDeclared {
				if cnt.Declared >= MaxDeclared {
					return ErrCountLimit
				}
				cnt.Declared++
			} else {
				cnt.Declared--
			}
			if err := txn.Insert(tableCounters, cnt); err != nil {
				return err
			}
		}
		return txn.Insert(tablePromoters, &c)
	})
}

func setIf[T any](dst *T, v *T) {
	if v != nil {
		*dst = *v
	}
}

// Authorize simulates the promoter named by openid (or unionid) accepting
// (1) or cancelling (2) the authorization, or going back to none (0); its
// update_time becomes now. It returns the promoter after the change, and
// ErrDataNotExist when the app holds no such promoter. A promoter whose
// declaration is cancelled cannot accept (ErrPromoterNotReady).
func (s *Sim) Authorize(appid, openid string, status int) (Promoter, error) {
	if status < AuthNone || status > AuthCancelled {
		return Promoter{}, ErrParamInvalid
	}
	return s.changePromoter(appid, openid, func(p *Promoter) error {
		if status == AuthAccepted && p.DeclStatus != DeclDeclared {
			return ErrPromoterNotReady
		}
		p.AuthStatus = status
		p.UpdateTime = s.Now().Unix()
		return nil
	})
}

// changePromoter applies change to a copy of the promoter named by openid
// (or unionid) and stores it, unless change fails. It returns the promoter
// after the change, and ErrDataNotExist when the app holds no such promoter.
func (s *Sim) changePromoter(appid, openid string, change func(p *Promoter) error) (Promoter, error) {
	var out Promoter
	err := s.write(func(txn *memdb.Txn) error {
		p, err := findPromoterTxn(txn, appid, openid)
		if err != nil {
			return err
		}
		if p == nil {
			return ErrDataNotExist
		}
		out = *p
		if err := change(&out); err != nil {
			return err
		}
		return txn.Insert(tablePromoters, &out)
	})
	return out, err
}
