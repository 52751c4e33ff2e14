package httpapi_test

import (
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/wxmock/wxmock/internal/mock"
)

func TestAdminClock(t *testing.T) {
	t.Parallel()
	e := setup(t)
	r := e.admin(http.MethodGet, "/clock", "")
	admStatus(t, r, http.StatusOK)
	diff(t, "clock", map[string]any{"now": admNum(start.Unix()), "time": "2024-01-24T06:00:27Z", "frozen": true}, r.Body)
	if got := start.UTC().Format(time.RFC3339); got != "2024-01-24T06:00:27Z" {
		t.Fatalf("start is %s", got)
	}
}

func TestAdminClockAdvance(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		bodies []string
		status int
		want   int64 // seconds after start
	}{
		{"one second", []string{`{"seconds":1}`}, http.StatusOK, 1},
		{"one day", []string{`{"seconds":86400}`}, http.StatusOK, 86400},
		{"fractions add up", []string{`{"seconds":2.5}`, `{"seconds":0.5}`}, http.StatusOK, 3},
		{"a fraction below a second", []string{`{"seconds":0.25}`}, http.StatusOK, 0},
		{"ten years", []string{`{"seconds":315360000}`}, http.StatusOK, tenYears},
		{"zero", []string{`{"seconds":0}`}, http.StatusBadRequest, 0},
		{"negative", []string{`{"seconds":-5}`}, http.StatusBadRequest, 0},
		{"missing", []string{`{}`}, http.StatusBadRequest, 0},
		{"empty body", []string{``}, http.StatusBadRequest, 0},
		{"null", []string{`{"seconds":null}`}, http.StatusBadRequest, 0},
		{"more than ten years", []string{`{"seconds":315360001}`}, http.StatusBadRequest, 0},
		{"a string", []string{`{"seconds":"60"}`}, http.StatusBadRequest, 0},
		{"unknown field", []string{`{"seconds":1,"minutes":1}`}, http.StatusBadRequest, 0},
		{"malformed JSON", []string{`{"seconds":`}, http.StatusBadRequest, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := setup(t)
			var r resp
			for _, b := range tt.bodies {
				r = e.admin(http.MethodPost, "/clock/advance", b)
			}
			want := start.Add(time.Duration(tt.want) * time.Second)
			if tt.status == http.StatusOK {
				admStatus(t, r, http.StatusOK)
				diff(t, "advance answer", map[string]any{"now": admNum(want.Unix()), "time": want.UTC().Format(time.RFC3339), "frozen": true}, r.Body)
			} else {
				admErr(t, r, tt.status)
			}
			diff(t, "clock", want.Unix(), e.m.Sim.Now().Unix())
		})
	}
}

func TestAdminClockSet(t *testing.T) {
	t.Parallel()
	later := start.Unix() + 3600
	tests := []struct {
		name   string
		body   string
		status int
		now    int64
		frozen bool
	}{
		{"freeze a frozen clock", `{"frozen":true}`, http.StatusOK, start.Unix(), true},
		{"unfreeze", `{"frozen":false}`, http.StatusOK, start.Unix(), false},
		{"later", `{"now":` + strconv.FormatInt(later, 10) + `}`, http.StatusOK, later, true},
		{"later and unfrozen", `{"now":` + strconv.FormatInt(later, 10) + `,"frozen":false}`, http.StatusOK, later, false},
		{"the same second", `{"now":` + strconv.FormatInt(start.Unix(), 10) + `}`, http.StatusOK, start.Unix(), true},
		{"ten years on", `{"now":` + strconv.FormatInt(start.Unix()+tenYears, 10) + `}`, http.StatusOK, start.Unix() + tenYears, true},
		{"nothing", `{}`, http.StatusOK, start.Unix(), true},
		{"earlier", `{"now":` + strconv.FormatInt(start.Unix()-1, 10) + `}`, http.StatusBadRequest, start.Unix(), true},
		{"earlier, unfreezing", `{"now":` + strconv.FormatInt(start.Unix()-1, 10) + `,"frozen":false}`, http.StatusBadRequest, start.Unix(), true},
		{"more than ten years on", `{"now":` + strconv.FormatInt(start.Unix()+tenYears+1, 10) + `}`, http.StatusBadRequest, start.Unix(), true},
		{"now as a string", `{"now":"` + strconv.FormatInt(later, 10) + `"}`, http.StatusBadRequest, start.Unix(), true},
		{"frozen as a string", `{"frozen":"false"}`, http.StatusBadRequest, start.Unix(), true},
		{"unknown field", `{"frozen":false,"speed":2}`, http.StatusBadRequest, start.Unix(), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			real := start.Add(-time.Hour)
			e := setup(t, func(o *mock.Options) { o.RealTime = func() time.Time { return real } })
			r := e.admin(http.MethodPost, "/clock", tt.body)
			want := map[string]any{"now": admNum(tt.now), "time": time.Unix(tt.now, 0).UTC().Format(time.RFC3339), "frozen": tt.frozen}
			if tt.status == http.StatusOK {
				admStatus(t, r, http.StatusOK)
				diff(t, "answer", want, r.Body)
			} else {
				admErr(t, r, tt.status)
			}
			diff(t, "clock", want, e.admin(http.MethodGet, "/clock", "").Body)
		})
	}
}

// TestAdminClockRunning unfreezes the clock and moves the injected real time.
func TestAdminClockRunning(t *testing.T) {
	t.Parallel()
	real := time.Unix(1e9, 0)
	e := setup(t, func(o *mock.Options) { o.RealTime = func() time.Time { return real } })
	clock := func() map[string]any { return e.admin(http.MethodGet, "/clock", "").Body }
	at := func(sec int64, frozen bool) map[string]any {
		return map[string]any{"now": admNum(start.Unix() + sec), "time": start.Add(time.Duration(sec) * time.Second).UTC().Format(time.RFC3339), "frozen": frozen}
	}
	real = real.Add(time.Hour)
	diff(t, "frozen clock after real time moved", at(0, true), clock())
	e.admin(http.MethodPost, "/clock", `{"frozen":false}`)
	real = real.Add(30 * time.Second)
	diff(t, "running clock", at(30, false), clock())
	e.advance(100 * time.Second)
	diff(t, "running clock after advance", at(130, false), clock())
	e.admin(http.MethodPost, "/clock", `{"frozen":true}`)
	real = real.Add(time.Hour)
	diff(t, "frozen again", at(130, true), clock())
}
