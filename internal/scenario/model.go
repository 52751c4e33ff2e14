package scenario

import (
	"encoding/json"
	"path/filepath"
	"strconv"
	"time"
)

// Step kinds: the key that makes a step what it is.
const (
	KindRequest            = "request"
	KindRun                = "run"
	KindAdvance            = "advance"
	KindAuthorize          = "authorize"
	KindResolve            = "resolve"
	KindExpectPush         = "expect_push"
	KindExpectRequests     = "expect_requests"
	KindExpectState        = "expect_state"
	KindExpectNoViolations = "expect_no_violations"
)

// Kinds lists the step kinds in the order FORMAT.md documents them.
func Kinds() []string {
	return []string{KindRequest, KindRun, KindAdvance, KindAuthorize, KindResolve,
		KindExpectPush, KindExpectRequests, KindExpectState, KindExpectNoViolations}
}

// Defaults the parser fills in.
const (
	DefaultMethod     = "POST"
	DefaultStatus     = 200
	DefaultRunTimeout = 60 * time.Second
	DefaultPushWithin = 5 * time.Second
	// PushReceiver as a push URL is the runner's own receiver, which records
	// every push and checks its signature.
	PushReceiver = "receiver"
	// AuditLatest resolves the app's most recent pending audit.
	AuditLatest = "latest"
	// SinceScenario and SinceLastRun are where expect_requests starts
	// looking in the journal.
	SinceScenario = "scenario"
	SinceLastRun  = "last_run"
	// Unbounded is a Count's Max when there is none.
	Unbounded = -1
)

// Scenario is one scenario of a file: what to set up, which faults to
// install, and the steps to run in order.
type Scenario struct {
	Name        string
	Description string
	File        string // the path it was read from, as given
	Line        int    // of its first key
	Setup       Setup
	Faults      []Fault
	Steps       []Step
}

// Path resolves a path written in the scenario (state_file, an upload's
// file) against the directory of the scenario's file.
func (s *Scenario) Path(rel string) string {
	if rel == "" || filepath.IsAbs(rel) {
		return rel
	}
	return filepath.Join(filepath.Dir(s.File), rel)
}

// Setup is what exists before the first step.
type Setup struct {
	App App
	// State is an inline state document (a GET /__wxmock/state export) as
	// compact JSON, nil when there is none; StateFile names one instead,
	// relative to the scenario file (see Scenario.Path).
	State     json.RawMessage
	StateFile string
	Clock     Clock
	Roles     []Role
	Promoters []Promoter
	// Relations and Orders are rows of the promoters' reach and orders, with
	// the admin API's field names (POST /__wxmock/promoters/relations and
	// orders); Clicks are its POST /__wxmock/promoters/clicks bodies.
	Relations []Row
	Orders    []Row
	Clicks    []Click
}

// Row is an admin API item the setup creates Count times.
type Row struct {
	Fields map[string]any
	Count  int
}

// Click is promoters' clicks on one message, or a rule for the group sends
// to come (MsgID empty).
type Click struct {
	MsgID   string `json:"msg_id,omitempty"`
	MsgType uint32 `json:"msg_type,omitempty"`
	PV      int    `json:"pv"`
	UV      int    `json:"uv"`
}

// App is the app the scenario runs as. Empty AppID and Secret are generated
// by the runner, which gives each scenario an app of its own.
type App struct {
	AppID  string
	Secret string
	Name   string
	Push   *Push // nil: pushes are not delivered
}

// Push is where the app's audit results are pushed; URL is PushReceiver
// (the default) or an http(s) URL of the client's own message server.
type Push struct {
	URL    string
	Token  string
	AESKey string
	Mode   string
}

// Clock is the virtual clock when the steps begin. A zero Start leaves it
// where it is.
type Clock struct {
	Start  time.Time
	Frozen bool // true unless the file says frozen: false
}

// Role is a role declared before the steps, through addrole; the first one
// gets role_id 2.
type Role struct {
	Name string
	Desc string
}

