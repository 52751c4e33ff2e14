package sim

import (
	"cmp"
	"fmt"

	memdb "github.com/hashicorp/go-memdb"
)

// Defaults of a reach whose admin call leaves them out.
const (
	// DefaultReachPath is the page a shared card opens when none is named.
	DefaultReachPath = "pages/index/index"
	// DefaultReachScene is 1007, "单人聊天会话中的小程序消息卡片": a
	// promoter shared the mini program into a chat and the user opened it
	// (WeChat's scene list).
	DefaultReachScene = 1007
)

// ItemError is an item of an admin batch that was refused: its index, the
// catalogue error that classifies it (ErrDataNotExist for an unknown
// promoter or relation, ErrPromoterNotReady, ErrCountLimit, or a parameter
// error), and what was wrong. A batch with an ItemError stores nothing.
type ItemError struct {
	Index  int
	Err    *APIError
	Reason string
}

// Error implements error.
func (e *ItemError) Error() string { return fmt.Sprintf("item %d: %s", e.Index, e.Reason) }

// Unwrap lets errors.Is match the catalogue error.
func (e *ItemError) Unwrap() error { return e.Err }

// batchSizeError refuses a batch of n items, too few or too many.
func batchSizeError(n int) error {
	return fmt.Errorf("want 1 to %d items, got %d: %w", MaxReachBatch, n, ErrParamInvalid)
}

func itemErr(i int, err *APIError, format string, args ...any) *ItemError {
	return &ItemError{Index: i, Err: err, Reason: fmt.Sprintf(format, args...)}
}

// RelationInput is one reach to record. Nil fields take their defaults.
type RelationInput struct {
	// PromoterOpenID names the promoter by openid or unionid; SharePath, a
	// share_path getsharematerial answered, names it by its material.
	PromoterOpenID string
	SharePath      *string
	OpenID         *string // the user; nil: a new openid
	Path           *string // nil: DefaultReachPath
	Scene          *uint32 // nil: DefaultReachScene
	CreateTime     *int64  // nil: now
	ShareExtraInfo *string
}

