package bench

import (
	"encoding/json"
	"fmt"
	"net/http"
	"runtime"
	"testing"

	"github.com/wxmock/wxmock/internal/sim"
)

// BenchmarkApps1000 holds 1,000 apps in one mock, each with a token:
// KB-app is the live heap one adds, us-call a getrole call to each in turn
// (against BaselineGetRole, one app called again and again).
func BenchmarkApps1000(b *testing.B) {
	const n = 1000
	s := newServer(b)
	before := liveHeap()
	tokens := make([]string, n)
	for i := range tokens {
		app, err := s.m.Sim.PutApp(appSpec(i))
		if err != nil {
			b.Fatal(err)
		}
		tokens[i] = s.tokenOf(b, app.AppID, app.Secret)
	}
	held := liveHeap() - before
	for b.Loop() {
		for _, tok := range tokens {
			s.post(b, tok, "/promoter/getrole", `{}`)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*n), "us-call")
	// After the loop: b.Loop's first call drops the metrics reported before.
	b.ReportMetric(float64(held)/n/(1<<10), "KB-app")
	runtime.KeepAlive(s)
}

// BenchmarkExportState100000 exports 100,000 promoters (two apps of
// 50,000) through GET /__wxmock/state, against BaselineEncodeState, which
// only marshals the same state.
func BenchmarkExportState100000(b *testing.B) {
	s := hundredThousand(b)
	b.SetBytes(int64(s.serve(http.MethodGet, "/__wxmock/state", "").Body.Len()))
	for b.Loop() {
		if rec := s.serve(http.MethodGet, "/__wxmock/state", ""); rec.Code != http.StatusOK {
			b.Fatalf("GET state: %d %s", rec.Code, rec.Body)
		}
	}
}

// BenchmarkBaselineEncodeState marshals the state of 100,000 promoters with
// encoding/json: the floor of an export.
func BenchmarkBaselineEncodeState(b *testing.B) {
	st, err := hundredThousand(b).m.Sim.Export()
	if err != nil {
		b.Fatal(err)
	}
	doc, err := json.Marshal(st)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(doc)))
	for b.Loop() {
		if _, err := json.Marshal(st); err != nil {
			b.Fatal(err)
		}
	}
}

// hundredThousand is a server holding 100,000 promoters, imported from
// the export of a server that declared them.
func hundredThousand(b *testing.B) *server {
	b.Helper()
	doc := exportOf(b, 100000)
	s := newServer(b)
	if rec := s.serve(http.MethodPut, "/__wxmock/state", string(doc)); rec.Code != http.StatusOK {
		b.Fatalf("PUT state: %d %s", rec.Code, rec.Body)
	}
	return s
}

// appSpec is the i-th app of BenchmarkApps1000.
func appSpec(i int) sim.AppSpec {
	return sim.AppSpec{AppID: fmt.Sprintf("wx%016x", 0x1000+i), Name: fmt.Sprintf("app %d", i)}
}
