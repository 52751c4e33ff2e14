package httpapi_test

import (
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/wxmock/wxmock/internal/sim"
)

// A seed corpus file is named for the answer it gets: a name that ends in
// _<errcode> (limit_51_40097) must get exactly that errcode, one that ends
// in _minus1 errcode -1, and one that ends in _ok or starts with valid
// (valid_one, limit_50_ok) must succeed, errcode 0; on the control API the
// number is the HTTP status (unknown_app_404) and ok is 200. addpromoter
// answers errcode 0 with the failed items in fail_list: there every failed
// item must have the named errcode, and ok means none failed. A trailing
// number that is no errcode (limit_50 names a value, not an answer) makes
// the name ambiguous, and fails until it says _ok or its code. Other names
// (not_json, bom) claim nothing. Inputs that f.Add gives (seed#0) and the
// fuzzing engine's own have no such names.

// seedClaim reads the answer a corpus file's name claims. It returns
// claimed false for a name that claims nothing, and an error for a name
// whose trailing number is no answer the endpoint can give.
func seedClaim(name string, admin bool) (want int, claimed bool, err error) {
	ok := 0
	if admin {
		ok = 200
	}
	if name == "valid" || strings.HasPrefix(name, "valid_") {
		return ok, true, nil
	}
	i := strings.LastIndexByte(name, '_')
	if i < 0 {
		return 0, false, nil
	}
	switch last := name[i+1:]; {
	case last == "ok":
		return ok, true, nil
	case last == "minus1" && !admin:
		return -1, true, nil
	default:
		n, err := strconv.Atoi(last)
		switch {
		case err != nil:
			return 0, false, nil
		case last != strconv.Itoa(n):
			return 0, false, fmt.Errorf("the name ends in %s, which is not how a code is written", last)
		case admin && (n < 200 || n > 499):
			return 0, false, fmt.Errorf("the name ends in %d, which is no HTTP status: end it in _ok or _<status>", n)
		case !admin && !sim.Known(n):
			return 0, false, fmt.Errorf("the name ends in %d, which is no errcode in the catalogue: end it in _ok or _<errcode>", n)
		}
		return n, true, nil
	}
}

// answerCodes are what a seed's name is checked against: the HTTP status
// of a control API answer; the errcode of a WeChat answer, 0 for a success
// without one (a token, create_map_poi, get_district, an upload); for a
// batch that succeeded with failed items, the errcodes of those items.
func answerCodes(rec *httptest.ResponseRecorder, admin bool) ([]int, error) {
	if admin {
		return []int{rec.Code}, nil
	}
	obj, err := decodeObject(rec.Body.Bytes())
	if err != nil {
		return nil, err
	}
	code, err := intField(obj, "errcode")
	if err != nil || code != 0 {
		return []int{code}, err
	}
	failed, _ := obj["fail_list"].([]any)
	if len(failed) == 0 {
		return []int{0}, nil
	}
	var codes []int
	for _, item := range failed {
		m, _ := item.(map[string]any)
		c, err := intField(m, "errcode")
		if err != nil {
			return nil, fmt.Errorf("fail_list: %v", err)
		}
		if !slices.Contains(codes, c) {
			codes = append(codes, c)
		}
	}
	return codes, nil
}

// intField reads an integer field of an answer; a missing one is 0.
func intField(obj map[string]any, key string) (int, error) {
	raw, ok := obj[key]
	if !ok {
		return 0, nil
	}
	n, _ := raw.(json.Number)
	v, err := strconv.Atoi(n.String())
	if err != nil {
		return 0, fmt.Errorf("%s %v is not an integer", key, raw)
	}
	return v, nil
}

