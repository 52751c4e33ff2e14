// Command promoter-messaging is an example WeChat client: a job that sends
// a group message (群发消息) to the promoters (小程序推广员) of one role,
// follows its delivery and reads how many clicked it.
//
// It is the client that examples/scenarios/promoter-messaging.yaml proves
// right with the contract runner. In order:
//
//  1. POST /promoter/sendmsg: msg_type 1, content {"title", "desc"} (a
//     JSON object written as a string), list_type 1 and role_id [ROLE];
//     it answers the msg_id;
//  2. POST /promoter/getmsg, every 300 ms until percent is 100 (at most
//     30 s): fail_cnt and fail_info are known only then ("在全部发送完后
//     更新，发送进度参考percent"), so a fail_cnt read before is 0, whatever
//     the delivery brings;
//  3. POST /promoter/getmsgclickdata with dimonsion 0 (the API's own
//     spelling), the msg_id and send_date, the China date (UTC+8) of the
//     send: every 500 ms while it answers 103013 (msg click data is
//     calculating, please wait and query later), at most 30 s. A group send
//     to fewer than 50 promoters has no row ("群发数小于50没有数据").
//
// It keeps WeChat's rules for a batch job, as promoter-sync does: one
// access_token for the whole run, fetched again only when a call answers
// 40001 or 42001; a call answered -1 (system busy) is sent again, the same,
// up to 3 times with a short backoff; any other error ends the job with
// exit code 1.
//
// The send date comes from the job's clock. Under wxmock (WXMOCK_BASE_URL
// set), whose virtual clock is the one WeChat's answers follow, the job
// reads that clock with wxmock's admin API (GET /__wxmock/clock), which
// stands in for the job's own: the contract runner's clock starts at a
// fixed date, not now.
//
// Configuration comes from the environment, as the contract runner's run
// step gives it: WXMOCK_BASE_URL (https://api.weixin.qq.com without it),
// WXMOCK_APPID and WXMOCK_SECRET; and PROMOTER_ROLE_ID, the role to send
// to (default 2), which the -role flag overrides. The result goes to stdout
// as
//
//	sent 60, failed 3, clicked by 40 (90 clicks)
//
// and the log to stderr. Standard library only.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"
)

// WeChat's errcodes that this job handles.
const (
	errBusy             = -1     // system busy (系统繁忙): try again
	errInvalidToken     = 40001  // access_token invalid or replaced
	errExpiredToken     = 42001  // access_token expired
	errClickCalculating = 103013 // msg click data is calculating, please wait and query later
)

// busyRetries is how many times a call answered -1 is sent again.
const busyRetries = 3

// How often and how long the job asks for the delivery and the clicks.
const (
	deliveryPoll = 300 * time.Millisecond
	clickPoll    = 500 * time.Millisecond
	waitLimit    = 30 * time.Second
)

// minClickAudience is the smallest group send that has click data by
// msg_id ("群发数小于50没有数据").
const minClickAudience = 50

// The message: template type 1, its content, and the page it opens.
const (
	msgType = 1
	msgPath = "pages/index/index"
)

var msgContent = map[string]string{"title": "今日优惠活动", "desc": "三件五折，两件七折"}

// chinaTime is WeChat's time zone, in which send_date is a date.
var chinaTime = time.FixedZone("UTC+8", 8*60*60)

func main() {
	log.SetFlags(0)
	log.SetPrefix("promoter-messaging: ")
	defRole := 2
	if v := os.Getenv("PROMOTER_ROLE_ID"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			log.Fatalf("PROMOTER_ROLE_ID: want a role id, got %q", v)
		}
		defRole = n
	}
	role := flag.Int("role", defRole, "the role whose promoters get the message (PROMOTER_ROLE_ID)")
	flag.Parse()
	c, err := newClient()
	if err != nil {
		log.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	r, err := sendAndFollow(ctx, c, *role)
	if err != nil {
		log.Fatal(err)
	}
	if !r.hasClicks {
		fmt.Printf("sent %d, failed %d, no click data (fewer than %d recipients)\n", r.sent, r.failed, minClickAudience)
		return
	}
	fmt.Printf("sent %d, failed %d, clicked by %d (%d clicks)\n", r.sent, r.failed, r.clickUV, r.clickPV)
}

// result is what the job learns of its message.
type result struct {
	sent, failed     int
	hasClicks        bool
	clickUV, clickPV int
}

// sendAndFollow sends the message to the role's promoters, waits for its
// delivery to end, then for its click data.
func sendAndFollow(ctx context.Context, c *client, role int) (result, error) {
	msgID, err := send(ctx, c, role)
	if err != nil {
		return result{}, err
	}
	now, err := c.now(ctx)
	if err != nil {
		return result{}, err
	}
	sendDate := now.In(chinaTime).Format(time.DateOnly)
	log.Printf("sent msg_id %s to role %d on %s (China time)", msgID, role, sendDate)
	st, err := waitDelivery(ctx, c, msgID)
	if err != nil {
		return result{}, err
	}
	r := result{sent: st.SendCnt, failed: st.FailCnt}
	for _, f := range st.FailInfo {
		log.Printf("not delivered to promoter %s: errcode %d", f.ID, f.ErrCode)
	}
	row, err := waitClicks(ctx, c, msgID, sendDate)
	if err != nil {
		return result{}, err
	}
	switch {
	case row != nil:
		r.hasClicks, r.clickUV, r.clickPV = true, row.ClickUV, row.ClickPV
	case st.SendCnt >= minClickAudience:
		return result{}, fmt.Errorf("no click data for msg_id %s on %s", msgID, sendDate)
	}
	return r, nil
}

