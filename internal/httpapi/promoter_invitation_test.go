package httpapi_test

import (
	"image"
	"regexp"
	"strconv"
	"testing"

	"github.com/wxmock/wxmock/internal/material"
	"github.com/wxmock/wxmock/internal/sim"
)

// pmInvitation is a getinvitationmaterial answer's material.
type pmInvitation struct {
	Poster string `json:"poster"`
	QRCode string `json:"qrcode"`
	Tag    string `json:"tag"`
}

// pmTagPattern is a short link of the default app.
var pmTagPattern = regexp.MustCompile(`^#小程序://wxmock default app/[A-Za-z0-9_-]{10}$`)

func TestGetInvitationMaterial(t *testing.T) {
	t.Parallel()
	e := setup(t)
	tok := e.token()
	e.wantOK(e.post("/promoter/addrole", tok, `{"name":"店长"}`), "ok")
	tags := map[string]string{} // role_id: tag
	for _, role := range []int{1, 2} {
		bind := "pages/bindPromoter/bindPromoter?appid=" + appID + "&role=" + strconv.Itoa(role) + "&openType=2"
		tests := []struct {
			name string
			typ  any // invitation_type; nil leaves it out
			want string
		}{
			{"default is the poster", nil, "poster"},
			{"poster", 0, "poster"},
			{"qrcode", 1, "qrcode"},
			{"tag", 2, "tag"},
		}
		for _, tt := range tests {
			t.Run(strconv.Itoa(role)+" "+tt.name, func(t *testing.T) {
				e := e.prIn(t)
				body := prObj{"role_id": role}
				if tt.typ != nil {
					body["invitation_type"] = tt.typ
				}
				r := e.post("/promoter/getinvitationmaterial", tok, prJSON(t, body))
				e.wantOK(r, "OK")
				var got pmInvitation
				admDecode(t, r, &got)
				// Only the material asked for is filled in.
				filled := map[string]bool{"poster": got.Poster != "", "qrcode": got.QRCode != "", "tag": got.Tag != ""}
				diff(t, "filled fields", map[string]bool{"poster": false, "qrcode": false, "tag": false, tt.want: true}, filled)
				switch tt.want {
				case "poster":
					diff(t, "poster size", image.Rect(0, 0, material.PosterWidth, material.PosterHeight), pmImage(t, got.Poster).Bounds())
					diff(t, "the poster's QR code", bind, pmReadQR(t, got.Poster))
				case "qrcode":
					diff(t, "the QR code", bind, pmReadQR(t, got.QRCode))
				case "tag":
					if !pmTagPattern.MatchString(got.Tag) {
						t.Errorf("tag %q, want %s", got.Tag, pmTagPattern)
					}
					tags[strconv.Itoa(role)] = got.Tag
				}
				// The same request answers the same material.
				pmExact(t, "the answer again", r.Raw, e.post("/promoter/getinvitationmaterial", tok, prJSON(t, body)))
			})
		}
	}
	if tags["1"] == tags["2"] {
		t.Errorf("roles 1 and 2 have the same tag %q", tags["1"])
	}

	tests := []struct {
		name, body string
		code       int
	}{
		{"unknown role", `{"role_id":3}`, 103006},
		{"unknown role, a tag", `{"role_id":9,"invitation_type":2}`, 103006},
		{"role_id missing", `{}`, 103001},
		{"role_id missing with a type", `{"invitation_type":1}`, 103001},
		{"role_id 0", `{"role_id":0}`, 103001},
		{"role_id negative", `{"role_id":-1}`, 103001},
		{"role_id beyond uint32", `{"role_id":4294967296}`, 103001},
		{"invitation_type 3", `{"role_id":1,"invitation_type":3}`, 103001},
		{"invitation_type -1", `{"role_id":1,"invitation_type":-1}`, 103001},
		{"role_id a string", `{"role_id":"1"}`, 47001},
		{"invitation_type a string", `{"role_id":1,"invitation_type":"1"}`, 47001},
		{"body an array", `[]`, 47001},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e.prIn(t).prRejected("/promoter/getinvitationmaterial", tok, tt.body, tt.code, sim.ErrorFor(tt.code, "").Msg)
		})
	}

	// Another app's roles are its own.
	const id2, secret2 = "wx2222222222222222", "22222222222222222222222222222222"
	e.pmAdminOK("/apps", `{"appid":"`+id2+`","secret":"`+secret2+`"}`)
	e.wantErr(e.post("/promoter/getinvitationmaterial", e.tokenOf(id2, secret2), `{"role_id":2}`), 103006, sim.ErrDataNotExist.Msg)
}