// checkSeedName holds a corpus seed to the answer its file name claims;
// a failure names the file.
func (fz *fuzzer) checkSeedName(t *testing.T, rec *httptest.ResponseRecorder) {
	t.Helper()
	_, file, ok := strings.Cut(t.Name(), "/")
	if !ok {
		return
	}
	got, err := answerCodes(rec, fz.admin)
	want, claimed, cerr := seedClaim(file, fz.admin)
	switch {
	case cerr != nil:
		t.Errorf("seed %s: %v; it gets %v", file, cerr, got)
	case !claimed:
	case err != nil:
		t.Errorf("seed %s is named for %d, but the answer has none: %v", file, want, err)
	case len(got) != 1 || got[0] != want:
		t.Errorf("seed %s is named for %d, but gets %v: rename the seed, or fix the server\nanswer: %d %s",
			file, want, got, rec.Code, clipInput(rec.Body.Bytes()))
	}
}

func TestSeedClaim(t *testing.T) {
	t.Parallel()
	type claim struct {
		Want    int
		Claimed bool
		Err     bool
	}
	for _, tc := range []struct {
		name  string
		admin bool
		want  claim
	}{
		{"limit_51_40097", false, claim{40097, true, false}},
		{"name_31_bytes_103002", false, claim{103002, true, false}},
		{"unknown_minus1", false, claim{-1, true, false}},
		{"valid", false, claim{0, true, false}},
		{"valid_one", false, claim{0, true, false}},
		{"limit_50_ok", false, claim{0, true, false}},
		{"status_1.0", false, claim{}},
		{"not_json", false, claim{}},
		{"validate_me", false, claim{}},
		{"seed#0", false, claim{}},
		{"limit_50", false, claim{Err: true}},        // a value, not an errcode
		{"role_0", false, claim{Err: true}},          // 0 is said as ok
		{"limit_51_40098", false, claim{Err: true}},  // not in the catalogue
		{"limit_51_040097", false, claim{Err: true}}, // not how the code is written
		{"unknown_app_404", true, claim{404, true, false}},
		{"promoter_family_tables_200", true, claim{200, true, false}},
		{"map_pass_status_0_ok", true, claim{200, true, false}},
		{"valid", true, claim{200, true, false}},
		{"map_pass_status_0", true, claim{Err: true}},
		{"limit_51_40097", true, claim{Err: true}},
		{"legacy_minus1", true, claim{}},
	} {
		t.Run(fmt.Sprintf("%s/admin=%v", tc.name, tc.admin), func(t *testing.T) {
			t.Parallel()
			want, claimed, err := seedClaim(tc.name, tc.admin)
			got := claim{want, claimed, err != nil}
			if d := cmp.Diff(tc.want, got); d != "" {
				t.Errorf("seedClaim(%q, %v) mismatch (-want +got):\n%s", tc.name, tc.admin, d)
			}
		})
	}
}

func TestAnswerCodes(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		status int
		body   string
		admin  bool
		want   []int
	}{
		{"errcode", 200, `{"errcode":40097,"errmsg":"x"}`, false, []int{40097}},
		{"success without errcode", 200, `{"access_token":"t","expires_in":7200}`, false, []int{0}},
		{"batch without failures", 200, `{"errcode":0,"total_cnt":1,"fail_cnt":0,"fail_list":[]}`, false, []int{0}},
		{"batch with failures", 200, `{"errcode":0,"fail_cnt":2,"fail_list":[{"errcode":103003},{"errcode":103003}]}`, false, []int{103003}},
		{"batch with mixed failures", 200, `{"errcode":0,"fail_cnt":2,"fail_list":[{"errcode":103003},{"errcode":103001}]}`, false, []int{103003, 103001}},
		{"admin", 404, `{"error":"no such app"}`, true, []int{404}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			rec := httptest.NewRecorder()
			rec.WriteHeader(tc.status)
			rec.WriteString(tc.body)
			got, err := answerCodes(rec, tc.admin)
			if err != nil {
				t.Fatalf("answerCodes: %v", err)
			}
			if d := cmp.Diff(tc.want, got); d != "" {
				t.Errorf("answerCodes(%s) mismatch (-want +got):\n%s", tc.body, d)
			}
		})
	}
}
