package sim

import (
	"strings"
	"unicode"

	memdb "github.com/hashicorp/go-memdb"
)

// Rules of the merchant's name and intro that the documents state only as
// errcodes (seed 001, §2); the word lists are wxmock's choice, documented in
// README.md, so a client test can reach every errcode on purpose.
var (
	// reservedWords may not appear in a nickname (85033: 不得使用“微信”等保留字).
	reservedWords = []string{"微信", "weixin", "wechat", "腾讯", "tencent", "公众平台", "小程序"}
	// materialWords make a name need the business licence, org_code (85024).
	materialWords = []string{"中国", "中华", "全国", "国际", "官方", "旗舰", "专卖", "集团"}
	// falseIntroWords may not appear in an intro (85036: 虚假的、冒充...).
	falseIntroWords = []string{"冒充", "假冒", "仿冒", "官方授权", "国家级", "第一品牌"}
)

// MaxMerchantModifies is how often modify_merchant may change the head
// image or intro in a China calendar month (85049); WeChat lets a mini
// program change them five times a month.
const MaxMerchantModifies = 5

// maxMediaIDs is how many mediaids qualification_list and other_files take
// ("支持0~5个mediaid").
const maxMediaIDs = 5

// MerchantApplication is apply_merchant's input.
type MerchantApplication struct {
	FirstCatID, SecondCatID uint32
	QualificationList       string
	HeadImgMediaID          string
	Nickname                string
	Intro                   string
	OrgCode                 string
	OtherFiles              string
	Plan                    Plan
}

// nicknameWidth counts a Chinese character as 2 and others as 1 ("中文算两个
// 字符").
func nicknameWidth(s string) int {
	n := 0
	for _, r := range s {
		if r > unicode.MaxASCII {
			n += 2
		} else {
			n++
		}
	}
	return n
}

// checkNickname applies 85030 (length 4 to 30, no special characters) and
// 85033 (reserved words).
func checkNickname(name string) *APIError {
	if w := nicknameWidth(name); w < 4 || w > 30 || strings.TrimSpace(name) != name {
		return ErrNameInvalid
	}
	for _, r := range name {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != ' ' {
			return ErrNameInvalid
		}
	}
	lower := strings.ToLower(name)
	for _, w := range reservedWords {
		if strings.Contains(lower, w) {
			return ErrNameForbidden
		}
	}
	return nil
}

// checkIntro applies 85036.
func checkIntro(intro string) *APIError {
	for _, w := range falseIntroWords {
		if strings.Contains(intro, w) {
			return ErrIntroInvalid
		}
	}
	return nil
}

// mediaListTxn checks a "mediaid1|mediaid2" list (the seed's "mediaid1 或
// mediaid2", where the table lost its "|"): at most five live media of the
// app (85056 otherwise). An empty list is allowed here.
func (s *Sim) mediaListTxn(txn *memdb.Txn, appid, list string, now int64) (int, error) {
	if list == "" {
		return 0, nil
	}
	ids := strings.Split(list, "|")
	if len(ids) > maxMediaIDs {
		return 0, ErrInvalidArgs
	}
	for _, id := range ids {
		m, err := mediaValidTxn(txn, appid, strings.TrimSpace(id), now)
		if err != nil {
			return 0, err
		}
		if m == nil {
			return 0, ErrMediaIDInvalid
		}
	}
	return len(ids), nil
}

// ApplyMerchant answers apply_merchant: 85050 while an audit runs; 43104
// once approved (use modify_merchant); 40097 for categories that are not a
// first-level one and its child; 85056 for a mediaid that is not a live
// upload of this app (the head image must be a jpg or png); 40097 without
// the qualifications a sensitive category needs; 85030 and 85033 for the
// nickname; 85029 when another app's merchant has it; 85024 when it needs
// the business licence (org_code); 85036 for the intro. Then the merchant
// is in audit (status 2) until its audit resolves.
func (s *Sim) ApplyMerchant(appid string, in MerchantApplication) (uint64, error) {
	var auditID uint64
	err := s.write(func(txn *memdb.Txn) error {
		now := s.Now().Unix()
		cur, err := first[Merchant](txn, tableMerchants, indexID, appid)
		if err != nil {
			return err
		}
		if cur != nil && cur.Status == MerchantAuditing {
			return ErrInAudit
		}
		if cur != nil && cur.Status == MerchantApproved {
			return ErrNoPermission
		}
		first, okFirst := s.catalog.Categories[in.FirstCatID]
		second, okSecond := s.catalog.Categories[in.SecondCatID]
		if !okFirst || !okSecond || first.Level != 1 || second.Level != 2 || second.Father != first.ID {
			return ErrInvalidArgs
		}
		head, err := mediaValidTxn(txn, appid, in.HeadImgMediaID, now)
		if err != nil {
			return err
		}
		if head == nil || head.Type != "image" || (head.Format != "jpg" && head.Format != "png") {
			return ErrMediaIDInvalid
		}
		quals, err := s.mediaListTxn(txn, appid, in.QualificationList, now)
		if err != nil {
			return err
		}
		if second.SensitiveType == 1 && quals == 0 {
			return ErrInvalidArgs
		}
		if e := checkNickname(in.Nickname); e != nil {
			return e
		}
		if in.Intro == "" {
			return ErrInvalidArgs
		}
		if taken, err := nicknameTakenTxn(txn, appid, in.Nickname); err != nil || taken {
			if err != nil {
				return err
			}
			return ErrNameTaken
		}
		if needsMaterial(in.Nickname) && in.OrgCode == "" {
			return ErrNameNeedsMaterial
		}
		if _, err := s.mediaListTxn(txn, appid, in.OrgCode, now); err != nil {
			return err
		}
		if _, err := s.mediaListTxn(txn, appid, in.OtherFiles, now); err != nil {
			return err
		}
		if e := checkIntro(in.Intro); e != nil {
			return e
		}
		a, err := s.newAuditTxn(txn, appid, AuditMerchant, appid, in.Plan)
		if err != nil {
			return err
		}
		auditID = a.AuditID
		m := Merchant{AppID: appid, FirstCatID: in.FirstCatID, SecondCatID: in.SecondCatID,
			QualificationList: in.QualificationList, HeadImgMediaID: in.HeadImgMediaID,
			Nickname: in.Nickname, Intro: in.Intro, OrgCode: in.OrgCode, OtherFiles: in.OtherFiles,
			Status: MerchantAuditing, AuditID: a.AuditID}
		if cur != nil {
			m.ModifyMonth, m.ModifyCount = cur.ModifyMonth, cur.ModifyCount
		}
		return txn.Insert(tableMerchants, &m)
	})
	return auditID, err
}

