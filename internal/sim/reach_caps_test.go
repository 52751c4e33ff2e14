package sim

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// capApp and capPromoter are the app and the bound promoter of the cap
// tests.
const (
	capApp      = "wx0123456789abcdef"
	capPromoter = "o000000000000000000000000001"
)

// capSim is a simulator whose app may hold three reach records and three
// orders: the caps of 100,000 are reached the same way, only slowly.
func capSim(t *testing.T) *Sim {
	t.Helper()
	st := &State{Version: StateVersion,
		Apps:      []App{{AppID: capApp, Secret: strings.Repeat("0", 32), OriginalID: "gh_0123456789ab", Push: Push{Mode: PushPlain}}},
		Roles:     []Role{{AppID: capApp, RoleID: 1, Name: DefaultRoleName}},
		Promoters: []Promoter{{AppID: capApp, ID: 1, OpenID: capPromoter, RoleID: 1, AuthStatus: AuthAccepted, DeclStatus: DeclDeclared}},
	}
	s, err := New(NewVirtualClock(time.Now, clkStart, true), NewRandom(1), st)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	s.caps = reachCaps{relations: 3, orders: 3}
	return s
}

func capExport(t *testing.T, s *Sim) *State {
	t.Helper()
	st, err := s.Export()
	if err != nil {
		t.Fatalf("Export: %v", err)
	}
	return st
}

// wantCapErr checks for an ItemError of ErrCountLimit at item index, and
// that the state did not change.
func wantCapErr(t *testing.T, s *Sim, before *State, err error, index int) {
	t.Helper()
	var ie *ItemError
	if !errors.As(err, &ie) || !errors.Is(err, ErrCountLimit) || ie.Index != index {
		t.Fatalf("error %v, want ErrCountLimit at item %d", err, index)
	}
	if d := cmp.Diff(before, capExport(t, s)); d != "" {
		t.Errorf("state after a refused batch mismatch (-want +got):\n%s", d)
	}
}

func TestRelationCap(t *testing.T) {
	t.Parallel()
	s := capSim(t)
	rel := RelationInput{PromoterOpenID: capPromoter}
	before := capExport(t, s)
	_, err := s.AddRelations(capApp, []RelationInput{rel, rel, rel, rel})
	wantCapErr(t, s, before, err, 3)
	if _, err := s.AddRelations(capApp, []RelationInput{rel, rel}); err != nil {
		t.Fatal(err)
	}
	before = capExport(t, s)
	_, err = s.AddRelations(capApp, []RelationInput{rel, rel})
	wantCapErr(t, s, before, err, 1)
	rows, err := s.AddRelations(capApp, []RelationInput{rel})
	if err != nil || rows[0].ID != 3 {
		t.Fatalf("the third relation: %v %v", rows, err)
	}
	before = capExport(t, s)
	_, err = s.AddRelations(capApp, []RelationInput{rel})
	wantCapErr(t, s, before, err, 0)
	if c := before.Counters[0]; c.RelationCount != 3 || c.NextRelationID != 4 {
		t.Errorf("counters %+v, want 3 relations and the next id 4", c)
	}
}

func TestOrderCap(t *testing.T) {
	t.Parallel()
	s := capSim(t)
	amount, refunded := int64(1), OrderRefunded
	ord := func(n int) OrderInput {
		return OrderInput{Reach: &RelationInput{PromoterOpenID: capPromoter}, MchID: "m", OutTradeNo: "o", TradeNo: fmt.Sprint(n), PaidAmount: &amount}
	}
	if _, err := s.PutOrders(capApp, []OrderInput{ord(1), ord(2)}); err != nil {
		t.Fatal(err)
	}
	before := capExport(t, s)
	_, err := s.PutOrders(capApp, []OrderInput{ord(3), ord(1), ord(4)})
	wantCapErr(t, s, before, err, 2)
	if _, err := s.PutOrders(capApp, []OrderInput{ord(3)}); err != nil {
		t.Fatal(err)
	}
	// At the cap a replacement, which adds no order, is still taken.
	refund := OrderInput{MchID: "m", OutTradeNo: "o", TradeNo: "2", Status: &refunded}
	rows, err := s.PutOrders(capApp, []OrderInput{refund})
	if err != nil || rows[0].ID != 2 || rows[0].Status != OrderRefunded {
		t.Fatalf("refund at the cap: %v %v", rows, err)
	}
	before = capExport(t, s)
	_, err = s.PutOrders(capApp, []OrderInput{refund, ord(5)})
	wantCapErr(t, s, before, err, 1)
}

// TestLoaderCaps: a state holding more than an app may is refused whole.
func TestLoaderCaps(t *testing.T) {
	t.Parallel()
	s := capSim(t)
	rel := RelationInput{PromoterOpenID: capPromoter}
	amount := int64(1)
	if _, err := s.AddRelations(capApp, []RelationInput{rel, rel, rel}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.PutOrders(capApp, []OrderInput{{RelationID: 1, MchID: "m", OutTradeNo: "o", PaidAmount: &amount}}); err != nil {
		t.Fatal(err)
	}
	full := capExport(t, s)
	if err := s.Replace(full); err != nil {
		t.Fatalf("Replace of a state at the cap: %v", err)
	}
	over := capExport(t, s)
	extra := over.Relations[2]
	extra.ID = 9
	over.Relations = append(over.Relations, extra)
	if err := s.Replace(over); err == nil || !strings.Contains(err.Error(), "more than 3 relations") {
		t.Errorf("Replace of 4 relations: %v", err)
	}
	over = capExport(t, s)
	o := over.Orders[0]
	for i := range 3 {
		o.ID, o.TradeNo = uint64(10+i), fmt.Sprint(10+i)
		over.Orders = append(over.Orders, o)
	}
	if err := s.Replace(over); err == nil || !strings.Contains(err.Error(), "more than 3 orders") {
		t.Errorf("Replace of 4 orders: %v", err)
	}
	if d := cmp.Diff(full, capExport(t, s)); d != "" {
		t.Errorf("state after refused imports mismatch (-want +got):\n%s", d)
	}
}
