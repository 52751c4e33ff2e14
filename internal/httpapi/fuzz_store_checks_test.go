package httpapi_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/wxmock/wxmock/internal/httpapi"
	"github.com/wxmock/wxmock/internal/sim"
)

// sfzServe sends req and checks the answer with check, the state with
// the harness's and the store family's invariants, and a rejected
// request's state against the base; then it puts back the base state.
func (fz *fuzzer) sfzServe(t *testing.T, req *http.Request, input []byte, check func(*httptest.ResponseRecorder, snapshot) (bool, error)) {
	t.Helper()
	rec := httptest.NewRecorder()
	began := time.Now()
	fz.m.HTTP.ServeHTTP(rec, req)
	took := time.Since(began)
	got := fz.snapshot(t)
	defer fz.restore(t, got)
	keep, err := check(rec, got)
	if err == nil {
		err = consistent(got.State)
	}
	if err == nil {
		err = sfzConsistent(got.State)
	}
	if err == nil {
		err = fz.m.HTTP.MemoIntact(fz.path)
	}
	if err == nil && !keep && !cmp.Equal(fz.base.State, got.State) {
		err = sfzReimports(fz, got)
	}
	if err == nil && took > slowCall && len(input) < 1<<20 {
		err = fmt.Errorf("the answer took %v: a small request keeps the server busy", took.Round(time.Millisecond))
	}
	if err != nil {
		t.Errorf("%s %s: %v\ninput: %q\nanswer: %d %s", req.Method, req.URL.Path, err, clipInput(input), rec.Code, clipInput(rec.Body.Bytes()))
	}
	fz.checkSeedName(t, rec)
	if keep {
		diff(t, "state after a rejected or read-only call", fz.base, got)
	}
}

// sfzReimports checks that a changed state survives PUT state's check:
// an answer must never leave a state the mock itself refuses to load.
func sfzReimports(fz *fuzzer, got snapshot) error {
	if err := fz.m.Sim.Replace(got.State); err != nil {
		return fmt.Errorf("the state after the call cannot be imported again: %v", err)
	}
	back, err := fz.m.Sim.Export()
	if err != nil {
		return err
	}
	if d := cmp.Diff(got.State, back); d != "" {
		return fmt.Errorf("the state after the call changes on import (-before +after):\n%s", d)
	}
	return nil
}

// sfzCheck checks a store family call: the control API's rules for an
// admin path, else sfzCheckWeChat.
func (fz *fuzzer) sfzCheck(t *testing.T, req *http.Request, input []byte) {
	t.Helper()
	fz.sfzServe(t, req, input, func(rec *httptest.ResponseRecorder, got snapshot) (bool, error) {
		if fz.admin {
			keep, err := fz.checkAdmin(rec, input)
			if err == nil && !keep {
				err = sfzAdminChange(fz.path, fz.base.State, got.State)
			}
			return keep, err
		}
		return fz.sfzCheckWeChat(rec, input, got)
	})
}

// sfzCheckWeChat is the harness's checkWeChat for the store family: a
// success may lack errcode where the endpoint's own shape has none
// (create_map_poi, get_district); -1 is del_store's documented 删除失败
// when no panic caused it; and a success changes only what its endpoint
// owns.
func (fz *fuzzer) sfzCheckWeChat(rec *httptest.ResponseRecorder, input []byte, got snapshot) (keep bool, err error) {
	entry, obj, err := fz.answered(rec)
	if err != nil {
		return false, err
	}
	if err := sfzBounded(entry); err != nil {
		return false, err
	}
	raw, ok := obj["errcode"]
	if !ok {
		if err := sfzOwnShape(fz.path, obj); err != nil {
			return false, err
		}
		return sfzSuccess(fz.path, input, obj, fz.base.State, got.State)
	}
	n, _ := raw.(json.Number)
	code, err := n.Int64()
	switch {
	case err != nil:
		return false, fmt.Errorf("errcode %v is not an integer", raw)
	case code == int64(sim.ErrSystem.Code) && fz.path != "/wxa/del_store":
		return false, errors.New("errcode -1: a handler failed")
	case code != 0 && !sim.Known(int(code)):
		return false, fmt.Errorf("errcode %d is not in the catalogue", code)
	case code != 0:
		return true, nil
	}
	return sfzSuccess(fz.path, input, obj, fz.base.State, got.State)
}

// sfzEntryLimit is the most text a journal entry keeps of a request, an
// answer or a note: journalBodyLimit (8 KB) and the truncation mark. The
// journal holds a thousand entries, so one that keeps whatever a client
// sent pins megabytes per request.
const sfzEntryLimit = 8<<10 + len("…(truncated)")

// sfzBounded checks that a journal entry keeps a bounded amount of text.
func sfzBounded(e httpapi.Entry) error {
	for what, text := range map[string]string{"request": e.Request, "response": e.Response, "query": e.Query, "errmsg": e.ErrMsg} {
		if len(text) > sfzEntryLimit {
			return fmt.Errorf("the journal entry keeps a %s of %d bytes, over %d", what, len(text), sfzEntryLimit)
		}
	}
	for _, v := range append(e.Violations, e.ResponseViolations...) {
		if n := len(v.Pointer) + len(v.Message) + len(fmt.Sprint(v.Value)); n > sfzEntryLimit {
			return fmt.Errorf("the journal entry keeps a violation of %d bytes, over %d: %.100q…", n, sfzEntryLimit, v.Message)
		}
	}
	for _, n := range e.Notes {
		if len(n) > sfzEntryLimit {
			return fmt.Errorf("the journal entry keeps a note of %d bytes, over %d: %.100q…", len(n), sfzEntryLimit, n)
		}
	}
	return nil
}

// sfzOwnShape checks a success without errcode, which only create_map_poi
// ({"error": null, "data": {base_id, rich_id}}), the upload ({type,
// media_id, created_at}) and get_district ({"status": 0, ...}) answer.
func sfzOwnShape(path string, obj map[string]any) error {
	switch path {
	case "/wxa/create_map_poi":
		data, _ := obj["data"].(map[string]any)
		if e, ok := obj["error"]; !ok || e != nil || len(obj) != 2 || data["base_id"] == nil || data["rich_id"] == nil {
			return errors.New(`neither an errcode nor {"error": null, "data": {base_id, rich_id}}`)
		}
	case "/cgi-bin/media/upload":
		if obj["type"] == nil || (obj["media_id"] == nil && obj["thumb_media_id"] == nil) {
			return errors.New("neither an errcode nor {type, media_id or thumb_media_id, created_at}")
		}
	case "/wxa/get_district":
		if obj["status"] != json.Number("0") || obj["result"] == nil {
			return errors.New(`neither an errcode nor {"status": 0, ..., "result"}`)
		}
	default:
		return errors.New("no errcode")
	}
	return nil
}
