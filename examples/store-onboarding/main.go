// Command store-onboarding is an example WeChat client: a job that puts a
// shop on the store mini program (门店小程序) from nothing. In order:
//
//  1. uploads the head image (POST /cgi-bin/media/upload?type=image);
//  2. applies for the store mini program (POST /wxa/apply_merchant), in a
//     category that needs no qualification (购物 278 / 便利店 279);
//  3. waits until the merchant is approved: it polls
//     GET /wxa/get_merchant_audit_info until status 1;
//  4. finds its place on Tencent Maps (POST /wxa/search_map_poi);
//  5. adds the store there (POST /wxa/add_store, map_poi_id = the place's
//     sosomap_poi_uid);
//  6. waits until the store is approved: it polls POST /wxa/get_store_list
//     until the store shows status 1.
//
// WeChat also pushes each audit's result to the app's message server, whose
// URL is set in the MP console, not through the API. A job that runs once,
// like this one, cannot be that server, so it polls; the scenario
// examples/scenarios/store-onboarding.yaml points the app's pushes at the
// runner's receiver and proves them with expect_push. Against WeChat an
// audit takes days; under wxmock it takes -audit-delay (5 s) of the
// virtual clock, which the scenario lets run at real speed.
//
// A step that finds its work done (a merchant approved or in audit, a
// store at the place) goes on to the next one, so that the job can run
// again.
//
// Environment: WXMOCK_BASE_URL (https://api.weixin.qq.com without it),
// WXMOCK_APPID and WXMOCK_SECRET, as the contract runner's run step gives
// them; and, optional:
//
//	STORE_NICKNAME        the merchant's name (default: 便利店 and the appid's last 6 characters)
//	STORE_DISTRICT_ID     the district to search (default 440105, 海珠区)
//	STORE_KEYWORD         the place's name to search for (default X-MAX)
//	STORE_CREDENTIAL      the business licence number (default: derived from the appid)
//	STORE_WAIT            how long to wait for each audit (default 30s)
//	STORE_POLL            how often to ask (default 500ms)
//
// It prints the approved store to stdout, logs to stderr, and exits 1 on
// any error. Standard library only.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"mime/multipart"
	"net/http"
	"net/url"
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

// Statuses of get_merchant_audit_info.
const (
	merchantNone     = 0
	merchantApproved = 1
	merchantInAudit  = 2
)

// Statuses of a store in get_store_list.
const (
	storeApproved = 1 // 2 is in audit
	storeFailed   = 3
)

// busyRetries is how many times a call answered -1 is sent again.
const busyRetries = 3

// headImage stands in for the shop's logo: wxmock reads an image's format
// from its first bytes, so the JPEG magic is enough.
var headImage = []byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00 a stand-in head image")

