package sim

// Limits of the promoter family (seed 000 and REFERENCE.md). Lengths are
// UTF-8 byte lengths: "a Chinese character length of 3" (seed 000,
// getpromoter). The request schemas state the same limits; a test keeps the
// two in step.
const (
	MaxRoles             = 100
	MaxRoleNameBytes     = 50
	MaxRoleDescBytes     = 200
	MaxPromotersPerBatch = 10
	MaxDeclared          = 50000  // "the total number can not exceed 50000"
	MaxRecords           = 100000 // "binds a maximum of 100 thousand promoters"
	MaxRetailIDBytes     = 20
	MaxExtraInfoBytes    = 80
	MaxNameBytes         = 30
	MaxPhoneBytes        = 20
	PromoterPageSize     = 2000 // "the maximum number of pulls per page is 2,000"
)

// Limits of the promoters' reach records and orders (getrelation and
// getorder, and the admin calls that create them). Lengths are UTF-8 bytes.
const (
	// ReachPageSize bounds a getrelation or getorder page: "单次拉取上限为
	// 1000，超过1000须分页" (WxJava's and SKIT's copies of the official
	// field notes). getpromoter's page is 2,000.
	ReachPageSize = 1000
	// MaxRelations and MaxOrders bound what one app holds. WeChat keeps
	// them without a documented limit; a mock needs one so that a state
	// stays small enough to export and every query stays quick.
	MaxRelations = 100000
	MaxOrders    = 100000
	// MaxReachBatch bounds the items of one admin call, a page's worth.
	MaxReachBatch = 1000
	// MaxShareExtraInfoBytes is getsharematerial's extra_info limit ("不超过
	// 80个字符"), which getrelation and getorder answer as share_extra_info.
	MaxShareExtraInfoBytes = 80
	// MaxPathBytes bounds a reach path: a mini program page path with its
	// query, which WeChat's wxacode.get takes up to 1024 characters long.
	MaxPathBytes = 1024
	// MaxMchIDBytes, MaxTradeNoBytes and MaxOutTradeNoBytes are WeChat
	// Pay's lengths of mchid, transaction_id and out_trade_no
	// (string[1,32] in its v3 order API).
	MaxMchIDBytes      = 32
	MaxTradeNoBytes    = 32
	MaxOutTradeNoBytes = 32
	// MaxPaidAmount and MaxScene are the largest values a client can read:
	// SKIT models paid_amount and scene as int, a signed 32-bit number.
	MaxPaidAmount = 1<<31 - 1
	MaxScene      = 1<<31 - 1
)
