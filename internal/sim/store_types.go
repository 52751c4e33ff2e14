package sim

// Storage types of the store mini program family (seed 001).

// Merchant audit statuses (seed 001, §3: 0 未提交审核, 1 审核成功, 2 审核中,
// 3 审核失败, 4 管理员拒绝).
const (
	MerchantNone     = 0
	MerchantApproved = 1
	MerchantAuditing = 2
	MerchantFailed   = 3
	MerchantRejected = 4
)

// Merchant is an app's store mini program account (门店小程序).
type Merchant struct {
	AppID             string `json:"appid"`
	FirstCatID        uint32 `json:"first_catid"`
	SecondCatID       uint32 `json:"second_catid"`
	QualificationList string `json:"qualification_list"`
	HeadImgMediaID    string `json:"headimg_mediaid"`
	Nickname          string `json:"nickname"`
	Intro             string `json:"intro"`
	OrgCode           string `json:"org_code"`
	OtherFiles        string `json:"other_files"`
	Status            int    `json:"status"`
	AuditID           uint64 `json:"audit_id"`
	Reason            string `json:"reason"`
	// ModifyMonth and ModifyCount count modify_merchant calls in a China
	// calendar month (85049 past the limit).
	ModifyMonth string `json:"modify_month"`
	ModifyCount int    `json:"modify_count"`
}

// Audit kinds, one per pushed event of seed 001.
const (
	AuditMerchant = "apply_merchant_audit_info"
	AuditMapPOI   = "create_map_poi_audit_info"
	AuditStore    = "add_store_audit_info"
	AuditPictures = "modify_store_audit_info"
)

// Audit states.
const (
	AuditPending  = "pending"
	AuditResolved = "resolved"
)

// Audit is a review that comes due on the virtual clock.
type Audit struct {
	AuditID uint64 `json:"audit_id"`
	AppID   string `json:"appid"`
	Kind    string `json:"kind"`
	Subject string `json:"subject"` // the poi_id or map POI the audit is about
	State   string `json:"state"`
	DueAt   int64  `json:"due_at"` // 0: held until resolved by the admin API
	// Planned is the outcome the request asked for with a magic value
	// (Pass, Fail or Reject); Result is the outcome once resolved.
	Planned    string `json:"planned"`
	Reason     string `json:"reason"`
	Result     string `json:"result"`
	ResolvedAt int64  `json:"resolved_at"`
	CreatedAt  int64  `json:"created_at"`
}

// Audit outcomes.
const (
	OutcomePass   = "pass"
	OutcomeFail   = "fail"
	OutcomeReject = "reject" // the merchant's administrator refused (status 4)
)

// MapPOI is a place an app created on Tencent Maps with create_map_poi.
type MapPOI struct {
	AppID      string  `json:"appid"`
	BaseID     uint64  `json:"base_id"` // also the audit_id of its push
	RichID     uint64  `json:"rich_id"`
	MapPOIID   string  `json:"map_poi_id"` // sosomap_poi_uid once approved
	Name       string  `json:"name"`
	Longitude  float64 `json:"longitude"`
	Latitude   float64 `json:"latitude"`
	Province   string  `json:"province"`
	City       string  `json:"city"`
	District   string  `json:"district"`
	Address    string  `json:"address"`
	Category   string  `json:"category"`
	Telephone  string  `json:"telephone"`
	Photo      string  `json:"photo"`
	License    string  `json:"license"`
	Introduct  string  `json:"introduct"`
	DistrictID string  `json:"districtid"`
	PoiID      string  `json:"poi_id"`
	Status     int     `json:"status"` // 0 in audit, 1 approved, 2 refused
	Remark     string  `json:"sh_remark"`
}

// Map POI statuses.
const (
	MapPOIAuditing = 0
	MapPOIApproved = 1
	MapPOIRefused  = 2
)

// Store statuses (seed 001, §10: 1 审核通过, 2 审核中, 3 审核失败).
const (
	StoreApproved = 1
	StoreAuditing = 2
	StoreFailed   = 3
)

// Store is a store of a store mini program.
type Store struct {
	AppID             string   `json:"appid"`
	PoiID             string   `json:"poi_id"`
	MapPOIID          string   `json:"map_poi_id"`
	Pictures          []string `json:"pictures"`
	ContractPhone     string   `json:"contract_phone"`
	Hour              string   `json:"hour"`
	Credential        string   `json:"credential"`
	CompanyName       string   `json:"company_name"`
	QualificationList string   `json:"qualification_list"`
	CardID            string   `json:"card_id"`
	Status            int      `json:"status"`
	AuditID           uint64   `json:"audit_id"`
	IsUpgrade         int      `json:"is_upgrade"` // 1 when migrated from the old store manager
	Reason            string   `json:"reason"`
	// PendingPictures wait for a picture audit; Pictures stay until it passes.
	PendingPictures []string `json:"pending_pictures,omitempty"`
	PictureAuditID  uint64   `json:"picture_audit_id,omitempty"`
	CreatedAt       int64    `json:"created_at"`
}

// Legacy store upgrade statuses (seed 001, §13: 0 待迁移 1 失败 2 迁移中
// 3 成功 4 禁止迁移).
const (
	UpgradePending   = 0
	UpgradeFailed    = 1
	UpgradeMigrating = 2
	UpgradeDone      = 3
	UpgradeForbidden = 4
)

// LegacyStore is a store of the old store manager (门店管理) that may be
// migrated to the store mini program. BaseInfo holds the rest of its
// getpoilist base_info as the old API wrote it.
type LegacyStore struct {
	AppID          string         `json:"appid"`
	PoiID          string         `json:"poi_id"`
	MapID          string         `json:"mapid"`
	UpgradeStatus  int            `json:"upgrade_status"`
	UpgradeComment string         `json:"upgrade_comment"`
	BaseInfo       map[string]any `json:"base_info"`
}
