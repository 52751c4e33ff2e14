package httpapi_test

import (
	"bufio"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/iotest"
	"time"
)

// A body that never arrives whole (issue 8, item 7) is the client's error,
// 47001, never -1, which tells a client to retry; and what did arrive is
// not acted on, even when it parses.

func TestCutBodyInProcess(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		body io.Reader
		note string
	}{
		{"a whole object, then the connection fails", io.MultiReader(strings.NewReader(`{"name":"cut"}`), iotest.ErrReader(io.ErrUnexpectedEOF)),
			"body cut off after 14 bytes: unexpected EOF"},
		{"half an object", io.MultiReader(strings.NewReader(`{"na`), iotest.ErrReader(io.ErrUnexpectedEOF)),
			"body cut off after 4 bytes: unexpected EOF"},
		{"nothing at all", iotest.ErrReader(io.ErrUnexpectedEOF), "body cut off after 0 bytes: unexpected EOF"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := setup(t)
			tok := e.token()
			req := httptest.NewRequest(http.MethodPost, "/promoter/addrole?access_token="+tok, tt.body)
			req.ContentLength = 100
			rec := httptest.NewRecorder()
			e.m.HTTP.ServeHTTP(rec, req)
			var got struct {
				ErrCode int `json:"errcode"`
			}
			if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
				t.Fatalf("answer %q: %v", rec.Body, err)
			}
			diff(t, "errcode", 47001, got.ErrCode)
			en := e.hsLast("/promoter/addrole")
			diff(t, "journal notes", []string{tt.note}, en.Notes)
			diff(t, "roles", json.Number("1"), e.post("/promoter/getrole", tok, `{}`).Body["total_cnt"])
		})
	}
}

func TestCutBodyOverTCP(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, headers, body, note string
	}{
		{"Content-Length longer than the body", "Content-Length: 100\r\n", `{"name":"cut"}`,
			"body cut off after 14 bytes: unexpected EOF"},
		{"a chunk length that is not hex", "Transfer-Encoding: chunked\r\n", "5\r\n{\"nam\r\nzz\r\n",
			"body cut off after 5 bytes: invalid byte in chunk length"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := setup(t)
			tok := e.token()
			srv := httptest.NewServer(e.m.HTTP)
			t.Cleanup(srv.Close)
			conn, err := net.Dial("tcp", srv.Listener.Addr().String())
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			_ = conn.SetDeadline(time.Now().Add(10 * time.Second))
			req := "POST /promoter/addrole?access_token=" + tok + " HTTP/1.1\r\nHost: wxmock\r\nContent-Type: application/json\r\n" +
				tt.headers + "\r\n" + tt.body
			if _, err := io.WriteString(conn, req); err != nil {
				t.Fatal(err)
			}
			// The client stops sending: the server's read of the body ends.
			if err := conn.(*net.TCPConn).CloseWrite(); err != nil {
				t.Fatal(err)
			}
			resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			var got struct {
				ErrCode int `json:"errcode"`
			}
			if err := json.NewDecoder(resp.Body).Decode(&got); err != nil {
				t.Fatal(err)
			}
			diff(t, "HTTP status and errcode", []int{200, 47001}, []int{resp.StatusCode, got.ErrCode})
			en := e.hsLast("/promoter/addrole")
			diff(t, "journal notes", []string{tt.note}, en.Notes)
			diff(t, "roles", json.Number("1"), e.post("/promoter/getrole", tok, `{}`).Body["total_cnt"])
		})
	}
}
