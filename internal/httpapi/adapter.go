package httpapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/wxmock/wxmock/internal/sim"
	"github.com/wxmock/wxmock/schemas"
)

// call is one WeChat API request on its way through the adapter.
type call struct {
	r     *http.Request
	appid string
	body  object
	raw   []byte // the request body as sent
	// itemized are the schema violations inside items of a batch, which
	// the handler answers item by item.
	itemized []schemas.Violation
	entry    *Entry
	// now is the virtual time of the call, read once for its journal
	// entry and its token check (again after a delay fault).
	now time.Time
	// e is where entry points: one allocation for the call and its entry.
	e Entry
}

// calls are the calls answered, kept for the next: a call is a few hundred
// bytes, and nothing holds it once serveWeChat returns (its journal entry
// is a copy).
var calls = sync.Pool{New: func() any { return new(call) }}

// putCall forgets what c held and keeps it for the next call.
func putCall(c *call) {
	*c = call{}
	calls.Put(c)
}

// note records a remark about the request in its journal entry.
func (c *call) note(format string, args ...any) {
	c.entry.Notes = append(c.entry.Notes, clipString(fmt.Sprintf(format, args...)))
}

// serveWeChat answers a call to a WeChat endpoint of the shared table:
// scripted faults, token, method, empty body, JSON syntax, schema, then the
// handler; that precedence is WeChat's (DESIGN.md, Fidelity rules).
func (s *Server) serveWeChat(w http.ResponseWriter, r *http.Request, route *endpoint) {
	ep := *route
	ep.valid = &s.valid[ep.id]
	start := time.Now()
	now := s.sim.Now()
	c := calls.Get().(*call)
	defer putCall(c)
	*c = call{r: r, now: now, e: Entry{Time: now.Unix(), Method: r.Method, Path: r.URL.Path, Query: clipString(r.URL.RawQuery), Endpoint: ep.name}}
	entry := &c.e
	c.entry = entry
	if s.injectFault(w, ep, c, start) {
		return
	}
	var (
		val any
		err error
	)
	func() {
		defer func() {
			if p := recover(); p != nil {
				s.log.Error("handler panic", "path", r.URL.Path, "panic", p, "stack", string(debug.Stack()))
				entry.Notes = append(entry.Notes, fmt.Sprintf("panic: %v", p))
				val, err = nil, sim.ErrSystem
			}
		}()
		val, err = s.serve(ep, c)
	}()
	s.respond(w, ep, c, val, err, start)
}

// serve runs the checks in WeChat's order and then the handler.
func (s *Server) serve(ep endpoint, c *call) (any, error) {
	r := c.r
	if !ep.public {
		appid, err := s.sim.AuthenticateAt(queryValue(r.URL.RawQuery, "access_token"), c.now)
		if err != nil {
			return nil, err
		}
		c.appid, c.entry.AppID = appid, appid
	}
	switch {
	case ep.method == http.MethodPost && r.Method != http.MethodPost:
		return nil, sim.ErrRequirePOST
	case ep.method == "" && r.Method != http.MethodGet && r.Method != http.MethodPost:
		return nil, sim.ErrRequireGET
	}
	doc, known, violations, err := s.decodeRequest(ep, c)
	if err != nil {
		return nil, err
	}
	body := !ep.query && !ep.multipart
	switch {
	case violations != nil:
		c.note("over a size limit of the request schema: answered before validation")
	case known:
		// The same bytes were valid before: no violation, no unknown field.
	default:
		if body && doc != nil {
			s.noteUnknownFields(ep, c, doc)
		}
		if violations, err = s.schemas.Validate(ep.name, schemas.Request, doc); err != nil {
			return nil, err
		}
		if body && violations == nil && len(c.entry.Notes) == 0 {
			ep.valid.add(c.raw, doc)
		}
	}
	c.entry.Violations = clipViolations(violations)
	for _, v := range violations {
		if !v.Itemized {
			return nil, sim.ErrorFor(v.Code, "invalid args")
		}
		c.itemized = append(c.itemized, v)
	}
	c.body, _ = doc.(map[string]any)
	return ep.handle(s, c)
}

