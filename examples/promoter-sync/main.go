// Command promoter-sync is an example WeChat client: a job that reads every
// promoter (小程序推广员) of a mini program, page by page, and prints how
// many there are and how many have accepted their invitation.
//
// It is the client that examples/scenarios/promoter-sync.yaml proves right
// with the contract runner. It keeps WeChat's rules for a batch job:
//
//   - one access_token for the whole run, fetched with GET /cgi-bin/token,
//     and fetched again only when a call answers 40001 or 42001;
//   - pages of POST /promoter/getpromoter, each starting after the last id
//     of the page before (start_id), until a page holds fewer than 2,000
//     promoters or the answer is 103006 (data not exist);
//   - a call answered -1 (system busy) is sent again, the same, up to 3
//     times with a short backoff;
//   - any other error ends the job with exit code 1.
//
// Configuration comes from the environment, as the contract runner's run
// step gives it: WXMOCK_BASE_URL (https://api.weixin.qq.com without it),
// WXMOCK_APPID and WXMOCK_SECRET. The result goes to stdout as
//
//	4500 promoters, 20 authorized
//
// and the log to stderr. Standard library only.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"
)

// WeChat's errcodes that this job handles.
const (
	errBusy         = -1     // system busy (系统繁忙): try again
	errInvalidToken = 40001  // access_token invalid or replaced
	errExpiredToken = 42001  // access_token expired
	errNoData       = 103006 // data not exist: past the last promoter
)

// pageSize is getpromoter's page: a shorter page is the last one.
const pageSize = 2000

// busyRetries is how many times a call answered -1 is sent again.
const busyRetries = 3

func main() {
	log.SetFlags(0)
	log.SetPrefix("promoter-sync: ")
	c, err := newClient()
	if err != nil {
		log.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	total, authorized, err := syncPromoters(ctx, c)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%d promoters, %d authorized\n", total, authorized)
}

// promoter is what the job reads of a promoter.
type promoter struct {
	ID         string `json:"id"`
	OpenID     string `json:"openid"`
	AuthStatus int    `json:"auth_status"` // 0 not yet, 1 accepted, 2 cancelled
}

// syncPromoters reads every page and counts the promoters and those that
// accepted.
func syncPromoters(ctx context.Context, c *client) (total, authorized int, err error) {
	startID := ""
	for page := 1; ; page++ {
		var out struct {
			PromoterList []promoter `json:"promoter_list"`
			TotalCnt     int        `json:"total_cnt"`
		}
		err := c.post(ctx, "/promoter/getpromoter", getPromoterRequest{StartID: startID}, &out)
		var apiErr *apiError
		if errors.As(err, &apiErr) && apiErr.Code == errNoData {
			log.Printf("page %d: no more promoters", page)
			return total, authorized, nil
		}
		if err != nil {
			return 0, 0, fmt.Errorf("page %d: %w", page, err)
		}
		for _, p := range out.PromoterList {
			if p.AuthStatus == 1 {
				authorized++
			}
		}
		total += len(out.PromoterList)
		log.Printf("page %d: %d promoters (%d of %d)", page, len(out.PromoterList), total, out.TotalCnt)
		if len(out.PromoterList) < pageSize {
			return total, authorized, nil
		}
		startID = out.PromoterList[len(out.PromoterList)-1].ID
	}
}

// getPromoterRequest is getpromoter's body: no filter, only the page.
// The first page sends {}.
type getPromoterRequest struct {
	StartID string `json:"start_id,omitempty"`
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
	backoff             time.Duration // before the first retry of a -1; doubled each time
}

func newClient() (*client, error) {
	c := &client{
		base:    strings.TrimSuffix(os.Getenv("WXMOCK_BASE_URL"), "/"),
		appid:   os.Getenv("WXMOCK_APPID"),
		secret:  os.Getenv("WXMOCK_SECRET"),
		http:    &http.Client{Timeout: 15 * time.Second},
		backoff: 100 * time.Millisecond,
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
		ExpiresIn   int    `json:"expires_in"`
	}
	if err := c.do(ctx, http.MethodGet, "/cgi-bin/token?"+q.Encode(), nil, &out); err != nil {
		return err
	}
	if out.AccessToken == "" {
		return errors.New("/cgi-bin/token: no access_token in the answer")
	}
	c.token = out.AccessToken
	log.Printf("got an access_token for %ds", out.ExpiresIn)
	return nil
}

// post sends body as JSON to a WeChat endpoint and decodes the answer into
// out. It fetches a token when it has none, and a new one when the token
// is refused (once a call: a token refused again is an error). It sends a
// call answered -1 again, the very same body, up to busyRetries times.
func (c *client) post(ctx context.Context, path string, body, out any) error {
	data, err := json.Marshal(body)
	if err != nil {
		return err
	}
	refreshed := false
	busy := 0
	for {
		if c.token == "" {
			if err := c.fetchToken(ctx); err != nil {
				return err
			}
		}
		err := c.do(ctx, http.MethodPost, path+"?access_token="+url.QueryEscape(c.token), data, out)
		var apiErr *apiError
		if !errors.As(err, &apiErr) {
			return err
		}
		switch {
		case (apiErr.Code == errInvalidToken || apiErr.Code == errExpiredToken) && !refreshed:
			log.Printf("%v: fetching a new access_token", apiErr)
			c.token, refreshed = "", true
		case apiErr.Code == errBusy && busy < busyRetries:
			wait := c.backoff << busy
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
func (c *client) do(ctx context.Context, method, target string, body []byte, out any) error {
	path, _, _ := strings.Cut(target, "?")
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+target, rd)
	if err != nil {
		return err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
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
