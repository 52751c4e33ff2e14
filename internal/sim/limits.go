package sim

// Limits of the promoter family (seed 000 and REFERENCE.md). Lengths are
// UTF-8 byte lengths: "a Chinese character length of 3" (seed 000,
// getpromoter). The request schemas state the same limits; tests keep the
// two in step: schemas_test.go holds byte lengths and item counts to these
// constants, and the sim's own tests hold the rules the schema would
// refuse first (promoters_test.go).
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

// Limits of the promoter family's messages and materials. WeChat's pages
// give none of these numbers beyond those cited; the others are wxmock's
// choices, documented in README ("How it behaves").
const (
	MaxMsgContentBytes = 2048 // content, a JSON object as a string
	MaxMsgPathBytes    = 1024 // the page path of a message (wxacode's path limit)
	MaxMsgListItems    = 1000 // role_id, retail_id or id entries of one group send
	// MaxGroupSendsInFlight group sends of an app may be delivering at once;
	// one more is 103009 ("正在发送的任务数量达到上限，请稍后再试").
	MaxGroupSendsInFlight = 5
	// MaxGroupSendsPerDay group sends of an app a China day; one more is 103011.
	MaxGroupSendsPerDay = 10
	// MaxSinglePerPromoterDay single messages to one promoter a China day;
	// one more is 103011.
	MaxSinglePerPromoterDay = 5
	// MaxSinglePerDay single messages of an app a China day; one more is 103011.
	MaxSinglePerDay = 1000
	// MaxMessagesHeld messages of an app are kept; sending another forgets
	// the oldest, after which getmsg answers it 103006.
	MaxMessagesHeld = 2000
	// MaxFailInfo failures of a message are listed in getmsg's fail_info;
	// past it WeChat answers fail_info_url instead ("失败数量超过一千会生成
	// 文件，不会返回明细", WxJava's getmsg bean), and wxmock keeps the first
	// MaxFailInfo failures only.
	MaxFailInfo = 1000
	// MinClickDataAudience is the smallest group send that has click data by
	// msg_id ("群发数小于50没有数据", getmsgclickdata's dimonsion).
	MinClickDataAudience = 50
	MaxClickRules        = 100 // click rules of an app, one per msg_type
	// MaxMsgClicks bounds the clicks (pv) of one message or click rule, so
	// that getmsgclickdata's sums over MaxMessagesHeld messages stay within
	// the signed 32-bit int that SKIT reads click_pv and click_uv into
	// (2,000 x 1,000,000 < 2^31).
	MaxMsgClicks       = 1000000
	MaxShareTitleBytes = 20 // getsharematerial's title
	ShareCodeLen       = 10 // letters and digits of a material's code
	// MaxSharePathBytes bounds getsharematerial's path: its share_path, the
	// path with "?promoter_share=" and the code added, must fit the QR code
	// drawn of it (1,024 bytes, material.MaxContentBytes).
	MaxSharePathBytes = MaxMsgPathBytes - len("?promoter_share=") - ShareCodeLen
	// ShareMaterialDays is how long share material is valid ("推广素材有效期
	// 为30天", WeChat's promote_date page).
	ShareMaterialDays = 30
	// MaxShareMaterials unexpired share materials of an app are held; one
	// more is 103005.
	MaxShareMaterials = 10000
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
	MaxShareExtraInfoBytes = MaxExtraInfoBytes
	// MaxPathBytes bounds a reach path: a mini program page path with its
	// query, which WeChat's wxacode.get takes up to 1024 characters long.
	MaxPathBytes = MaxMsgPathBytes
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