// config is what the job reads from its environment.
type config struct {
	nickname, districtID, keyword, credential string
	wait, poll                                time.Duration
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
	st, err := onboard(ctx, c, cfg)
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
	}
	var err error
	if cfg.wait, err = time.ParseDuration(env("STORE_WAIT", "30s")); err != nil {
		return cfg, fmt.Errorf("STORE_WAIT: %w", err)
	}
	if cfg.poll, err = time.ParseDuration(env("STORE_POLL", "500ms")); err != nil {
		return cfg, fmt.Errorf("STORE_POLL: %w", err)
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
func onboard(ctx context.Context, c *client, cfg config) (*storeInfo, error) {
	if err := becomeMerchant(ctx, c, cfg); err != nil {
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
	if st != nil && st.Status != storeFailed {
		log.Printf("store %s is there already (status %d)", st.PoiID, st.Status)
	} else if err := addStore(ctx, c, cfg, place); err != nil {
		return nil, err
	}
	var found *storeInfo
	err = waitFor(ctx, cfg, "the store's audit", func() (bool, error) {
		st, err := findStore(ctx, c, place.BranchName)
		if err != nil || st == nil {
			return false, err
		}
		switch st.Status {
		case storeApproved:
			found = st
			return true, nil
		case storeFailed:
			return false, fmt.Errorf("store %s: its audit failed (status %d)", st.PoiID, st.Status)
		}
		return false, nil
	})
	return found, err
}

// addStore adds a store at the place, in audit.
func addStore(ctx context.Context, c *client, cfg config, p *place) error {
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
	return err
}

// becomeMerchant applies for the store mini program, unless the app
// already did, and waits until the merchant is approved.
func becomeMerchant(ctx context.Context, c *client, cfg config) error {
	audit, err := merchantAudit(ctx, c)
	if err != nil {
		return err
	}
	switch audit.Status {
	case merchantApproved:
		log.Printf("the merchant is approved already")
		return nil
	case merchantInAudit:
		log.Printf("the merchant is in audit %d already", audit.AuditID)
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
	return waitFor(ctx, cfg, "the merchant's audit", func() (bool, error) {
		a, err := merchantAudit(ctx, c)
		if err != nil {
			return false, err
		}
		switch a.Status {
		case merchantApproved:
			log.Printf("the merchant is approved (audit %d)", a.AuditID)
			return true, nil
		case merchantInAudit:
			return false, nil
		}
		return false, fmt.Errorf("the merchant was not approved: status %d, reason %q", a.Status, a.Reason)
	})
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

// waitFor asks done every cfg.poll until it says so, fails, or cfg.wait
// has passed.
func waitFor(ctx context.Context, cfg config, what string, done func() (bool, error)) error {
	deadline := time.Now().Add(cfg.wait)
	for {
		ok, err := done()
		if err != nil || ok {
			return err
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%s did not end within %s", what, cfg.wait)
		}
		select {
		case <-time.After(cfg.poll):
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// apiError is an answer with a non-zero errcode.
type apiError struct {
	Path string
	Code int
	Msg  string
}

func (e *apiError) Error() string { return fmt.Sprintf("%s: errcode %d: %s", e.Path, e.Code, e.Msg) }

// client calls WeChat as one app, with one access_token.
type client struct {
	base, appid, secret string
	http                *http.Client
	token               string
}

func newClient() (*client, error) {
	c := &client{
		base:   strings.TrimSuffix(os.Getenv("WXMOCK_BASE_URL"), "/"),
		appid:  os.Getenv("WXMOCK_APPID"),
		secret: os.Getenv("WXMOCK_SECRET"),
		http:   &http.Client{Timeout: 15 * time.Second},
	}
	if c.base == "" {
		c.base = "https://api.weixin.qq.com"
	}
	if c.appid == "" || c.secret == "" {
		return nil, errors.New("set WXMOCK_APPID and WXMOCK_SECRET")
	}
	return c, nil
}

// fetchToken gets a new access_token.
func (c *client) fetchToken(ctx context.Context) error {
	q := url.Values{"grant_type": {"client_credential"}, "appid": {c.appid}, "secret": {c.secret}}
	var out struct {
		AccessToken string `json:"access_token"`
	}
	if err := c.do(ctx, http.MethodGet, "/cgi-bin/token?"+q.Encode(), "", nil, &out); err != nil {
		return err
	}
	if out.AccessToken == "" {
		return errors.New("/cgi-bin/token: no access_token in the answer")
	}
	c.token = out.AccessToken
	return nil
}

// postJSON sends body as JSON.
func (c *client) postJSON(ctx context.Context, path string, body, out any) error {
	data, err := json.Marshal(body)
	if err != nil {
		return err
	}
	return c.call(ctx, http.MethodPost, path, "application/json", data, out)
}

// upload sends one file as multipart/form-data.
func (c *client) upload(ctx context.Context, path, field, filename string, content []byte, out any) error {
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	part, err := mw.CreateFormFile(field, filename)
	if err != nil {
		return err
	}
	if _, err := part.Write(content); err != nil {
		return err
	}
	if err := mw.Close(); err != nil {
		return err
	}
	return c.call(ctx, http.MethodPost, path, mw.FormDataContentType(), b.Bytes(), out)
}

// call sends a request with the access_token and decodes the answer into
// out. It fetches a token when it has none, and a new one when the token
// is refused (once a call: a token refused again is an error). It sends a
// call answered -1 again, the very same body, up to busyRetries times.
func (c *client) call(ctx context.Context, method, path, ctype string, body []byte, out any) error {
	refreshed := false
	busy := 0
	for {
		if c.token == "" {
			if err := c.fetchToken(ctx); err != nil {
				return err
			}
		}
		sep := "?"
		if strings.Contains(path, "?") {
			sep = "&"
		}
		err := c.do(ctx, method, path+sep+"access_token="+url.QueryEscape(c.token), ctype, body, out)
		var apiErr *apiError
		if !errors.As(err, &apiErr) {
			return err
		}
		switch {
		case (apiErr.Code == errInvalidToken || apiErr.Code == errExpiredToken) && !refreshed:
			log.Printf("%v: fetching a new access_token", apiErr)
			c.token, refreshed = "", true
		case apiErr.Code == errBusy && busy < busyRetries:
			wait := 100 * time.Millisecond << busy
			busy++
			log.Printf("%v: retry %d of %d in %s", apiErr, busy, busyRetries, wait)
			select {
			case <-time.After(wait):
			case <-ctx.Done():
				return ctx.Err()
			}
		default:
			return err
		}
	}
}

// do sends one request and decodes its JSON answer; an answer with a
// non-zero errcode is an *apiError.
func (c *client) do(ctx context.Context, method, target, ctype string, body []byte, out any) error {
	path, _, _ := strings.Cut(target, "?")
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+target, rd)
	if err != nil {
		return err
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	res, err := c.http.Do(req)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	defer res.Body.Close()
	data, err := io.ReadAll(io.LimitReader(res.Body, 32<<20))
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("%s: HTTP %s: %.200s", path, res.Status, data)
	}
	var envelope struct {
		ErrCode int    `json:"errcode"`
		ErrMsg  string `json:"errmsg"`
	}
	if err := json.Unmarshal(data, &envelope); err != nil {
		return fmt.Errorf("%s: the answer is not JSON: %.200s", path, data)
	}
	if envelope.ErrCode != 0 {
		return &apiError{Path: path, Code: envelope.ErrCode, Msg: envelope.ErrMsg}
	}
	if out != nil {
		if err := json.Unmarshal(data, out); err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
	}
	return nil
}
