package httpapi

import (
	"bytes"
	"encoding/json"
	"testing"
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
