package scenario

import (
	"encoding/xml"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
)

// receiver is the runner's message server: it records every push, by the
// appid in its path (/APPID), and answers "success" as WeChat expects.
type receiver struct {
	srv *httptest.Server
	mu  sync.Mutex
	got []received
}

// received is a push as it arrived.
type received struct {
	AppID string
	Query map[string]string
	Body  string
}

func newReceiver() *receiver {
	r := &receiver{}
	r.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(io.LimitReader(req.Body, 1<<20))
		q := map[string]string{}
		for k, v := range req.URL.Query() {
			q[k] = v[0]
		}
		r.mu.Lock()
		r.got = append(r.got, received{AppID: strings.Trim(req.URL.Path, "/"), Query: q, Body: string(body)})
		r.mu.Unlock()
		_, _ = io.WriteString(w, "success")
	}))
	return r
}

func (r *receiver) url(appid string) string { return r.srv.URL + "/" + appid }

func (r *receiver) close() { r.srv.Close() }

func (r *receiver) pushes(appid string) []received {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []received
	for _, p := range r.got {
		if p.AppID == appid {
			out = append(out, p)
		}
	}
	return out
}

// verify checks a push's signatures as a receiver must and returns its
// plain XML's elements: signature always; in safe and compat mode
// msg_signature too, and the Encrypt payload decrypted with the appid at
// its end. It uses the runner's own implementation (pushcheck.go), never
// the code that signs and encrypts the pushes.
func verify(p received, cfg Push, appid string) (map[string]string, error) {
	ts, nonce := p.Query["timestamp"], p.Query["nonce"]
	if !wxSignOK(p.Query["signature"], cfg.Token, ts, nonce) {
		return nil, errorf("signature %q does not match the token, timestamp and nonce", p.Query["signature"])
	}
	fields, err := xmlFields(p.Body)
	if err != nil {
		return nil, err
	}
	enc, encrypted := fields["Encrypt"]
	if !encrypted {
		return fields, nil
	}
	if !wxSignOK(p.Query["msg_signature"], cfg.Token, ts, nonce, enc) {
		return nil, errorf("msg_signature %q does not match the token, timestamp, nonce and Encrypt", p.Query["msg_signature"])
	}
	key, err := wxKey(cfg.AESKey)
	if err != nil {
		return nil, err
	}
	plain, gotApp, err := wxOpen(key, enc)
	if err != nil {
		return nil, errorf("decrypting Encrypt: %v", err)
	}
	if gotApp != appid {
		return nil, errorf("the encrypted push ends with appid %q, want %q", gotApp, appid)
	}
	return xmlFields(string(plain))
}

// xmlFields reads the child elements of a push's <xml>.
func xmlFields(body string) (map[string]string, error) {
	var doc struct {
		Items []struct {
			XMLName xml.Name
			Value   string `xml:",chardata"`
		} `xml:",any"`
	}
	if err := xml.Unmarshal([]byte(body), &doc); err != nil {
		return nil, errorf("push body is not XML: %v", err)
	}
	out := map[string]string{}
	for _, it := range doc.Items {
		out[it.XMLName.Local] = it.Value
	}
	return out, nil
}