// Promoter is a promoter declared before the steps. Count > 1 declares that
// many, with generated openids; an empty OpenID is generated too.
type Promoter struct {
	OpenID     string
	RoleID     int // default 1
	RetailID   string
	ExtraInfo  string
	Name       string
	Phone      string
	AuthStatus int // 0 to 2, set through promoters/authorize
	DeclStatus int // default 1; 2 cancels the declaration after it is made
	// Receive is what becomes of the promoter's messages: "accept" (the
	// default), "refuse" (103010) or "fail" (103012).
	Receive string
	Count   int // default 1
}

// Fault is one fault installed before the steps, with the admin API's
// field names: it marshals to the body of POST /__wxmock/faults. An empty
// AppID means the scenario's app.
type Fault struct {
	Path        string  `json:"path"`
	AppID       string  `json:"appid,omitempty"`
	ErrCode     *int    `json:"errcode,omitempty"`
	ErrMsg      string  `json:"errmsg,omitempty"`
	LatencyMS   int     `json:"latency_ms,omitempty"`
	Drop        bool    `json:"drop,omitempty"`
	Malformed   bool    `json:"malformed,omitempty"`
	HTML        bool    `json:"html,omitempty"`
	Times       int     `json:"times,omitempty"`
	Every       int     `json:"every,omitempty"`
	Probability float64 `json:"probability,omitempty"`
	Seed        int64   `json:"seed,omitempty"`
	Line        int     `json:"-"`
}

// Step is one step. Exactly one of the kind fields is set (Kind names it);
// Expect and Save go with Request only. Strings in a step may hold
// ${variables}, expanded by the runner with Vars.
type Step struct {
	Line int
	Name string // optional, for reports

	Request *Request
	Expect  *Expect           // nil: any answer of HTTP 200 passes
	Save    map[string]string // variable → JSON pointer into the answer

	Run                *Run
	Advance            *Advance
	Authorize          *Authorize
	Resolve            *Resolve
	ExpectPush         *ExpectPush
	ExpectRequests     *ExpectRequests
	ExpectState        *ExpectState
	ExpectNoViolations bool
	// NoUnknownFields is expect_no_violations: {unknown_fields: true}: the
	// client's calls must not have sent a field their endpoint does not
	// know either (the journal's "unknown field" notes).
	NoUnknownFields bool
}

// Kind is the step's kind, one of Kinds().
func (s Step) Kind() string {
	switch {
	case s.Request != nil:
		return KindRequest
	case s.Run != nil:
		return KindRun
	case s.Advance != nil:
		return KindAdvance
	case s.Authorize != nil:
		return KindAuthorize
	case s.Resolve != nil:
		return KindResolve
	case s.ExpectPush != nil:
		return KindExpectPush
	case s.ExpectRequests != nil:
		return KindExpectRequests
	case s.ExpectState != nil:
		return KindExpectState
	case s.ExpectNoViolations:
		return KindExpectNoViolations
	}
	return ""
}

// Request is a request the runner sends itself.
type Request struct {
	Method  string // default POST
	Path    string
	Token   Token
	Query   map[string]string
	Headers map[string]string
	// Body is a JSON value (maps, slices, strings, json.Number, bools) sent
	// as JSON; nil sends no body. Raw is sent as it is; Upload as multipart.
	// At most one of the three is set.
	Body   any
	Raw    string
	Upload *Upload
}

// Token says which access_token a request carries: by default a valid
// token of the scenario's app, none when Omit, or Value as it is.
type Token struct {
	Omit  bool
	Value string
}

// Upload is a multipart file, as /cgi-bin/media/upload takes it.
type Upload struct {
	Field    string // default "media"
	Filename string
	Content  string
	File     string // read from this file instead, relative to the scenario
}

// Expect is what a request's answer must be.
type Expect struct {
	Status  int  // default 200
	ErrCode *int // a missing errcode counts as 0
	Body    *Matcher
}

