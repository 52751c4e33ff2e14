package wxmocktest_test

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/wxmock/wxmock/wxmocktest"
)

// TestFault: a fault in force answers as scripted, is listed with its
// counts, and RemoveFault takes it out; the options round-trip, and wxmock's
// defaults come back.
func TestFault(t *testing.T) {
	t.Parallel()
	srv := wxmocktest.Start(t, wxmocktest.Options{NoListener: true})
	f := srv.Fault(t, wxmocktest.FaultOptions{Path: "/promoter/getrole", ErrCode: 45011, Times: 2})
	want := wxmocktest.Fault{ID: 1, FaultOptions: wxmocktest.FaultOptions{Path: "/promoter/getrole", ErrCode: 45011,
		ErrMsg: "api minute-quota reach limit must slower retry next minute", Times: 2}}
	if d := cmp.Diff(want, f); d != "" {
		t.Errorf("Fault mismatch (-want +got):\n%s", d)
	}
	var codes []string
	for range 3 {
		body := call(t, srv, "/promoter/getrole", `{}`)
		codes = append(codes, body[:strings.Index(body, ",")])
	}
	if d := cmp.Diff([]string{`{"errcode":45011`, `{"errcode":45011`, `{"role_list":[{"role_id":1`}, codes); d != "" {
		t.Errorf("answers mismatch (-want +got):\n%s", d)
	}
	want.Calls, want.Hits, want.Spent = 3, 2, true
	if d := cmp.Diff([]wxmocktest.Fault{want}, srv.Faults(t)); d != "" {
		t.Errorf("Faults mismatch (-want +got):\n%s", d)
	}
	if d := cmp.Diff(want, srv.RemoveFault(t, 1)); d != "" {
		t.Errorf("RemoveFault mismatch (-want +got):\n%s", d)
	}
	if got := srv.Faults(t); len(got) != 0 {
		t.Errorf("Faults after RemoveFault: %+v", got)
	}

	// Every option reaches wxmock and comes back.
	all := wxmocktest.FaultOptions{Path: "/wxa/*", AppID: srv.AppID(), Latency: 20 * time.Millisecond, Malformed: true,
		Times: 3, Probability: 0.5, Seed: 7}
	if got := srv.Fault(t, all); got.ID != 2 || !cmp.Equal(all, got.FaultOptions) {
		t.Errorf("Fault(%+v) = %+v", all, got)
	}
	if got := srv.Fault(t, wxmocktest.FaultOptions{Drop: true, Every: 2, Path: "/promoter/getrole"}); got.ID != 3 || got.Every != 2 || !got.Drop || got.Path != "/promoter/getrole" {
		t.Errorf("Fault = %+v", got)
	}
	if got := srv.Fault(t, wxmocktest.FaultOptions{HTML: true, Probability: 1}); got.Seed == 0 || got.Path != "*" {
		t.Errorf("Fault = %+v, want the seed wxmock drew and path *", got)
	}
}

// TestFaultFails: what wxmock refuses fails the test, with wxmock's reason.
func TestFaultFails(t *testing.T) {
	t.Parallel()
	srv := wxmocktest.Start(t, wxmocktest.Options{NoListener: true})
	tests := []struct {
		name string
		run  func(tb testing.TB)
		want string
	}{
		{"two effects", func(tb testing.TB) { srv.Fault(tb, wxmocktest.FaultOptions{Drop: true, HTML: true}) },
			`wxmocktest: adding a fault: POST /__wxmock/faults: 400 Bad Request: {"error":"errcode, drop, malformed and html are exclusive: give at most one"}`},
		{"a path not served", func(tb testing.TB) {
			srv.Fault(tb, wxmocktest.FaultOptions{Path: "/promoter/getrol", ErrCode: -1})
		}, `wxmocktest: adding a fault: POST /__wxmock/faults: 400 Bad Request: {"error":"path: wxmock serves no /promoter/getrol"}`},
		{"no such fault", func(tb testing.TB) { srv.RemoveFault(tb, 9) },
			`wxmocktest: removing fault 9: DELETE /__wxmock/faults/9: 404 Not Found: {"error":"no such fault"}`},
	}
	for _, tt := range tests {
		if d := cmp.Diff([]string{tt.want}, run(tt.run)); d != "" {
			t.Errorf("%s: failures mismatch (-want +got):\n%s", tt.name, d)
		}
	}
}
