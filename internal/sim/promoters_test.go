package sim

import (
	"errors"
	"fmt"
	"testing"
)

// TestAddPromotersBatchLimit holds the domain's own batch limit: the
// request schema refuses an 11th item first, so only this test would see
// the sim's limit drift ("一次声明的推广员总数不能超过10", seed 000).
func TestAddPromotersBatchLimit(t *testing.T) {
	t.Parallel()
	items := func(n int) []PromoterInput {
		out := make([]PromoterInput, n)
		for i := range out {
			out[i] = PromoterInput{OpenID: fmt.Sprintf("o%027d", 100+i), RoleID: 1}
		}
		return out
	}
	for _, tt := range []struct {
		n    int
		want error
	}{{0, ErrParamInvalid}, {1, nil}, {MaxPromotersPerBatch, nil}, {MaxPromotersPerBatch + 1, ErrParamInvalid}} {
		t.Run(fmt.Sprint(tt.n), func(t *testing.T) {
			t.Parallel()
			s := capSim(t)
			res, err := s.AddPromoters(capApp, items(tt.n))
			if !errors.Is(err, tt.want) {
				t.Fatalf("AddPromoters(%d items): error %v, want %v", tt.n, err, tt.want)
			}
			if tt.want == nil && (len(res.Failed) != 0 || res.TotalCnt != tt.n+1) {
				t.Errorf("AddPromoters(%d items): %+v, want all declared and total_cnt %d", tt.n, res, tt.n+1)
			}
			if tt.want != nil {
				if st := capExport(t, s); len(st.Promoters) != 1 {
					t.Errorf("a refused batch stored %d promoters", len(st.Promoters)-1)
				}
			}
		})
	}
}
