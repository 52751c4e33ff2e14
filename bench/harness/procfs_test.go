package main

import (
	"os"
	"strings"
	"testing"
	"time"
)

func TestParseStatCPU(t *testing.T) {
	t.Parallel()
	// Fields 3.. of a real /proc/PID/stat; utime (14) is 1234, stime (15) 66.
	rest := " S 1 100 100 0 -1 4194560 3107 0 0 0 1234 66 0 0 20 0 9 0 4511 1239105536 5543 18446744073709551615"
	tests := []struct {
		name    string
		stat    string
		want    time.Duration
		wantErr string
	}{
		{"plain name", "4242 (wxmock)" + rest, 1300 * clockTick, ""},
		{"a name with spaces and parentheses", "4242 (java (x) y)" + rest, 1300 * clockTick, ""},
		{"no parenthesis", "4242 wxmock" + rest, 0, "no ')'"},
		{"cut short", "4242 (wxmock) S 1 100", 0, "fields"},
		{"utime not a number", "4242 (wxmock) S 1 100 100 0 -1 4194560 3107 0 0 0 x 66 0", 0, "utime"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := parseStatCPU([]byte(tt.stat))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want one about %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("parseStatCPU = %v, %v; want %v", got, err, tt.want)
			}
		})
	}
}

func TestParseStatusRSS(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		status  string
		want    int64
		wantErr bool
	}{
		{"real shape", "Name:\twxmock\nVmPeak:\t 1250000 kB\nVmHWM:\t   30000 kB\nVmRSS:\t   21540 kB\nRssAnon:\t 9000 kB\n", 21540 * 1024, false},
		{"last line without newline", "Name:\tx\nVmRSS:\t 8 kB", 8 * 1024, false},
		{"no VmRSS (a zombie)", "Name:\tx\nState:\tZ (zombie)\n", 0, true},
		{"another unit", "VmRSS:\t 8 MB\n", 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := parseStatusRSS([]byte(tt.status))
			if (err != nil) != tt.wantErr || got != tt.want {
				t.Errorf("parseStatusRSS = %d, %v; want %d, error %v", got, err, tt.want, tt.wantErr)
			}
		})
	}
}

// TestProcSelf reads this very process, where /proc exists.
func TestProcSelf(t *testing.T) {
	t.Parallel()
	if _, err := os.Stat("/proc/self/stat"); err != nil {
		t.Skip("no /proc here")
	}
	if _, err := procCPU(os.Getpid()); err != nil {
		t.Errorf("procCPU: %v", err)
	}
	if rss, err := procRSS(os.Getpid()); err != nil || rss <= 0 {
		t.Errorf("procRSS = %d, %v; want a positive size", rss, err)
	}
}
