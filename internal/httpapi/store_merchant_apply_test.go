package httpapi_test

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestStoreMerchantApply(t *testing.T) {
	t.Parallel()
	for _, path := range []string{"/wxa/apply_merchant", "/wxa/applywxastore"} {
		t.Run(strings.TrimPrefix(path, "/wxa/"), func(t *testing.T) {
			t.Parallel()
			e := setup(t)
			tok := e.token()
			head := smUploaded(e, tok, "image", "head.jpg", smMagicJPG)
			e.wantOK(smApply(e, path, tok, smApplication(head, nil)), "ok")
			a := smAuditOf(e, tok)
			if a.Status != 2 || a.AuditID == 0 || a.Reason != "" {
				t.Fatalf("after apply: %+v, want status 2 with an audit_id", a)
			}
			diff(t, "merchant", smMerchant{AppID: appID, FirstCatID: 278, SecondCatID: 279, HeadImgMediaID: head,
				Nickname: "Happy Mart", Intro: "a corner shop", Status: 2, AuditID: a.AuditID}, smMerchantOf(e, appID))
			diff(t, "audits", []smAuditRow{{AuditID: a.AuditID, AppID: appID, Kind: "apply_merchant_audit_info",
				State: "pending", DueAt: start.Unix() + 5, Planned: "pass"}}, smAudits(e, "?appid="+appID))

			// A second application while in audit: 85050.
			before := smState(e)
			e.wantErr(smApply(e, path, tok, smApplication(head, nil)), 85050, smMsgInAudit)
			smUnchanged(e, "an application in audit", before)

			e.advance(4 * time.Second)
			diff(t, "after 4 s", smAudit{AuditID: a.AuditID, Status: 2}, smAuditOf(e, tok))
			e.advance(time.Second)
			diff(t, "after 5 s", smAudit{AuditID: a.AuditID, Status: 1}, smAuditOf(e, tok))

			// Approved: 43104, even with another nickname.
			before = smState(e)
			e.wantErr(smApply(e, path, tok, smApplication(head, smBody{"nickname": "Other Mart"})), 43104, smMsgNoPerm)
			smUnchanged(e, "an application once approved", before)
		})
	}
}

