package sim

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestDistrictsGet finds a district by binary search over the sorted table,
// and nothing for an ID between, before or after its entries.
func TestDistrictsGet(t *testing.T) {
	d := Districts{
		{ID: "110000", Level: 1, Province: "北京市", Name: "北京市"},
		{ID: "110101", Level: 2, Province: "北京市", City: "北京市", Name: "东城区"},
		{ID: "440300", Level: 2, Province: "广东省", City: "深圳市", Name: "深圳市"},
	}
	tests := []struct {
		id     string
		want   DistrictRef
		wantOK bool
	}{
		{"110000", d[0], true},
		{"110101", d[1], true},
		{"440300", d[2], true},
		{"", DistrictRef{}, false},
		{"100000", DistrictRef{}, false},
		{"110100", DistrictRef{}, false},
		{"999999", DistrictRef{}, false},
	}
	for _, tt := range tests {
		got, ok := d.Get(tt.id)
		if ok != tt.wantOK {
			t.Errorf("Get(%q) found %v, want %v", tt.id, ok, tt.wantOK)
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("Get(%q) mismatch (-want +got):\n%s", tt.id, diff)
		}
	}
	if _, ok := Districts(nil).Get("110000"); ok {
		t.Error("an empty table found 110000")
	}
}
