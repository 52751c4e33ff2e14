package httpapi_test

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestStoreMerchantModifyBeforeApproval(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name  string
		intro string // "": no application
	}{
		{"no application", ""},
		{"in audit", "a shop"},
		{"held", "a shop wxmock:hold"},
		{"failed", "a shop wxmock:fail"},
		{"rejected", "a shop wxmock:reject"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := setup(t)
			tok := e.token()
			head := smUploaded(e, tok, "image", "head.jpg", smMagicJPG)
			if tc.intro != "" {
				e.wantOK(smApply(e, "/wxa/apply_merchant", tok, smApplication(head, smBody{"intro": tc.intro})), "ok")
				if strings.Contains(tc.intro, "wxmock:fail") || strings.Contains(tc.intro, "wxmock:reject") {
					e.advance(5 * time.Second)
				}
			}
			before := smState(e)
			e.wantErr(smModify(e, tok, head, "new intro"), 85053, smMsgNoStore)
			e.wantErr(smModify(e, tok, "", ""), 85053, smMsgNoStore)
			smUnchanged(e, "modify before approval", before)
		})
	}
}

func TestStoreMerchantModify(t *testing.T) {
	t.Parallel()
	e := setup(t)
	tok, head := smApproved(e)
	base := smMerchantOf(e, appID)

	// Both empty: nothing changes, not even the monthly count.
	before := smState(e)
	e.wantOK(smModify(e, tok, "", ""), "ok")
	smUnchanged(e, "modify with both values empty", before)

	// A new intro keeps the head image.
	e.wantOK(smModify(e, tok, "", "open late"), "ok")
	got := smMerchantOf(e, appID)
	diff(t, "after a new intro", []string{head, "open late", "Happy Mart"}, []string{got.HeadImgMediaID, got.Intro, got.Nickname})

	// A new head image (png) keeps the intro.
	png := smUploaded(e, tok, "image", "new.png", smMagicPNG)
	e.wantOK(smModify(e, tok, png, ""), "ok")
	got = smMerchantOf(e, appID)
	diff(t, "after a new head image", []string{png, "open late"}, []string{got.HeadImgMediaID, got.Intro})

	// Both at once.
	jpg := smUploaded(e, tok, "image", "newer.jpg", smMagicJPG)
	e.wantOK(smModify(e, tok, jpg, "open all night"), "ok")
	got = smMerchantOf(e, appID)
	diff(t, "after both", []string{jpg, "open all night"}, []string{got.HeadImgMediaID, got.Intro})

	// The audit and the rest of the merchant stay.
	diff(t, "audit info", smAudit{AuditID: base.AuditID, Status: 1}, smAuditOf(e, tok))
	want := base
	want.HeadImgMediaID, want.Intro = got.HeadImgMediaID, got.Intro
	want.ModifyMonth, want.ModifyCount = got.ModifyMonth, got.ModifyCount
	diff(t, "merchant", want, got)
	diff(t, "changes counted", 3, got.ModifyCount)
}

func TestStoreMerchantModifyRejected(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		// prepare runs after approval and returns the modify body.
		prepare func(e *env, tok string) smBody
		code    int
		msg     string
	}{
		{"冒充 in the intro", func(*env, string) smBody { return smBody{"headimg_mediaid": "", "intro": "冒充名店"} }, 85036, smMsgIntro},
		{"国家级 with a good head image", func(e *env, tok string) smBody {
			return smBody{"headimg_mediaid": smUploaded(e, tok, "image", "h.jpg", smMagicJPG), "intro": "国家级"}
		}, 85036, smMsgIntro},
		{"unknown head image", func(*env, string) smBody { return smBody{"headimg_mediaid": "no-such-media", "intro": ""} }, 85056, smMsgMedia},
		{"unknown head image and a good intro", func(*env, string) smBody {
			return smBody{"headimg_mediaid": "no-such-media", "intro": "fine"}
		}, 85056, smMsgMedia},
		{"voice as head image", func(e *env, tok string) smBody {
			return smBody{"headimg_mediaid": smUploaded(e, tok, "voice", "a.amr", smMagicAMR), "intro": ""}
		}, 85056, smMsgMedia},
		{"thumb as head image", func(e *env, tok string) smBody {
			return smBody{"headimg_mediaid": smUploaded(e, tok, "thumb", "t.jpg", smMagicJPG), "intro": ""}
		}, 85056, smMsgMedia},
		// apply_merchant takes a jpg or png head image only, and modify_merchant
		// "直接复用创建门店小程序的错误码".
		{"gif as head image", func(e *env, tok string) smBody {
			return smBody{"headimg_mediaid": smUploaded(e, tok, "image", "h.gif", smMagicGIF), "intro": ""}
		}, 85056, smMsgMedia},
		{"expired head image", func(e *env, tok string) smBody {
			id := smUploaded(e, tok, "image", "h.jpg", smMagicJPG)
			e.advance(72 * time.Hour)
			return smBody{"headimg_mediaid": id, "intro": ""}
		}, 85056, smMsgMedia},
		{"another app's head image", func(e *env, _ string) smBody {
			appid, sec := smNewApp(e, "rival")
			return smBody{"headimg_mediaid": smUploaded(e, e.tokenOf(appid, sec), "image", "h.jpg", smMagicJPG), "intro": ""}
		}, 85056, smMsgMedia},
		{"intro missing", func(*env, string) smBody { return smBody{"headimg_mediaid": ""} }, 40097, smMsgArgs},
		{"headimg_mediaid missing", func(*env, string) smBody { return smBody{"intro": "x"} }, 40097, smMsgArgs},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := setup(t)
			smApproved(e)
			body := tc.prepare(e, e.token())
			tok := e.token()
			before := smState(e)
			e.wantErr(smPost(e, "/wxa/modify_merchant", tok, body), tc.code, tc.msg)
			smUnchanged(e, "a rejected modify", before)
		})
	}
}

// TestStoreMerchantModifyLimit checks five changes a China calendar month.
func TestStoreMerchantModifyLimit(t *testing.T) {
	t.Parallel()
	e := setup(t)
	tok, _ := smApproved(e) // 2024-01-24 14:00:32 in China
	for i := 1; i <= 5; i++ {
		e.wantOK(smModify(e, tok, "", fmt.Sprintf("intro %d", i)), "ok")
	}
	head := smUploaded(e, tok, "image", "h.jpg", smMagicJPG)
	before := smState(e)
	e.wantErr(smModify(e, tok, "", "intro 6"), 85049, smMsgModLimit)
	e.wantErr(smModify(e, tok, head, ""), 85049, smMsgModLimit)
	smUnchanged(e, "a sixth change", before)
	diff(t, "intro", "intro 5", smMerchantOf(e, appID).Intro)

	// 2024-01-31 23:59:59 in China (15:59:59 UTC) is still January.
	e.advance(time.Date(2024, 1, 31, 15, 59, 59, 0, time.UTC).Sub(e.m.Sim.Now()))
	tok = e.token()
	before = smState(e)
	e.wantErr(smModify(e, tok, "", "intro 6"), 85049, smMsgModLimit)
	smUnchanged(e, "a sixth change in January", before)

	// A second later it is February in China, still January in UTC.
	e.advance(time.Second)
	for i := 1; i <= 5; i++ {
		e.wantOK(smModify(e, tok, "", fmt.Sprintf("february %d", i)), "ok")
	}
	e.wantErr(smModify(e, tok, "", "february 6"), 85049, smMsgModLimit)
	diff(t, "intro", "february 5", smMerchantOf(e, appID).Intro)
}