// TestStoreMerchantApplyAccepted lists applications that pass the checks.
func TestStoreMerchantApplyAccepted(t *testing.T) {
	t.Parallel()
	// ids are a few uploads of the app: head (jpg), png, and jpg images q1..q5.
	type ids map[string]string
	cases := []struct {
		name string
		body func(m ids) smBody
	}{
		{"四个字 is 6 wide", func(m ids) smBody { return smApplication(m["head"], smBody{"nickname": "四个字"}) }},
		{"4 ASCII", func(m ids) smBody { return smApplication(m["head"], smBody{"nickname": "abcd"}) }},
		{"中ab is 4 wide", func(m ids) smBody { return smApplication(m["head"], smBody{"nickname": "中ab"}) }},
		{"two Chinese characters are 4 wide", func(m ids) smBody { return smApplication(m["head"], smBody{"nickname": "好店"}) }},
		{"30 ASCII", func(m ids) smBody {
			return smApplication(m["head"], smBody{"nickname": strings.Repeat("a", 30)})
		}},
		{"15 Chinese characters are 30 wide", func(m ids) smBody {
			return smApplication(m["head"], smBody{"nickname": strings.Repeat("店", 15)})
		}},
		{"digits and a space", func(m ids) smBody { return smApplication(m["head"], smBody{"nickname": "Shop 24"}) }},
		{"png head image", func(m ids) smBody { return smApplication(m["png"], nil) }},
		{"sensitive category with one qualification", func(m ids) smBody {
			return smApplication(m["head"], smBody{"first_catid": 476, "second_catid": 477, "qualification_list": m["q1"]})
		}},
		{"sensitive 280 with one qualification", func(m ids) smBody {
			return smApplication(m["head"], smBody{"first_catid": 278, "second_catid": 280, "qualification_list": m["q1"]})
		}},
		{"five qualifications", func(m ids) smBody {
			return smApplication(m["head"], smBody{"first_catid": 476, "second_catid": 477,
				"qualification_list": strings.Join([]string{m["q1"], m["q2"], m["q3"], m["q4"], m["q5"]}, "|")})
		}},
		{"qualifications on a category that needs none", func(m ids) smBody {
			return smApplication(m["head"], smBody{"qualification_list": m["q1"]})
		}},
		{"optional fields left out", func(m ids) smBody {
			return smApplication(m["head"], smBody{"qualification_list": nil, "org_code": nil, "other_files": nil})
		}},
		{"中国 with org_code", func(m ids) smBody {
			return smApplication(m["head"], smBody{"nickname": "中国好店", "org_code": m["q1"]})
		}},
		{"官方 with org_code and other_files", func(m ids) smBody {
			return smApplication(m["head"], smBody{"nickname": "官方小店", "org_code": m["q1"], "other_files": m["q2"] + "|" + m["q3"]})
		}},
		{"旗舰 with org_code", func(m ids) smBody {
			return smApplication(m["head"], smBody{"nickname": "旗舰店铺", "org_code": m["q1"]})
		}},
		{"another first-level category", func(m ids) smBody {
			return smApplication(m["head"], smBody{"first_catid": 269, "second_catid": 275})
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := setup(t)
			tok := e.token()
			m := ids{"head": smUploaded(e, tok, "image", "head.jpg", smMagicJPG), "png": smUploaded(e, tok, "image", "head.png", smMagicPNG)}
			for i := 1; i <= 5; i++ {
				m[fmt.Sprintf("q%d", i)] = smUploaded(e, tok, "image", "licence.jpg", smMagicJPG)
			}
			body := tc.body(m)
			e.wantOK(smApply(e, "/wxa/apply_merchant", tok, body), "ok")
			got := smMerchantOf(e, appID)
			if got.Status != 2 || got.Nickname != body["nickname"] {
				t.Errorf("merchant after apply: %+v", got)
			}
		})
	}
}

