package scenario

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// The wire types mirror the file where it has unions (a string or an
// object, a number or a duration) and defaults; the builder turns them into
// the model. They are read only after the schema has passed, so their
// decoding can rely on its types.

type wireScenario struct {
	Name        string     `json:"name"`
	Description string     `json:"description"`
	Setup       wireSetup  `json:"setup"`
	Faults      []Fault    `json:"faults"`
	Steps       []wireStep `json:"steps"`
}

type wireSetup struct {
	App       wireApp         `json:"app"`
	State     json.RawMessage `json:"state"`
	StateFile string          `json:"state_file"`
	Clock     struct {
		Start  json.RawMessage `json:"start"`
		Frozen *bool           `json:"frozen"`
	} `json:"clock"`
	Roles     []wireRole       `json:"roles"`
	Promoters []wirePromoter   `json:"promoters"`
	Relations []map[string]any `json:"relations"`
	Orders    []map[string]any `json:"orders"`
	Clicks    []Click          `json:"clicks"`
}

type wireApp struct {
	AppID  string `json:"appid"`
	Secret string `json:"secret"`
	Name   string `json:"name"`
	Push   *struct {
		URL    string `json:"url"`
		Token  string `json:"token"`
		AESKey string `json:"aes_key"`
		Mode   string `json:"mode"`
	} `json:"push"`
}

type wireRole struct {
	Name string `json:"name"`
	Desc string `json:"desc"`
}

type wirePromoter struct {
	OpenID     string `json:"openid"`
	RoleID     int    `json:"role_id"`
	RetailID   string `json:"retail_id"`
	ExtraInfo  string `json:"extra_info"`
	Name       string `json:"name"`
	Phone      string `json:"phone"`
	AuthStatus int    `json:"auth_status"`
	DeclStatus int    `json:"decl_status"`
	Receive    string `json:"receive"`
	Count      int    `json:"count"`
}

type wireStep struct {
	Name               string                     `json:"name"`
	Request            *wireRequest               `json:"request"`
	Expect             *wireExpect                `json:"expect"`
	Save               map[string]string          `json:"save"`
	Run                *wireRun                   `json:"run"`
	Advance            json.RawMessage            `json:"advance"`
	Authorize          *wireAuthorize             `json:"authorize"`
	Resolve            *wireResolve               `json:"resolve"`
	ExpectPush         *wireExpectPush            `json:"expect_push"`
	ExpectRequests     *wireExpectRequests        `json:"expect_requests"`
	ExpectState        map[string]json.RawMessage `json:"expect_state"`
	ExpectNoViolations wireNoViolations           `json:"expect_no_violations"`
}

// wireNoViolations is expect_no_violations: true, or an object that also
// checks for unknown fields.
type wireNoViolations struct {
	Set, UnknownFields bool
}

func (w *wireNoViolations) UnmarshalJSON(data []byte) error {
	var b bool
	if err := json.Unmarshal(data, &b); err == nil {
		w.Set = b
		return nil
	}
	var o struct {
		UnknownFields bool `json:"unknown_fields"`
	}
	if err := json.Unmarshal(data, &o); err != nil {
		return err
	}
	w.Set, w.UnknownFields = true, o.UnknownFields
	return nil
}

type wireRequest struct {
	Method  string            `json:"method"`
	Path    string            `json:"path"`
	Token   json.RawMessage   `json:"token"`
	Query   map[string]text   `json:"query"`
	Headers map[string]string `json:"headers"`
	Body    json.RawMessage   `json:"body"`
	Raw     string            `json:"raw"`
	Upload  *struct {
		Field    string `json:"field"`
		Filename string `json:"filename"`
		Content  string `json:"content"`
		File     string `json:"file"`
	} `json:"upload"`
}

// wireBody is a body with how to compare it, in expect and in calls.
type wireBody struct {
	Body   json.RawMessage `json:"body"`
	Match  string          `json:"match"`
	Ignore []string        `json:"ignore"`
}

func (w wireBody) matcher() *Matcher {
	if w.Body == nil {
		return nil
	}
	return &Matcher{Value: generic(w.Body), Exact: w.Match == "exact", Ignore: w.Ignore}
}

type wireExpect struct {
	Status  int  `json:"status"`
	ErrCode *int `json:"errcode"`
	wireBody
}