// sendMsgRequest is sendmsg's body for a send to roles (list_type 1).
type sendMsgRequest struct {
	MsgType  int    `json:"msg_type"`
	Content  string `json:"content"` // a JSON object, written as a string
	Path     string `json:"path"`
	ListType int    `json:"list_type"`
	RoleID   []int  `json:"role_id"`
}

// send sends the group message and returns its msg_id.
func send(ctx context.Context, c *client, role int) (string, error) {
	content, err := json.Marshal(msgContent)
	if err != nil {
		return "", err
	}
	var out struct {
		MsgID string `json:"msg_id"`
	}
	req := sendMsgRequest{MsgType: msgType, Content: string(content), Path: msgPath, ListType: 1, RoleID: []int{role}}
	if err := c.post(ctx, "/promoter/sendmsg", req, &out); err != nil {
		return "", err
	}
	if out.MsgID == "" {
		return "", errors.New("/promoter/sendmsg: no msg_id in the answer")
	}
	return out.MsgID, nil
}

// msgStatus is what the job reads of getmsg's answer.
type msgStatus struct {
	SendCnt  int `json:"send_cnt"`
	Percent  int `json:"percent"`
	FailCnt  int `json:"fail_cnt"`
	FailInfo []struct {
		ID      string `json:"id"`
		ErrCode int    `json:"errcode"`
	} `json:"fail_info"`
}

// waitDelivery asks getmsg until percent is 100: only then are fail_cnt
// and fail_info known.
func waitDelivery(ctx context.Context, c *client, msgID string) (msgStatus, error) {
	ctx, cancel := context.WithTimeout(ctx, waitLimit)
	defer cancel()
	for {
		var st msgStatus
		if err := c.post(ctx, "/promoter/getmsg", map[string]string{"msg_id": msgID}, &st); err != nil {
			return msgStatus{}, fmt.Errorf("waiting for the delivery: %w", err)
		}
		if st.Percent >= 100 {
			log.Printf("delivered: %d sent, %d failed", st.SendCnt, st.FailCnt)
			return st, nil
		}
		log.Printf("delivering: %d%% of %d", st.Percent, st.SendCnt)
		if err := sleep(ctx, deliveryPoll); err != nil {
			return msgStatus{}, fmt.Errorf("waiting for the delivery: %w", err)
		}
	}
}

// clickRequest is getmsgclickdata's body by msg_id (dimonsion 0).
type clickRequest struct {
	SendDate  string `json:"send_date"`
	Dimonsion int    `json:"dimonsion"` // sic: the API's spelling; 0 counts by msg_id
	MsgID     string `json:"msg_id"`
}

// clickRow is a row of getmsgclickdata by msg_id.
type clickRow struct {
	MsgID    string `json:"msg_id"`
	SendTime int64  `json:"send_time"`
	ClickUV  int    `json:"click_uv"`
	ClickPV  int    `json:"click_pv"`
}

// waitClicks asks getmsgclickdata for the message's row until it is no
// longer being calculated (103013); nil when the answer has no row for it.
func waitClicks(ctx context.Context, c *client, msgID, sendDate string) (*clickRow, error) {
	ctx, cancel := context.WithTimeout(ctx, waitLimit)
	defer cancel()
	for {
		var out struct {
			DataList []clickRow `json:"data_list"`
		}
		err := c.post(ctx, "/promoter/getmsgclickdata", clickRequest{SendDate: sendDate, MsgID: msgID}, &out)
		var apiErr *apiError
		if errors.As(err, &apiErr) && apiErr.Code == errClickCalculating {
			log.Printf("click data is being calculated: asking again in %s", clickPoll)
			if err := sleep(ctx, clickPoll); err != nil {
				return nil, fmt.Errorf("waiting for the click data: %w", err)
			}
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("waiting for the click data: %w", err)
		}
		for _, r := range out.DataList {
			if r.MsgID == msgID {
				log.Printf("clicks: %d by %d promoters", r.ClickPV, r.ClickUV)
				return &r, nil
			}
		}
		return nil, nil
	}
}

// sleep waits d, or until ctx is done.
func sleep(ctx context.Context, d time.Duration) error {
	select {
	case <-time.After(d):
		return nil
	case <-ctx.Done():
		return ctx.Err()
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
	mock                bool // WXMOCK_BASE_URL is set: wxmock's clock is the clock
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
	c.mock = c.base != ""
	if c.base == "" {
		c.base = "https://api.weixin.qq.com"
	}
	if c.appid == "" || c.secret == "" {
		return nil, errors.New("set WXMOCK_APPID and WXMOCK_SECRET")
	}
	return c, nil
}

// now is the job's clock: time.Now, or under wxmock its virtual clock,
// read with the admin API (GET /__wxmock/clock), which only wxmock has.
func (c *client) now(ctx context.Context) (time.Time, error) {
	if !c.mock {
		return time.Now(), nil
	}
	var out struct {
		Now int64 `json:"now"`
	}
	if err := c.do(ctx, http.MethodGet, "/__wxmock/clock", nil, &out); err != nil {
		return time.Time{}, err
	}
	if out.Now == 0 {
		return time.Time{}, errors.New("/__wxmock/clock: no now in the answer")
	}
	return time.Unix(out.Now, 0), nil
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
			if err := sleep(ctx, wait); err != nil {
				return err
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
