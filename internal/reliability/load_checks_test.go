package reliability_test

import (
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/wxmock/wxmock/internal/push"
)

// diffStrings fails the test when want and got differ.
func diffStrings(t *testing.T, what string, want, got []string) {
	t.Helper()
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("%s mismatch (-want +got):\n%s", what, d)
	}
}

// checkPromoters pages through every promoter of the app once the load is
// over: ids ascend, each promoter is listed once, the openids are exactly
// those the clients saw accepted, each as its owner last left it, and
// total_cnt counts them on every page.
func checkPromoters(t *testing.T, r *rig, b *book) {
	t.Helper()
	var got []string
	declared := 0
	want := make([]string, 0, len(b.held))
	for o, h := range b.held {
		want = append(want, fmt.Sprintf("%s retail %s decl %v auth %d", o, h.retail, h.declared, h.auth))
		if h.declared {
			declared++
		}
	}
	slices.Sort(want)
	ids, pages := map[string]string{}, 0
	last := uint64(0)
	q := map[string]string{}
	for ; pages < 1000; pages++ {
		var out page
		code := r.wx("/promoter/getpromoter", b.tok, q, &out)
		if code == 103006 {
			break
		}
		if code != 0 {
			t.Fatalf("app %d: getpromoter after %q: errcode %d", b.i, q["start_id"], code)
		}
		if out.TotalCnt != len(b.held) {
			t.Errorf("app %d: total_cnt %d on the page after %q, want %d", b.i, out.TotalCnt, q["start_id"], len(b.held))
		}
		for _, p := range out.List {
			id, err := strconv.ParseUint(p.ID, 10, 64)
			if err != nil || id <= last {
				t.Fatalf("app %d: id %q after %d", b.i, p.ID, last)
			}
			last = id
			if h := b.held[p.OpenID]; h != nil && h.id != "" && h.id != p.ID {
				t.Errorf("app %d: %s has id %s, looked up as %s", b.i, p.OpenID, p.ID, h.id)
			}
			ids[p.OpenID] = p.ID
			got = append(got, fmt.Sprintf("%s retail %s decl %v auth %d", p.OpenID, p.RetailID, p.DeclStatus == 1, p.AuthStatus))
		}
		if len(out.List) < 2000 {
			break
		}
		q["start_id"] = strconv.FormatUint(last, 10)
	}
	if len(ids) != len(got) {
		t.Errorf("app %d: %d rows for %d openids: some openid is listed twice", b.i, len(got), len(ids))
	}
	slices.Sort(got)
	diffStrings(t, fmt.Sprintf("app %d promoters", b.i), want, got)
	var d page
	if code := r.wx("/promoter/getpromoter", b.tok, `{"decl_status":1}`, &d); code != 0 || d.TotalCnt != declared {
		t.Errorf("app %d: declared total_cnt %d (errcode %d), want %d", b.i, d.TotalCnt, code, declared)
	}
	t.Logf("app %d: %d promoters held, %d declared, on %d pages", b.i, len(b.held), declared, pages+1)
}

// checkPushes checks every push once the queue is flushed: each settled,
// delivered or failed; each app's pushes are its audits, one for one; and
// the receiver got each delivered push once with a 200, every attempt
// logged, and nothing else.
func checkPushes(t *testing.T, r *rig, books []*book) {
	t.Helper()
	var out struct {
		Pushes []push.Push `json:"pushes"`
	}
	if st := r.admin(http.MethodGet, "/pushes", nil, &out); st != http.StatusOK {
		t.Fatalf("GET pushes: HTTP %d", st)
	}
	if len(out.Pushes) >= push.DefaultLogSize {
		t.Fatalf("%d pushes: more than the log keeps, so they cannot all be checked", len(out.Pushes))
	}
	byState := map[string]int{}
	attempts, failedAttempts := 0, 0
	okSent := map[string]int{}
	events := map[string]map[string]int{}
	for _, p := range out.Pushes {
		byState[string(p.State)]++
		if events[p.AppID] == nil {
			events[p.AppID] = map[string]int{}
		}
		events[p.AppID][p.Event]++
		if p.State != push.StateDelivered && p.State != push.StateFailed {
			t.Errorf("push %d of %s: state %q, want delivered or failed", p.ID, p.AppID, p.State)
		}
		for i, a := range p.Attempts {
			attempts++
			lastOK := p.State == push.StateDelivered && i == len(p.Attempts)-1
			switch {
			case lastOK && a.Status == http.StatusOK:
				okSent[strings.TrimPrefix(p.URL, r.recv.srv.URL)+"\n"+p.Body]++
			case !lastOK && a.Status == http.StatusInternalServerError:
				failedAttempts++
			default:
				t.Errorf("push %d attempt %d: status %d, error %q (state %s)", p.ID, a.N, a.Status, a.Error, p.State)
			}
		}
	}
	if n := r.recv.n.Load(); int(n) != attempts || int(r.recv.failed.Load()) != failedAttempts {
		t.Errorf("the receiver got %d requests and failed %d; the push log has %d attempts, %d failed",
			n, r.recv.failed.Load(), attempts, failedAttempts)
	}
	r.recv.mu.Lock()
	if d := cmp.Diff(okSent, r.recv.ok); d != "" {
		t.Errorf("pushes delivered vs received (-logged +received):\n%s", d)
	}
	r.recv.mu.Unlock()
	for _, b := range books {
		var as struct {
			Audits []struct {
				Kind  string `json:"kind"`
				State string `json:"state"`
			} `json:"audits"`
		}
		if st := r.admin(http.MethodGet, "/audits?appid="+b.appid, nil, &as); st != http.StatusOK {
			t.Fatalf("GET audits: HTTP %d", st)
		}
		kinds := map[string]int{}
		for _, a := range as.Audits {
			if a.State != "resolved" {
				t.Errorf("app %d: an audit of %s still %s", b.i, a.Kind, a.State)
			}
			kinds[a.Kind]++
		}
		if d := cmp.Diff(kinds, events[b.appid]); d != "" {
			t.Errorf("app %d: audits by kind vs pushes by event (-audits +pushes):\n%s", b.i, d)
		}
	}
	t.Logf("pushes by state: %s; %d attempts, %d answered 500; the receiver got %d requests",
		sortedCounts(byState), attempts, failedAttempts, r.recv.n.Load())
	for _, b := range books {
		t.Logf("app %d pushes by event: %s", b.i, sortedCounts(events[b.appid]))
	}
	if extra := slices.Collect(maps.Keys(events)); len(extra) != len(books) {
		t.Errorf("pushes of %d apps, want %d: %v", len(extra), len(books), extra)
	}
}
