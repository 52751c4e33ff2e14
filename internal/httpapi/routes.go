package httpapi

import "net/http"

// endpoint describes one WeChat API route.
type endpoint struct {
	name   string // schema name, such as "promoter/addpromoter"
	method string // the method WeChat requires; "" takes GET and POST
	// public endpoints need no access_token (the token endpoints).
	public bool
	// query endpoints read their parameters from the query string.
	query bool
	// formIsEmpty treats a body that is not JSON as an object without
	// fields, as stable_token does (a form-encoded body is answered 41002
	// "appid missing" in replies reported on WeChat's developer community).
	formIsEmpty bool
	// multipart endpoints read their own body (the media upload).
	multipart bool
	// handle answers the call on the Server it reached: the endpoints
	// are shared by every Server of the process (routing).
	handle func(s *Server, c *call) (any, error)
	// id is the endpoint's index in routing.endpoints, and in a Server's
	// memos of valid bodies.
	id int
	// valid remembers the endpoint's small bodies that were valid on one
	// Server: serveWeChat sets it to the Server's own.
	valid *validMemo
}

// route is a WeChat endpoint and its path.
type route struct {
	path string
	ep   endpoint
}

// routes lists every WeChat endpoint, one line each.
func routes() []route {
	return []route{
		// REFERENCE.md "Tokens and media"; GET is documented, POST with the
		// same query is accepted by WeChat too.
		{"/cgi-bin/token", endpoint{name: "cgi-bin/token", public: true, query: true, handle: (*Server).token}},
		{"/cgi-bin/stable_token", endpoint{name: "cgi-bin/stable_token", method: http.MethodPost, public: true, formIsEmpty: true, handle: (*Server).stableToken}},
		// Role management (REFERENCE.md, "The promoter family").
		{"/promoter/addrole", endpoint{name: "promoter/addrole", method: http.MethodPost, handle: (*Server).addRole}},
		{"/promoter/getrole", endpoint{name: "promoter/getrole", method: http.MethodPost, handle: (*Server).getRole}},
		{"/promoter/updaterole", endpoint{name: "promoter/updaterole", method: http.MethodPost, handle: (*Server).updateRole}},
		// Seed 000: I. declare, II. inquire, III. modify.
		{"/promoter/addpromoter", endpoint{name: "promoter/addpromoter", method: http.MethodPost, handle: (*Server).addPromoter}},
		{"/promoter/getpromoter", endpoint{name: "promoter/getpromoter", method: http.MethodPost, handle: (*Server).getPromoter}},
		{"/promoter/updatepromoter", endpoint{name: "promoter/updatepromoter", method: http.MethodPost, handle: (*Server).updatePromoter}},
		// The rest of the family (REFERENCE.md, "The promoter family"; WeChat's
		// pages invite_promoter, message and promote_date).
		{"/promoter/getinvitationmaterial", endpoint{name: "promoter/getinvitationmaterial", method: http.MethodPost, handle: (*Server).getInvitationMaterial}},
		{"/promoter/sendmsg", endpoint{name: "promoter/sendmsg", method: http.MethodPost, handle: (*Server).sendMsg}},
		{"/promoter/singlesendmsg", endpoint{name: "promoter/singlesendmsg", method: http.MethodPost, handle: (*Server).singleSendMsg}},
		{"/promoter/getmsg", endpoint{name: "promoter/getmsg", method: http.MethodPost, handle: (*Server).getMsg}},
		{"/promoter/getmsgclickdata", endpoint{name: "promoter/getmsgclickdata", method: http.MethodPost, handle: (*Server).getMsgClickData}},
		{"/promoter/getsharematerial", endpoint{name: "promoter/getsharematerial", method: http.MethodPost, handle: (*Server).getShareMaterial}},
		// WeChat's promoter page promote_date.html: 分析触达效果 and 查询推广订单.
		{"/promoter/getrelation", endpoint{name: "promoter/getrelation", method: http.MethodPost, handle: (*Server).getRelation}},
		{"/promoter/getorder", endpoint{name: "promoter/getorder", method: http.MethodPost, handle: (*Server).getOrder}},
		// REFERENCE.md "Tokens and media": the uploads that mediaid arguments name.
		{"/cgi-bin/media/upload", endpoint{name: "cgi-bin/media/upload", method: http.MethodPost, multipart: true, handle: (*Server).uploadMedia}},
		// Seed 001, the store mini program: §1 to §4, the merchant.
		{"/wxa/get_merchant_category", endpoint{name: "wxa/get_merchant_category", query: true, handle: (*Server).merchantCategories}},
		{"/wxa/apply_merchant", endpoint{name: "wxa/apply_merchant", method: http.MethodPost, handle: (*Server).applyMerchant}},
		{"/wxa/applywxastore", endpoint{name: "wxa/applywxastore", method: http.MethodPost, handle: (*Server).applyMerchant}}, // wechatpy's alias
		{"/wxa/get_merchant_audit_info", endpoint{name: "wxa/get_merchant_audit_info", query: true, handle: (*Server).merchantAudit}},
		{"/wxa/modify_merchant", endpoint{name: "wxa/modify_merchant", method: http.MethodPost, handle: (*Server).modifyMerchant}},
		// §5 to §7, districts and Tencent Maps.
		{"/wxa/get_district", endpoint{name: "wxa/get_district", query: true, handle: (*Server).district}},
		{"/wxa/search_map_poi", endpoint{name: "wxa/search_map_poi", method: http.MethodPost, handle: (*Server).searchMapPOI}},
		{"/wxa/create_map_poi", endpoint{name: "wxa/create_map_poi", method: http.MethodPost, handle: (*Server).createMapPOI}},
		// §8 to §12, stores.
		{"/wxa/add_store", endpoint{name: "wxa/add_store", method: http.MethodPost, handle: (*Server).addStore}},
		{"/wxa/update_store", endpoint{name: "wxa/update_store", method: http.MethodPost, handle: (*Server).updateStore}},
		{"/wxa/get_store_info", endpoint{name: "wxa/get_store_info", method: http.MethodPost, handle: (*Server).storeInfo}},
		{"/wxa/get_store_list", endpoint{name: "wxa/get_store_list", method: http.MethodPost, handle: (*Server).storeList}},
		{"/wxa/del_store", endpoint{name: "wxa/del_store", method: http.MethodPost, handle: (*Server).delStore}},
		// §13, migration from the old store manager.
		{"/cgi-bin/poi/getpoilist", endpoint{name: "cgi-bin/poi/getpoilist", method: http.MethodPost, handle: (*Server).legacyStores}},
		{"/cgi-bin/poi/delpoi", endpoint{name: "cgi-bin/poi/delpoi", method: http.MethodPost, handle: (*Server).delLegacyStore}},
		// §14, the store's card.
		{"/card/storewxa/get", endpoint{name: "card/storewxa/get", method: http.MethodPost, handle: (*Server).storeCard}},
		{"/card/storewxa/set", endpoint{name: "card/storewxa/set", method: http.MethodPost, handle: (*Server).setStoreCard}},
	}
}
