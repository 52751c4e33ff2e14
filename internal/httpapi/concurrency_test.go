package httpapi_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// TestConcurrentClients declares from several goroutines at once, half of
// them racing for the same openids, while others read and the clock moves:
// every openid is declared exactly once and the totals add up. Run with
// -race, it also checks the handler for data races.
func TestConcurrentClients(t *testing.T) {
	t.Parallel()
	e := setup(t)
	tok := e.token()
	const workers, batches = 6, 20
	serve := func(method, target, body string) string {
		req := httptest.NewRequest(method, target, strings.NewReader(body))
		rec := httptest.NewRecorder()
		e.m.HTTP.ServeHTTP(rec, req)
		return rec.Body.String()
	}
	var wg sync.WaitGroup
	declared := make([]int, workers)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for b := 0; b < batches; b++ {
				var items []string
				for i := 0; i < 10; i++ {
					// Workers 2k and 2k+1 send the same openids.
					items = append(items, fmt.Sprintf(`{"openid":"o%027d","role_id":1}`, (w/2)*100000+b*10+i))
				}
				out := serve(http.MethodPost, "/promoter/addpromoter?access_token="+tok, `{"promoter_list":[`+strings.Join(items, ",")+`]}`)
				var r struct {
					FailCnt int `json:"fail_cnt"`
					ErrCode int `json:"errcode"`
				}
				if err := json.Unmarshal([]byte(out), &r); err != nil || r.ErrCode != 0 {
					t.Errorf("addpromoter: %v %s", err, out)
					return
				}
				declared[w] += 10 - r.FailCnt
				serve(http.MethodPost, "/promoter/getpromoter?access_token="+tok, `{"role_id":1}`)
				serve(http.MethodPost, "/__wxmock/clock/advance", `{"seconds":1}`)
			}
		}()
	}
	wg.Wait()
	total := 0
	for _, n := range declared {
		total += n
	}
	want := workers / 2 * batches * 10
	if total != want {
		t.Errorf("declared %d in all, want %d: a duplicate slipped through or a batch was lost", total, want)
	}
	r := e.post("/promoter/getpromoter", tok, `{}`)
	diff(t, "total_cnt", json.Number(fmt.Sprint(want)), r.Body["total_cnt"])
}
