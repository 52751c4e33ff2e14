package httpapi_test

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestAddPromoterItems sends a batch of a valid item, the item under test
// and another valid item: a failing item comes back in fail_list exactly as
// sent, with its errcode and errmsg, and its neighbours are declared.
func TestAddPromoterItems(t *testing.T) {
	t.Parallel()
	zh := func(n int) string { return strings.Repeat("中", n) }
	o := prOID(100)
	tests := []struct {
		name string
		item string // raw JSON, as sent
		code int    // 0: declared
		msg  string
	}{
		{"all fields at their limits", `{"openid":"` + o + `","role_id":1,"retail_id":"` + strings.Repeat("r", 20) + `","extra_info":"` + strings.Repeat("e", 80) + `","name":"` + zh(10) + `","phone":"` + strings.Repeat("1", 20) + `"}`, 0, ""},
		{"openid and role only", `{"openid":"` + o + `","role_id":1}`, 0, ""},
		{"openid with _ and -", `{"openid":"o_-AbCdEfGhIjKlMnOpQrStUvWxY","role_id":1}`, 0, ""},
		{"missing openid", `{"role_id":1,"name":"n"}`, 103001, prMsgInvalid},
		{"empty openid", `{"openid":"","role_id":1}`, 103001, prMsgInvalid},
		{"missing role_id", `{"openid":"` + o + `","name":"n"}`, 103001, prMsgInvalid},
		{"role_id 0", `{"openid":"` + o + `","role_id":0}`, 103001, prMsgInvalid},
		{"unknown role", `{"openid":"` + o + `","role_id":7}`, 103001, prMsgInvalid},
		{"role_id past uint32", `{"openid":"` + o + `","role_id":4294967296}`, 103001, prMsgInvalid},
		{"negative role_id", `{"openid":"` + o + `","role_id":-1}`, 103001, prMsgInvalid},
		{"openid of 27 characters", `{"openid":"` + o[:27] + `","role_id":1}`, 103007, prMsgOpenID},
		{"openid of 29 characters", `{"openid":"` + o + `9","role_id":1}`, 103007, prMsgOpenID},
		{"openid not starting with o", `{"openid":"x` + o[1:] + `","role_id":1}`, 103007, prMsgOpenID},
		{"openid with +", `{"openid":"o+` + o[2:] + `","role_id":1}`, 103007, prMsgOpenID},
		{"openid with a Chinese character", `{"openid":"o中` + o[4:] + `","role_id":1}`, 103007, prMsgOpenID},
		{"openid with a trailing newline", `{"openid":"` + o + `\n","role_id":1}`, 103007, prMsgOpenID},
		{"retail_id of 21 bytes", `{"openid":"` + o + `","role_id":1,"retail_id":"` + strings.Repeat("r", 21) + `"}`, 103002, prMsgTooLong},
		{"retail_id of 7 Chinese characters", `{"openid":"` + o + `","role_id":1,"retail_id":"` + zh(7) + `"}`, 103002, prMsgTooLong},
		{"extra_info of 81 bytes", `{"openid":"` + o + `","role_id":1,"extra_info":"` + strings.Repeat("e", 81) + `"}`, 103002, prMsgTooLong},
		{"extra_info of 27 Chinese characters", `{"openid":"` + o + `","role_id":1,"extra_info":"` + zh(27) + `"}`, 103002, prMsgTooLong},
		{"name of 31 bytes", `{"openid":"` + o + `","role_id":1,"name":"` + strings.Repeat("n", 31) + `"}`, 103002, prMsgTooLong},
		{"name of 11 Chinese characters", `{"openid":"` + o + `","role_id":1,"name":"` + zh(11) + `"}`, 103002, prMsgTooLong},
		{"phone of 21 bytes", `{"openid":"` + o + `","role_id":1,"phone":"` + strings.Repeat("1", 21) + `"}`, 103002, prMsgTooLong},
		{"phone of 7 Chinese characters", `{"openid":"` + o + `","role_id":1,"phone":"` + zh(7) + `"}`, 103002, prMsgTooLong},
		{"openid already declared", `{"openid":"` + prOID(1) + `","role_id":1,"name":"again"}`, 103003, prMsgExists},
		{"unknown fields and exact numbers", `{"openid":"bad","role_id":1.0,"score":1.50,"big":123456789012345678901234567890,"exp":1E+2,"neg":-0.0,"tag":"<b>&","nested":{"a":[1,2.25,null,true],"b":{}}}`, 103007, prMsgOpenID},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := setup(t)
			tok := e.token()
			e.prDeclare(tok, prObj{"openid": prOID(1), "role_id": 1})
			body := `{"promoter_list":[{"openid":"` + prOID(2) + `","role_id":1},` + tc.item + `,{"openid":"` + prOID(3) + `","role_id":1}]}`
			r := e.post("/promoter/addpromoter", tok, body)
			e.wantOK(r, "OK")
			want := map[string]any{"total_cnt": json.Number("4"), "fail_cnt": json.Number("0"), "fail_list": []any{}, "errcode": json.Number("0"), "errmsg": "OK"}
			if tc.code != 0 {
				echo := prDecode(t, tc.item).(map[string]any)
				echo["errcode"], echo["errmsg"] = json.Number(strconv.Itoa(tc.code)), tc.msg
				want["total_cnt"], want["fail_cnt"], want["fail_list"] = json.Number("3"), json.Number("1"), []any{echo}
			}
			diff(t, "addpromoter answer", want, r.Body)
			declared := []string{prOID(1), prOID(2), prOID(3)}
			if tc.code == 0 {
				declared = []string{prOID(1), prOID(2), prDecode(t, tc.item).(map[string]any)["openid"].(string), prOID(3)}
			}
			diff(t, "declared openids", declared, e.prGetPage(tok, prObj{}).OpenIDs)
		})
	}
}

