package httpapi

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/gorilla/mux"
	"github.com/wxmock/wxmock/internal/sim"
)

// receiveSetting reads a message receiving setting of the admin API.
func receiveSetting(name string) (int, bool) {
	switch name {
	case "accept":
		return sim.ReceiveAccept, true
	case "refuse":
		return sim.ReceiveRefuse, true
	case "fail":
		return sim.ReceiveFail, true
	}
	return 0, false
}

// msgReceive acts as a promoter deciding what becomes of its messages:
// "refuse" makes them fail with 103010, "fail" with 103012, "accept" lets
// them arrive again.
func (s *Server) msgReceive(r *http.Request) (any, error) {
	var in struct {
		AppID   string `json:"appid"`
		OpenID  string `json:"openid"`
		Receive string `json:"receive"`
	}
	if err := decodeAdmin(r, 4<<10, &in); err != nil {
		return nil, err
	}
	setting, ok := receiveSetting(in.Receive)
	if in.OpenID == "" || !ok {
		return nil, badRequest(`want {"appid", "openid", "receive": "accept", "refuse" or "fail"}`)
	}
	appid, err := s.knownApp(in.AppID)
	if err != nil {
		return nil, err
	}
	p, err := s.sim.SetMsgReceive(appid, in.OpenID, setting)
	if err != nil {
		return nil, domainError(err)
	}
	return map[string]any{"promoter": toPromoterWire(&p), "receive": in.Receive}, nil
}

// knownApp returns appid, or the default app's when empty, and 404 when the
// app does not exist.
func (s *Server) knownApp(appid string) (string, error) {
	if appid == "" {
		appid = s.defaultAppID()
	}
	if app, err := s.sim.App(appid); err != nil || app == nil {
		return "", &adminError{http.StatusNotFound, "no such app " + appid}
	}
	return appid, nil
}

// clicks records promoters' clicks on messages: on one message now (with
// msg_id), or on every group send from now on (without msg_id: a rule, for
// one msg_type or for all; pv 0 removes it).
func (s *Server) clicks(r *http.Request) (any, error) {
	var in struct {
		AppID   string  `json:"appid"`
		MsgID   *string `json:"msg_id"`
		MsgType uint32  `json:"msg_type"`
		PV      *int    `json:"pv"`
		UV      *int    `json:"uv"`
	}
	if err := decodeAdmin(r, 4<<10, &in); err != nil {
		return nil, err
	}
	if in.PV == nil || in.UV == nil {
		return nil, badRequest(`want {"appid"?, "msg_id"? or "msg_type"?, "pv": clicks, "uv": promoters who clicked}`)
	}
	appid, err := s.knownApp(in.AppID)
	if err != nil {
		return nil, err
	}
	if in.MsgID == nil {
		rule := sim.ClickRule{AppID: appid, MsgType: in.MsgType, PV: *in.PV, UV: *in.UV}
		if err := s.sim.PutClickRule(rule); err != nil {
			return nil, clicksError(err)
		}
		return map[string]any{"rule": rule}, nil
	}
	id, err := strconv.ParseUint(*in.MsgID, 10, 63)
	if err != nil || in.MsgType != 0 {
		return nil, badRequest("msg_id must be a msg_id string, without msg_type")
	}
	m, err := s.sim.AddClicks(appid, id, *in.PV, *in.UV)
	if err != nil {
		return nil, clicksError(err)
	}
	return map[string]any{"message": m}, nil
}

func clicksError(err error) error {
	switch {
	case errors.Is(err, sim.ErrDataNotExist):
		return &adminError{http.StatusNotFound, "no such message"}
	case errors.Is(err, sim.ErrClicksTooMany), errors.Is(err, sim.ErrTooManyRules), errors.Is(err, sim.ErrClicksBound):
		return badRequest("%v", err)
	}
	return err
}

// msgFailInfo serves the file getmsg's fail_info_url names once a message
// has more than 1,000 failures: the failures wxmock keeps, which are the
// first 1,000 (sim.MaxFailInfo).
func (s *Server) msgFailInfo(r *http.Request) (any, error) {
	appid, err := s.knownApp(r.URL.Query().Get("appid"))
	if err != nil {
		return nil, err
	}
	id, err := strconv.ParseUint(mux.Vars(r)["msg_id"], 10, 63)
	if err != nil {
		return nil, badRequest("msg_id must be a number")
	}
	st, err := s.sim.MessageStatus(appid, id)
	if err != nil {
		return nil, clicksError(err)
	}
	return map[string]any{"msg_id": strconv.FormatUint(id, 10), "fail_cnt": st.FailCnt, "kept": len(st.FailInfo), "fail_info": st.FailInfo}, nil
}
