package httpapi

import (
	"context"
	"log/slog"
	"time"

	"github.com/wxmock/wxmock/internal/asynclog"
)

// lineStart is the start of an endpoint's request line as last
// formatted: its level, message, method, path, appid, status and
// errcode, all but the duration, which most of the endpoint's lines share
// (a client polls with one app's token, and is answered the same way).
type lineStart struct {
	h                   *asynclog.Handler
	method, path, appid string
	status, errcode     int
	prefix              *asynclog.Prefix
}

// logRequest writes the request's line at info, dated now. Through an
// asynclog.Handler (cmd/wxmock's) it is formatted by hand, the same bytes
// as slog's at a fraction of the cost: for a WeChat endpoint ep (an id; -1
// for none) its start is kept per endpoint, and when the handler writes
// to an asynclog.Writer (cmd/wxmock's does) the line is handed to it
// unformatted (Handler.LogDuration), to be formatted off the request's
// path. Through any other handler, slog formats it.
func (s *Server) logRequest(entry *Entry, now time.Time, d time.Duration, ep int) {
	ctx := context.Background()
	if h, ok := s.log.Handler().(*asynclog.Handler); ok {
		if ep >= 0 && ep < len(s.lineStarts) {
			if h.Enabled(ctx, slog.LevelInfo) {
				_ = h.LogDuration(now, s.lineStart(h, ep, entry), "duration", d)
			}
			return
		}
		_ = h.Begin(now, slog.LevelInfo, "request").String("method", entry.Method).String("path", entry.Path).
			String("appid", entry.AppID).Int("status", entry.Status).Int("errcode", entry.ErrCode).Duration("duration", d).End()
		return
	}
	// Enabled first: with info off, the line costs no allocation at all.
	if s.log.Enabled(ctx, slog.LevelInfo) {
		s.log.LogAttrs(ctx, slog.LevelInfo, "request", slog.String("method", entry.Method), slog.String("path", entry.Path),
			slog.String("appid", entry.AppID), slog.Int("status", entry.Status), slog.Int("errcode", entry.ErrCode),
			slog.Duration("duration", d))
	}
}

// lineStart returns the start of endpoint ep's line for the entry's
// method, path, appid, status and errcode, formatted again only when one
// differs from the last line's. A client that alternates them (two apps'
// tokens, GET and POST on an endpoint that takes both, an answer and an
// error) pays, on each line that changes them, a formatting and a few
// small allocations (the cached start replaces the last one: the memory
// held stays one start per endpoint).
func (s *Server) lineStart(h *asynclog.Handler, ep int, e *Entry) *asynclog.Prefix {
	slot := &s.lineStarts[ep]
	if ls := slot.Load(); ls != nil && ls.h == h && ls.method == e.Method && ls.path == e.Path && ls.appid == e.AppID &&
		ls.status == e.Status && ls.errcode == e.ErrCode {
		return ls.prefix
	}
	ls := &lineStart{h: h, method: e.Method, path: e.Path, appid: e.AppID, status: e.Status, errcode: e.ErrCode}
	ls.prefix = h.PrefixOf(slog.LevelInfo, "request", func(l *asynclog.Line) {
		l.String("method", ls.method).String("path", ls.path).String("appid", ls.appid).Int("status", ls.status).Int("errcode", ls.errcode)
	})
	slot.Store(ls)
	return ls.prefix
}
