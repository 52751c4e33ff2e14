package httpapi

import (
	"math"
	"strings"

	"github.com/wxmock/wxmock/internal/sim"
)

// rawJSON is an answer encoded once and shared by the calls it answers:
// the category and district trees (encoded at start, they never change)
// and a get_store_list page (pageAnswer).
type rawJSON []byte

func (r rawJSON) appendJSON(dst []byte) []byte { return append(dst, r...) }

// encodedJSON hands out the answer itself: it is never written to.
func (r rawJSON) encodedJSON() []byte { return r }

// plan reads the magic values of a request (sim.MagicFail and the others)
// from its whole body.
func (c *call) plan() sim.Plan { return sim.PlanFrom(string(c.raw)) }

// mediaList reads a list of mediaids: "id1|id2" as the documents write it,
// or an array of ids, which SKIT's request models send (IList<string>);
// both are taken, and an array is noted in the journal.
func (c *call) mediaList(key string) string {
	switch v := c.body[key].(type) {
	case string:
		return v
	case []any:
		ids := make([]string, 0, len(v))
		for _, x := range v {
			if s, ok := x.(string); ok {
				ids = append(ids, s)
			}
		}
		c.note("%s sent as an array; the documents write mediaid1|mediaid2", key)
		return strings.Join(ids, "|")
	}
	return ""
}

// okLower is the store family's bare success: it writes "ok" (seed 001).
var okLower = okBody{ErrCode: 0, ErrMsg: "ok"}

// merchantCategories answers GET /wxa/get_merchant_category (seed 001, §1).
func (s *Server) merchantCategories(*call) (any, error) { return s.categoryBody, nil }

// applyMerchant answers POST /wxa/apply_merchant and its alias (§2).
func (s *Server) applyMerchant(c *call) (any, error) {
	b := c.body
	first, _ := b.uint("first_catid", math.MaxUint32)
	second, _ := b.uint("second_catid", math.MaxUint32)
	in := sim.MerchantApplication{FirstCatID: uint32(first), SecondCatID: uint32(second), Plan: c.plan()}
	in.QualificationList = c.mediaList("qualification_list")
	in.HeadImgMediaID, _ = b.str("headimg_mediaid")
	in.Nickname, _ = b.str("nickname")
	in.Intro, _ = b.str("intro")
	in.OrgCode, _ = b.str("org_code")
	in.OtherFiles = c.mediaList("other_files")
	if _, err := s.sim.ApplyMerchant(c.appid, in); err != nil {
		return nil, err
	}
	return okLower, nil
}

type merchantAuditBody struct {
	ErrCode int               `json:"errcode"`
	ErrMsg  string            `json:"errmsg"`
	Data    merchantAuditData `json:"data"`
}

type merchantAuditData struct {
	AuditID uint64 `json:"audit_id"`
	Status  int    `json:"status"`
	Reason  string `json:"reason"`
}

// merchantAudit answers GET /wxa/get_merchant_audit_info (§3).
func (s *Server) merchantAudit(c *call) (any, error) {
	m, err := s.sim.MerchantAudit(c.appid)
	if err != nil {
		return nil, err
	}
	return merchantAuditBody{ErrMsg: "ok", Data: merchantAuditData{AuditID: m.AuditID, Status: m.Status, Reason: m.Reason}}, nil
}

// modifyMerchant answers POST /wxa/modify_merchant (§4).
func (s *Server) modifyMerchant(c *call) (any, error) {
	head, _ := c.body.str("headimg_mediaid")
	intro, _ := c.body.str("intro")
	if err := s.sim.ModifyMerchant(c.appid, head, intro); err != nil {
		return nil, err
	}
	return okLower, nil
}
