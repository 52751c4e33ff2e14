package scenario

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"

	gocmp "github.com/google/go-cmp/cmp"
)

// step runs one step; a nil answer means it passed.
func (x *exec) step(st *Step) *Failure {
	var err error
	switch st.Kind() {
	case KindRequest:
		return x.request(st)
	case KindRun:
		return x.run(st.Run)
	case KindAdvance:
		err = x.admin(http.MethodPost, "/clock/advance", map[string]any{"seconds": st.Advance.Duration.Seconds()}, nil)
		if err == nil {
			err = x.flushPushes()
		}
	case KindAuthorize:
		a := st.Authorize
		err = x.admin(http.MethodPost, "/promoters/authorize", map[string]any{"appid": cmp.Or(a.AppID, x.appid), "openid": a.OpenID, "auth_status": max(a.AuthStatus, 1)}, nil)
	case KindResolve:
		err = x.resolve(st.Resolve)
	case KindExpectPush:
		return x.expectPush(st.ExpectPush)
	case KindExpectRequests:
		return x.expectRequests(st.ExpectRequests)
	case KindExpectState:
		return x.expectState(st.ExpectState)
	case KindExpectNoViolations:
		return x.expectNoViolations(st.NoUnknownFields)
	default:
		err = fmt.Errorf("unknown step")
	}
	if err != nil {
		return &Failure{Message: err.Error()}
	}
	return nil
}

func (x *exec) flushPushes() error {
	return x.admin(http.MethodPost, "/pushes/flush", map[string]any{"timeout_seconds": 30}, nil)
}

