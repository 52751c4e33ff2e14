package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"math"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The closed loop by wrk (Debian's package wrk), the load generator issue
// 12's figures were first taken with (wrk -t2 -c32): an event loop in C
// on two threads, which takes less of a small machine's CPU than the
// harness's own goroutines do. The paced load stays the harness's own:
// wrk has no schedule to keep.

// wrkLoad runs wrk against addr for d with conns connections, sending req
// (a whole HTTP/1.1 request, as buildRequest writes it), and reduces its
// report to a summary. The script wrk needs is written into dir.
// The second result is how many requests were sent, answered or not.
func wrkLoad(bin, dir, addr string, req []byte, conns int, d time.Duration) (summary, int, error) {
	script, err := wrkScript(req)
	if err != nil {
		return summary{}, 0, err
	}
	path := filepath.Join(dir, "request.lua")
	if err := os.WriteFile(path, []byte(script), 0o644); err != nil {
		return summary{}, 0, err
	}
	out, err := exec.Command(bin, wrkArgs(conns, d, path, addr)...).CombinedOutput()
	if err != nil {
		return summary{}, 0, fmt.Errorf("wrk: %v\n%s", err, out)
	}
	return parseWrk(out)
}

// wrkVersion is wrk's first line for -v ("wrk debian/4.1.0-3 [epoll] ..."),
// cut before its copyright.
func wrkVersion(bin string) string {
	out, _ := exec.Command(bin, "-v").CombinedOutput() // wrk exits 1 after printing it
	first, _, _ := strings.Cut(string(out), "\n")
	first, _, _ = strings.Cut(first, " Copyright")
	return strings.TrimSpace(first)
}

// wrkArgs is wrk's command line: two threads (one for a single
// connection), whole seconds (wrk takes no smaller unit), latency
// percentiles.
func wrkArgs(conns int, d time.Duration, script, addr string) []string {
	secs := max(1, int(math.Ceil(d.Seconds())))
	return []string{"-t", strconv.Itoa(min(conns, 2)), "-c", strconv.Itoa(conns), "-d", strconv.Itoa(secs) + "s",
		"--latency", "-s", script, "http://" + addr}
}

// wrkScript is the Lua that makes wrk send req: its method, target, body
// and headers. wrk writes Host from the URL and Content-Length from the
// body itself.
func wrkScript(req []byte) (string, error) {
	r, err := http.ReadRequest(bufio.NewReader(bytes.NewReader(req)))
	if err != nil {
		return "", fmt.Errorf("the measured request: %w", err)
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return "", fmt.Errorf("the measured request's body: %w", err)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "wrk.method = %s\nwrk.path = %s\nwrk.body = %s\n", luaString(r.Method), luaString(r.RequestURI), luaString(string(body)))
	keys := make([]string, 0, len(r.Header))
	for k := range r.Header {
		if k != "Content-Length" {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	for _, k := range keys {
		fmt.Fprintf(&b, "wrk.headers[%s] = %s\n", luaString(k), luaString(r.Header.Get(k)))
	}
	return b.String(), nil
}

// luaString is s as a Lua string literal: printable ASCII as it is, any
// other byte, the quote and the backslash as a decimal escape.
func luaString(s string) string {
	b := []byte{'"'}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c < 0x7f && c != '"' && c != '\\' {
			b = append(b, c)
			continue
		}
		b = fmt.Appendf(b, `\%03d`, c)
	}
	return string(append(b, '"'))
}

var (
	wrkRequests = regexp.MustCompile(`(?m)^\s*(\d+) requests in [0-9.]+(?:us|ms|s|m|h),`)
	wrkRate     = regexp.MustCompile(`(?m)^Requests/sec:\s+([0-9.]+)`)
	wrkPercent  = regexp.MustCompile(`(?m)^\s+(50|99)%\s+([0-9.]+)(us|ms|s|m|h)\s*$`) // "1.14s " has a space after it
	wrkSocket   = regexp.MustCompile(`(?m)^\s*Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)`)
	wrkStatus   = regexp.MustCompile(`(?m)^\s*Non-2xx or 3xx responses: (\d+)`)
)

// parseWrk reads wrk's report (with --latency): the answers per second
// but those wrk counts as failed (its "Non-2xx or 3xx responses", which
// are statuses from 400), the 50th and 99th latency percentiles (of every
// answer, failed or not), and the errors: such answers and socket errors
// (connect, read, write, and timeout: an answer slower than wrk's 2 s);
// and how many requests it sent.
func parseWrk(out []byte) (summary, int, error) {
	req := wrkRequests.FindSubmatch(out)
	rate := wrkRate.FindSubmatch(out)
	if req == nil || rate == nil {
		return summary{}, 0, fmt.Errorf("wrk's report has no request count or rate:\n%s", out)
	}
	var s summary
	total, _ := strconv.Atoi(string(req[1]))
	perSec, err := strconv.ParseFloat(string(rate[1]), 64)
	if err != nil {
		return summary{}, 0, fmt.Errorf("wrk's report: Requests/sec %q", rate[1])
	}
	for _, m := range wrkPercent.FindAllSubmatch(out, -1) {
		d, err := wrkDuration(m[2], m[3])
		if err != nil {
			return summary{}, 0, err
		}
		if string(m[1]) == "50" {
			s.P50 = d
		} else {
			s.P99 = d
		}
	}
	if s.P50 == 0 || s.P99 == 0 {
		return summary{}, 0, fmt.Errorf("wrk's report has no latency distribution (--latency):\n%s", out)
	}
	var sock [4]int // connect, read, write, timeout
	if m := wrkSocket.FindSubmatch(out); m != nil {
		for i, n := range m[1:] {
			sock[i], _ = strconv.Atoi(string(n))
		}
	}
	s.Errors += sock[0] + sock[1] + sock[2] + sock[3]
	bad := 0
	if m := wrkStatus.FindSubmatch(out); m != nil {
		bad, _ = strconv.Atoi(string(m[1]))
	}
	s.Errors += bad
	// wrk's rate counts failed answers; its elapsed time is printed to
	// two figures only ("1.10s"), so the rate is taken, not worked out.
	if total > 0 {
		s.RPS = perSec * float64(total-bad) / float64(total)
	}
	// A request whose connection broke (a read or write error) is not in
	// wrk's count.
	return s, total + sock[1] + sock[2], nil
}

// wrkDuration is one of wrk's times: a number and its unit.
func wrkDuration(num, unit []byte) (time.Duration, error) {
	v, err := strconv.ParseFloat(string(num), 64)
	if err != nil {
		return 0, fmt.Errorf("wrk's time %q%s: %w", num, unit, err)
	}
	scale := map[string]time.Duration{"us": time.Microsecond, "ms": time.Millisecond, "s": time.Second, "m": time.Minute, "h": time.Hour}[string(unit)]
	return time.Duration(v * float64(scale)), nil
}
