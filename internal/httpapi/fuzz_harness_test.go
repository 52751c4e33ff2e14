package httpapi_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/wxmock/wxmock/internal/httpapi"
	"github.com/wxmock/wxmock/internal/mock"
	"github.com/wxmock/wxmock/internal/sim"
)

// fuzzer is one mock shared by every input of a fuzz target; building a
// mock per input would be far too slow. Each input starts from base: an
// answer that changed the state is followed by a restore.
type fuzzer struct {
	m     *mock.Mock
	path  string
	admin bool
	token string
	real  *manualTime
	base  snapshot
	seq   uint64 // the journal's last sequence number
}

// snapshot is everything a call may change: the state and the clock.
type snapshot struct {
	State  *sim.State
	Now    time.Time
	Frozen bool
}

// manualTime is the mock's real-time source, which only the fuzzer moves.
type manualTime struct {
	mu sync.Mutex
	t  time.Time
}

func (c *manualTime) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *manualTime) set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

// newFuzzer builds the mock of one fuzz target: the default app with three
// roles and four promoters (one accepted, one cancelled by the promoter,
// one whose declaration is cancelled), strings that are awkward to encode
// among their fields.
func newFuzzer(f *testing.F, path string) *fuzzer {
	f.Helper()
	rt := &manualTime{t: start}
	m, err := mock.New(mock.Options{Seed: 1, ClockStart: start, FrozenClock: true, CheckResponses: true, JournalSize: 8, RealTime: rt.now})
	if err != nil {
		f.Fatalf("mock.New: %v", err)
	}
	f.Cleanup(m.Close)
	fz := &fuzzer{m: m, path: path, admin: strings.HasPrefix(path, "/__wxmock/"), real: rt}
	tok := fz.setupCall(f, http.MethodGet, "/cgi-bin/token?grant_type=client_credential&appid="+appID+"&secret="+secret, "")
	fz.token, _ = tok["access_token"].(string)
	calls := []struct{ path, body string }{
		{"/promoter/addrole", `{"name":"店长","desc":"门店负责人"}`},
		{"/promoter/addrole", `{"name":"导购 \"A\" <b>&amp;","desc":"tab\t \\ \u2028 😀"}`},
		{"/promoter/addpromoter", `{"promoter_list":[
			{"openid":"` + fuzzOpenID(1) + `","role_id":1,"retail_id":"store-1","name":"张三","phone":"13800000000"},
			{"openid":"` + fuzzOpenID(2) + `","role_id":2,"extra_info":"\u0000\u001f\"\\","name":"李四"},
			{"openid":"` + fuzzOpenID(3) + `","role_id":3,"retail_id":"store-2"},
			{"openid":"` + fuzzOpenID(4) + `","role_id":1}]}`},
		{"/promoter/updatepromoter", `{"id":"3","decl_status":2}`},
	}
	for _, c := range calls {
		r := fz.setupCall(f, http.MethodPost, c.path+"?access_token="+fz.token, c.body)
		if r["errcode"] != json.Number("0") || (r["fail_cnt"] != nil && r["fail_cnt"] != json.Number("0")) {
			f.Fatalf("%s: %v", c.path, r)
		}
	}
	fz.setupCall(f, http.MethodPost, "/__wxmock/promoters/authorize", `{"openid":"`+fuzzOpenID(1)+`","auth_status":1}`)
	fz.setupCall(f, http.MethodPost, "/__wxmock/promoters/authorize", `{"openid":"`+fuzzOpenID(2)+`","auth_status":2}`)
	fz.base = fz.snapshot(f)
	// Restoring between inputs relies on Replace bringing back exactly
	// what Export wrote.
	if err := m.Sim.Replace(fz.base.State); err != nil {
		f.Fatalf("Replace(Export()): %v", err)
	}
	if d := cmp.Diff(fz.base, fz.snapshot(f)); d != "" {
		f.Fatalf("Replace(Export()) mismatch (-want +got):\n%s", d)
	}
	if es := m.HTTP.Journal().List(httpapi.Filter{Limit: 1}); len(es) == 1 {
		fz.seq = es[0].Seq
	}
	return fz
}

// setupCall sends a request that builds the fuzzer's state and decodes its
// answer, which must be a success.
func (fz *fuzzer) setupCall(tb testing.TB, method, target, body string) map[string]any {
	tb.Helper()
	rec := httptest.NewRecorder()
	fz.m.HTTP.ServeHTTP(rec, httptest.NewRequest(method, target, strings.NewReader(body)))
	obj, err := decodeObject(rec.Body.Bytes())
	if rec.Code != http.StatusOK || err != nil {
		tb.Fatalf("%s %s: %d %s (%v)", method, target, rec.Code, rec.Body, err)
	}
	return obj
}

func (fz *fuzzer) snapshot(tb testing.TB) snapshot {
	tb.Helper()
	st, err := fz.m.Sim.Export()
	if err != nil {
		tb.Fatalf("Export: %v", err)
	}
	c := fz.m.Sim.Clock()
	return snapshot{State: st, Now: c.Now(), Frozen: c.Frozen()}
}

// restore puts back the base state and clock when got differs from them.
func (fz *fuzzer) restore(t *testing.T, got snapshot) {
	t.Helper()
	if cmp.Equal(fz.base, got) {
		return
	}
	if err := fz.m.Sim.Replace(fz.base.State); err != nil {
		t.Fatalf("restoring the state: %v", err)
	}
	// The clock only moves forward; through the real-time source it is
	// brought back: stop it, let it run with no offset, stop it at start.
	c := fz.m.Sim.Clock()
	c.Freeze(time.Time{})
	fz.real.set(c.Now())
	c.Unfreeze()
	fz.real.set(start)
	c.Freeze(time.Time{})
	if d := cmp.Diff(fz.base, fz.snapshot(t)); d != "" {
		t.Fatalf("restored state mismatch (-want +got):\n%s", d)
	}
}

// decodeObject parses an answer, which must be exactly one JSON object.
func decodeObject(b []byte) (map[string]any, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var obj map[string]any
	if err := dec.Decode(&obj); err != nil || obj == nil {
		return nil, fmt.Errorf("the answer is not a JSON object: %v", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("the answer has data after its JSON object")
	}
	return obj, nil
}

// clipInput shortens an input for a failure message.
func clipInput(b []byte) []byte {
	if len(b) > 300 {
		return append(b[:300:300], "…"...)
	}
	return b
}