// Matcher compares a JSON document with Value. Partial (the default)
// compares only the object keys Value has; Exact wants the same keys too.
// Arrays compare item by item and must have the same length in both modes.
// Ignore lists JSON pointers not compared, where "*" stands for any one
// key or index ("/promoter_list/*/update_time").
type Matcher struct {
	Value  any
	Exact  bool
	Ignore []string
}

// Run runs the client's own command, with WXMOCK_BASE_URL, WXMOCK_APPID,
// WXMOCK_SECRET, WXMOCK_TOKEN (the push token), WXMOCK_AES_KEY,
// WXMOCK_ACCESS_TOKEN and WXMOCK_RECEIVER_URL (and Env) in its environment.
// When it ends, the processes it left are killed, and fail the step.
//
// StdoutContains and StderrContains are regular expressions (RE2, in
// multi-line mode) that must each match somewhere in that stream; a
// ${variable} in one matches its value literally.
type Run struct {
	Command        []string // a string in the file runs as sh -c
	Dir            string   // relative to the scenario file; "" is the runner's directory
	Timeout        time.Duration
	ExitCode       int
	Env            map[string]string
	StdoutContains []string
	StderrContains []string
}

// Advance moves the virtual clock forward.
type Advance struct {
	Duration time.Duration
}

// Authorize acts as a promoter accepting (1) or cancelling (2) an
// invitation. An empty AppID means the scenario's app.
type Authorize struct {
	AppID      string
	OpenID     string
	AuthStatus int // default 1
}

// Resolve resolves a pending audit now, as POST /__wxmock/audits/{id}/resolve.
type Resolve struct {
	Audit   string // AuditLatest (the default), an id, or a ${variable}
	Kind    string // with latest: only audits of this kind (its push event)
	Status  *int
	Outcome string
	Reason  string
}

// ExpectPush checks that a push arrived at the app's push URL with a valid
// signature.
type ExpectPush struct {
	Event  string
	Fields map[string]string // XML element → text
	Within time.Duration     // default 5s
}

// Call matches journal entries: by method, path (a trailing "*" matches a
// prefix), answered errcode and request body. Empty fields match anything.
type Call struct {
	Method  string
	Path    string
	ErrCode *int
	Body    *Matcher
}

// ExpectRequests checks the calls the client made to the scenario's app.
// The embedded Call selects them; Count bounds how many there are (at least
// one by default); Order must occur among them in this order (other calls
// may come between); Last must match the last of them; and every call
// answered one of RetriedAfter must be followed by another with the same
// method, path and body.
type ExpectRequests struct {
	Call
	Count        Count
	Order        []Call
	Last         *Call
	RetriedAfter []int
	Since        string // SinceScenario (the default) or SinceLastRun
}

// Count is a number of things: Min to Max, Max Unbounded when there is no
// upper bound. An exact count has Min == Max.
type Count struct {
	Min int
	Max int
}

// Allows reports whether n is within the count.
func (c Count) Allows(n int) bool { return n >= c.Min && (c.Max == Unbounded || n <= c.Max) }

// String reads as a report says it: "3", "at least 1", "1 to 5".
func (c Count) String() string {
	switch {
	case c.Min == c.Max:
		return strconv.Itoa(c.Min)
	case c.Max == Unbounded:
		return "at least " + strconv.Itoa(c.Min)
	case c.Min == 0:
		return "at most " + strconv.Itoa(c.Max)
	}
	return strconv.Itoa(c.Min) + " to " + strconv.Itoa(c.Max)
}

// ExpectState checks the scenario app's rows of GET /__wxmock/state, by
// table name ("promoters", "roles", "stores", ...).
type ExpectState struct {
	Tables map[string][]StateCheck
}

// StateCheck selects the rows that partially match Where (all rows when it
// is empty), then checks their Count and that each item of Contains
// partially matches one of them. Without either, at least one row must
// match.
type StateCheck struct {
	Where    map[string]any
	Count    *Count
	Contains []any
}