func needsMaterial(name string) bool {
	for _, w := range materialWords {
		if strings.Contains(name, w) {
			return true
		}
	}
	return false
}

// nicknameTakenTxn reports whether another app's merchant, approved or in
// audit, holds the nickname (85029: 商家名称已被占用).
func nicknameTakenTxn(txn *memdb.Txn, appid, name string) (bool, error) {
	ms, err := all[Merchant](txn, tableMerchants, indexID)
	for _, m := range ms {
		if m.AppID != appid && strings.EqualFold(m.Nickname, name) &&
			(m.Status == MerchantApproved || m.Status == MerchantAuditing) {
			return true, err
		}
	}
	return false, err
}

// MerchantAudit answers get_merchant_audit_info: status 0 and audit_id 0
// before any application.
func (s *Sim) MerchantAudit(appid string) (Merchant, error) {
	var out Merchant
	err := s.read(func(txn *memdb.Txn) error {
		m, err := first[Merchant](txn, tableMerchants, indexID, appid)
		if m != nil {
			out = *m
		}
		return err
	})
	return out, err
}

// ModifyMerchant answers modify_merchant: 85053 unless the merchant is
// approved; an empty value keeps the old one ("如果不想改，参数传空值");
// 85056 and 85036 as apply_merchant; 85049 past five changes in a month.
func (s *Sim) ModifyMerchant(appid, headImg, intro string) error {
	return s.write(func(txn *memdb.Txn) error {
		now := s.Now()
		m, err := first[Merchant](txn, tableMerchants, indexID, appid)
		if err != nil {
			return err
		}
		if m == nil || m.Status != MerchantApproved {
			return ErrNoMerchant
		}
		if headImg == "" && intro == "" {
			return nil
		}
		if headImg != "" {
			head, err := mediaValidTxn(txn, appid, headImg, now.Unix())
			if err != nil {
				return err
			}
			if head == nil || head.Type != "image" || (head.Format != "jpg" && head.Format != "png") {
				return ErrMediaIDInvalid
			}
		}
		if e := checkIntro(intro); e != nil {
			return e
		}
		c := *m
		month := now.In(chinaTime).Format("2006-01")
		if c.ModifyMonth != month {
			c.ModifyMonth, c.ModifyCount = month, 0
		}
		if c.ModifyCount >= MaxMerchantModifies {
			return ErrModifyLimit
		}
		c.ModifyCount++
		if headImg != "" {
			c.HeadImgMediaID = headImg
		}
		if intro != "" {
			c.Intro = intro
		}
		return txn.Insert(tableMerchants, &c)
	})
}

// resolveMerchantTxn applies a merchant audit: status 1, 3 or 4 (seed 001:
// 1 审核通过, 3 审核失败, 4 管理员拒绝).
func (s *Sim) resolveMerchantTxn(txn *memdb.Txn, a *Audit) ([]EventField, error) {
	status := map[string]int{OutcomePass: MerchantApproved, OutcomeFail: MerchantFailed, OutcomeReject: MerchantRejected}[a.Result]
	m, err := first[Merchant](txn, tableMerchants, indexID, a.AppID)
	if err != nil {
		return nil, err
	}
	if m != nil && m.AuditID == a.AuditID {
		c := *m
		c.Status, c.Reason = status, a.Reason
		if err := txn.Insert(tableMerchants, &c); err != nil {
			return nil, err
		}
	}
	return []EventField{num("audit_id", int64(a.AuditID)), num("status", int64(status)), text("reason", a.Reason)}, nil
}
