package httpapi

import (
	"encoding/json"
	"math"
	"testing"
)

func TestUintOf(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		v       any
		max     uint64
		strings bool
		want    uint64
		ok      bool
	}{
		{"plain", json.Number("2"), maxUint32, false, 2, true},
		{"fraction that is whole", json.Number("2.0"), maxUint32, false, 2, true},
		{"exponent", json.Number("2e0"), maxUint32, false, 2, true},
		{"large exponent", json.Number("1.5e3"), maxUint32, false, 1500, true},
		{"negative zero", json.Number("-0"), maxUint32, false, 0, true},
		{"not whole", json.Number("2.5"), maxUint32, false, 0, false},
		{"negative", json.Number("-1"), maxUint32, false, 0, false},
		{"above max", json.Number("4294967296"), maxUint32, false, 0, false},
		{"max uint64", json.Number("18446744073709551615"), math.MaxUint64, false, math.MaxUint64, true},
		{"past uint64", json.Number("1e20"), math.MaxUint64, false, 0, false},
		{"digits as a string", "123", math.MaxInt64, true, 123, true},
		{"string not taken", "123", math.MaxInt64, false, 0, false},
		{"bad string", "12a", math.MaxInt64, true, 0, false},
		{"absent", nil, maxUint32, true, 0, false},
		{"bool", true, maxUint32, true, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, ok := uintOf(tt.v, tt.max, tt.strings)
			if got != tt.want || ok != tt.ok {
				t.Errorf("uintOf(%v) = %d, %v; want %d, %v", tt.v, got, ok, tt.want, tt.ok)
			}
		})
	}
}
