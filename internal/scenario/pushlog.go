package scenario

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"
)

// pushLogLimit is how much of a push's body wxmock's push log keeps
// (internal/push clips Body and Plain to 16 KiB, at a rune boundary,
// without marking the cut).
const pushLogLimit = 16 << 10

// loggedPush is a push as GET /__wxmock/pushes shows it: the URL holds the
// query wxmock sent (signature, timestamp, nonce, and in safe and compat
// mode msg_signature and encrypt_type).
type loggedPush struct {
	ID       uint64 `json:"id"`
	Event    string `json:"event"`
	URL      string `json:"url"`
	Mode     string `json:"mode"`
	Body     string `json:"body"`
	State    string `json:"state"`
	Error    string `json:"error"`
	Attempts []struct {
		Status int    `json:"status"`
		Error  string `json:"error"`
	} `json:"attempts"`
}

// sentPush is a push as expect_push weighs it: its fields once checked,
// and, for one read from wxmock's log, how its delivery went.
type sentPush struct {
	fields    map[string]string // nil when the push could not be read
	event     string            // the event, even when fields is nil
	delivered bool
	// delivery says how the delivery went ("state delivered, 1 attempt:
	// 200"); empty for a push the runner's receiver got.
	delivery string
	// unread says why fields is nil.
	unread string
}

// loggedPushes reads wxmock's push log of the scenario's app and checks
// each push that was sent with the runner's own verify: a push signed
// wrong is an error, which the step reports as its failure.
func (x *exec) loggedPushes() ([]sentPush, *Failure) {
	var log struct {
		Pushes []loggedPush `json:"pushes"`
	}
	if err := x.admin(http.MethodGet, "/pushes?appid="+url.QueryEscape(x.appid), nil, &log); err != nil {
		return nil, &Failure{Message: err.Error()}
	}
	out := make([]sentPush, 0, len(log.Pushes))
	for i, p := range log.Pushes {
		s := sentPush{event: p.Event, delivered: p.delivered(), delivery: p.delivery()}
		switch {
		case p.URL == "":
			s.unread = "not sent, as the app has no push URL"
		case !p.sent():
			s.unread = "not sent"
		case p.clipped():
			s.unread = fmt.Sprintf("its body is clipped at %d KiB in wxmock's push log, so the runner cannot read or check it (the runner's receiver, url: receiver, gets all of it)", pushLogLimit>>10)
		default:
			got, err := verify(p.received(), x.push, x.appid)
			if err != nil {
				return nil, &Failure{Message: fmt.Sprintf("push %d %s was sent to %s but %v", i+1, p.Event, p.target(), err), Got: p.URL + "\n" + p.Body}
			}
			s.fields = got
		}
		out = append(out, s)
	}
	return out, nil
}

// sent reports whether wxmock tried to send p, or will: a skipped push
// (no URL) and one that could not be built were not.
func (p loggedPush) sent() bool {
	return p.URL != "" && (len(p.Attempts) > 0 || p.State == "pending" || p.State == "delivered")
}

// delivered reports whether the client's server took p: an attempt
// answered 2xx.
func (p loggedPush) delivered() bool {
	if p.State == "delivered" {
		return true
	}
	for _, a := range p.Attempts {
		if a.Status >= 200 && a.Status < 300 {
			return true
		}
	}
	return false
}

// clipped reports whether the log kept only the start of p's body: it is
// as long as the log keeps, give or take a rune's cut, and does not end
// where a push's XML ends.
func (p loggedPush) clipped() bool {
	return len(p.Body) > pushLogLimit-utf8.UTFMax && !strings.HasSuffix(strings.TrimSpace(p.Body), "</xml>")
}

// received is p as a receiver would have got it.
func (p loggedPush) received() received {
	q := map[string]string{}
	if u, err := url.Parse(p.URL); err == nil {
		for k, v := range u.Query() {
			q[k] = v[0]
		}
	}
	return received{Query: q, Body: p.Body}
}

// target is p's URL without its query.
func (p loggedPush) target() string {
	u, _, _ := strings.Cut(p.URL, "?")
	return u
}

// delivery says how p's delivery went: "state failed, 4 attempts: 500,
// 500, 500, 500; HTTP status 500".
func (p loggedPush) delivery() string {
	s := "state " + p.State
	switch n := len(p.Attempts); n {
	case 0:
		s += ", no attempt"
	default:
		as := make([]string, n)
		for i, a := range p.Attempts {
			as[i] = strconv.Itoa(a.Status)
			if a.Status == 0 {
				as[i] = "no answer"
			}
		}
		s += fmt.Sprintf(", %d %s: %s", n, plural(n, "attempt", "attempts"), strings.Join(as, ", "))
	}
	if p.Error != "" {
		s += "; " + p.Error
	}
	return s
}

// listSent lists the pushes of wxmock's log, as listPushes lists those
// of the receiver, with how each one's delivery went.
func listSent(target string, pushes []sentPush) string {
	if len(pushes) == 0 {
		return "wxmock's push log holds no push of the app"
	}
	var b strings.Builder
	if target == "" {
		fmt.Fprintf(&b, "%d %s of the app in wxmock's push log:", len(pushes), plural(len(pushes), "push", "pushes"))
	} else {
		fmt.Fprintf(&b, "%d %s sent to %s:", len(pushes), plural(len(pushes), "push was", "pushes were"), target)
	}
	for i, p := range pushes {
		if i == maxListed {
			fmt.Fprintf(&b, "\n  … (%d more)", len(pushes)-maxListed)
			break
		}
		what := p.unread
		if p.fields != nil {
			what = pushFields(p.fields)
		}
		fmt.Fprintf(&b, "\n  push %d %s: %s — %s", i+1, p.event, what, p.delivery)
	}
	return b.String()
}

func plural(n int, one, more string) string {
	if n == 1 {
		return one
	}
	return more
}