// AddRelations records reaches, as users opening a promoter's share would:
// 1 to 1,000 items, all stored or none. The promoter must be declared and
// authorized (a user cannot reach the mini program through a promoter
// that is not bound), and its role, store and extra_info are copied.
// It returns the rows stored, in item order.
func (s *Sim) AddRelations(appid string, items []RelationInput) ([]Relation, error) {
	if len(items) == 0 || len(items) > MaxReachBatch {
		return nil, batchSizeError(len(items))
	}
	var out []Relation
	err := s.write(func(txn *memdb.Txn) error {
		out = make([]Relation, 0, len(items))
		cnt, err := countersTxn(txn, appid)
		if err != nil {
			return err
		}
		now := s.Now().Unix()
		for i, it := range items {
			reach, err := s.resolveReachTxn(txn, appid, i, it, now)
			if err != nil {
				return err
			}
			if cnt.RelationCount >= s.caps.relations {
				return itemErr(i, ErrCountLimit, "the app holds %d relations, the most it may", s.caps.relations)
			}
			r := &Relation{AppID: appid, ID: cnt.NextRelationID, Reach: reach}
			cnt.NextRelationID++
			cnt.RelationCount++
			if err := txn.Insert(tableRelations, r); err != nil {
				return err
			}
			out = append(out, *r)
		}
		return txn.Insert(tableCounters, cnt)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// resolveReachTxn builds the reach of item i: it finds the promoter, checks
// that it is bound, and fills the defaults. It is the one place where a
// reach's promoter and share_extra_info are settled: another way to name
// them, such as the share_path of a getsharematerial answer (which names a
// share material, hence its promoter and extra_info), belongs here.
func (s *Sim) resolveReachTxn(txn *memdb.Txn, appid string, i int, in RelationInput, now int64) (Reach, error) {
	if err := checkReachInput(i, in, now); err != nil {
		return Reach{}, err
	}
	p, m, err := reachTargetTxn(txn, appid, in)
	if err != nil {
		return Reach{}, err
	}
	switch {
	case in.SharePath != nil && m == nil:
		return Reach{}, itemErr(i, ErrDataNotExist, "share_path %q names no share material of app %s", *in.SharePath, appid)
	case m != nil && *in.SharePath != m.SharePath():
		// Only the share_path as getsharematerial answered it names the
		// material: its page and parameters are the material's own.
		return Reach{}, itemErr(i, ErrDataNotExist, "share_path %q is not the share_path of a share material of app %s", *in.SharePath, appid)
	case m != nil && in.PromoterOpenID != "" && (p == nil || p.ID != m.PromoterID):
		return Reach{}, itemErr(i, ErrParamInvalid, "promoter_openid and share_path name different promoters")
	case m != nil && m.ExpiresAt <= cmp.Or(ptrValue(in.CreateTime), now):
		// The material is valid for 30 days: a user who opens it later
		// reaches nobody's promotion (the promote_date page: "推广素材有效期
		// 为30天，过期后请重新获取").
		return Reach{}, itemErr(i, ErrShareExpired, "the share material of share_path %q expired at %d", *in.SharePath, m.ExpiresAt)
	case m != nil:
		if p, err = first[Promoter](txn, tablePromoters, indexID, appid, m.PromoterID); err != nil {
			return Reach{}, err
		}
		in.PromoterOpenID = m.OpenID
		if in.Path == nil {
			in.Path = in.SharePath
		}
		if in.ShareExtraInfo == nil {
			in.ShareExtraInfo = &m.ExtraInfo
		}
	}
	if p == nil {
		return Reach{}, itemErr(i, ErrDataNotExist, "no promoter %s in app %s", in.PromoterOpenID, appid)
	}
	if !bound(p) {
		return Reach{}, itemErr(i, ErrPromoterNotReady, "promoter %s is not declared and authorized (decl_status %d, auth_status %d)",
			in.PromoterOpenID, p.DeclStatus, p.AuthStatus)
	}
	r := Reach{
		PromoterID: p.ID, PromoterOpenID: p.OpenID, RoleID: p.RoleID, RetailID: p.RetailID, ExtraInfo: p.ExtraInfo,
		Path: DefaultReachPath, Scene: DefaultReachScene, CreateTime: now,
	}
	if in.OpenID != nil {
		r.OpenID = *in.OpenID
	} else {
		r.OpenID = "o" + s.rnd.String(27, alphaToken)
	}
	setIf(&r.Path, in.Path)
	setIf(&r.Scene, in.Scene)
	setIf(&r.CreateTime, in.CreateTime)
	setIf(&r.ShareExtraInfo, in.ShareExtraInfo)
	return r, nil
}

// checkReachInput applies the field rules of a reach.
func checkReachInput(i int, in RelationInput, now int64) error {
	switch {
	case in.PromoterOpenID == "" && in.SharePath == nil:
		return itemErr(i, ErrParamInvalid, "promoter_openid or share_path is missing")
	case in.PromoterOpenID != "" && !ValidOpenID(in.PromoterOpenID):
		return itemErr(i, ErrOpenIDInvalid, "promoter_openid %q is not an openid or unionid", in.PromoterOpenID)
	case in.OpenID != nil && !ValidOpenID(*in.OpenID):
		return itemErr(i, ErrOpenIDInvalid, "openid %q is not an openid", *in.OpenID)
	case in.Path != nil && *in.Path == "":
		return itemErr(i, ErrParamInvalid, "path is empty")
	case in.Path != nil && len(*in.Path) > MaxPathBytes:
		return itemErr(i, ErrParamTooLong, "path is longer than %d bytes", MaxPathBytes)
	case in.Scene != nil && (*in.Scene == 0 || *in.Scene > MaxScene):
		return itemErr(i, ErrParamInvalid, "scene must be 1 to %d", MaxScene)
	case in.CreateTime != nil && (*in.CreateTime <= 0 || *in.CreateTime > now):
		return itemErr(i, ErrParamInvalid, "create_time %d must be above 0 and not after now (%d)", *in.CreateTime, now)
	case in.ShareExtraInfo != nil && len(*in.ShareExtraInfo) > MaxShareExtraInfoBytes:
		return itemErr(i, ErrParamTooLong, "share_extra_info is longer than %d bytes", MaxShareExtraInfoBytes)
	}
	return nil
}

// reachTargetTxn finds the promoter a reach names, by promoter_openid, and
// the share material its share_path names, if any; either may be nil.
func reachTargetTxn(txn *memdb.Txn, appid string, in RelationInput) (*Promoter, *ShareMaterial, error) {
	var m *ShareMaterial
	if in.SharePath != nil {
		var err error
		if m, err = first[ShareMaterial](txn, tableShares, indexID, ShareCodeOf(*in.SharePath)); err != nil {
			return nil, nil, err
		}
		if m != nil && m.AppID != appid {
			m = nil
		}
	}
	if in.PromoterOpenID == "" {
		if m == nil {
			return nil, nil, nil
		}
		p, err := first[Promoter](txn, tablePromoters, indexID, appid, m.PromoterID)
		return p, m, err
	}
	p, err := findPromoterTxn(txn, appid, in.PromoterOpenID)
	return p, m, err
}

func ptrValue[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}
