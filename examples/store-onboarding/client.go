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

// setPushServer points the app's pushes at url, signed with token, in the
// plain mode, through wxmock's admin API (POST /__wxmock/apps). It stands
// in for the MP console's setting, and only wxmock has it.
func (c *client) setPushServer(ctx context.Context, url, token string) error {
	data, err := json.Marshal(map[string]any{
		"appid": c.appid,
		"push":  map[string]any{"url": url, "token": token, "mode": "plain"},
	})
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.base+"/__wxmock/apps", bytes.NewReader(data))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	res, err := c.http.Do(req)
	if err != nil {
		return fmt.Errorf("/__wxmock/apps: %w", err)
	}
	defer res.Body.Close()
	out, _ := io.ReadAll(io.LimitReader(res.Body, 4<<10))
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("/__wxmock/apps: HTTP %s: %.200s", res.Status, out)
	}
	return nil
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
