package scenario_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/wxmock/wxmock/internal/scenario"
)

// TestSetupReachRows: relations, orders and clicks of a setup are created
// Count times each (however JSON writes the count), in batches that the
// admin API takes, with each order copy its own out_trade_no; a promoter's
// receive setting reaches the server.
func TestSetupReachRows(t *testing.T) {
	t.Parallel()
	scs, err := scenario.Parse("reach.yaml", []byte(`
name: setup rows
setup:
  clock: {start: 2024-01-24T06:00:27Z}
  promoters:
    - {openid: o000000000000000000000000001, auth_status: 1}
    - {openid: o000000000000000000000000002, auth_status: 1, receive: refuse}
  relations:
    - {promoter_openid: o000000000000000000000000001, count: 1001}
    - {promoter_openid: o000000000000000000000000002, count: 3.0}
  orders:
    - {promoter_openid: o000000000000000000000000001, mch_id: m, out_trade_no: pay, paid_amount: 1, count: 3}
  clicks:
    - {msg_type: 4, pv: 9, uv: 2}
steps:
  - expect_state:
      relations:
        - {count: 1004}
        - {where: {promoter_openid: o000000000000000000000000002}, count: 3}
      orders:
        - {count: 3}
        - {contains: [{out_trade_no: pay-1}, {out_trade_no: pay-2}, {out_trade_no: pay-3}]}
      click_rules: {contains: [{msg_type: 4, pv: 9, uv: 2}]}
      promoters: {where: {msg_receive: 1}, count: 1}
`))
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(3, scs[0].Setup.Relations[1].Count); d != "" {
		t.Errorf("count 3.0 mismatch (-want +got):\n%s", d)
	}
	for _, r := range runScenarios(t, scs) {
		if !r.Passed {
			t.Errorf("scenario failed: %+v", r)
		}
	}
}

// TestSetupReachErrors: a bad setup item is a bad file, reported at its
// line, before anything runs.
func TestSetupReachErrors(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, item, want string }{
		{"relation without a promoter", `relations: [{path: p}]`, `missing required field "promoter_openid"`},
		{"order with trade_no and count", `orders: [{promoter_openid: o000000000000000000000000001, mch_id: m, out_trade_no: o, paid_amount: 1, trade_no: "1", count: 2}]`, "count generates trade_no"},
		{"order without mch_id", `orders: [{promoter_openid: o000000000000000000000000001, out_trade_no: o, paid_amount: 1}]`, "mch_id"},
		{"unknown relation field", `relations: [{promoter_openid: o000000000000000000000000001, sceen: 1}]`, "sceen"},
		{"bad receive", `promoters: [{receive: maybe}]`, "receive"},
		{"clicks above the bound", `clicks: [{pv: 2000000, uv: 1}]`, "pv"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := scenario.Parse("bad.yaml", []byte("name: bad\nsetup:\n  "+tt.item+"\nsteps:\n  - expect_no_violations: true\n"))
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "bad.yaml:3:") {
				t.Errorf("error %v, want one at bad.yaml:3 naming %q", err, tt.want)
			}
		})
	}
}
