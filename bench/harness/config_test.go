package main

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestParseFlags(t *testing.T) {
	t.Parallel()
	all := []string{"ceiling", "wxmock", "wxmock-warn", "wiremock", "mountebank", "mockoon"}
	type got struct {
		Servers  []string
		Rounds   int
		Duration time.Duration
		Warmup   time.Duration
		Starts   int
		Load     string
		Pairs    int
		PairDur  time.Duration
	}
	tests := []struct {
		name    string
		args    []string
		want    got
		wantErr bool
	}{
		{"defaults", nil, got{all, 3, 10 * time.Second, 20 * time.Second, 5, "auto", 20, 3 * time.Second}, false},
		{"quick", []string{"-quick"}, got{all, 1, 500 * time.Millisecond, 0, 1, "auto", 1, 200 * time.Millisecond}, false},
		{"quick keeps flags given", []string{"-quick", "-rounds", "2", "-warmup", "1s"}, got{all, 2, 500 * time.Millisecond, time.Second, 1, "auto", 1, 200 * time.Millisecond}, false},
		{"flags before -quick are kept too", []string{"-duration", "2s", "-quick"}, got{all, 1, 2 * time.Second, 0, 1, "auto", 1, 200 * time.Millisecond}, false},
		{"some servers", []string{"-servers", "wxmock, ceiling"}, got{[]string{"wxmock", "ceiling"}, 3, 10 * time.Second, 20 * time.Second, 5, "auto", 20, 3 * time.Second}, false},
		{"the harness's own load", []string{"-load", "go"}, got{all, 3, 10 * time.Second, 20 * time.Second, 5, "go", 20, 3 * time.Second}, false},
		{"wrk's load", []string{"-load", "wrk"}, got{all, 3, 10 * time.Second, 20 * time.Second, 5, "wrk", 20, 3 * time.Second}, false},
		{"quick keeps paired flags given", []string{"-quick", "-pairs", "30", "-pair-duration", "2s"}, got{all, 1, 500 * time.Millisecond, 0, 1, "auto", 30, 2 * time.Second}, false},
		{"no paired rounds", []string{"-pairs", "0"}, got{all, 3, 10 * time.Second, 20 * time.Second, 5, "auto", 0, 3 * time.Second}, false},
		{"negative paired rounds", []string{"-pairs", "-1"}, got{}, true},
		{"a paired round of no time", []string{"-pair-duration", "0s"}, got{}, true},
		{"an unknown load", []string{"-load", "ab"}, got{}, true},
		{"an unknown server", []string{"-servers", "nginx"}, got{}, true},
		{"no round", []string{"-rounds", "0"}, got{}, true},
		{"a stray argument", []string{"x"}, got{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, err := parseFlags(tt.args)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, want an error: %v", err, tt.wantErr)
			}
			if err != nil {
				return
			}
			g := got{c.servers, c.rounds, c.duration, c.warmup, c.starts, c.load, c.pairs, c.pairDuration}
			if diff := cmp.Diff(tt.want, g); diff != "" {
				t.Errorf("config mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestRotate(t *testing.T) {
	t.Parallel()
	s := []int{1, 2, 3}
	for k, want := range [][]int{{1, 2, 3}, {2, 3, 1}, {3, 1, 2}, {1, 2, 3}} {
		if diff := cmp.Diff(want, rotate(s, k)); diff != "" {
			t.Errorf("rotate by %d mismatch (-want +got):\n%s", k, diff)
		}
	}
	if diff := cmp.Diff([]int{1, 2, 3}, s); diff != "" {
		t.Errorf("rotate changed its argument (-want +got):\n%s", diff)
	}
}

// TestPairFresh: the Go servers are started afresh for each turn of
// paired rounds unless -pair-fresh=false.
func TestPairFresh(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		args []string
		want bool
	}{{nil, true}, {[]string{"-quick"}, true}, {[]string{"-pair-fresh=false"}, false}} {
		c, err := parseFlags(tt.args)
		if err != nil {
			t.Fatal(err)
		}
		if c.pairFresh != tt.want {
			t.Errorf("%q: pairFresh %v, want %v", tt.args, c.pairFresh, tt.want)
		}
	}
}
