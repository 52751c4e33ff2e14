package httpapi

import (
	"fmt"
	"net/http"

	"github.com/gorilla/mux"
	"github.com/wxmock/wxmock/schemas"
)

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
	handle    func(c *call) (any, error)
	// valid remembers the endpoint's small bodies that were valid; adapt
	// gives each endpoint its own.
	valid *validMemo
}

// routes lists every WeChat endpoint, one line each.
func (s *Server) routes(r *mux.Router) error {
	eps := []struct {
		path string
		ep   endpoint
	}{
		// REFERENCE.md "Tokens and media"; GET is documented, POST with the
		// same query is accepted by WeChat too.
		{"/cgi-bin/token", endpoint{name: "cgi-bin/token", public: true, query: true, handle: s.token}},
		{"/cgi-bin/stable_token", endpoint{name: "cgi-bin/stable_token", method: http.MethodPost, public: true, formIsEmpty: true, handle: s.stableToken}},
		// Role management (REFERENCE.md, "The promoter family").
		{"/promoter/addrole", endpoint{name: "promoter/addrole", method: http.MethodPost, handle: s.addRole}},
		{"/promoter/getrole", endpoint{name: "promoter/getrole", method: http.MethodPost, handle: s.getRole}},
		{"/promoter/updaterole", endpoint{name: "promoter/updaterole", method: http.MethodPost, handle: s.updateRole}},
		// Seed 000: I. declare, II. inquire, III. modify.
		{"/promoter/addpromoter", endpoint{name: "promoter/addpromoter", method: http.MethodPost, handle: s.addPromoter}},
		{"/promoter/getpromoter", endpoint{name: "promoter/getpromoter", method: http.MethodPost, handle: s.getPromoter}},
		{"/promoter/updatepromoter", endpoint{name: "promoter/updatepromoter", method: http.MethodPost, handle: s.updatePromoter}},
		// The rest of the family (REFERENCE.md, "The promoter family"; WeChat's
		// pages invite_promoter, message and promote_date).
		{"/promoter/getinvitationmaterial", endpoint{name: "promoter/getinvitationmaterial", method: http.MethodPost, handle: s.getInvitationMaterial}},
		{"/promoter/sendmsg", endpoint{name: "promoter/sendmsg", method: http.MethodPost, handle: s.sendMsg}},
		{"/promoter/singlesendmsg", endpoint{name: "promoter/singlesendmsg", method: http.MethodPost, handle: s.singleSendMsg}},
		{"/promoter/getmsg", endpoint{name: "promoter/getmsg", method: http.MethodPost, handle: s.getMsg}},
		{"/promoter/getmsgclickdata", endpoint{name: "promoter/getmsgclickdata", method: http.MethodPost, handle: s.getMsgClickData}},
		{"/promoter/getsharematerial", endpoint{name: "promoter/getsharematerial", method: http.MethodPost, handle: s.getShareMaterial}},
		// WeChat's promoter page promote_date.html: 分析触达效果 and 查询推广订单.
		{"/promoter/getrelation", endpoint{name: "promoter/getrelation", method: http.MethodPost, handle: s.getRelation}},
		{"/promoter/getorder", endpoint{name: "promoter/getorder", method: http.MethodPost, handle: s.getOrder}},
		// REFERENCE.md "Tokens and media": the uploads that mediaid arguments name.
		{"/cgi-bin/media/upload", endpoint{name: "cgi-bin/media/upload", method: http.MethodPost, multipart: true, handle: s.uploadMedia}},
		// Seed 001, the store mini program: §1 to §4, the merchant.
		{"/wxa/get_merchant_category", endpoint{name: "wxa/get_merchant_category", query: true, handle: s.merchantCategories}},
		{"/wxa/apply_merchant", endpoint{name: "wxa/apply_merchant", method: http.MethodPost, handle: s.applyMerchant}},
		{"/wxa/applywxastore", endpoint{name: "wxa/applywxastore", method: http.MethodPost, handle: s.applyMerchant}}, // wechatpy's alias
		{"/wxa/get_merchant_audit_info", endpoint{name: "wxa/get_merchant_audit_info", query: true, handle: s.merchantAudit}},
		{"/wxa/modify_merchant", endpoint{name: "wxa/modify_merchant", method: http.MethodPost, handle: s.modifyMerchant}},
		// §5 to §7, districts and Tencent Maps.
		{"/wxa/get_district", endpoint{name: "wxa/get_district", query: true, handle: s.district}},
		{"/wxa/search_map_poi", endpoint{name: "wxa/search_map_poi", method: http.MethodPost, handle: s.searchMapPOI}},
		{"/wxa/create_map_poi", endpoint{name: "wxa/create_map_poi", method: http.MethodPost, handle: s.createMapPOI}},
		// §8 to §12, stores.
		{"/wxa/add_store", endpoint{name: "wxa/add_store", method: http.MethodPost, handle: s.addStore}},
		{"/wxa/update_store", endpoint{name: "wxa/update_store", method: http.MethodPost, handle: s.updateStore}},
		{"/wxa/get_store_info", endpoint{name: "wxa/get_store_info", method: http.MethodPost, handle: s.storeInfo}},
		{"/wxa/get_store_list", endpoint{name: "wxa/get_store_list", method: http.MethodPost, handle: s.storeList}},
		{"/wxa/del_store", endpoint{name: "wxa/del_store", method: http.MethodPost, handle: s.delStore}},
		// §13, migration from the old store manager.
		{"/cgi-bin/poi/getpoilist", endpoint{name: "cgi-bin/poi/getpoilist", method: http.MethodPost, handle: s.legacyStores}},
		{"/cgi-bin/poi/delpoi", endpoint{name: "cgi-bin/poi/delpoi", method: http.MethodPost, handle: s.delLegacyStore}},
		// §14, the store's card.
		{"/card/storewxa/get", endpoint{name: "card/storewxa/get", method: http.MethodPost, handle: s.storeCard}},
		{"/card/storewxa/set", endpoint{name: "card/storewxa/set", method: http.MethodPost, handle: s.setStoreCard}},
	}
	for _, e := range eps {
		if !s.schemas.Has(e.ep.name, schemas.Request) || !s.schemas.Has(e.ep.name, schemas.Response) {
			return fmt.Errorf("httpapi: endpoint %s has no request or response schema", e.ep.name)
		}
		if (e.ep.query || e.ep.multipart) != s.schemas.InQuery(e.ep.name) {
			return fmt.Errorf(`httpapi: endpoint %s: its request schema's "x-in": "query" and the route disagree`, e.ep.name)
		}
		h := s.adapt(e.ep)
		r.Path(e.path).Handler(h)
		s.api[e.path] = h
		s.wechat = append(s.wechat, e.ep.openAPI(e.path))
	}
	return nil
}
