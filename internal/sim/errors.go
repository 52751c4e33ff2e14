package sim

import "fmt"

// APIError is a WeChat-style API error: the errcode and the errmsg as WeChat
// writes them, before the " rid: ..." suffix that the HTTP layer appends.
type APIError struct {
	Code int    `json:"errcode"`
	Msg  string `json:"errmsg"`
}

// Error implements error.
func (e *APIError) Error() string { return fmt.Sprintf("errcode %d: %s", e.Code, e.Msg) }

// The errcode catalogue. Texts come from WeChat's replies as collected in
// shared/REFERENCE.md ("Global codes" and "The promoter family"); 103007 keeps
// WeChat's own spelling "invaild".
var (
	ErrSystem             = &APIError{-1, "system error"}
	ErrInvalidCredential  = &APIError{40001, "invalid credential, access_token is invalid or not latest, could get access_token by getStableAccessToken, more details at https://mmbizurl.cn/s/JtxxFh33r"}
	ErrInvalidGrantType   = &APIError{40002, "invalid grant_type"}
	ErrInvalidMediaType   = &APIError{40004, "invalid media type"}
	ErrInvalidAppID       = &APIError{40013, "invalid appid"}
	ErrInvalidAccessToken = &APIError{40014, "invalid access_token"}
	ErrInvalidArgs        = &APIError{40097, "invalid args"}
	ErrInvalidAppSecret   = &APIError{40125, "invalid appsecret"}
	ErrTokenMissing       = &APIError{41001, "access_token missing"}
	ErrAppIDMissing       = &APIError{41002, "appid missing"}
	ErrSecretMissing      = &APIError{41004, "appsecret missing"}
	ErrTokenExpired       = &APIError{42001, "access_token expired"}
	ErrRequireGET         = &APIError{43001, "require GET method"}
	ErrRequirePOST        = &APIError{43002, "require POST method"}
	ErrEmptyPostData      = &APIError{44002, "empty post data"}
	ErrDailyQuota         = &APIError{45009, "reach max api daily quota limit"}
	ErrMinuteQuota        = &APIError{45011, "api minute-quota reach limit must slower retry next minute"}
	ErrDataFormat         = &APIError{47001, "data format error"}
	ErrAPIUnauthorized    = &APIError{48001, "api unauthorized"}

	ErrParamInvalid     = &APIError{103001, "parameter is invalid or missing"}
	ErrParamTooLong     = &APIError{103002, "parameter is too long"}
	ErrDataExists       = &APIError{103003, "data already exists"}
	ErrParamRisky       = &APIError{103004, "parameter is risky"}
	ErrCountLimit       = &APIError{103005, "data count reach limit"}
	ErrDataNotExist     = &APIError{103006, "data not exist"}
	ErrOpenIDInvalid    = &APIError{103007, "openid is invaild or error"}
	ErrMsgAppID         = &APIError{103008, "msg appid is invaild or error"}
	ErrMsgTaskLimit     = &APIError{103009, "sending msg number reach limit"}
	ErrMsgRejected      = &APIError{103010, "msg is rejected to receive"}
	ErrMsgFreqLimit     = &APIError{103011, "msg freq limit reached"}
	ErrMsgSendFail      = &APIError{103012, "msg send fail"}
	ErrClickCalculating = &APIError{103013, "msg click data is calculating, please wait and query later"}
	ErrPromoterNotReady = &APIError{103014, "promoter unauth or not declared"}
)

// catalogue indexes every ready-made error by its code.
func catalogue() map[int]*APIError {
	all := []*APIError{
		ErrSystem, ErrInvalidCredential, ErrInvalidGrantType, ErrInvalidMediaType,
		ErrInvalidAppID, ErrInvalidAccessToken, ErrInvalidArgs, ErrInvalidAppSecret,
		ErrTokenMissing, ErrAppIDMissing, ErrSecretMissing, ErrTokenExpired,
		ErrRequireGET, ErrRequirePOST, ErrEmptyPostData, ErrDailyQuota, ErrMinuteQuota,
		ErrDataFormat, ErrAPIUnauthorized,
		ErrParamInvalid, ErrParamTooLong, ErrDataExists, ErrParamRisky, ErrCountLimit,
		ErrDataNotExist, ErrOpenIDInvalid, ErrMsgAppID, ErrMsgTaskLimit, ErrMsgRejected,
		ErrMsgFreqLimit, ErrMsgSendFail, ErrClickCalculating, ErrPromoterNotReady,
	}
	m := make(map[int]*APIError, len(all))
	for _, e := range all {
		m[e.Code] = e
	}
	return m
}

var byCode = catalogue()

// ErrorFor returns the catalogue error for code, or an error with the given
// fallback message when the code is not in the catalogue (a scripted fault
// may name any code).
func ErrorFor(code int, fallback string) *APIError {
	if e, ok := byCode[code]; ok {
		return e
	}
	return &APIError{Code: code, Msg: fallback}
}

// Known reports whether code is in the catalogue.
func Known(code int) bool { _, ok := byCode[code]; return ok }