// TestAddPromoterRejected covers the errors that reject a whole batch: no
// item is declared and the state does not change.
func TestAddPromoterRejected(t *testing.T) {
	t.Parallel()
	valid := `{"openid":"` + prOID(5) + `","role_id":1}`
	eleven := make([]string, 11)
	for i := range eleven {
		eleven[i] = `{"openid":"` + prOID(10+i) + `","role_id":1}`
	}
	tests := []struct {
		name, body string
		code       int
		msg        string
	}{
		{"empty list", `{"promoter_list":[]}`, 103001, prMsgInvalid},
		{"eleven items", `{"promoter_list":[` + strings.Join(eleven, ",") + `]}`, 103001, prMsgInvalid},
		{"no promoter_list", `{}`, 103001, prMsgInvalid},
		{"promoter_list not a list", `{"promoter_list":"x"}`, 47001, prMsgFormat},
		{"role_id as a string", `{"promoter_list":[` + valid + `,{"openid":"` + prOID(6) + `","role_id":"1"}]}`, 47001, prMsgFormat},
		{"openid as a number", `{"promoter_list":[` + valid + `,{"openid":123,"role_id":1}]}`, 47001, prMsgFormat},
		{"name as a number", `{"promoter_list":[` + valid + `,{"openid":"` + prOID(6) + `","role_id":1,"name":5}]}`, 47001, prMsgFormat},
		{"role_id with a fraction", `{"promoter_list":[` + valid + `,{"openid":"` + prOID(6) + `","role_id":1.5}]}`, 47001, prMsgFormat},
		{"item not an object", `{"promoter_list":[` + valid + `,1]}`, 47001, prMsgFormat},
		{"body a list", `[` + valid + `]`, 47001, prMsgFormat},
		{"body not JSON", `{"promoter_list":[`, 47001, prMsgFormat},
		{"empty body", ` `, 44002, "empty post data"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := setup(t)
			tok := e.token()
			e.prDeclare(tok, prObj{"openid": prOID(1), "role_id": 1})
			e.prRejected("/promoter/addpromoter", tok, tc.body, tc.code, tc.msg)
		})
	}
}

