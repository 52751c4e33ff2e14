package httpapi

import (
	"context"
	"log/slog"
	"time"

	"github.com/wxmock/wxmock/internal/asynclog"
)

// lineStart is the start of an endpoint's request line as last
// formatted: its level, message, method, path and appid, which most of
// the endpoint's lines share (a client polls with one app's token).
type lineStart struct {
	h                   *asynclog.Handler
	method, path, appid string
	prefix              *asynclog.Prefix
}

// logRequest writes the request's line at info, dated now. Through an
// asynclog.Handler (cmd/wxmock's) it is formatted by hand, the same bytes
// as slog's at a fraction of the cost, its start kept per WeChat endpoint
// ep (an id; -1 for none); through any other handler, by slog.
func (s *Server) logRequest(entry *Entry, now time.Time, d time.Duration, ep int) {
	ctx := context.Background()
	if h, ok := s.log.Handler().(*asynclog.Handler); ok {
		var l *asynclog.Line
		if ep >= 0 && ep < len(s.lineStarts) {
			if !h.Enabled(ctx, slog.LevelInfo) {
				return
			}
			l = h.BeginPrefix(now, s.lineStart(h, ep, entry.Method, entry.Path, entry.AppID))
		} else {
			l = h.Begin(now, slog.LevelInfo, "request").String("method", entry.Method).String("path", entry.Path).
				String("appid", entry.AppID)
		}
		_ = l.Int("status", entry.Status).Int("errcode", entry.ErrCode).Duration("duration", d).End()
		return
	}
	// Enabled first: with info off, the line costs no allocation at all.
	if s.log.Enabled(ctx, slog.LevelInfo) {
		s.log.LogAttrs(ctx, slog.LevelInfo, "request", slog.String("method", entry.Method), slog.String("path", entry.Path),
			slog.String("appid", entry.AppID), slog.Int("status", entry.Status), slog.Int("errcode", entry.ErrCode),
			slog.Duration("duration", d))
	}
}

// lineStart returns the start of endpoint ep's line for method, path and
// appid, formatted again only when one differs from the last line's. A
// client that alternates them (two apps' tokens, GET and POST on an
// endpoint that takes both) pays, on each line that changes them, a
// formatting and a few small allocations (the cached start replaces the
// last one: the memory held stays one start per endpoint).
func (s *Server) lineStart(h *asynclog.Handler, ep int, method, path, appid string) *asynclog.Prefix {
	slot := &s.lineStarts[ep]
	if ls := slot.Load(); ls != nil && ls.h == h && ls.method == method && ls.path == path && ls.appid == appid {
		return ls.prefix
	}
	ls := &lineStart{h: h, method: method, path: path, appid: appid,
		prefix: h.Prefix(slog.LevelInfo, "request", "method", method, "path", path, "appid", appid)}
	slot.Store(ls)
	return ls.prefix
}
