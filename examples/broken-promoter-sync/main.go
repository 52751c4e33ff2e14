// Command broken-promoter-sync is promoter-sync gone wrong, on purpose: the
// contract runner must catch it. It makes two mistakes that a real sync
// job makes:
//
//   - it does not retry a call answered -1 (system busy): it takes any
//     errcode for the end of the list;
//   - it reads only the first page: it never sends start_id.
//
// examples/scenarios-broken/promoter-sync-broken.yaml runs it with the
// expectations that examples/scenarios/promoter-sync.yaml sets for
// promoter-sync, and examples_test.go checks that the runner fails it.
// Like promoter-sync, it reads WXMOCK_BASE_URL, WXMOCK_APPID and
// WXMOCK_SECRET, prints its count to stdout and exits 0: nothing in its
// own output says that it is wrong.
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
	errInvalidToken = 40001 // access_token invalid or replaced
	errExpiredToken = 42001 // access_token expired
)

func main() {
	log.SetFlags(0)
	log.SetPrefix("broken-promoter-sync: ")
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

// syncPromoters reads the promoters and counts them and those that
// accepted. It is wrong twice over, on purpose.
func syncPromoters(ctx context.Context, c *client) (total, authorized int, err error) {
	var out struct {
		PromoterList []promoter `json:"promoter_list"`
		TotalCnt     int        `json:"total_cnt"`
	}
	err = c.post(ctx, "/promoter/getpromoter", getPromoterRequest{}, &out)
	var apiErr *apiError
	if errors.As(err, &apiErr) {
		// BUG: any errcode is taken for 103006, the end of the list: a -1
		// (system busy) is not retried, and the job reports no promoters.
		log.Printf("%v: no more promoters", apiErr)
		return 0, 0, nil
	}
	if err != nil {
		return 0, 0, err
	}
	// BUG: no loop and no start_id: only the first 2,000 promoters are read.
	for _, p := range out.PromoterList {
		if p.AuthStatus == 1 {
			authorized++
		}
	}
	log.Printf("page 1: %d promoters of %d", len(out.PromoterList), out.TotalCnt)
	return len(out.PromoterList), authorized, nil
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
// is refused (once a call: a token refused again is an error).
// BUG: a call answered -1 is not sent again.
func (c *client) post(ctx context.Context, path string, body, out any) error {
	data, err := json.Marshal(body)
	if err != nil {
		return err
	}
	refreshed := false
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
		if (apiErr.Code == errInvalidToken || apiErr.Code == errExpiredToken) && !refreshed {
			log.Printf("%v: fetching a new access_token", apiErr)
			c.token, refreshed = "", true
			continue
		}
		return err
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
