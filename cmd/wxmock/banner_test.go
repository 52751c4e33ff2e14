package main

import (
	"bytes"
	"net"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/wxmock/wxmock/internal/mock"
)

// TestBannerAddress: the banner's URLs name the address listened on, or
// 127.0.0.1 when that is every interface (the listener says [::]), with a
// line that says other machines reach it too.
func TestBannerAddress(t *testing.T) {
	t.Parallel()
	m, err := mock.New(mock.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(m.Close)
	tests := []struct {
		name       string
		addr       *net.TCPAddr
		wantURL    string
		everywhere bool
	}{
		{"loopback", &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 8080}, "http://127.0.0.1:8080", false},
		{"IPv6 loopback", &net.TCPAddr{IP: net.IPv6loopback, Port: 8080}, "http://[::1]:8080", false},
		{"one interface", &net.TCPAddr{IP: net.IPv4(192, 168, 1, 5), Port: 80}, "http://192.168.1.5:80", false},
		{"every interface, as the listener says it", &net.TCPAddr{IP: net.IPv6unspecified, Port: 8080}, "http://127.0.0.1:8080", true},
		{"every interface, IPv4", &net.TCPAddr{IP: net.IPv4zero, Port: 9000}, "http://127.0.0.1:9000", true},
	}
	for _, tt := range tests {
		var b bytes.Buffer
		printBanner(&b, tt.addr, m.Sim)
		lines := strings.Split(b.String(), "\n")
		if diff := cmp.Diff("wxmock listening on "+tt.wantURL, lines[0]); diff != "" {
			t.Errorf("%s: first line (-want +got):\n%s", tt.name, diff)
		}
		if got := strings.Contains(b.String(), "on every interface"); got != tt.everywhere {
			t.Errorf("%s: says every interface: %v, want %v\n%s", tt.name, got, tt.everywhere, b.String())
		}
		for _, l := range lines[1:] {
			if i := strings.Index(l, "http://"); i >= 0 && !strings.HasPrefix(l[i:], tt.wantURL+"/") {
				t.Errorf("%s: a URL not at %s: %q", tt.name, tt.wantURL, l)
			}
		}
	}
}
