package schemas_test

import (
	"strings"
	"testing"

	"github.com/wxmock/wxmock/schemas"
)

// reachRow is a getrelation row with openids of the real shape; the
// official example writes "xxxxx" in their place.
const reachRow = `"promoter_openid":"o6_bmjrPTlm6_2sgVt7hMZOPfL2M","role_id":1,"retail_id":"xxxxx","extra_info":"xxxxx","openid":"od1P50M-fNQI5Gcq-trm4a7apsU8","create_time":1668667349,"path":"pages/xxxxx","scene":1077,"share_extra_info":"xxxxx"`

// orderRow is reachRow with the payment of SKIT's sample.
const orderRow = reachRow + `,"mch_id":"xxxxx","trade_no":"xxxxx","out_trade_no":"xxxxx","paid_amount":150,"paid_time":1668667360`

func TestReachResponses(t *testing.T) {
	t.Parallel()
	s := load(t)
	page := func(list, rows, tail string) string {
		return `{"` + list + `":[` + rows + `],"total_cnt":2,"start_id":"2","errcode":0,"errmsg":"OK"` + tail + `}`
	}
	rel := func(rows ...string) string { return page("relation_list", `{`+strings.Join(rows, `},{`)+`}`, "") }
	ord := func(rows ...string) string { return page("order_list", `{`+strings.Join(rows, `},{`)+`}`, "") }
	tests := []struct {
		name, endpoint, body string
		ok                   bool
	}{
		{"the example's relations", "promoter/getrelation", rel(reachRow, reachRow), true},
		{"the example's orders, one refunded", "promoter/getorder", ord(orderRow+`,"status":1`, orderRow+`,"status":2,"refunded_time":1668668000`), true},
		{"an error", "promoter/getorder", `{"errcode":103006,"errmsg":"data not exist rid: 65b0a77b-00000000-00000000"}`, true},
		{"start_id as a number", "promoter/getrelation", `{"relation_list":[{` + reachRow + `}],"total_cnt":1,"start_id":2,"errcode":0,"errmsg":"OK"}`, false},
		{"no start_id", "promoter/getorder", `{"order_list":[{` + orderRow + `,"status":1}],"total_cnt":1,"errcode":0,"errmsg":"OK"}`, false},
		{"an empty page", "promoter/getrelation", `{"relation_list":[],"total_cnt":0,"start_id":"0","errcode":0,"errmsg":"OK"}`, false},
		{"a row with an id", "promoter/getrelation", rel(reachRow + `,"id":"1"`), false},
		{"a row without share_extra_info", "promoter/getrelation", rel(strings.Replace(reachRow, `,"share_extra_info":"xxxxx"`, "", 1)), false},
		{"scene over int32", "promoter/getrelation", rel(strings.Replace(reachRow, `1077`, `2147483648`, 1)), false},
		{"an openid of the example", "promoter/getrelation", rel(strings.Replace(reachRow, `o6_bmjrPTlm6_2sgVt7hMZOPfL2M`, `xxxxx`, 1)), false},
		{"refunded_time on a payment", "promoter/getorder", ord(orderRow + `,"status":1,"refunded_time":1668668000`), false},
		{"a refund without refunded_time", "promoter/getorder", ord(orderRow + `,"status":2`), false},
		{"status 3", "promoter/getorder", ord(orderRow + `,"status":3`), false},
		{"paid_amount 0", "promoter/getorder", ord(strings.Replace(orderRow, `150`, `0`, 1) + `,"status":1`), false},
		{"errmsg ok", "promoter/getrelation", strings.Replace(rel(reachRow), `"OK"`, `"ok"`, 1), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			v := validate(t, s, tt.endpoint, schemas.Response, tt.body)
			if tt.ok && len(v) > 0 {
				t.Errorf("refused: %+v", v)
			}
			if !tt.ok && len(v) == 0 {
				t.Errorf("accepted")
			}
		})
	}
}

func TestReachRequests(t *testing.T) {
	t.Parallel()
	s := load(t)
	const o = `"openid":"o6_bmjrPTlm6_2sgVt7hMZOPfL2M"`
	tests := []struct {
		name, endpoint, body string
		code                 int // 0: valid
	}{
		{"relation filters", "promoter/getrelation", `{` + o + `,"begin_time":1668614400,"end_time":1668666429,"scene":1077,"path":"pages/xxxxx","start_id":"123","need_unionid":1}`, 0},
		{"order filters", "promoter/getorder", `{` + o + `,"mch_id":"xxxxx","trade_no":"xxxxx","out_trade_no":"xxxxx","status":1,"start_id":"123","need_unionid":1}`, 0},
		{"date as a string", "promoter/getorder", `{` + o + `,"date":"20230801"}`, 0},
		{"date as a number", "promoter/getorder", `{` + o + `,"date":20230801}`, 0},
		{"start_id as a number", "promoter/getorder", `{` + o + `,"start_id":123}`, 0},
		{"no openid", "promoter/getrelation", `{}`, 103001},
		{"empty openid", "promoter/getorder", `{"openid":""}`, 103001},
		{"the example's openid", "promoter/getrelation", `{"openid":"xxxxx"}`, 103007},
		{"date of 9 digits", "promoter/getorder", `{` + o + `,"date":"202308011"}`, 103001},
		{"date a timestamp", "promoter/getorder", `{` + o + `,"date":1715938250}`, 103001},
		{"date a boolean", "promoter/getorder", `{` + o + `,"date":false}`, 47001},
		{"status 3", "promoter/getorder", `{` + o + `,"status":3}`, 103001},
		{"status as a string", "promoter/getorder", `{` + o + `,"status":"1"}`, 47001},
		{"need_unionid as a boolean", "promoter/getrelation", `{` + o + `,"need_unionid":true}`, 47001},
		{"scene as a string", "promoter/getrelation", `{` + o + `,"scene":"1077"}`, 47001},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			v := validate(t, s, tt.endpoint, schemas.Request, tt.body)
			if tt.code == 0 {
				if len(v) > 0 {
					t.Errorf("refused: %+v", v)
				}
				return
			}
			if len(v) == 0 || v[0].Code != tt.code {
				t.Errorf("violations %+v, want errcode %d first", v, tt.code)
			}
		})
	}
}
