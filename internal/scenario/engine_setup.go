package scenario

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
)

func errorf(format string, a ...any) error { return fmt.Errorf(format, a...) }

// call sends a request to wxmock and decodes a JSON answer into out.
func (x *exec) call(method, path string, body any, out any) (int, []byte, error) {
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case []byte:
		rd = bytes.NewReader(b)
	case string:
		rd = strings.NewReader(b)
	default:
		data, err := json.Marshal(b)
		if err != nil {
			return 0, nil, err
		}
		rd = bytes.NewReader(data)
	}
	req, err := http.NewRequestWithContext(x.ctx, method, x.base+path, rd)
	if err != nil {
		return 0, nil, err
	}
	res, err := x.client.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer res.Body.Close()
	data, err := io.ReadAll(io.LimitReader(res.Body, 64<<20))
	if err != nil {
		return res.StatusCode, nil, err
	}
	if out != nil && len(data) > 0 {
		if err := json.Unmarshal(data, out); err != nil {
			return res.StatusCode, data, fmt.Errorf("%s %s: answer is not JSON: %.200s", method, path, data)
		}
	}
	return res.StatusCode, data, nil
}

// admin calls the control API and fails unless it answers 200.
func (x *exec) admin(method, path string, body, out any) error {
	status, data, err := x.call(method, "/__wxmock"+path, body, out)
	if err != nil {
		return err
	}
	if status != http.StatusOK {
		return fmt.Errorf("%s /__wxmock%s: %d %s", method, path, status, bytes.TrimSpace(data))
	}
	return nil
}

// setup prepares the scenario's app and world, then its faults.
func (x *exec) setup() error {
	s := &x.sc.Setup
	if x.shared {
		if err := x.sharedClock(); err != nil {
			return err
		}
	}
	if s.State != nil || s.StateFile != "" {
		doc := []byte(s.State)
		if s.StateFile != "" {
			var err error
			if doc, err = readRegular(x.sc.Path(s.StateFile), maxStateFile); err != nil {
				return err
			}
		}
		if err := x.admin(http.MethodPut, "/state", doc, nil); err != nil {
			return err
		}
	}
	if err := x.setupApp(); err != nil {
		return err
	}
	for _, r := range s.Roles {
		if _, err := x.wechat("/promoter/addrole", map[string]any{"name": r.Name, "desc": r.Desc}); err != nil {
			return fmt.Errorf("setup roles: %w", err)
		}
	}
	if err := x.setupPromoters(); err != nil {
		return err
	}
	if err := x.setupReach(); err != nil {
		return err
	}
	for i, f := range x.sc.Faults {
		if f.AppID == "" && x.shared {
			f.AppID = x.appid // in a shared server, a scenario's faults touch only its app
		}
		var out struct {
			Fault struct {
				ID uint64 `json:"id"`
			} `json:"fault"`
		}
		if err := x.admin(http.MethodPost, "/faults", f, &out); err != nil {
			return fmt.Errorf("faults[%d]: %w", i, err)
		}
		x.faults = append(x.faults, out.Fault.ID)
	}
	var j struct {
		Entries []struct {
			Seq uint64 `json:"seq"`
		} `json:"entries"`
	}
	if err := x.admin(http.MethodGet, "/journal?limit=1", nil, &j); err != nil {
		return err
	}
	if len(j.Entries) > 0 {
		x.mark = j.Entries[0].Seq
	}
	x.lastRun, x.own = x.mark, map[uint64]bool{}
	return nil
}

// setupApp creates the scenario's own app (or the one it names) and gets a
// token of it.
func (x *exec) setupApp() error {
	a := x.sc.Setup.App
	body := map[string]any{"name": "scenario: " + x.sc.Name}
	if a.AppID != "" {
		body["appid"] = a.AppID
	}
	if a.Secret != "" {
		body["secret"] = a.Secret
	}
	if a.Push != nil {
		x.push = *a.Push
		x.push.Token = cmp.Or(x.push.Token, "wxmockrunner") // "default: chosen by the runner"
		if x.push.URL == "" || x.push.URL == PushReceiver {
			x.push.URL = "" // set below, once the appid is known
		}
		body["push"] = map[string]any{"url": x.push.URL, "token": x.push.Token, "aes_key": x.push.AESKey, "mode": cmp.Or(x.push.Mode, "plain")}
	}
	var app struct {
		AppID  string `json:"appid"`
		Secret string `json:"secret"`
	}
	if err := x.admin(http.MethodPost, "/apps", body, &app); err != nil {
		return err
	}
	x.appid, x.secret = app.AppID, app.Secret
	if a.Push != nil && (a.Push.URL == "" || a.Push.URL == PushReceiver) {
		x.push.URL = x.recv.url(x.appid)
		body["appid"] = x.appid
		body["push"].(map[string]any)["url"] = x.push.URL
		if err := x.admin(http.MethodPost, "/apps", body, nil); err != nil {
			return err
		}
	}
	if err := x.refreshToken(); err != nil {
		return err
	}
	x.vars["appid"], x.vars["secret"], x.vars["base_url"] = x.appid, x.secret, x.base
	x.vars["push_token"], x.vars["push_aes_key"], x.vars["receiver_url"] = x.push.Token, x.push.AESKey, x.recv.url(x.appid)
	return nil
}

