package main

import (
	"bufio"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestReadResponse(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		raw        string
		wantStatus int
		wantKeep   bool
		wantErr    bool
	}{
		{"content-length", "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}", 200, true, false},
		{"header names in any case", "HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n{}", 200, true, false},
		{"chunked with a trailer", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2;x=y\r\n{}\r\n0\r\nX-T: 1\r\n\r\n", 200, true, false},
		{"Connection: close", "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n", 200, false, false},
		{"HTTP/1.0 closes", "HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n", 200, false, false},
		{"HTTP/1.0 with keep-alive", "HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n", 200, true, false},
		{"another status", "HTTP/1.1 404 Not Found\r\nContent-Length: 1\r\n\r\nx", 404, true, false},
		{"no length at all", "HTTP/1.1 200 OK\r\n\r\n{}", 200, false, true},
		{"body cut short", "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n{}", 0, false, true},
		{"not HTTP", "SSH-2.0-OpenSSH\r\n", 0, false, true},
		{"bad chunk size", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 0, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			br := bufio.NewReader(strings.NewReader(tt.raw))
			status, keep, err := readResponse(br)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, want an error: %v", err, tt.wantErr)
			}
			if err != nil {
				return
			}
			if status != tt.wantStatus || keep != tt.wantKeep {
				t.Errorf("readResponse = %d, keep-alive %v; want %d, %v", status, keep, tt.wantStatus, tt.wantKeep)
			}
			if n := br.Buffered(); n != 0 {
				t.Errorf("%d bytes left unread after the answer", n)
			}
		})
	}
}

// TestLoadAgainstServer drives a local server with both loads; it counts
// requests, never times them.
func TestLoadAgainstServer(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		handler http.HandlerFunc
	}{
		{"content-length", func(w http.ResponseWriter, r *http.Request) {
			if r.Method != http.MethodPost || r.URL.Query().Get("access_token") != "tok" {
				http.Error(w, "wrong request", http.StatusBadRequest)
				return
			}
			w.Write([]byte(`{"errcode":0}`))
		}},
		{"chunked", func(w http.ResponseWriter, _ *http.Request) {
			w.Write([]byte(`{"errcode"`))
			w.(http.Flusher).Flush()
			w.Write([]byte(`:0}`))
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := httptest.NewServer(tt.handler)
			t.Cleanup(srv.Close)
			addr := strings.TrimPrefix(srv.URL, "http://")
			req := buildRequest(addr, "tok")

			closed := closedLoop(addr, req, 4, 100*time.Millisecond)
			if closed.Requests == 0 || closed.Errors != 0 {
				t.Errorf("closed loop: %d answered, %d failed; want some, none failed", closed.Requests, closed.Errors)
			}
			paced := openLoop(addr, req, 4, 1000, 50*time.Millisecond)
			if paced.Requests != 50 || paced.Errors != 0 {
				t.Errorf("open loop: %d answered, %d failed; want the 50 scheduled, none failed", paced.Requests, paced.Errors)
			}
			for _, r := range []loadResult{closed, paced} {
				for i := 1; i < len(r.Latencies); i++ {
					if r.Latencies[i] < r.Latencies[i-1] {
						t.Fatalf("latencies not sorted at %d", i)
					}
				}
			}
		})
	}
}

func TestLoadCountsFailures(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusServiceUnavailable)
	}))
	t.Cleanup(srv.Close)
	addr := strings.TrimPrefix(srv.URL, "http://")
	r := openLoop(addr, buildRequest(addr, "tok"), 2, 1000, 20*time.Millisecond)
	if r.Requests != 0 || r.Errors != 20 {
		t.Errorf("%d answered, %d failed; want 0 and 20", r.Requests, r.Errors)
	}
}
