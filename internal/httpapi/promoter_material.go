package httpapi

import (
	"cmp"
	"crypto/sha256"
	"encoding/base64"
	"fmt"

	"github.com/wxmock/wxmock/internal/material"
	"github.com/wxmock/wxmock/internal/sim"
)

// getShareMaterial answers POST /promoter/getsharematerial (生成推广素材).
func (s *Server) getShareMaterial(c *call) (any, error) {
	b := c.body
	r := sim.ShareRequest{}
	r.Path, _ = b.str("path")
	r.OpenID, _ = b.str("openid")
	r.ExtraInfo, _ = b.str("extra_info")
	r.Title, _ = b.str("title")
	r.EnvVersion, _ = b.str("env_version")
	shareType, _ := b.uint("share_type", 3)
	r.ShareType = int(shareType)
	m, err := s.sim.ShareMaterialFor(c.appid, r)
	if err != nil {
		return nil, err
	}
	if m.EnvVersion != "release" && r.ShareType != sim.ShareTag {
		c.note("env_version %s opens the short link only; share_path and qrcode open the release version (仅短链支持跳转开发版/体验版)", m.EnvVersion)
	}
	out := shareMaterialBody{ErrMsg: "OK"}
	link := m.SharePath()
	if r.ShareType == sim.ShareAll || r.ShareType == sim.SharePath {
		out.SharePath = link
	}
	if r.ShareType == sim.ShareAll || r.ShareType == sim.ShareTag {
		out.Tag = s.shortLink(c.appid, m.Code)
	}
	if r.ShareType == sim.ShareAll || r.ShareType == sim.ShareQRCode {
		png, err := material.QRCode(link, 0)
		if err != nil {
			return nil, err
		}
		out.QRCode = base64.StdEncoding.EncodeToString(png)
	}
	return out, nil
}

// shortLink is a mini program short link, in the form WeChat's short links
// take: "#小程序://" followed by the mini program's name and a code.
func (s *Server) shortLink(appid, code string) string {
	name := "wxmock"
	if app, err := s.sim.App(appid); err == nil && app != nil {
		name = cmp.Or(app.Name, name)
	}
	return "#小程序://" + name + "/" + code
}

// getInvitationMaterial answers POST /promoter/getinvitationmaterial
// (获取推广员邀请素材): a poster, a mini program code or a short link that
// invite a user to become a promoter of role_id. The code leads to the
// binding page WeChat's invite_promoter page names,
// "/pages/bindPromoter/bindPromoter?appid=%s&role=%u&openType=2"; wxmock
// draws a QR code of that path. 103006 for a role the app does not have.
func (s *Server) getInvitationMaterial(c *call) (any, error) {
	roleID, ok := c.body.uint("role_id", maxUint32)
	if !ok || roleID == 0 {
		return nil, sim.ErrParamInvalid
	}
	kind, _ := c.body.uint("invitation_type", 2)
	if _, err := s.sim.Roles(c.appid, uint32(roleID)); err != nil {
		return nil, err
	}
	path := invitationPath(c.appid, uint32(roleID))
	out := invitationBody{ErrMsg: "OK"}
	switch kind {
	case 0:
		png, err := material.Poster(material.PosterSpec{QRContent: path, Accent: material.AccentFor(uint32(roleID))})
		if err != nil {
			return nil, err
		}
		out.Poster = base64.StdEncoding.EncodeToString(png)
	case 1:
		png, err := material.QRCode(path, 0)
		if err != nil {
			return nil, err
		}
		out.QRCode = base64.StdEncoding.EncodeToString(png)
	default:
		sum := sha256.Sum256([]byte(path))
		out.Tag = s.shortLink(c.appid, base64.RawURLEncoding.EncodeToString(sum[:])[:10])
	}
	return out, nil
}

// invitationPath is the page an invitation to role roleID of appid opens.
func invitationPath(appid string, roleID uint32) string {
	return fmt.Sprintf("pages/bindPromoter/bindPromoter?appid=%s&role=%d&openType=2", appid, roleID)
}
