// Command broken-promoter-messaging is promoter-messaging gone wrong, on
// purpose: the contract runner must catch it. It makes two mistakes that a
// real messaging job makes:
//
//   - it does not wait for the delivery: it reads send_cnt and fail_cnt
//     from the first getmsg answer, whatever its percent, although
//     fail_cnt is known only once percent is 100 ("在全部发送完后更新，发送
//     进度参考percent"), so it reports no failure;
//   - it takes getmsgclickdata's 103013 (msg click data is calculating,
//     please wait and query later) for "no clicks yet", and stops there
//     with 0 clicks, instead of asking again.
//
// examples/scenarios-broken/promoter-messaging-broken.yaml runs it with the
// expectations that examples/scenarios/promoter-messaging.yaml sets for
// promoter-messaging, and examples_test.go checks that the runner fails
// it. Like promoter-messaging, it reads WXMOCK_BASE_URL, WXMOCK_APPID,
// WXMOCK_SECRET and PROMOTER_ROLE_ID (or -role), prints its counts to
// stdout and exits 0: nothing but the numbers says that it is wrong.
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
	log.SetPrefix("broken-promoter-messaging: ")
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

// sendAndFollow sends the message to the role's promoters, then reads its
// delivery and its click data once each. It is wrong twice over, on
// purpose.
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
	st, err := readDelivery(ctx, c, msgID)
	if err != nil {
		return result{}, err
	}
	r := result{sent: st.SendCnt, failed: st.FailCnt}
	for _, f := range st.FailInfo {
		log.Printf("not delivered to promoter %s: errcode %d", f.ID, f.ErrCode)
	}
	row, err := readClicks(ctx, c, msgID, sendDate)
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

// readDelivery asks getmsg once.
// BUG: it does not wait for percent 100: the send just began, so fail_cnt
// is still 0.
func readDelivery(ctx context.Context, c *client, msgID string) (msgStatus, error) {
	var st msgStatus
	if err := c.post(ctx, "/promoter/getmsg", map[string]string{"msg_id": msgID}, &st); err != nil {
		return msgStatus{}, fmt.Errorf("reading the delivery: %w", err)
	}
	log.Printf("delivery at %d%%: %d sent, %d failed", st.Percent, st.SendCnt, st.FailCnt)
	return st, nil
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

// readClicks asks getmsgclickdata for the message's row once; nil when
// the answer has no row for it.
// BUG: 103013 (the click data is being calculated) is taken for "no clicks
// yet": the job stops with a row of 0 clicks instead of asking again.
func readClicks(ctx context.Context, c *client, msgID, sendDate string) (*clickRow, error) {
	var out struct {
		DataList []clickRow `json:"data_list"`
	}
	err := c.post(ctx, "/promoter/getmsgclickdata", clickRequest{SendDate: sendDate, MsgID: msgID}, &out)
	var apiErr *apiError
	if errors.As(err, &apiErr) && apiErr.Code == errClickCalculating {
		log.Printf("%v: no clicks yet", apiErr)
		return &clickRow{MsgID: msgID}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading the click data: %w", err)
	}
	for _, r := range out.DataList {
		if r.MsgID == msgID {
			log.Printf("clicks: %d by %d promoters", r.ClickPV, r.ClickUV)
			return &r, nil
		}
	}
	return nil, nil
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