// decodeRequest reads the parameters of a call as one JSON value. A body
// over a size limit of the endpoint's schema is not decoded: its
// violations come back instead (schemas.DecodeRequest). known reports a
// body remembered as valid, whose document comes from ep.valid: it was
// decoded and validated when first sent.
func (s *Server) decodeRequest(ep endpoint, c *call) (doc any, known bool, _ []schemas.Violation, _ error) {
	if ep.query || ep.multipart {
		q := map[string]any{}
		for k, v := range c.r.URL.Query() {
			if k != "access_token" {
				q[k] = v[0]
			}
		}
		return q, false, nil, nil
	}
	raw, err := readBody(c.r.Body, c.r.ContentLength, s.cfg.MaxBody)
	c.entry.Request = keep(raw) // raw is never written to once read
	c.raw = raw
	if err != nil {
		// The body stopped short of its Content-Length, or its chunked
		// encoding broke: it never arrived whole, and what did arrive is
		// not acted on, even when it parses. -1 would tell the client to
		// retry, as for a fault on WeChat's side; the fault is the
		// request's, and a retry of the same bytes fails the same way. So
		// it is 47001, what WeChat's JSON decoder answers for a body it
		// cannot read whole; not 44002 even when no byte came, since the
		// request announced a body.
		c.note("body cut off after %d bytes: %v", len(raw), err)
		return nil, false, nil, sim.ErrDataFormat
	}
	if int64(len(raw)) > s.cfg.MaxBody {
		c.note("body larger than %d bytes", s.cfg.MaxBody)
		return nil, false, nil, sim.ErrDataFormat
	}
	if len(bytes.TrimSpace(raw)) == 0 {
		return nil, false, nil, sim.ErrEmptyPostData
	}
	if doc, ok := ep.valid.get(raw); ok {
		return doc, true, nil, nil
	}
	doc, violations, err := s.schemas.DecodeRequest(ep.name, raw)
	if err != nil {
		if ep.formIsEmpty {
			c.note("body is not JSON (%v); read as an object without fields", err)
			return map[string]any{}, false, nil, nil
		}
		c.note("body is not JSON: %v", err)
		if formEncoded(raw) {
			c.note("the body looks form-encoded (key=value&...); this endpoint takes a JSON object, sent as the request body")
		}
		return nil, false, nil, sim.ErrDataFormat
	}
	return doc, false, violations, nil
}

// noteUnknownFields journals a note for each field of the body that the
// endpoint's request schema does not name. WeChat ignores such a field and
// so does the answer; the note tells a client that misspelt a field
// ("retailid" for "retail_id") why it had no effect.
func (s *Server) noteUnknownFields(ep endpoint, c *call, doc any) {
	for _, ptr := range s.schemas.UnknownFields(ep.name, doc) {
		parent, key := "", ptr[1:]
		if i := strings.LastIndexByte(ptr, '/'); i > 0 {
			parent, key = ptr[:i], ptr[i+1:]
		}
		key = strings.ReplaceAll(strings.ReplaceAll(key, "~1", "/"), "~0", "~")
		name := key
		if parent != "" {
			name = ptr
		}
		if near := nearestName(key, s.schemas.KnownFields(ep.name, parent)); near != "" {
			c.note("unknown field %s; did you mean %s?", name, near)
		} else {
			c.note("unknown field %s", name)
		}
	}
}

// nearestName returns the name of names closest to key by edit distance,
// if that is at most 2 (the first such in names' order on a tie), else "".
func nearestName(key string, names []string) string {
	best, bestD := "", 3
	for _, n := range names {
		if d := schemas.EditDistance(key, n); d < bestD {
			best, bestD = n, d
		}
	}
	return best
}

// formEncoded reports whether a body that is not JSON reads as
// application/x-www-form-urlencoded fields: a client that posts a form
// where WeChat wants JSON is told so in the journal.
func formEncoded(raw []byte) bool {
	text := string(bytes.TrimSpace(raw))
	if len(text) > 64<<10 || strings.ContainsAny(text, "{}[]\"\n") {
		return false
	}
	v, err := url.ParseQuery(text)
	if err != nil || len(v) == 0 {
		return false
	}
	for k := range v {
		if k == "" || strings.ContainsAny(k, " :") {
			return false
		}
	}
	return strings.Contains(text, "=")
}

// respond writes the one answer of a call, journals it and logs it.
func (s *Server) respond(w http.ResponseWriter, ep endpoint, c *call, val any, err error, start time.Time) {
	entry := c.entry
	if err != nil {
		var apiErr *sim.APIError
		if !errors.As(err, &apiErr) {
			s.log.Error("internal error", "path", c.r.URL.Path, "err", err)
			entry.Notes = append(entry.Notes, "internal error: "+err.Error())
			apiErr = sim.ErrSystem
		}
		msg := apiErr.Msg + " rid: " + s.rid()
		val = errorBody{ErrCode: apiErr.Code, ErrMsg: msg}
		entry.ErrCode, entry.ErrMsg = apiErr.Code, msg
	}
	body, encErr := s.encoders.encode(val)
	if encErr != nil {
		s.log.Error("encode", "path", c.r.URL.Path, "err", encErr)
		msg := sim.ErrSystem.Msg + " rid: " + s.rid()
		body, _ = encode(errorBody{ErrCode: sim.ErrSystem.Code, ErrMsg: msg})
		entry.ErrCode, entry.ErrMsg = sim.ErrSystem.Code, msg
	}
	if s.cfg.CheckResponses {
		s.checkResponse(ep, body, entry)
	}
	w.Header()["Content-Type"] = s.jsonType
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(body)
	entry.Status = http.StatusOK
	entry.Response = keep(body) // body is this answer's own, never written to again
	_, fixed := val.(keysFixed)
	s.finishAnswer(entry, start, fixed && encErr == nil, ep.id)
}

