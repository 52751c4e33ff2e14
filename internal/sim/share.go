package sim

import (
	"strings"

	memdb "github.com/hashicorp/go-memdb"
)

// Share types of getsharematerial: 0 all three, 1 the short link (tag), 2
// the path with parameters, 3 the mini program code (WeChat's promote_date
// page).
const (
	ShareAll    = 0
	ShareTag    = 1
	SharePath   = 2
	ShareQRCode = 3
)

// DefaultShareTitle is the title of a material that names none ("默认为推广
// 活动页", the promote_date page).
const DefaultShareTitle = "推广活动页"

// ShareRequest is getsharematerial's input.
type ShareRequest struct {
	Path       string
	OpenID     string // the promoter's openid or unionid
	ExtraInfo  string
	Title      string
	ShareType  int
	EnvVersion string // release (""), develop or trial
}

// envVersion reports whether v is a version a material may open; "only
// the short link can open develop and trial" ("仅短链支持跳转开发版/体验版").
func envVersion(v string) bool { return v == "release" || v == "develop" || v == "trial" }

// ShareMaterialFor answers getsharematerial: the promoter's material for
// r.Path, valid for ShareMaterialDays days of the virtual clock. The same
// request within that time answers the same material; after it, a new
// one. A develop or trial env_version counts for the short link alone; the
// path and the code open the release version. Errors: 103001 a missing
// path or openid, an unknown share_type or env_version; 103002 a path
// (MaxSharePathBytes), extra_info (80 bytes) or title (20 bytes) too long;
// 103004 risky text; 103007 an openid of the wrong shape; 103006 unless
// the promoter is declared and authorized (REFERENCE.md); 103005 when the
// app already holds MaxShareMaterials unexpired materials.
func (s *Sim) ShareMaterialFor(appid string, r ShareRequest) (ShareMaterial, error) {
	if r.Title == "" {
		r.Title = DefaultShareTitle
	}
	if r.EnvVersion == "" {
		r.EnvVersion = "release"
	}
	switch {
	case r.Path == "" || r.OpenID == "" || r.ShareType < ShareAll || r.ShareType > ShareQRCode || !envVersion(r.EnvVersion):
		return ShareMaterial{}, ErrParamInvalid
	case len(r.Path) > MaxSharePathBytes || len(r.ExtraInfo) > MaxExtraInfoBytes || len(r.Title) > MaxShareTitleBytes:
		return ShareMaterial{}, ErrParamTooLong
	case risky(r.Path, r.ExtraInfo, r.Title):
		return ShareMaterial{}, ErrParamRisky
	case !ValidOpenID(r.OpenID):
		return ShareMaterial{}, ErrOpenIDInvalid
	}
	var out ShareMaterial
	err := s.write(func(txn *memdb.Txn) error {
		p, err := findPromoterTxn(txn, appid, r.OpenID)
		if err != nil {
			return err
		}
		if p == nil || !bound(p) {
			return ErrDataNotExist
		}
		now := s.Now().Unix()
		held, err := all[ShareMaterial](txn, tableShares, indexPromoter, appid, p.ID)
		if err != nil {
			return err
		}
		for _, m := range held {
			if m.ExpiresAt > now && m.Path == r.Path && m.ExtraInfo == r.ExtraInfo && m.Title == r.Title && m.EnvVersion == r.EnvVersion {
				out = *m
				return nil
			}
		}
		if err := pruneSharesTxn(txn, appid, now); err != nil {
			return err
		}
		code, err := s.newShareCodeTxn(txn)
		if err != nil {
			return err
		}
		out = ShareMaterial{AppID: appid, Code: code, PromoterID: p.ID, OpenID: p.OpenID, Path: r.Path,
			ExtraInfo: r.ExtraInfo, Title: r.Title, EnvVersion: r.EnvVersion,
			CreatedAt: now, ExpiresAt: now + ShareMaterialDays*86400}
		return txn.Insert(tableShares, &out)
	})
	return out, err
}

// pruneSharesTxn makes room for one more material: it forgets the app's
// expired materials once MaxShareMaterials are held, and answers 103005
// when all of them are still valid.
func pruneSharesTxn(txn *memdb.Txn, appid string, now int64) error {
	held, err := all[ShareMaterial](txn, tableShares, indexApp, appid)
	if err != nil || len(held) < MaxShareMaterials {
		return err
	}
	n := len(held)
	for _, m := range held {
		if m.ExpiresAt <= now {
			if err := txn.Delete(tableShares, m); err != nil {
				return err
			}
			n--
		}
	}
	if n >= MaxShareMaterials {
		return ErrCountLimit
	}
	return nil
}

// shareCodeAlphabet spells material codes: letters and digits, as short
// links are.
const shareCodeAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

// newShareCodeTxn draws a code that no material holds.
func (s *Sim) newShareCodeTxn(txn *memdb.Txn) (string, error) {
	for {
		code := s.rnd.String(ShareCodeLen, shareCodeAlphabet)
		m, err := first[ShareMaterial](txn, tableShares, indexID, code)
		if err != nil || m == nil {
			return code, err
		}
	}
}

// ShareParam is the query parameter by which a share_path names its
// material. WeChat's pages do not say what the path with parameters
// ("带参path") holds; wxmock adds one parameter of its own, so that a
// relation can name the material a user came through.
const ShareParam = "promoter_share"

// SharePath is the material's path with parameters: its path with the
// material's code added to the query.
func (m *ShareMaterial) SharePath() string {
	sep := "?"
	if strings.Contains(m.Path, "?") {
		sep = "&"
	}
	return m.Path + sep + ShareParam + "=" + m.Code
}

// ShareCodeOf returns the material code a share_path names, or "".
func ShareCodeOf(sharePath string) string {
	_, query, _ := strings.Cut(sharePath, "?")
	for _, kv := range strings.Split(query, "&") {
		if code, ok := strings.CutPrefix(kv, ShareParam+"="); ok {
			return code
		}
	}
	return ""
}

// ErrShareExpired is a share material past its 30 days; WeChat treats it as
// data that no longer exists, hence the code of ErrDataNotExist.
var ErrShareExpired = &APIError{ErrDataNotExist.Code, ErrDataNotExist.Msg}
