package httpapi

import (
	"errors"
	"fmt"
	"net/http"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/wxmock/wxmock/internal/sim"
)

// TestReachError maps each refusal of AddRelations and PutOrders to its
// control API status; the sim package's tests reach the caps, which the
// HTTP tests cannot do quickly.
func TestReachError(t *testing.T) {
	t.Parallel()
	item := func(code *sim.APIError) error { return &sim.ItemError{Index: 2, Err: code, Reason: "why"} }
	other := errors.New("disk on fire")
	tests := []struct {
		name string
		err  error
		want error
	}{
		{"cap", item(sim.ErrCountLimit), &adminError{http.StatusConflict, "orders[2]: why"}},
		{"promoter not bound", item(sim.ErrPromoterNotReady), &adminError{http.StatusConflict, "orders[2]: why"}},
		{"unknown promoter or relation", item(sim.ErrDataNotExist), &adminError{http.StatusNotFound, "orders[2]: why"}},
		{"bad field", item(sim.ErrParamInvalid), &adminError{http.StatusBadRequest, "orders[2]: why"}},
		{"field too long", item(sim.ErrParamTooLong), &adminError{http.StatusBadRequest, "orders[2]: why"}},
		{"bad openid", item(sim.ErrOpenIDInvalid), &adminError{http.StatusBadRequest, "orders[2]: why"}},
		{"wrapped", fmt.Errorf("batch: %w", item(sim.ErrCountLimit)), &adminError{http.StatusConflict, "orders[2]: why"}},
		{"batch size", fmt.Errorf("want 1 to 1000 items, got 0: %w", sim.ErrParamInvalid),
			&adminError{http.StatusBadRequest, "orders: want 1 to 1000 items, got 0: errcode 103001: parameter is invalid or missing"}},
		{"internal error", other, other},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if d := cmp.Diff(tt.want, reachError("orders", tt.err), cmp.Comparer(func(a, b error) bool { return a.Error() == b.Error() })); d != "" {
				t.Errorf("reachError mismatch (-want +got):\n%s", d)
			}
			var ae *adminError
			if errors.As(tt.want, &ae) {
				var got *adminError
				if !errors.As(reachError("orders", tt.err), &got) || got.Status != ae.Status {
					t.Errorf("status %v, want %d", got, ae.Status)
				}
			}
		})
	}
}