// keysFixed is an answer whose JSON has only the keys of its own type,
// none of them a secret's: its journaled text needs no redaction. An
// answer with a map, which may echo a client's keys, is not one.
type keysFixed interface{ keysFixed() }

func (*getPromoterBody) keysFixed() {}
func (*storeListPage) keysFixed()   {}
func (rawJSON) keysFixed()          {}
func (errorBody) keysFixed()        {}

// finish records the entry in the journal and writes the request's log line.
func (s *Server) finish(entry *Entry, start time.Time) { s.finishAnswer(entry, start, false, -1) }

// finishAnswer is finish for an answer that, when fixed, has no secret
// to redact (keysFixed): the scan of its text is skipped. ep is the id
// of the WeChat endpoint answered, or -1.
func (s *Server) finishAnswer(entry *Entry, start time.Time, fixed bool, ep int) {
	d := time.Since(start)
	entry.DurationUS = d.Microseconds()
	s.journal.add(*entry, fixed) // the journal redacts as it is read
	s.logRequest(entry, start.Add(d), d, ep)
}

// checkResponse validates an answer against the endpoint's response schema.
func (s *Server) checkResponse(ep endpoint, body []byte, entry *Entry) {
	doc, err := schemas.Decode(body)
	if err == nil {
		entry.ResponseViolations, err = s.schemas.Validate(ep.name, schemas.Response, doc)
	}
	if err != nil {
		entry.ResponseViolations = append(entry.ResponseViolations, schemas.Violation{Message: err.Error()})
	}
	if len(entry.ResponseViolations) > 0 {
		s.log.Error("response breaks its schema", "endpoint", ep.name, "violations", entry.ResponseViolations)
	}
}

// errorBody is WeChat's error envelope.
type errorBody struct {
	ErrCode int    `json:"errcode"`
	ErrMsg  string `json:"errmsg"`
}

// rid is the suffix WeChat puts on an errmsg: three groups of 8 hex digits,
// the first the clock's unix seconds (REFERENCE.md, Error envelope).
func (s *Server) rid() string {
	rnd := s.sim.Random()
	return fmt.Sprintf("%08x-%08x-%08x", uint32(s.sim.Now().Unix()), rnd.Uint32(), rnd.Uint32())
}

// jsonAppender is a wire value that writes its own JSON, for answers too
// large for reflection to encode quickly (a 2,000-row getpromoter page).
type jsonAppender interface {
	appendJSON(dst []byte) []byte
}

// encode writes v as WeChat does: UTF-8 as is, no HTML escaping.
func encode(v any) ([]byte, error) {
	if a, ok := v.(jsonAppender); ok {
		return a.appendJSON(make([]byte, 0, 4096)), nil
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// notFound answers a path WeChat does not serve. api.weixin.qq.com answers
// an unknown path with HTTP 404 rather than an errcode (wechatpy issue #105:
// a call to a path that does not exist "一概返回404"). WeChat's error list
// also has 40066 "invalid url", but the replies reported with it came from
// known paths with a malformed URL, not from unknown paths.
func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	entry := &Entry{Time: s.sim.Now().Unix(), Method: r.Method, Path: clipString(r.URL.Path), Query: clipString(r.URL.RawQuery),
		Status: http.StatusNotFound, Notes: []string{"no such API"}}
	if strings.HasPrefix(r.URL.Path, adminPrefix) {
		// The control API answers JSON, as README promises, and points
		// at its own list.
		entry.Notes = []string{"no such admin call"}
		body, _ := encode(map[string]string{"error": fmt.Sprintf("no such admin call: %s %s; GET %s/ lists them", r.Method, r.URL.Path, adminPrefix)})
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.WriteHeader(http.StatusNotFound)
		_, _ = w.Write(body)
		s.finish(entry, start)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(http.StatusNotFound)
	_, _ = fmt.Fprintf(w, "404 page not found: wxmock serves no %s %s\n", r.Method, r.URL.Path)
	s.finish(entry, start)
}
