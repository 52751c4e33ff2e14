package sim

// Store family errcodes (seed 001). WeChat's documents give these only in
// Chinese and no reply with an English text for them is on record, so the
// errmsg is the seed's own description.
var (
	ErrNameNeedsMaterial = &APIError{85024, "你申请的名称需要补充相应资料进行审核,此时请求参数org_code和other_files需要填写"}
	ErrNameTaken         = &APIError{85029, "商家名称已被占用,请换一个重试"}
	ErrNameInvalid       = &APIError{85030, "名称长度为4-30个字符(一个中文占两个字符),不能含有特殊字符及“微信”等保留字"}
	ErrNameForbidden     = &APIError{85033, "名称不能包含违反公众平台协议、相关法律法规和政策的内容,不得使用“微信”等保留字"}
	ErrIntroInvalid      = &APIError{85036, "介绍中不得含有虚假的、冒充、利用他人名义的、容易构成混淆、误认的、法律、法规和政策禁止的内容"}
	ErrStoreDuplicate    = &APIError{85038, "请勿添加重复门店"}
	ErrStoreStateNoInfo  = &APIError{85039, "此门店状态不能被获取信息"}
	ErrStoreBound        = &APIError{85040, "此门店已被绑定,无需重复绑定"}
	ErrCredentialAdded   = &APIError{85041, "该经营资质已添加,请勿重复添加。"}
	ErrNearbyLimit       = &APIError{85042, "附近地点添加数量达到上线,无法继续添加。"}
	ErrModifyLimit       = &APIError{85049, "头像或者简介修改达到每个月上限"}
	ErrInAudit           = &APIError{85050, "正在审核中,请勿重复提交"}
	ErrNoMerchant        = &APIError{85053, "请先成功创建门店后再调用"}
	ErrNeedPoiID         = &APIError{85054, "由于门店小程序还没升级成功,需要添写poi_id进行门店迁移"}
	ErrMapPOIInvalid     = &APIError{85055, "map_poi_id 无效"}
	ErrMediaIDInvalid    = &APIError{85056, "临时mediaid无效"}
	ErrNoPermission      = &APIError{43104, "没有权限"}
	ErrStoreNotExist     = &APIError{65115, "门店不存在"}
	ErrStoreStateLocked  = &APIError{65118, "该门店状态不允许更新"}
	// ErrInvalidCardID is the card API's answer to a card_id of the wrong
	// shape (WeChat's global code 40073).
	ErrInvalidCardID = &APIError{40073, "invalid card id"}
)

func init() {
	for _, e := range []*APIError{ErrNameNeedsMaterial, ErrNameTaken, ErrNameInvalid, ErrNameForbidden,
		ErrIntroInvalid, ErrStoreDuplicate, ErrStoreStateNoInfo, ErrStoreBound, ErrCredentialAdded,
		ErrNearbyLimit, ErrModifyLimit, ErrInAudit, ErrNoMerchant, ErrNeedPoiID, ErrMapPOIInvalid,
		ErrMediaIDInvalid, ErrNoPermission, ErrStoreNotExist, ErrStoreStateLocked, ErrInvalidCardID,
		ErrInvalidFileType, ErrInvalidSize, ErrInvalidMediaID, ErrMediaMissing} {
		byCode[e.Code] = e
	}
}