type wireRun struct {
	Command        json.RawMessage `json:"command"`
	Dir            string          `json:"dir"`
	Timeout        json.RawMessage `json:"timeout"`
	ExitCode       int             `json:"exit_code"`
	Env            map[string]text `json:"env"`
	StdoutContains json.RawMessage `json:"stdout_contains"` // a string or a list of them
	StderrContains json.RawMessage `json:"stderr_contains"`
}

type wireAuthorize struct {
	AppID      string `json:"appid"`
	OpenID     string `json:"openid"`
	AuthStatus *int   `json:"auth_status"`
}

type wireResolve struct {
	Audit   json.RawMessage `json:"audit"`
	Kind    string          `json:"kind"`
	Status  *int            `json:"status"`
	Outcome string          `json:"outcome"`
	Reason  string          `json:"reason"`
}

type wireExpectPush struct {
	Event  string          `json:"event"`
	Fields map[string]text `json:"fields"`
	Within json.RawMessage `json:"within"`
}

type wireCall struct {
	Method  string `json:"method"`
	Path    string `json:"path"`
	ErrCode *int   `json:"errcode"`
	wireBody
}

func (w wireCall) call() Call {
	return Call{Method: w.Method, Path: w.Path, ErrCode: w.ErrCode, Body: w.matcher()}
}

type wireExpectRequests struct {
	wireCall
	Count        json.RawMessage   `json:"count"`
	Order        []json.RawMessage `json:"order"`
	Last         *wireCall         `json:"last"`
	RetriedAfter json.RawMessage   `json:"retried_after"`
	Since        string            `json:"since"`
}

type wireStateCheck struct {
	Where    map[string]any  `json:"where"`
	Count    json.RawMessage `json:"count"`
	Contains []any           `json:"contains"`
}

type wireCount struct {
	Min int  `json:"min"`
	Max *int `json:"max"`
}

// text is a string, number or boolean written where text is meant (a
// query value, an environment variable, an XML field): numbers keep the
// digits written.
type text string

func (t *text) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '"' {
		var s string
		err := json.Unmarshal(b, &s)
		*t = text(s)
		return err
	}
	*t = text(b)
	return nil
}

func texts(m map[string]text) map[string]string {
	if m == nil {
		return nil
	}
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = string(v)
	}
	return out
}

// strict decodes JSON into v as the wire types expect it: numbers in
// generic values stay json.Number, and an unknown key is a bug of the
// wire types, not of the file, since the schema has passed.
func strict(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	dec.DisallowUnknownFields()
	return dec.Decode(v)
}

// generic decodes a JSON value the schema has checked.
func generic(raw json.RawMessage) any {
	var v any
	_ = strict(raw, &v)
	return v
}

// durationOf reads a duration: a Go duration string or seconds.
func durationOf(raw json.RawMessage) (time.Duration, error) {
	var v any = generic(raw)
	switch x := v.(type) {
	case string:
		return time.ParseDuration(x)
	case json.Number:
		f, err := strconv.ParseFloat(string(x), 64)
		if err != nil {
			return 0, err
		}
		return time.Duration(f * float64(time.Second)), nil
	case map[string]any: // advance: {seconds: N}
		return durationOf(json.RawMessage(x["seconds"].(json.Number)))
	}
	return 0, fmt.Errorf("not a duration")
}

// countOf reads a count: a number, or {min, max}.
func countOf(raw json.RawMessage) (Count, error) {
	var n int
	if json.Unmarshal(raw, &n) == nil {
		return Count{Min: n, Max: n}, nil
	}
	var w wireCount
	if err := strict(raw, &w); err != nil {
		return Count{}, err
	}
	c := Count{Min: w.Min, Max: Unbounded}
	if w.Max != nil {
		c.Max = *w.Max
		if c.Max < c.Min {
			return Count{}, fmt.Errorf("count has min %d above max %d", c.Min, c.Max)
		}
	}
	return c, nil
}

// clockStart reads RFC 3339 or unix seconds.
func clockStart(raw json.RawMessage) (time.Time, error) {
	switch x := generic(raw).(type) {
	case string:
		t, err := time.Parse(time.RFC3339Nano, x)
		if pe, ok := err.(*time.ParseError); ok && pe.Message != "" {
			return time.Time{}, fmt.Errorf("bad clock start %q: %s", x, strings.TrimPrefix(pe.Message, ": "))
		}
		if err != nil {
			return time.Time{}, fmt.Errorf("bad clock start %q: want RFC 3339", x)
		}
		return t.UTC(), nil
	case json.Number:
		n, err := x.Int64()
		return time.Unix(n, 0).UTC(), err
	}
	return time.Time{}, fmt.Errorf("bad clock start")
}
