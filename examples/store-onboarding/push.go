package main

import (
	"context"
	"crypto/sha1"
	"crypto/subtle"
	"encoding/hex"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"slices"
	"strings"
	"time"
)

// pushMsg is what this job reads of an audit's push.
type pushMsg struct {
	Event   string `xml:"Event"`
	AuditID int64  `xml:"audit_id"`
	Status  int    `xml:"status"`
	Reason  string `xml:"reason"`
	PoiID   string `xml:"poiid"` // add_store_audit_info only
}

// pushServer is the app's message server (消息推送): it takes WeChat's
// signed pushes, in the plain mode, and hands them to wait.
type pushServer struct {
	token     string
	addr, url string // the listener's address, and the URL of its handler
	msgs      chan pushMsg
	srv       *http.Server
}

// startPushServer listens on addr and serves pushes at /wx.
func startPushServer(addr, token string) (*pushServer, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("message server: %w", err)
	}
	ps := &pushServer{
		token: token,
		addr:  ln.Addr().String(),
		url:   "http://" + ln.Addr().String() + "/wx",
		msgs:  make(chan pushMsg, 64),
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/wx", ps.serve)
	ps.srv = &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go func() {
		if err := ps.srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Printf("message server: %v", err)
		}
	}()
	return ps, nil
}

func (ps *pushServer) close() { _ = ps.srv.Close() }

// serve answers one request of WeChat: the console's check of the URL (GET
// with echostr) or a push (POST). Either must be signed with the Token.
func (ps *pushServer) serve(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if !validSignature(ps.token, q.Get("signature"), q.Get("timestamp"), q.Get("nonce")) {
		log.Printf("push refused: bad signature %q", q.Get("signature"))
		http.Error(w, "bad signature", http.StatusForbidden)
		return
	}
	switch {
	case r.Method == http.MethodGet:
		_, _ = io.WriteString(w, q.Get("echostr"))
		return
	case r.Method != http.MethodPost:
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	case q.Get("encrypt_type") != "" && q.Get("encrypt_type") != "raw":
		log.Printf("push refused: encrypt_type %q; set the plain mode (明文模式)", q.Get("encrypt_type"))
		http.Error(w, "only the plain mode is supported", http.StatusBadRequest)
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, 64<<10))
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	var m pushMsg
	if err := xml.Unmarshal(body, &m); err != nil {
		log.Printf("push refused: %v: %.200s", err, body)
		http.Error(w, "bad XML", http.StatusBadRequest)
		return
	}
	select {
	case ps.msgs <- m:
	case <-r.Context().Done():
		return
	}
	_, _ = io.WriteString(w, "success")
}

// validSignature says whether signature is the hex SHA-1 of token,
// timestamp and nonce, sorted and joined.
func validSignature(token, signature, timestamp, nonce string) bool {
	parts := []string{token, timestamp, nonce}
	slices.Sort(parts)
	sum := sha1.Sum([]byte(strings.Join(parts, "")))
	want := hex.EncodeToString(sum[:])
	return subtle.ConstantTimeCompare([]byte(want), []byte(strings.ToLower(signature))) == 1
}

// wait returns the first push that match takes, skipping others, or fails
// once timeout has passed.
func (ps *pushServer) wait(ctx context.Context, timeout time.Duration, what string, match func(pushMsg) bool) (pushMsg, error) {
	log.Printf("waiting for the push of %s (up to %s)", what, timeout)
	t := time.NewTimer(timeout)
	defer t.Stop()
	for {
		select {
		case m := <-ps.msgs:
			if match(m) {
				log.Printf("push %s: audit %d, status %d", m.Event, m.AuditID, m.Status)
				return m, nil
			}
			log.Printf("push %s (audit %d) skipped: not the one awaited", m.Event, m.AuditID)
		case <-t.C:
			return pushMsg{}, fmt.Errorf("no push of %s within %s", what, timeout)
		case <-ctx.Done():
			return pushMsg{}, ctx.Err()
		}
	}
}