// refreshToken gets a new access_token of the scenario's app.
func (x *exec) refreshToken() error {
	var tok struct {
		AccessToken string `json:"access_token"`
		ErrMsg      string `json:"errmsg"`
	}
	q := url.Values{"grant_type": {"client_credential"}, "appid": {x.appid}, "secret": {x.secret}}
	if _, _, err := x.call(http.MethodGet, "/cgi-bin/token?"+q.Encode(), nil, &tok); err != nil {
		return err
	}
	if tok.AccessToken == "" {
		return fmt.Errorf("no access_token for %s: %s", x.appid, tok.ErrMsg)
	}
	x.token, x.vars["access_token"] = tok.AccessToken, tok.AccessToken
	return nil
}

// wechat calls a WeChat endpoint as the scenario's app and fails unless it
// answers errcode 0.
func (x *exec) wechat(path string, body any) (map[string]any, error) {
	var out map[string]any
	if _, data, err := x.call(http.MethodPost, path+"?access_token="+url.QueryEscape(x.token), body, &out); err != nil {
		return nil, err
	} else if code, _ := out["errcode"].(float64); code != 0 {
		return nil, errors.New(string(data))
	}
	return out, nil
}

// setupPromoters declares the setup's promoters, ten a call, then sets the
// auth and decl statuses asked for.
func (x *exec) setupPromoters() error {
	var batch []map[string]any
	type after struct {
		openid     string
		auth, decl int
		receive    string
	}
	var afters []after
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		out, err := x.wechat("/promoter/addpromoter", map[string]any{"promoter_list": batch})
		if err != nil {
			return fmt.Errorf("setup promoters: %w", err)
		}
		if n, _ := out["fail_cnt"].(float64); n != 0 {
			return fmt.Errorf("setup promoters: %v", out["fail_list"])
		}
		batch = batch[:0]
		return nil
	}
	n := 0
	for _, p := range x.sc.Setup.Promoters {
		for k := 0; k < max(p.Count, 1); k++ {
			openid := p.OpenID
			if openid == "" || p.Count > 1 {
				n++
				openid = fmt.Sprintf("o%s%018d", strings.TrimPrefix(x.appid, "wx")[:9], n)
			}
			batch = append(batch, map[string]any{"openid": openid, "role_id": max(p.RoleID, 1), "retail_id": p.RetailID,
				"extra_info": p.ExtraInfo, "name": p.Name, "phone": p.Phone})
			if p.AuthStatus != 0 || p.DeclStatus == 2 || p.Receive != "" {
				afters = append(afters, after{openid, p.AuthStatus, p.DeclStatus, p.Receive})
			}
			if len(batch) == 10 {
				if err := flush(); err != nil {
					return err
				}
			}
		}
	}
	if err := flush(); err != nil {
		return err
	}
	for _, a := range afters {
		if a.auth != 0 {
			if err := x.admin(http.MethodPost, "/promoters/authorize", map[string]any{"appid": x.appid, "openid": a.openid, "auth_status": a.auth}, nil); err != nil {
				return err
			}
		}
		if a.receive != "" {
			if err := x.admin(http.MethodPost, "/promoters/receive", map[string]any{"appid": x.appid, "openid": a.openid, "receive": a.receive}, nil); err != nil {
				return err
			}
		}
		if a.decl == 2 {
			out, err := x.wechat("/promoter/getpromoter", map[string]any{"openid": a.openid})
			if err != nil {
				return err
			}
			list, _ := out["promoter_list"].([]any)
			if len(list) == 1 {
				id := list[0].(map[string]any)["id"]
				if _, err := x.wechat("/promoter/updatepromoter", map[string]any{"id": id, "decl_status": 2}); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// sharedClock applies the scenario's clock to a running wxmock: frozen or
// not, and its start when that lies ahead (a clock never runs back). A
// frozen flag it changes is put back when the scenario ends (close), so
// that a server left running is not left frozen, or running, by a
// scenario; the time it moved to stays, since a clock never runs back.
func (x *exec) sharedClock() error {
	c := x.sc.Setup.Clock
	body := map[string]any{"frozen": c.Frozen}
	var now struct {
		Now    int64 `json:"now"`
		Frozen bool  `json:"frozen"`
	}
	if err := x.admin(http.MethodGet, "/clock", nil, &now); err != nil {
		return err
	}
	if !c.Start.IsZero() && c.Start.Unix() > now.Now {
		body["now"] = c.Start.Unix()
	}
	if err := x.admin(http.MethodPost, "/clock", body, nil); err != nil {
		return err
	}
	if now.Frozen != c.Frozen {
		x.wasFrozen = &now.Frozen
	}
	return nil
}
