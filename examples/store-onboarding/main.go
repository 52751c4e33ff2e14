// Command store-onboarding is an example WeChat client: a job that puts a
// shop on the store mini program (门店小程序) from nothing, and learns of
// each audit's result the way WeChat tells it, by a push to the app's
// message server. In order:
//
//  1. starts its own message server (STORE_LISTEN, default 127.0.0.1:0)
//     and has the app's pushes sent there (see below);
//  2. uploads the head image (POST /cgi-bin/media/upload?type=image);
//  3. applies for the store mini program (POST /wxa/apply_merchant), in a
//     category that needs no qualification (购物 278 / 便利店 279);
//  4. waits for the apply_merchant_audit_info push: status 1 goes on, 3
//     (failed) or 4 (refused) ends the job with the push's reason;
//  5. finds its place on Tencent Maps (POST /wxa/search_map_poi);
//  6. adds the store there (POST /wxa/add_store, map_poi_id = the place's
//     sosomap_poi_uid);
//  7. waits for the add_store_audit_info push of that audit: status 1.
//
// The message server checks every push's signature (the hex SHA-1 of the
// sorted Token, timestamp and nonce) against its Token, refuses a push
// whose signature is wrong (HTTP 403) and keeps waiting, reads the status
// from the XML and answers "success". It takes the plain mode (明文模式)
// only: an encrypted push (encrypt_type=aes) is refused.
//
// WeChat sends the pushes to the URL, Token and mode set in the MP
// console (服务器配置), which no API sets. Under wxmock (WXMOCK_BASE_URL
// set), the job stands in for that console setting with wxmock's admin
// API: POST /__wxmock/apps with the app's push URL (its listener), Token
// and mode plain. Against WeChat it sets nothing: STORE_LISTEN must then be
// the address behind the URL set in the console. Against WeChat an audit
// takes days; under wxmock it takes -audit-delay (5 s) of the virtual
// clock, which the scenario examples/scenarios/store-onboarding.yaml lets
// run at real speed.
//
// A step that finds its work done (a merchant approved, a store approved
// at the place) goes on to the next one, and one in audit waits for its
// push, so that the job can run again: it asks get_merchant_audit_info and
// get_store_list once each for that, and never polls them.
//
// Environment: WXMOCK_BASE_URL (https://api.weixin.qq.com without it),
// WXMOCK_APPID and WXMOCK_SECRET, as the contract runner's run step gives
// them; WXMOCK_TOKEN, the message server's Token (default onboarding1);
// and, optional:
//
//	STORE_NICKNAME        the merchant's name (default: 便利店 and the appid's last 6 characters)
//	STORE_DISTRICT_ID     the district to search (default 440105, 海珠区)
//	STORE_KEYWORD         the place's name to search for (default X-MAX)
//	STORE_CREDENTIAL      the business licence number (default: derived from the appid)
//	STORE_WAIT            how long to wait for each audit's push (default 30s)
//	STORE_LISTEN          the message server's address (default 127.0.0.1:0, any free port)
//
// It prints the approved store to stdout, logs to stderr, and exits 1 on
// any error. Standard library only.
package main

import (
	"context"
	"fmt"
	"log"
	"net/http"
	"os"
	"strings"
	"time"
)

// WeChat's errcodes that this job handles.
const (
	errBusy         = -1    // system busy (系统繁忙): try again
	errInvalidToken = 40001 // access_token invalid or replaced
	errExpiredToken = 42001 // access_token expired
)

// Statuses of a merchant audit, in get_merchant_audit_info and in the
// apply_merchant_audit_info push (3 failed, 4 refused).
const (
	merchantNone     = 0
	merchantApproved = 1
	merchantInAudit  = 2
)

// Statuses of a store, in get_store_list and in the add_store_audit_info
// push.
const (
	storeApproved = 1
	storeInAudit  = 2
	storeFailed   = 3
)

// The push events this job waits for.
const (
	eventMerchant = "apply_merchant_audit_info"
	eventStore    = "add_store_audit_info"
)

// defaultPushToken is the message server's Token when WXMOCK_TOKEN is
// empty (the scenario's app has no push settings of its own).
const defaultPushToken = "onboarding1"

// busyRetries is how many times a call answered -1 is sent again.
const busyRetries = 3

// headImage stands in for the shop's logo: wxmock reads an image's format
// from its first bytes, so the JPEG magic is enough.
var headImage = []byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00 a stand-in head image")

// config is what the job reads from its environment.
type config struct {
	nickname, districtID, keyword, credential string
	listen, pushToken                         string
	wait                                      time.Duration
}

