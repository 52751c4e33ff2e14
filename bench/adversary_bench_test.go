package bench

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"runtime"
	"testing"
	"time"
)

// The target for the worst body under -max-body, on any endpoint.
const (
	maxAdversaryBytes = 20 << 20
	maxAdversaryCPU   = 50 * time.Millisecond
)

// hostile sends one adversarial body and returns the answer's errcode.
func (s *server) hostile(tb testing.TB, a adversary) int {
	req := httptest.NewRequest(http.MethodPost, "/"+a.endpoint+"?access_token="+s.token, bytes.NewReader(a.body))
	rec := httptest.NewRecorder()
	s.m.HTTP.ServeHTTP(rec, req)
	var out struct {
		ErrCode int `json:"errcode"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
		tb.Fatalf("%s %s: answer is not JSON: %v", a.endpoint, a.kind, err)
	}
	return out.ErrCode
}

// TestAdversarialBodiesAreBounded sends every kind of hostile body to every
// endpoint once and checks what it cost the server: at most 20 MB
// allocated, and an answer that is not -1 (which tells a client to retry
// the same body). Time is BenchmarkAdversarial's: under -race it means
// little.
func TestAdversarialBodiesAreBounded(t *testing.T) {
	s := newServer(t)
	for _, a := range adversaries(t) {
		if len(a.body) > 2<<20 {
			t.Fatalf("%s %s: body of %d bytes, over -max-body", a.endpoint, a.kind, len(a.body))
		}
		alloc := allocated(func() {
			if code := s.hostile(t, a); code == -1 {
				t.Errorf("%s %s: answered -1", a.endpoint, a.kind)
			}
		})
		if alloc > maxAdversaryBytes {
			t.Errorf("%s %s: %.1f MB allocated, want at most %d MB", a.endpoint, a.kind, float64(alloc)/(1<<20), maxAdversaryBytes>>20)
		}
	}
}

// allocated returns the bytes the process allocated while f ran.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// BenchmarkAdversarial sends each hostile body to each endpoint and reports,
// besides ns/op and B/op, the process CPU per request (cpu-ms/op, garbage
// collection included) and both ns/op and B/op as ratios to the baseline,
// a small valid getrole call measured first in the same run (x-base-ns,
// x-base-B). Target: at most 50 ms of CPU and 20 MB a request.
func BenchmarkAdversarial(b *testing.B) {
	s := newServer(b)
	var baseNs, baseB float64
	b.Run("baseline/getrole", func(b *testing.B) {
		b.ReportAllocs()
		cost := measure(b, func() { s.post(b, s.token, "/promoter/getrole", `{}`) })
		baseNs, baseB = cost.ns, cost.bytes // the last, longest run's
	})
	for _, a := range adversaries(b) {
		b.Run(a.endpoint+"/"+a.kind, func(b *testing.B) {
			b.ReportAllocs()
			cost := measure(b, func() { s.hostile(b, a) })
			b.ReportMetric(cost.cpuMs, "cpu-ms/op")
			b.ReportMetric(cost.ns/baseNs, "x-base-ns")
			b.ReportMetric(cost.bytes/baseB, "x-base-B")
		})
	}
}

// cost is what one operation of a benchmark took, on average.
type cost struct{ ns, bytes, cpuMs float64 }

// measure runs op b.N times.
func measure(b *testing.B, op func()) cost {
	var ms0, ms1 runtime.MemStats
	runtime.ReadMemStats(&ms0)
	cpu0 := processCPU()
	for b.Loop() {
		op()
	}
	cpu := processCPU() - cpu0
	runtime.ReadMemStats(&ms1)
	n := float64(b.N)
	return cost{ns: float64(b.Elapsed().Nanoseconds()) / n, bytes: float64(ms1.TotalAlloc-ms0.TotalAlloc) / n,
		cpuMs: float64(cpu.Microseconds()) / 1000 / n}
}
