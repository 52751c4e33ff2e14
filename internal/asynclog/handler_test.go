package asynclog_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/wxmock/wxmock/internal/asynclog"
)

// requestLine is the request line's fields, as the adapter logs them.
type requestLine struct {
	method, path, appid string
	status, errcode     int
	d                   time.Duration
}

// bySlog is what slog's own handler writes for the line.
func bySlog(t *testing.T, json bool, at time.Time, l requestLine) string {
	t.Helper()
	var buf bytes.Buffer
	var h slog.Handler
	if json {
		h = slog.NewJSONHandler(&buf, nil)
	} else {
		h = slog.NewTextHandler(&buf, nil)
	}
	r := slog.NewRecord(at, slog.LevelInfo, "request", 0)
	r.AddAttrs(slog.String("method", l.method), slog.String("path", l.path), slog.String("appid", l.appid),
		slog.Int("status", l.status), slog.Int("errcode", l.errcode), slog.Duration("duration", l.d))
	if err := h.Handle(context.Background(), r); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// byHand is what Handler.Begin writes for the line.
func byHand(t *testing.T, json bool, at time.Time, l requestLine) string {
	t.Helper()
	var buf bytes.Buffer
	h := asynclog.NewHandler(&buf, json, nil)
	err := h.Begin(at, slog.LevelInfo, "request").String("method", l.method).String("path", l.path).
		String("appid", l.appid).Int("status", l.status).Int("errcode", l.errcode).Duration("duration", l.d).End()
	if err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// byPrefix is what Handler.BeginPrefix writes for the line, its method
// and path in the Prefix, as the adapter writes it.
func byPrefix(t *testing.T, json bool, at time.Time, l requestLine) string {
	t.Helper()
	var buf bytes.Buffer
	h := asynclog.NewHandler(&buf, json, nil)
	p := h.Prefix(slog.LevelInfo, "request", "method", l.method, "path", l.path)
	err := h.BeginPrefix(at, p).String("appid", l.appid).Int("status", l.status).Int("errcode", l.errcode).
		Duration("duration", l.d).End()
	if err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// byPrefixOf is what Handler.BeginPrefix writes for the line, every
// attribute but its duration in a prefix made by PrefixOf.
func byPrefixOf(t *testing.T, json bool, at time.Time, l requestLine) string {
	t.Helper()
	var buf bytes.Buffer
	h := asynclog.NewHandler(&buf, json, nil)
	p := h.PrefixOf(slog.LevelInfo, "request", func(pl *asynclog.Line) {
		pl.String("method", l.method).String("path", l.path).String("appid", l.appid).Int("status", l.status).Int("errcode", l.errcode)
	})
	if err := h.BeginPrefix(at, p).Duration("duration", l.d).End(); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// byRecord is what Handler.LogDuration writes for the line, every
// attribute but its duration in a prefix made by PrefixOf, as the adapter
// writes it: queued as a record when the handler writes to a Writer
// (queued), formatted at once otherwise.
func byRecord(t *testing.T, json, queued bool, at time.Time, l requestLine) string {
	t.Helper()
	var buf lockedBuffer
	var w io.Writer = &buf
	var aw *asynclog.Writer
	if queued {
		aw = asynclog.NewLingering(&buf, 0, nil, time.Hour)
		w = aw
	}
	h := asynclog.NewHandler(w, json, nil)
	p := h.PrefixOf(slog.LevelInfo, "request", func(pl *asynclog.Line) {
		pl.String("method", l.method).String("path", l.path).String("appid", l.appid).Int("status", l.status).Int("errcode", l.errcode)
	})
	if err := h.LogDuration(at, p, "duration", l.d); err != nil {
		t.Fatal(err)
	}
	if aw != nil {
		aw.Close()
	}
	return buf.String()
}

// TestLineIsSlogs: a hand-made line is byte for byte slog's, for values
// that need quoting or escaping, in both formats.
func TestLineIsSlogs(t *testing.T) {
	t.Parallel()
	shanghai := time.FixedZone("CST", 8*3600)
	times := []time.Time{
		time.Date(2024, 3, 5, 7, 8, 9, 0, time.UTC),
		time.Date(2024, 3, 5, 7, 8, 9, 123456789, shanghai),
		time.Date(1999, 12, 31, 23, 59, 59, 999999999, time.FixedZone("", -5*3600-30*60)),
		time.Date(2024, 3, 5, 7, 8, 9, 1000000, shanghai),
	}
	plain := requestLine{"POST", "/promoter/getrole", "wx0123456789abcdef", 200, 0, 1234567 * time.Nanosecond}
	with := func(f func(*requestLine)) requestLine { l := plain; f(&l); return l }
	cases := []struct {
		name string
		line requestLine
	}{
		{"plain", plain},
		{"empty appid", with(func(l *requestLine) { l.appid = "" })},
		{"space", with(func(l *requestLine) { l.path = "/a b" })},
		{"quote", with(func(l *requestLine) { l.path = `/a"b` })},
		{"equals", with(func(l *requestLine) { l.path = "/a=b" })},
		{"backslash", with(func(l *requestLine) { l.path = `/a\b` })},
		{"backslash and space", with(func(l *requestLine) { l.path = `/a\ b` })},
		{"newline tab return", with(func(l *requestLine) { l.path = "/a\nb\tc\rd" })},
		{"control", with(func(l *requestLine) { l.path = "/a\x00b\x1fc\x7f" })},
		{"unicode", with(func(l *requestLine) { l.path = "/门店/列表é" })},
		{"unicode space", with(func(l *requestLine) { l.path = "/a\u3000b\u00a0" })},
		{"line separators", with(func(l *requestLine) { l.path = "/a\u2028b\u2029" })},
		{"not printable", with(func(l *requestLine) { l.path = "/a\u200bb\ufeff" })},
		{"invalid utf-8", with(func(l *requestLine) { l.path = "/a\xffb\xc3" })},
		{"html", with(func(l *requestLine) { l.path = "/<a>&b" })},
		{"404 and negative errcode", with(func(l *requestLine) { l.status, l.errcode = 404, -1 })},
		{"zero duration", with(func(l *requestLine) { l.d = 0 })},
		{"long duration", with(func(l *requestLine) { l.d = 90*time.Minute + 3*time.Millisecond })},
		{"nanoseconds", with(func(l *requestLine) { l.d = 999 })},
		{"empty method", with(func(l *requestLine) { l.method = "" })},
	}
	for _, c := range cases {
		for _, json := range []bool{false, true} {
			for _, at := range times {
				want := bySlog(t, json, at, c.line)
				if diff := cmp.Diff(want, byHand(t, json, at, c.line)); diff != "" {
					t.Errorf("%s, json %v, %v: line mismatch (-want +got):\n%s", c.name, json, at, diff)
				}
				if diff := cmp.Diff(want, byPrefix(t, json, at, c.line)); diff != "" {
					t.Errorf("%s, json %v, %v: line with a prefix mismatch (-want +got):\n%s", c.name, json, at, diff)
				}
				if diff := cmp.Diff(want, byPrefixOf(t, json, at, c.line)); diff != "" {
					t.Errorf("%s, json %v, %v: line with a prefix of ints mismatch (-want +got):\n%s", c.name, json, at, diff)
				}
				for _, queued := range []bool{false, true} {
					if diff := cmp.Diff(want, byRecord(t, json, queued, at, c.line)); diff != "" {
						t.Errorf("%s, json %v, %v: LogDuration's line, queued %v, mismatch (-want +got):\n%s", c.name, json, at, queued, diff)
					}
				}
			}
		}
	}
}

// FuzzLineIsSlogs: any values, the same bytes as slog's.
func FuzzLineIsSlogs(f *testing.F) {
	f.Add("POST", "/a b", "", 200, 0, int64(1500), int64(1700000000123456789))
	f.Add("GET", "/\"=\\\u2028\xff", "wx", 404, -1, int64(-3), int64(0))
	f.Fuzz(func(t *testing.T, method, path, appid string, status, errcode int, d, unixNano int64) {
		at := time.Unix(0, unixNano).In(time.FixedZone("", 8*3600))
		if y := at.Year(); y < 0 || y >= 10000 {
			t.Skip("slog writes an error for a year outside RFC 3339")
		}
		l := requestLine{method, path, appid, status, errcode, time.Duration(d)}
		for _, json := range []bool{false, true} {
			want := bySlog(t, json, at, l)
			if got := byHand(t, json, at, l); want != got {
				t.Errorf("json %v: line mismatch:\nwant %q\n got %q", json, want, got)
			}
			if got := byPrefix(t, json, at, l); want != got {
				t.Errorf("json %v: line with a prefix mismatch:\nwant %q\n got %q", json, want, got)
			}
			if got := byPrefixOf(t, json, at, l); want != got {
				t.Errorf("json %v: line with a prefix of ints mismatch:\nwant %q\n got %q", json, want, got)
			}
			if got := byRecord(t, json, true, at, l); want != got {
				t.Errorf("json %v: LogDuration's queued line mismatch:\nwant %q\n got %q", json, want, got)
			}
		}
	})
}

// TestLineBelowLevel: a line below the level is not written, and chains
// on the nil Line do nothing.
func TestLineBelowLevel(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	h := asynclog.NewHandler(&buf, false, slog.LevelWarn)
	if err := h.Begin(time.Now(), slog.LevelInfo, "request").String("a", "b").Int("c", 1).Duration("d", 1).End(); err != nil {
		t.Fatal(err)
	}
	p := h.Prefix(slog.LevelInfo, "request", "a", "b")
	if err := h.BeginPrefix(time.Now(), p).String("a", "b").Int("c", 1).Duration("d", 1).End(); err != nil {
		t.Fatal(err)
	}
	if err := h.LogDuration(time.Now(), p, "d", 1); err != nil {
		t.Fatal(err)
	}
	var queued lockedBuffer
	w := asynclog.New(&queued, 0, nil)
	hq := asynclog.NewHandler(w, false, slog.LevelWarn)
	if err := hq.LogDuration(time.Now(), hq.Prefix(slog.LevelInfo, "request"), "d", 1); err != nil {
		t.Fatal(err)
	}
	w.Close()
	if queued.Len() != 0 {
		t.Errorf("a record below the level was queued: %q", queued.String())
	}
	if buf.Len() != 0 {
		t.Errorf("a line below the level was written: %q", buf.String())
	}
	slog.New(h).Warn("through slog", "k", "v")
	if !bytes.Contains(buf.Bytes(), []byte("level=WARN msg=\"through slog\" k=v\n")) {
		t.Errorf("slog's line through the Handler: %q", buf.String())
	}
}

// TestLineAllocates: a line costs no allocation once the pool is warm.
func TestLineAllocates(t *testing.T) {
	var buf bytes.Buffer
	h := asynclog.NewHandler(&buf, false, nil)
	at := time.Now()
	n := testing.AllocsPerRun(100, func() {
		buf.Reset()
		h.Begin(at, slog.LevelInfo, "request").String("method", "POST").String("path", "/promoter/getrole").
			String("appid", "wx1").Int("status", 200).Int("errcode", 0).Duration("duration", 1234567).End()
	})
	if n > 0 {
		t.Errorf("%v allocations a line, want 0", n)
	}
	p := h.Prefix(slog.LevelInfo, "request", "method", "POST", "path", "/promoter/getrole")
	n = testing.AllocsPerRun(100, func() {
		buf.Reset()
		h.BeginPrefix(at, p).String("appid", "wx1").Int("status", 200).Int("errcode", 0).Duration("duration", 1234567).End()
	})
	if n > 0 {
		t.Errorf("%v allocations a line with a prefix, want 0", n)
	}
}

// TestLineTimeCache: one handler's lines in a row, in the same second and
// the next, in two zones and across a zone's change of offset, each
// carry slog's time: the kept second is never another's.
func TestLineTimeCache(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	h := asynclog.NewHandler(&buf, false, nil)
	shanghai := time.FixedZone("CST", 8*3600)
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		ny = time.FixedZone("EST", -5*3600) // no zone database here
	}
	base := time.Date(2024, 3, 10, 6, 59, 59, 0, time.UTC) // 01:59:59 EST, a second before EDT
	var times []time.Time
	for _, loc := range []*time.Location{time.UTC, shanghai, ny} {
		for _, off := range []time.Duration{0, 1, 999 * time.Millisecond, time.Second, time.Second + 5*time.Millisecond, time.Hour} {
			times = append(times, base.Add(off).In(loc))
		}
	}
	times = append(times, base, base.In(shanghai), base) // back and forth between zones
	l := requestLine{"POST", "/promoter/getrole", "wx1", 200, 0, time.Millisecond}
	for _, at := range times {
		buf.Reset()
		err := h.Begin(at, slog.LevelInfo, "request").String("method", l.method).String("path", l.path).
			String("appid", l.appid).Int("status", l.status).Int("errcode", l.errcode).Duration("duration", l.d).End()
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(bySlog(t, false, at, l), buf.String()); diff != "" {
			t.Errorf("%v: line mismatch (-want +got):\n%s", at, diff)
		}
	}
}

// TestKeysAreSlogs: keys, bare or in need of quoting or escaping, are
// written as slog writes them, in both formats.
func TestKeysAreSlogs(t *testing.T) {
	t.Parallel()
	at := time.Date(2024, 3, 5, 7, 8, 9, 0, time.UTC)
	for _, k := range []string{"appid", "Status_2", "", "a b", `a"b`, "a=b", "a.b", "a-b", `a\b`, "门店", "a\nb", "\xff"} {
		for _, json := range []bool{false, true} {
			var want, got bytes.Buffer
			var sh slog.Handler = slog.NewTextHandler(&want, nil)
			if json {
				sh = slog.NewJSONHandler(&want, nil)
			}
			r := slog.NewRecord(at, slog.LevelInfo, "m", 0)
			r.AddAttrs(slog.String(k, "v"), slog.Int(k, 1))
			if err := sh.Handle(context.Background(), r); err != nil {
				t.Fatal(err)
			}
			h := asynclog.NewHandler(&got, json, nil)
			if err := h.Begin(at, slog.LevelInfo, "m").String(k, "v").Int(k, 1).End(); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want.String(), got.String()); diff != "" {
				t.Errorf("key %q, json %v: mismatch (-want +got):\n%s", k, json, diff)
			}
		}
	}
}