func TestStoreMerchantApplyRejected(t *testing.T) {
	t.Parallel()
	// m holds uploads of the app: head (jpg), png, gif, voice, thumb, and
	// jpg images q1..q6.
	type ids map[string]string
	six := func(m ids) string {
		return strings.Join([]string{m["q1"], m["q2"], m["q3"], m["q4"], m["q5"], m["q6"]}, "|")
	}
	with := func(over smBody) func(m ids) smBody {
		return func(m ids) smBody { return smApplication(m["head"], over) }
	}
	cases := []struct {
		name string
		body func(m ids) smBody
		code int
		msg  string
	}{
		// 40097: categories.
		{"second not a child of first", with(smBody{"first_catid": 278, "second_catid": 477}), 40097, smMsgArgs},
		{"second of another first", with(smBody{"first_catid": 269, "second_catid": 279}), 40097, smMsgArgs},
		{"unknown first", with(smBody{"first_catid": 999, "second_catid": 279}), 40097, smMsgArgs},
		{"unknown second", with(smBody{"first_catid": 278, "second_catid": 999}), 40097, smMsgArgs},
		{"both unknown", with(smBody{"first_catid": 1, "second_catid": 2}), 40097, smMsgArgs},
		{"first is second-level", with(smBody{"first_catid": 279, "second_catid": 280}), 40097, smMsgArgs},
		{"first and second swapped", with(smBody{"first_catid": 279, "second_catid": 278}), 40097, smMsgArgs},
		{"root as first", with(smBody{"first_catid": 0, "second_catid": 278}), 40097, smMsgArgs},
		{"same id twice", with(smBody{"first_catid": 278, "second_catid": 278}), 40097, smMsgArgs},
		{"negative first", with(smBody{"first_catid": -278}), 40097, smMsgArgs},
		{"first_catid missing", with(smBody{"first_catid": nil}), 40097, smMsgArgs},
		// 40097: qualifications.
		{"sensitive 477 without qualification_list", with(smBody{"first_catid": 476, "second_catid": 477}), 40097, smMsgArgs},
		{"sensitive 280 without qualification_list", with(smBody{"first_catid": 278, "second_catid": 280}), 40097, smMsgArgs},
		{"sensitive without the field", with(smBody{"first_catid": 476, "second_catid": 477, "qualification_list": nil}), 40097, smMsgArgs},
		{"six qualifications", func(m ids) smBody {
			return smApplication(m["head"], smBody{"first_catid": 476, "second_catid": 477, "qualification_list": six(m)})
		}, 40097, smMsgArgs},
		{"six other_files", func(m ids) smBody {
			return smApplication(m["head"], smBody{"nickname": "中国好店", "org_code": m["q1"], "other_files": six(m)})
		}, 40097, smMsgArgs},
		// 40097 and 47001: the body's shape.
		{"intro missing", with(smBody{"intro": nil}), 40097, smMsgArgs},
		{"intro empty", with(smBody{"intro": ""}), 40097, smMsgArgs},
		{"headimg_mediaid missing", with(smBody{"headimg_mediaid": nil}), 40097, smMsgArgs},
		{"first_catid a string", with(smBody{"first_catid": "278"}), 47001, "data format error"},
		// 85056: media.
		{"unknown head image", with(smBody{"headimg_mediaid": "no-such-media"}), 85056, smMsgMedia},
		{"voice as head image", func(m ids) smBody { return smApplication(m["voice"], nil) }, 85056, smMsgMedia},
		{"thumb as head image", func(m ids) smBody { return smApplication(m["thumb"], nil) }, 85056, smMsgMedia},
		{"gif as head image", func(m ids) smBody { return smApplication(m["gif"], nil) }, 85056, smMsgMedia},
		{"bad qualification id", func(m ids) smBody {
			return smApplication(m["head"], smBody{"first_catid": 476, "second_catid": 477, "qualification_list": m["q1"] + "|no-such-media"})
		}, 85056, smMsgMedia},
		{"bad qualification id on a plain category", with(smBody{"qualification_list": "no-such-media"}), 85056, smMsgMedia},
		{"bad org_code id", with(smBody{"nickname": "中国好店", "org_code": "no-such-media"}), 85056, smMsgMedia},
		{"bad other_files id", func(m ids) smBody {
			return smApplication(m["head"], smBody{"nickname": "中国好店", "org_code": m["q1"], "other_files": "no-such-media"})
		}, 85056, smMsgMedia},
		// 85030: the nickname's width and characters.
		{"ab", with(smBody{"nickname": "ab"}), 85030, smMsgName},
		{"abc", with(smBody{"nickname": "abc"}), 85030, smMsgName},
		{"中a is 3 wide", with(smBody{"nickname": "中a"}), 85030, smMsgName},
		{"one Chinese character", with(smBody{"nickname": "店"}), 85030, smMsgName},
		{"empty nickname", with(smBody{"nickname": ""}), 85030, smMsgName},
		{"31 ASCII", with(smBody{"nickname": strings.Repeat("a", 31)}), 85030, smMsgName},
		{"16 Chinese characters are 32 wide", with(smBody{"nickname": strings.Repeat("店", 16)}), 85030, smMsgName},
		{"four spaces", with(smBody{"nickname": "    "}), 85030, smMsgName},
		{"a leading space", with(smBody{"nickname": " 小王便利"}), 85030, smMsgName},
		{"abc!", with(smBody{"nickname": "abc!"}), 85030, smMsgName},
		{"a hyphen", with(smBody{"nickname": "Happy-Mart"}), 85030, smMsgName},
		{"Chinese punctuation", with(smBody{"nickname": "好店，好货"}), 85030, smMsgName},
		{"an emoji", with(smBody{"nickname": "Happy🛒Mart"}), 85030, smMsgName},
		// 85033: reserved words.
		{"微信", with(smBody{"nickname": "微信小店"}), 85033, smMsgReserved},
		{"WeChat", with(smBody{"nickname": "WeChat Shop"}), 85033, smMsgReserved},
		{"wechat in lower case", with(smBody{"nickname": "mywechatshop"}), 85033, smMsgReserved},
		// 85024: names that need the business licence.
		{"中国 without org_code", with(smBody{"nickname": "中国好店"}), 85024, smMsgMaterial},
		{"官方 without org_code", with(smBody{"nickname": "官方小店"}), 85024, smMsgMaterial},
		{"旗舰 without org_code", with(smBody{"nickname": "旗舰店铺"}), 85024, smMsgMaterial},
		{"中国 with other_files only", func(m ids) smBody {
			return smApplication(m["head"], smBody{"nickname": "中国好店", "other_files": m["q1"]})
		}, 85024, smMsgMaterial},
		// 85036: the intro.
		{"冒充 in the intro", with(smBody{"intro": "我们冒充名牌"}), 85036, smMsgIntro},
		{"国家级 in the intro", with(smBody{"intro": "国家级品质"}), 85036, smMsgIntro},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := setup(t)
			tok := e.token()
			m := ids{
				"head":  smUploaded(e, tok, "image", "head.jpg", smMagicJPG),
				"png":   smUploaded(e, tok, "image", "head.png", smMagicPNG),
				"gif":   smUploaded(e, tok, "image", "head.gif", smMagicGIF),
				"voice": smUploaded(e, tok, "voice", "hello.mp3", smMagicMP3),
				"thumb": smUploaded(e, tok, "thumb", "thumb.jpg", smMagicJPG),
			}
			for i := 1; i <= 6; i++ {
				m[fmt.Sprintf("q%d", i)] = smUploaded(e, tok, "image", "licence.jpg", smMagicJPG)
			}
			before := smState(e)
			e.wantErr(smApply(e, "/wxa/apply_merchant", tok, tc.body(m)), tc.code, tc.msg)
			smUnchanged(e, "a rejected application", before)
			diff(t, "audit info", smAudit{}, smAuditOf(e, tok))
		})
	}
}