// request sends the step's request and checks its answer.
func (x *exec) request(st *Step) *Failure {
	rq := st.Request
	path, err := x.vars.ExpandString(rq.Path)
	if err != nil {
		return &Failure{Message: err.Error()}
	}
	q := url.Values{}
	for k, v := range rq.Query {
		ev, err := x.vars.ExpandString(v)
		if err != nil {
			return &Failure{Message: err.Error()}
		}
		q.Set(k, ev)
	}
	switch {
	case rq.Token.Value != "":
		v, err := x.vars.ExpandString(rq.Token.Value)
		if err != nil {
			return &Failure{Message: err.Error()}
		}
		q.Set("access_token", v)
	case !rq.Token.Omit:
		q.Set("access_token", x.token)
	}
	target := path
	if len(q) > 0 {
		target += "?" + q.Encode()
	}
	body, ctype, err := x.requestBody(rq)
	if err != nil {
		return &Failure{Message: err.Error()}
	}
	req, err := http.NewRequestWithContext(x.ctx, cmp.Or(rq.Method, DefaultMethod), x.base+target, bytes.NewReader(body))
	if err != nil {
		return &Failure{Message: err.Error()}
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	for k, v := range rq.Headers {
		req.Header.Set(k, v)
	}
	res, err := x.client.Do(req)
	if err != nil {
		return &Failure{Message: err.Error()}
	}
	data, _ := readAll(res)
	x.markOwn(req.Method, req.URL.Path)
	return x.checkAnswer(st, res.StatusCode, data)
}

func readAll(res *http.Response) ([]byte, error) {
	defer res.Body.Close()
	var b bytes.Buffer
	_, err := b.ReadFrom(res.Body)
	return b.Bytes(), err
}

func (x *exec) requestBody(rq *Request) ([]byte, string, error) {
	switch {
	case rq.Upload != nil:
		content := []byte(rq.Upload.Content)
		if rq.Upload.File != "" {
			var err error
			if content, err = readRegular(x.sc.Path(rq.Upload.File), maxUploadFile); err != nil {
				return nil, "", err
			}
		}
		var b bytes.Buffer
		mw := multipart.NewWriter(&b)
		part, err := mw.CreateFormFile(cmp.Or(rq.Upload.Field, "media"), cmp.Or(rq.Upload.Filename, "file"))
		if err != nil {
			return nil, "", err
		}
		_, _ = part.Write(content)
		_ = mw.Close()
		return b.Bytes(), mw.FormDataContentType(), nil
	case rq.Raw != "":
		s, err := x.vars.ExpandString(rq.Raw)
		return []byte(s), "", err
	case rq.Body != nil:
		v, err := x.vars.Expand(rq.Body)
		if err != nil {
			return nil, "", err
		}
		data, err := json.Marshal(v)
		return data, "application/json", err
	}
	return nil, "", nil
}

// markOwn remembers the journal entry of the runner's own request, so that
// expect_requests counts only the client's calls. A call under /__wxmock/
// is not journaled: the newest entry is then someone else's, and left be.
func (x *exec) markOwn(method, path string) {
	if strings.HasPrefix(path, "/__wxmock/") {
		return
	}
	var j struct {
		Entries []journalEntry `json:"entries"`
	}
	if x.admin(http.MethodGet, "/journal?limit=1", nil, &j) != nil || len(j.Entries) != 1 {
		return
	}
	if e := j.Entries[0]; e.Seq > x.mark && strings.EqualFold(e.Method, method) && e.Path == path {
		x.own[e.Seq] = true
	}
}

// checkAnswer applies a request step's expect and save. Every check of
// expect that fails is reported (status, errcode, body); save runs only
// when they all passed.
func (x *exec) checkAnswer(st *Step, status int, data []byte) *Failure {
	var doc any
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	jsonErr := dec.Decode(&doc)
	if jsonErr == nil && !json.Valid(data) {
		jsonErr = fmt.Errorf("more after the JSON value")
	}
	e := st.Expect
	if e == nil {
		e = &Expect{} // without expect, the answer must still be HTTP 200
	}
	want := e.Status
	if want == 0 {
		want = DefaultStatus
	}
	// Each check's line leaves the answer out: the failure shows it once.
	var failed checks
	if status != want {
		failed.addLine(&Failure{Message: "HTTP status", Expected: fmt.Sprint(want), Got: fmt.Sprintf("%d %.500s", status, data)},
			fmt.Sprintf("HTTP status: expected %d, got %d", want, status))
	}
	if e.ErrCode != nil {
		f, got := checkErrCode(*e.ErrCode, doc, jsonErr, data)
		line := fmt.Sprintf("errcode: expected %d, got %s", *e.ErrCode, got)
		if f != nil && f.Message != "errcode" {
			line = f.Message
		}
		failed.addLine(f, line)
	}
	if e.Body != nil {
		f, err := x.checkBody(e.Body, doc, jsonErr, data)
		if err != nil {
			return &Failure{Message: err.Error()}
		}
		if f != nil {
			failed.addLine(f, f.Message)
		}
	}
	if f := failed.failure(); f != nil {
		if len(failed) > 1 {
			f.Got = fmt.Sprintf("HTTP %d: %.500s", status, data) // the one answer the checks read
		}
		return f
	}
	for _, name := range sortedNames(st.Save) {
		v, ok := lookup(doc, st.Save[name])
		if !ok {
			return &Failure{Message: fmt.Sprintf("save %s: nothing at %s", name, st.Save[name]), Got: string(data)}
		}
		x.vars[name] = v
	}
	return nil
}

// checkErrCode checks the answer's errcode, and returns the errcode it
// read. A missing errcode counts as 0 only in a JSON object: a cut-off
// body or an HTML page is no success.
func checkErrCode(want int, doc any, jsonErr error, data []byte) (*Failure, string) {
	m, ok := doc.(map[string]any)
	if jsonErr != nil || !ok {
		return &Failure{Message: "errcode: the answer is not a JSON object", Expected: fmt.Sprint(want), Got: fmt.Sprintf("%.500s", data)}, ""
	}
	got := 0
	if v, ok := m["errcode"]; ok {
		n, isNum := v.(json.Number)
		i, err := n.Int64()
		if !isNum || err != nil {
			return &Failure{Message: "errcode: not an integer", Expected: fmt.Sprint(want), Got: fmt.Sprintf("%.500s", data)}, showJSON(v)
		}
		got = int(i)
	}
	if got != want {
		return &Failure{Message: "errcode", Expected: fmt.Sprint(want), Got: fmt.Sprintf("%d in %.500s", got, data)}, fmt.Sprint(got)
	}
	return nil, fmt.Sprint(got)
}

// checkBody matches the answer against the expected body; the error is
// one of expanding the expected body's variables.
func (x *exec) checkBody(body *Matcher, doc any, jsonErr error, data []byte) (*Failure, error) {
	if jsonErr != nil {
		return &Failure{Message: "the answer is not JSON", Got: string(data)}, nil
	}
	wantV, err := x.vars.Expand(body.Value)
	if err != nil {
		return nil, err
	}
	m := *body
	m.Value = wantV
	ptr, err := m.Match(doc)
	if err == nil {
		return nil, nil
	}
	got := normalize(doc)
	if !m.Exact {
		got = prune(got, normalize(wantV)) // partial: diff only what was expected
	}
	return &Failure{Message: "body at " + ptr + ": " + err.Error(), Expected: showJSON(wantV), Got: string(data),
		Diff: gocmp.Diff(normalize(wantV), got)}, nil
}

// lookup follows a JSON pointer.
func lookup(doc any, ptr string) (any, bool) {
	cur := doc
	for _, tok := range pointerTokens(ptr) {
		switch c := cur.(type) {
		case map[string]any:
			v, ok := c[tok]
			if !ok {
				return nil, false
			}
			cur = v
		case []any:
			var i int
			if _, err := fmt.Sscan(tok, &i); err != nil || i < 0 || i >= len(c) {
				return nil, false
			}
			cur = c[i]
		default:
			return nil, false
		}
	}
	return cur, true
}

func (x *exec) errIf(err error) *Failure {
	if err != nil {
		return &Failure{Message: err.Error()}
	}
	return nil
}
