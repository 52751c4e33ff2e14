package httpapi

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/wxmock/wxmock/internal/sim"
)

// adminReachLimit bounds the body of an admin reach call: 1,000 items of
// at most about 1.5 KB each.
const adminReachLimit = 4 << 20

// relationIn is one reach of POST /__wxmock/promoters/relations; absent
// fields take their defaults (sim.RelationInput).
type relationIn struct {
	PromoterOpenID string  `json:"promoter_openid"`
	SharePath      *string `json:"share_path"`
	OpenID         *string `json:"openid"`
	Path           *string `json:"path"`
	Scene          *uint32 `json:"scene"`
	CreateTime     *int64  `json:"create_time"`
	ShareExtraInfo *string `json:"share_extra_info"`
}

// given reports whether any reach field is present.
func (in *relationIn) given() bool {
	return in.PromoterOpenID != "" || in.SharePath != nil || in.OpenID != nil || in.Path != nil || in.Scene != nil ||
		in.CreateTime != nil || in.ShareExtraInfo != nil
}

// orderIn is one order of POST /__wxmock/promoters/orders: its reach by
// relation_id or by the fields of a relation, then the payment.
type orderIn struct {
	RelationID *uint64 `json:"relation_id"`
	relationIn
	MchID        string `json:"mch_id"`
	TradeNo      string `json:"trade_no"`
	OutTradeNo   string `json:"out_trade_no"`
	Status       *int   `json:"status"`
	PaidAmount   *int64 `json:"paid_amount"`
	PaidTime     *int64 `json:"paid_time"`
	RefundedTime *int64 `json:"refunded_time"`
}

// addRelations records reaches through promoters, as users opening their
// shares would: {"appid"?, "relations": [...]} answers {"relations": [rows]}.
func (s *Server) addRelations(r *http.Request) (any, error) {
	var in struct {
		AppID     string       `json:"appid"`
		Relations []relationIn `json:"relations"`
	}
	if err := decodeAdmin(r, adminReachLimit, &in); err != nil {
		return nil, err
	}
	appid, err := s.reachApp(in.AppID, "relations", len(in.Relations))
	if err != nil {
		return nil, err
	}
	items := make([]sim.RelationInput, len(in.Relations))
	for i, it := range in.Relations {
		items[i] = sim.RelationInput(it)
	}
	rows, err := s.sim.AddRelations(appid, items)
	if err != nil {
		return nil, reachError("relations", err)
	}
	return map[string]any{"relations": rows}, nil
}

// putOrders stores or replaces orders paid through promoters:
// {"appid"?, "orders": [...]} answers {"orders": [rows]}.
func (s *Server) putOrders(r *http.Request) (any, error) {
	var in struct {
		AppID  string    `json:"appid"`
		Orders []orderIn `json:"orders"`
	}
	if err := decodeAdmin(r, adminReachLimit, &in); err != nil {
		return nil, err
	}
	appid, err := s.reachApp(in.AppID, "orders", len(in.Orders))
	if err != nil {
		return nil, err
	}
	items := make([]sim.OrderInput, len(in.Orders))
	for i, it := range in.Orders {
		if it.RelationID != nil && *it.RelationID == 0 {
			return nil, badRequest("orders[%d]: relation_id must be above 0", i)
		}
		items[i] = sim.OrderInput{MchID: it.MchID, OutTradeNo: it.OutTradeNo, TradeNo: it.TradeNo,
			Status: it.Status, PaidAmount: it.PaidAmount, PaidTime: it.PaidTime, RefundedTime: it.RefundedTime}
		if it.RelationID != nil {
			items[i].RelationID = *it.RelationID
		}
		if it.relationIn.given() {
			reach := sim.RelationInput(it.relationIn)
			items[i].Reach = &reach
		}
	}
	rows, err := s.sim.PutOrders(appid, items)
	if err != nil {
		return nil, reachError("orders", err)
	}
	return map[string]any{"orders": rows}, nil
}

// reachApp settles the app of an admin reach call, the default app when
// none is named, and checks the number of items.
func (s *Server) reachApp(appid, what string, n int) (string, error) {
	if n == 0 || n > sim.MaxReachBatch {
		return "", badRequest(`want {"appid"?, %q: [1 to %d items]}, got %d items`, what, sim.MaxReachBatch, n)
	}
	return s.knownApp(appid)
}

// reachError turns a refused batch into a control API error naming the
// item: 404 for an unknown promoter or relation, 409 for a promoter not
// declared and authorized or a cap reached, 400 for a bad field.
func reachError(what string, err error) error {
	var ie *sim.ItemError
	if !errors.As(err, &ie) {
		if errors.Is(err, sim.ErrParamInvalid) {
			return badRequest("%s: %v", what, err)
		}
		return err
	}
	status := http.StatusBadRequest
	switch {
	case errors.Is(ie.Err, sim.ErrDataNotExist):
		status = http.StatusNotFound
	case errors.Is(ie.Err, sim.ErrPromoterNotReady), errors.Is(ie.Err, sim.ErrCountLimit), ie.Err == sim.ErrShareExpired:
		status = http.StatusConflict
	}
	return &adminError{status, fmt.Sprintf("%s[%d]: %s", what, ie.Index, ie.Reason)}
}