// TestStoreMerchantNicknameTaken checks 85029: a nickname another app's
// merchant holds in audit or approved.
func TestStoreMerchantNicknameTaken(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name  string
		intro string        // the other app's intro
		wait  time.Duration // how long its audit runs before we apply
		mine  string        // our nickname
		code  int
	}{
		{"in audit", "wxmock:hold", 0, "Shared Shop", 85029},
		{"in audit, other case", "a shop", 0, "SHARED SHOP", 85029},
		{"approved", "a shop", 5 * time.Second, "Shared Shop", 85029},
		{"failed", "a shop wxmock:fail", 5 * time.Second, "Shared Shop", 0},
		{"rejected", "a shop wxmock:reject", 5 * time.Second, "Shared Shop", 0},
		{"another name", "a shop", 5 * time.Second, "Shared Shop 2", 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := setup(t)
			id, sec := smNewApp(e, "rival")
			theirTok := e.tokenOf(id, sec)
			theirHead := smUploaded(e, theirTok, "image", "head.jpg", smMagicJPG)
			e.wantOK(smApply(e, "/wxa/apply_merchant", theirTok, smApplication(theirHead, smBody{"nickname": "Shared Shop", "intro": tc.intro})), "ok")
			if tc.wait > 0 {
				e.advance(tc.wait)
			}
			tok := e.token()
			head := smUploaded(e, tok, "image", "head.jpg", smMagicJPG)
			before := smState(e)
			r := smApply(e, "/wxa/applywxastore", tok, smApplication(head, smBody{"nickname": tc.mine}))
			if tc.code == 0 {
				e.wantOK(r, "ok")
				return
			}
			e.wantErr(r, tc.code, smMsgTaken)
			smUnchanged(e, "an application with a taken nickname", before)
		})
	}
}
