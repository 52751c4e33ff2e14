package wxmocktest

import (
	"net/http"
	"net/url"
	"strconv"
	"testing"
	"time"
)

// Push is one event push to an app's message server (an audit's result),
// as GET /__wxmock/pushes answers it.
type Push struct {
	// ID numbers the pushes from 1, across apps.
	ID    uint64 `json:"id"`
	AppID string `json:"appid"`
	// Event is the XML's Event, such as "apply_merchant_audit_info".
	Event string `json:"event"`
	// URL is where it goes, with the signature's query.
	URL string `json:"url"`
	// Mode is the app's push mode: "plain", "safe" or "compat".
	Mode string `json:"mode"`
	// Body is the XML as sent (encrypted in safe mode), Plain the XML
	// before encryption; both clipped to 16 KB.
	Body  string `json:"body"`
	Plain string `json:"plain"`
	// State is one of the Push* states.
	State string `json:"state"`
	// Error says why a failed push failed, or why a skipped one could not
	// be built.
	Error    string    `json:"error"`
	Attempts []Attempt `json:"attempts"`
}

// The states of a push.
const (
	// PushPending: queued, being sent, or waiting to be sent again.
	PushPending = "pending"
	// PushDelivered: the message server answered 2xx.
	PushDelivered = "delivered"
	// PushFailed: every attempt failed.
	PushFailed = "failed"
	// PushSkipped: the app has no push URL, or the push could not be
	// built (Error says why).
	PushSkipped = "skipped"
)

// Attempt is one POST of a push to the message server.
type Attempt struct {
	N int
	// Status is the answer's HTTP status, 0 when none came.
	Status int
	// Error is empty for a 2xx answer.
	Error string
	// Duration and At are in real time: they measure the message server.
	Duration time.Duration
	At       time.Time
}

// attemptWire is an Attempt as the admin API encodes it.
type attemptWire struct {
	N          int       `json:"n"`
	Status     int       `json:"status"`
	Error      string    `json:"error"`
	DurationMS int64     `json:"duration_ms"`
	At         time.Time `json:"at"`
}

// PushFilter selects pushes; its zero value selects them all.
type PushFilter struct {
	// AppID keeps the pushes of that app.
	AppID string
	// Since keeps the pushes with an ID above it.
	Since uint64
}

// Pushes returns the pushes that f selects, delivered or not, oldest first,
// from wxmock's last 1,000. A push is made when its audit resolves (Advance
// past the audit delay); call FlushPushes first to see it delivered.
func (s *Server) Pushes(tb testing.TB, f PushFilter) []Push {
	tb.Helper()
	q := url.Values{}
	if f.AppID != "" {
		q.Set("appid", f.AppID)
	}
	if f.Since > 0 {
		q.Set("since", strconv.FormatUint(f.Since, 10))
	}
	var out struct {
		Pushes []struct {
			Push
			Attempts []attemptWire `json:"attempts"`
		} `json:"pushes"`
	}
	if err := s.Admin(http.MethodGet, "/pushes?"+q.Encode(), nil, &out); err != nil {
		fatal(tb, "listing the pushes", err)
	}
	pushes := make([]Push, 0, len(out.Pushes))
	for _, w := range out.Pushes {
		p := w.Push
		p.Attempts = nil
		for _, a := range w.Attempts {
			p.Attempts = append(p.Attempts, Attempt{N: a.N, Status: a.Status, Error: a.Error,
				Duration: time.Duration(a.DurationMS) * time.Millisecond, At: a.At})
		}
		pushes = append(pushes, p)
	}
	return pushes
}
