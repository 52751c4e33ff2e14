package httpapi

import (
	"bytes"
	"encoding/json"
	"math"
	"testing"

	"github.com/wxmock/wxmock/internal/sim"
)

// stdEncode is encoding/json with WeChat's settings, the reference for the
// hand-written appenders.
func stdEncode(t testing.TB, v any) []byte {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
}

type plainPage getPromoterBody // no appendJSON: encoded by reflection

func TestAppendJSONMatchesEncodingJSON(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		page getPromoterBody
	}{
		{"empty", getPromoterBody{PromoterList: []promoterWire{}, ErrMsg: "OK"}},
		{"rows", getPromoterBody{PromoterList: []promoterWire{
			{OpenID: "o6_bmjrPTlm6_2sgVt7hMZOPfL2M", RoleID: 4294967295, RetailID: "门店<1>&", ExtraInfo: "tab\there \"q\" \\ \u2028 \u2029 \x01 \x7f", AuthStatus: 2, DeclStatus: 1, UpdateTime: 1706076027, ID: "18446744073709551615", Name: "张三", Phone: "\xff\xfe bad utf8"},
			{OpenID: "", ID: "1"},
		}, TotalCnt: 2, ErrMsg: "OK"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := tt.page.appendJSON(nil)
			want := stdEncode(t, plainPage(tt.page))
			if !bytes.Equal(got, want) {
				t.Errorf("appendJSON mismatch:\n got %s\nwant %s", got, want)
			}
		})
	}
}

func FuzzAppendString(f *testing.F) {
	for _, s := range []string{"", "plain", "门店", "\"\\/", "\x00\x1f\x7f", "\u2028\u2029", "\xff", "a\xc3", "<>&"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := appendString(nil, s)
		want := stdEncode(t, s)
		if !bytes.Equal(got, want) {
			t.Errorf("appendString(%q) = %s, want %s", s, got, want)
		}
	})
}

// TestPageUsesAppender guards the fast path: the handler's answer must be a
// jsonAppender, or encode falls back to reflection without a visible sign.
func TestPageUsesAppender(t *testing.T) {
	t.Parallel()
	var v any = &getPromoterBody{}
	if _, ok := v.(jsonAppender); !ok {
		t.Fatal("*getPromoterBody is not a jsonAppender")
	}
}

func TestStoreListAppendJSONMatchesEncodingJSON(t *testing.T) {
	t.Parallel()
	cats := []string{}
	odd := []string{"a\"b", "门店"}
	store := baseInfo{BusinessName: "榕意茶餐厅(江南西店)", Address: "广东省 <1> & \"2\"", Telephone: "020-8440\t1", Categories: &cats,
		City: "广州市", Province: "广东省", Longitude: 113.2684021, Latitude: 23.0984611511,
		PhotoList: []photoWire{{PhotoURL: "http://mmbiz.qpic.cn/a?wx_fmt=jpeg&x=1"}, {PhotoURL: "\u2028"}}, OpenTime: "10:00-21:00",
		PoiID: "472671857", Status: 1, District: "海珠区", QualificationList: &odd, QualificationNum: "FZ-CRED-0001", QualificationName: "\xff"}
	tests := []struct {
		name string
		body storeListBody
	}{
		{"empty", storeListBody{ErrMsg: "ok", BusinessList: []business{}}},
		{"nil list", storeListBody{ErrMsg: "ok"}},
		{"stores", storeListBody{ErrMsg: "ok", TotalCount: 3, BusinessList: []business{{BaseInfo: store}, {}, {BaseInfo: baseInfo{
			Longitude: -1e-7, Latitude: 1e21, PhotoList: []photoWire{}}}}}},
		{"floats", storeListBody{BusinessList: []business{{BaseInfo: baseInfo{Longitude: 1e-6, Latitude: 123456789012345678901}},
			{BaseInfo: baseInfo{Longitude: -0.000001234, Latitude: 5e-324}}, {BaseInfo: baseInfo{Longitude: math.MaxFloat64, Latitude: -180}}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := (*storeListPage)(&tt.body).appendJSON(nil)
			if want := stdEncode(t, tt.body); !bytes.Equal(got, want) {
				t.Errorf("appendJSON:\n%s\nencoding/json:\n%s", got, want)
			}
		})
	}
}

// TestFixedKeyAnswersHoldNoSecretKey backs keysFixed: the answers whose
// journaled text skips redaction have no member that redaction would
// change, even with secrets in every value.
func TestFixedKeyAnswersHoldNoSecretKey(t *testing.T) {
	t.Parallel()
	secret := "access_token"
	cats := []string{secret}
	answers := []keysFixed{
		&getPromoterBody{PromoterList: []promoterWire{{OpenID: secret, RetailID: secret, ExtraInfo: `{"secret":"x"}`, ID: secret, Name: secret, Phone: secret}}, ErrMsg: secret},
		&storeListPage{ErrMsg: secret, BusinessList: []business{{BaseInfo: baseInfo{BusinessName: secret, Address: `"secret":1`,
			Categories: &cats, QualificationList: &cats, PhotoList: []photoWire{{PhotoURL: secret}}, PoiID: secret}}}},
		errorBody{ErrCode: 40001, ErrMsg: `invalid credential, access_token is invalid or not latest "secret":"s"`},
		rawJSON(`{"errcode":0,"data":{"name":"secret"}}`),
		getRoleAnswer{{RoleID: 1, Name: `"secret":"x"`, Desc: secret}},
	}
	var enc encoders
	for _, a := range answers {
		body, err := enc.encode(a)
		if err != nil {
			t.Fatal(err)
		}
		if got := redactBody(string(body)); got != string(body) {
			t.Errorf("%T: redaction changes its answer:\n%s\n%s", a, body, got)
		}
	}
}

// getRoleBody is getrole's answer as a wire type, the shape getRoleAnswer
// writes by hand.
type getRoleBody struct {
	RoleList []roleWire `json:"role_list"`
	TotalCnt int        `json:"total_cnt"`
	ErrCode  int        `json:"errcode"`
	ErrMsg   string     `json:"errmsg"`
}

func TestGetRoleAnswerMatchesEncodingJSON(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		roles []sim.Role
	}{
		{"one", []sim.Role{{AppID: "wx1", RoleID: 1, Name: "默认角色", Desc: "第一个"}}},
		{"odd", []sim.Role{{RoleID: 1}, {RoleID: 4294967295, Name: "a\"b\\<>&\u2028\x01\xff", Desc: "\t门店\n"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			want := getRoleBody{RoleList: []roleWire{}, TotalCnt: len(tt.roles), ErrMsg: "OK"}
			for _, r := range tt.roles {
				want.RoleList = append(want.RoleList, roleWire{RoleID: r.RoleID, Name: r.Name, Desc: r.Desc})
			}
			if got, want := getRoleAnswer(tt.roles).appendJSON(nil), stdEncode(t, want); !bytes.Equal(got, want) {
				t.Errorf("appendJSON:\n%s\nencoding/json:\n%s", got, want)
			}
		})
	}
}