// TestAddPromoterDuplicates covers 103003 for an openid held, repeated in
// one batch, or paired by its unionid with a promoter held.
func TestAddPromoterDuplicates(t *testing.T) {
	t.Parallel()
	// The unionid paired with prOID(1), read from a server of its own.
	e0 := setup(t)
	tok0 := e0.token()
	e0.prDeclare(tok0, prObj{"openid": prOID(1), "role_id": 1})
	u := e0.prUnionOf(tok0, prOID(1))

	tests := []struct {
		name  string
		held  []string // declared beforehand
		batch []string
		fail  []int // indexes in batch answered 103003
	}{
		{"same openid twice in a batch", nil, []string{prOID(1), prOID(1)}, []int{1}},
		{"openid then its unionid in a batch", nil, []string{prOID(1), u}, []int{1}},
		{"unionid then its openid in a batch", nil, []string{u, prOID(1)}, []int{1}},
		{"openid held", []string{prOID(1)}, []string{prOID(2), prOID(1)}, []int{1}},
		{"unionid of a held openid", []string{prOID(1)}, []string{u, prOID(2)}, []int{0}},
		{"openid whose unionid is held as an openid", []string{u}, []string{prOID(1)}, []int{0}},
		{"all repeated", []string{prOID(1)}, []string{prOID(1), u, prOID(1)}, []int{0, 1, 2}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := setup(t)
			tok := e.token()
			for _, h := range tc.held {
				e.prDeclare(tok, prObj{"openid": h, "role_id": 1})
			}
			items := make([]prObj, len(tc.batch))
			for i, o := range tc.batch {
				items[i] = prObj{"openid": o, "role_id": 1, "phone": strconv.Itoa(i)}
			}
			r := e.prAdd(tok, items...)
			e.wantOK(r, "OK")
			wantFail := []any{}
			for _, i := range tc.fail {
				wantFail = append(wantFail, map[string]any{"openid": tc.batch[i], "role_id": json.Number("1"), "phone": strconv.Itoa(i),
					"errcode": json.Number("103003"), "errmsg": prMsgExists})
			}
			total := len(tc.held) + len(tc.batch) - len(tc.fail)
			want := map[string]any{"total_cnt": json.Number(strconv.Itoa(total)), "fail_cnt": json.Number(strconv.Itoa(len(tc.fail))),
				"fail_list": wantFail, "errcode": json.Number("0"), "errmsg": "OK"}
			diff(t, "addpromoter answer", want, r.Body)
			if got := e.prGetPage(tok, prObj{}).Total; got != total {
				t.Errorf("getpromoter total_cnt %d, want %d", got, total)
			}
		})
	}
}

// TestAddPromoterApps keeps each app's promoters apart.
func TestAddPromoterApps(t *testing.T) {
	t.Parallel()
	e := setup(t)
	r := e.admin(http.MethodPost, "/apps", `{"appid":"wx00000000000000b2","secret":"000000000000000000000000000000b2"}`)
	if r.Status != http.StatusOK {
		t.Fatalf("POST apps: %s", r.Raw)
	}
	tok, tok2 := e.token(), e.tokenOf("wx00000000000000b2", "000000000000000000000000000000b2")
	e.prDeclare(tok, prObj{"openid": prOID(1), "role_id": 1}, prObj{"openid": prOID(2), "role_id": 1})
	r = e.prDeclare(tok2, prObj{"openid": prOID(1), "role_id": 1})
	if prNum(t, r.Body["total_cnt"]) != 1 {
		t.Errorf("second app total_cnt: %s", r.Raw)
	}
	diff(t, "second app's promoters", []string{prOID(1)}, e.prGetPage(tok2, prObj{}).OpenIDs)
	diff(t, "second app's first id", []string{"1"}, e.prGetPage(tok2, prObj{}).IDs)
}

// TestAddPromoterRecord checks what a declaration stores.
func TestAddPromoterRecord(t *testing.T) {
	t.Parallel()
	e := setup(t)
	tok := e.token()
	e.advance(42 * time.Second)
	e.prDeclare(tok, prObj{"openid": prOID(1), "role_id": 1, "retail_id": "门店", "extra_info": "k=v", "name": "王五", "phone": "021"})
	want := map[string]any{"openid": prOID(1), "role_id": json.Number("1"), "retail_id": "门店", "extra_info": "k=v",
		"auth_status": json.Number("0"), "decl_status": json.Number("1"), "update_time": json.Number(strconv.FormatInt(start.Unix()+42, 10)),
		"id": "1", "name": "王五", "phone": "021"}
	diff(t, "promoter", want, e.prOne(tok, prOID(1)))
}
