package httpapi

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestRedactBody(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, in, want string }{
		{"stable_token", `{"grant_type":"client_credential","appid":"wx1","secret":"0123456789abcdef"}`,
			`{"grant_type":"client_credential","appid":"wx1","secret":"***"}`},
		{"a token's answer", `{"access_token":"ACCESS_TOKEN","expires_in":7200}`, `{"access_token":"***","expires_in":7200}`},
		{"spaces and depth", "{\"a\":[{\"b\":{ \"secret\" :\n \"x\" }}],\"c\":1}", "{\"a\":[{\"b\":{ \"secret\" :\n \"***\" }}],\"c\":1}"},
		{"an escaped name", `{"s\u0065cret":"x"}`, `{"s\u0065cret":"***"}`},
		{"another case", `{"Secret":"x","ACCESS_TOKEN":"y"}`, `{"Secret":"***","ACCESS_TOKEN":"***"}`},
		{"a number", `{"secret":12345,"x":1}`, `{"secret":"***","x":1}`},
		{"an escaped quote in the value", `{"secret":"a\"b","x":"y"}`, `{"secret":"***","x":"y"}`},
		{"null is no secret", `{"secret":null}`, `{"secret":null}`},
		{"an object goes whole", `{"secret":{"a":"}","b":[1]},"x":2}`, `{"secret":"***","x":2}`},
		{"an array goes whole", `{"secret":["0123"],"x":2}`, `{"secret":"***","x":2}`},
		{"an array cut off", `{"secret":["0123`, `{"secret":"***"`},
		{"the word as a value", `{"name":"secret","x":"secret"}`, `{"name":"secret","x":"secret"}`},
		{"cut off in the value", `{"appid":"wx1","secret":"01234`, `{"appid":"wx1","secret":"***"`},
		{"not JSON after all", `{"secret":"x" garbage`, `{"secret":"***" garbage`},
		{"a form body", `grant_type=client_credential&appid=wx1&secret=0123`, `grant_type=client_credential&appid=wx1&secret=***`},
		{"nothing to hide", `{"name":"店长"}`, `{"name":"店长"}`},
		{"empty", ``, ``},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if d := cmp.Diff(tt.want, redactBody(tt.in)); d != "" {
				t.Errorf("redactBody mismatch (-want +got):\n%s", d)
			}
		})
	}
}

func TestRedactQuery(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, in, want string }{
		{"token", "grant_type=client_credential&appid=wx1&secret=0123", "grant_type=client_credential&appid=wx1&secret=***"},
		{"access_token first", "access_token=T0K3N&type=image", "access_token=***&type=image"},
		{"an escaped name", "s%65cret=x&a=1", "s%65cret=***&a=1"},
		{"no value", "access_token", "access_token=***"},
		{"twice", "access_token=a&access_token=b", "access_token=***&access_token=***"},
		{"a name that only starts so", "secretary=x", "secretary=x"},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if d := cmp.Diff(tt.want, redactQuery(tt.in)); d != "" {
				t.Errorf("redactQuery mismatch (-want +got):\n%s", d)
			}
		})
	}
}
