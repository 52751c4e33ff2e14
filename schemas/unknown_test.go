package schemas_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/wxmock/wxmock/schemas"
)

func TestUnknownFields(t *testing.T) {
	t.Parallel()
	s := load(t)
	many := make([]string, 25)
	var want20 []string
	for i := range many {
		many[i] = fmt.Sprintf(`"x%02d":1`, i)
		if i < 20 {
			want20 = append(want20, fmt.Sprintf("/x%02d", i))
		}
	}
	tests := []struct {
		name, endpoint, body string
		want                 []string
	}{
		{"none", "promoter/addrole", `{"name":"a","desc":"b"}`, nil},
		{"top level", "promoter/addrole", `{"name":"a","nmae":"b","zzz":1}`, []string{"/nmae", "/zzz"}},
		{"in array items", "promoter/addpromoter",
			`{"promoter_list":[{"openid":"o","role_id":1,"retail_id":"r"},{"openid":"o","role_id":1,"retailid":"r"}]}`,
			[]string{"/promoter_list/1/retailid"}},
		{"under an unknown field, not walked", "promoter/addpromoter", `{"extra":{"a":1}}`, []string{"/extra"}},
		{"anyOf branches and properties", "promoter/updaterole", `{"role_id":1,"name":"a","descr":"b"}`, []string{"/descr"}},
		{"through $ref", "wxa/applywxastore", `{"first_catid":1,"first_cat_id":2}`, []string{"/first_cat_id"}},
		{"escaped pointer", "promoter/addrole", `{"name":"a","a/b~":1}`, []string{"/a~1b~0"}},
		{"wrong kind is not walked", "promoter/addpromoter", `{"promoter_list":{"x":1}}`, nil},
		{"at most 20, sorted", "promoter/addrole", "{" + strings.Join(many, ",") + "}", want20},
		{"no such endpoint", "promoter/nosuch", `{"a":1}`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			doc, err := schemas.Decode([]byte(tt.body))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, s.UnknownFields(tt.endpoint, doc)); diff != "" {
				t.Errorf("UnknownFields (-want +got):\n%s", diff)
			}
		})
	}
}

func TestKnownFields(t *testing.T) {
	t.Parallel()
	s := load(t)
	tests := []struct {
		endpoint, pointer string
		want              []string
	}{
		{"promoter/addrole", "", []string{"desc", "name"}},
		{"promoter/addpromoter", "/promoter_list/3", []string{"extra_info", "name", "openid", "phone", "retail_id", "role_id"}},
		{"promoter/addpromoter", "/nosuch", nil},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, s.KnownFields(tt.endpoint, tt.pointer)); diff != "" {
			t.Errorf("KnownFields(%s, %q) (-want +got):\n%s", tt.endpoint, tt.pointer, diff)
		}
	}
}