func main() {
	log.SetFlags(0)
	log.SetPrefix("store-onboarding: ")
	c, err := newClient()
	if err != nil {
		log.Fatal(err)
	}
	cfg, err := loadConfig(c.appid)
	if err != nil {
		log.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	ps, err := startPushServer(cfg.listen, cfg.pushToken)
	if err != nil {
		log.Fatal(err)
	}
	defer ps.close()
	if os.Getenv("WXMOCK_BASE_URL") != "" {
		// Stands in for the MP console's 服务器配置 (URL, Token, 明文模式),
		// where a real client sets its message server: no WeChat API does.
		if err := c.setPushServer(ctx, ps.url, cfg.pushToken); err != nil {
			log.Fatal(err)
		}
		log.Printf("the app's pushes go to %s", ps.url)
	} else {
		log.Printf("listening for pushes on %s: the URL set in the MP console must reach it", ps.addr)
	}
	st, err := onboard(ctx, c, cfg, ps)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("store %s %s approved\n", st.PoiID, st.BusinessName)
}

func loadConfig(appid string) (config, error) {
	tail := appid[max(len(appid)-6, 0):]
	cfg := config{
		nickname:   env("STORE_NICKNAME", "便利店 "+tail),
		districtID: env("STORE_DISTRICT_ID", "440105"),
		keyword:    env("STORE_KEYWORD", "X-MAX"),
		credential: env("STORE_CREDENTIAL", "91440101MA5C"+strings.ToUpper(tail)),
		listen:     env("STORE_LISTEN", "127.0.0.1:0"),
		pushToken:  env("WXMOCK_TOKEN", defaultPushToken),
	}
	var err error
	if cfg.wait, err = time.ParseDuration(env("STORE_WAIT", "30s")); err != nil {
		return cfg, fmt.Errorf("STORE_WAIT: %w", err)
	}
	return cfg, nil
}

func env(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

// onboard runs the steps, and returns the approved store.
func onboard(ctx context.Context, c *client, cfg config, ps *pushServer) (*storeInfo, error) {
	if err := becomeMerchant(ctx, c, cfg, ps); err != nil {
		return nil, err
	}
	place, err := findPlace(ctx, c, cfg)
	if err != nil {
		return nil, err
	}
	log.Printf("the place: %s (%s), sosomap_poi_uid %s", place.BranchName, place.Address, place.SosomapPoiUID)
	st, err := findStore(ctx, c, place.BranchName)
	if err != nil {
		return nil, err
	}
	var auditID int64 // the store's audit; 0 for one found in audit, whose audit id get_store_list does not give
	var poiID string  // the store found in audit
	switch {
	case st != nil && st.Status == storeApproved:
		log.Printf("store %s is there and approved already", st.PoiID)
		return st, nil
	case st != nil && st.Status == storeInAudit:
		log.Printf("store %s is there, in audit already", st.PoiID)
		poiID = st.PoiID
	default:
		if auditID, err = addStore(ctx, c, cfg, place); err != nil {
			return nil, err
		}
	}
	m, err := ps.wait(ctx, cfg.wait, "the store's audit", func(m pushMsg) bool {
		return m.Event == eventStore && (auditID == 0 || m.AuditID == auditID) && (poiID == "" || m.PoiID == poiID)
	})
	if err != nil {
		return nil, err
	}
	if m.Status != storeApproved {
		return nil, fmt.Errorf("store %s: its audit %d failed: status %d, reason %q", m.PoiID, m.AuditID, m.Status, m.Reason)
	}
	log.Printf("store %s approved (audit %d)", m.PoiID, m.AuditID)
	return &storeInfo{BusinessName: place.BranchName, PoiID: m.PoiID, Status: m.Status}, nil
}

// addStore adds a store at the place, in audit, and returns the audit's id.
func addStore(ctx context.Context, c *client, cfg config, p *place) (int64, error) {
	var out struct {
		Data struct {
			AuditID int64 `json:"audit_id"`
		} `json:"data"`
	}
	err := c.postJSON(ctx, "/wxa/add_store", map[string]any{
		"map_poi_id":     p.SosomapPoiUID,
		"pic_list":       `{"list":["http://mmbiz.qpic.cn/mmbiz_jpg/storefront.jpg"]}`, // a JSON document in a string
		"contract_phone": "020-89190388",
		"hour":           "10:00-21:00",
		"credential":     cfg.credential,
		"card_id":        "",
	}, &out)
	if err == nil {
		log.Printf("store added, in audit %d", out.Data.AuditID)
	}
	return out.Data.AuditID, err
}

// becomeMerchant applies for the store mini program, unless the app
// already did, and waits for the push of the merchant's approval.
func becomeMerchant(ctx context.Context, c *client, cfg config, ps *pushServer) error {
	audit, err := merchantAudit(ctx, c)
	if err != nil {
		return err
	}
	var auditID int64 // 0: apply_merchant does not answer the new audit's id
	switch audit.Status {
	case merchantApproved:
		log.Printf("the merchant is approved already")
		return nil
	case merchantInAudit:
		log.Printf("the merchant is in audit %d already", audit.AuditID)
		auditID = audit.AuditID
	default: // none yet, or failed or refused: apply (again)
		if audit.Status != merchantNone {
			log.Printf("the last application ended with status %d (%s): applying again", audit.Status, audit.Reason)
		}
		var up struct {
			MediaID string `json:"media_id"`
		}
		if err := c.upload(ctx, "/cgi-bin/media/upload?type=image", "media", "head.jpg", headImage, &up); err != nil {
			return err
		}
		log.Printf("head image uploaded: %s", up.MediaID)
		err := c.postJSON(ctx, "/wxa/apply_merchant", map[string]any{
			"first_catid":     278, // 购物
			"second_catid":    279, // 便利店: no qualification_list needed
			"headimg_mediaid": up.MediaID,
			"nickname":        cfg.nickname,
			"intro":           "社区里的便利店，早七点到晚十点营业",
		}, nil)
		if err != nil {
			return err
		}
		log.Printf("applied as %q", cfg.nickname)
	}
	m, err := ps.wait(ctx, cfg.wait, "the merchant's audit", func(m pushMsg) bool {
		return m.Event == eventMerchant && (auditID == 0 || m.AuditID == auditID)
	})
	if err != nil {
		return err
	}
	if m.Status != merchantApproved {
		return fmt.Errorf("the merchant was not approved (audit %d): status %d, reason %q", m.AuditID, m.Status, m.Reason)
	}
	log.Printf("the merchant is approved (audit %d)", m.AuditID)
	return nil
}

type merchantAuditInfo struct {
	AuditID int64  `json:"audit_id"`
	Status  int    `json:"status"`
	Reason  string `json:"reason"`
}

func merchantAudit(ctx context.Context, c *client) (merchantAuditInfo, error) {
	var out struct {
		Data merchantAuditInfo `json:"data"`
	}
	err := c.call(ctx, http.MethodGet, "/wxa/get_merchant_audit_info", "", nil, &out)
	return out.Data, err
}

// place is a Tencent Maps place, as search_map_poi answers it.
type place struct {
	BranchName    string `json:"branch_name"`
	Address       string `json:"address"`
	SosomapPoiUID string `json:"sosomap_poi_uid"`
}

func findPlace(ctx context.Context, c *client, cfg config) (*place, error) {
	var out struct {
		Data struct {
			Item []place `json:"item"`
		} `json:"data"`
	}
	if err := c.postJSON(ctx, "/wxa/search_map_poi", map[string]any{"districtid": cfg.districtID, "keyword": cfg.keyword}, &out); err != nil {
		return nil, err
	}
	if len(out.Data.Item) == 0 {
		return nil, fmt.Errorf("no place matches %q in district %s", cfg.keyword, cfg.districtID)
	}
	return &out.Data.Item[0], nil
}

// storeInfo is a store's base_info in get_store_list.
type storeInfo struct {
	BusinessName string `json:"business_name"`
	PoiID        string `json:"poi_id"`
	Status       int    `json:"status"` // 1 approved, 2 in audit, 3 failed
}

// findStore pages through the app's stores for the one named name (a
// store takes its place's name).
func findStore(ctx context.Context, c *client, name string) (*storeInfo, error) {
	const limit = 50 // get_store_list's largest page
	for offset := 0; ; {
		var out struct {
			BusinessList []struct {
				BaseInfo storeInfo `json:"base_info"`
			} `json:"business_list"`
			TotalCount int `json:"total_count"`
		}
		if err := c.postJSON(ctx, "/wxa/get_store_list", map[string]any{"offset": offset, "limit": limit}, &out); err != nil {
			return nil, err
		}
		for _, b := range out.BusinessList {
			if b.BaseInfo.BusinessName == name {
				st := b.BaseInfo
				return &st, nil
			}
		}
		offset += len(out.BusinessList)
		if len(out.BusinessList) == 0 || offset >= out.TotalCount {
			return nil, nil
		}
	}
}
