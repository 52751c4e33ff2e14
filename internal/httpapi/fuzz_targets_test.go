package httpapi_test

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// The fuzz targets send every input to one endpoint and hold its decoder to
// the contract: no panic, always an errcode answer that keeps its response
// schema (or, on the control API, a JSON object with a 200 or 4xx status),
// and a rejected request changes no state. On the way they also check that
// an answer comes quickly, that get answers honour the filters the schema
// accepted, and that the state stays consistent. Seed inputs live under
// testdata/fuzz/FuzzXxx, each named for the answer it must get (see
// seedClaim): role_id_2.0_filters_as_2_ok and the like keep the inputs of
// fixed bugs. Run one target with
//
//	go test ./internal/httpapi -run '^$' -fuzz '^FuzzAddPromoter$' -fuzztime 20s -parallel 1

func FuzzToken(f *testing.F) {
	fz := newFuzzer(f, "/cgi-bin/token")
	f.Add("grant_type=client_credential&appid=" + appID + "&secret=" + secret)
	f.Add("appid=%zz;secret=%00&grant_type=client_credential&appid=" + appID)
	f.Fuzz(func(t *testing.T, query string) {
		req := httptest.NewRequest(http.MethodGet, fz.path, nil)
		req.URL.RawQuery = query // set after NewRequest, which would refuse a malformed target
		fz.check(t, req, []byte(query))
	})
}

func FuzzStableToken(f *testing.F) {
	fuzzEndpoint(f, http.MethodPost, "/cgi-bin/stable_token",
		`{"grant_type":"client_credential","appid":"`+appID+`","secret":"`+secret+`","force_refresh":true}`,
		"grant_type=client_credential&appid="+appID)
}

func FuzzAddRole(f *testing.F) {
	fuzzEndpoint(f, http.MethodPost, "/promoter/addrole", `{"name":"店员","desc":"门店员工"}`, `{"name":"店长"}`)
}

func FuzzGetRole(f *testing.F) {
	fuzzEndpoint(f, http.MethodPost, "/promoter/getrole", `{}`, `{"role_id":2}`, `{"role_id":1e400}`)
}

func FuzzUpdateRole(f *testing.F) {
	fuzzEndpoint(f, http.MethodPost, "/promoter/updaterole", `{"role_id":2,"name":"店长","desc":"新"}`, `{"role_id":3,"name":"推广员"}`)
}

func FuzzAddPromoter(f *testing.F) {
	fuzzEndpoint(f, http.MethodPost, "/promoter/addpromoter",
		`{"promoter_list":[{"openid":"`+fuzzOpenID(9)+`","role_id":2},{"openid":"`+fuzzOpenID(1)+`","role_id":1}]}`,
		`{"promoter_list":[{"openid":"xxxxx","role_id":1,"retail_id":"xxxxx"}]}`)
}

func FuzzGetPromoter(f *testing.F) {
	fuzzEndpoint(f, http.MethodPost, "/promoter/getpromoter", `{}`, `{"start_id":"1","need_unionid":1,"decl_status":"1"}`)
}

func FuzzUpdatePromoter(f *testing.F) {
	fuzzEndpoint(f, http.MethodPost, "/promoter/updatepromoter", `{"id":"1","name":"王五","decl_status":2}`, `{"id":3,"decl_status":"1"}`)
}

func FuzzAdminApps(f *testing.F) {
	fuzzEndpoint(f, http.MethodPost, "/__wxmock/apps", `{}`, `{"appid":"`+appID+`","name":"renamed"}`)
}

func FuzzAdminClockAdvance(f *testing.F) {
	fuzzEndpoint(f, http.MethodPost, "/__wxmock/clock/advance", `{"seconds":7200}`, `{"seconds":-1}`)
}

func FuzzAdminClock(f *testing.F) {
	fuzzEndpoint(f, http.MethodPost, "/__wxmock/clock", `{"frozen":false}`, `{"now":1706076028,"frozen":true}`)
}

func FuzzAdminAuthorize(f *testing.F) {
	fuzzEndpoint(f, http.MethodPost, "/__wxmock/promoters/authorize",
		`{"openid":"`+fuzzOpenID(4)+`","auth_status":1}`, `{"openid":"`+fuzzOpenID(3)+`","auth_status":1}`)
}

func FuzzAdminPutState(f *testing.F) {
	fuzzEndpoint(f, http.MethodPut, "/__wxmock/state", `{"version":1,"apps":[]}`, `{"version":1,"roles":[{}]}`)
}

// slowCall bounds the time of one answer. Fuzz inputs are small and are
// answered in well under a millisecond; a small body that keeps the server
// busy for a second is a denial of service.
const slowCall = time.Second

// fuzzEndpoint fuzzes the body of method path, starting from seeds and the
// corpus under testdata/fuzz.
func fuzzEndpoint(f *testing.F, method, path string, seeds ...string) {
	f.Helper()
	fz := newFuzzer(f, path)
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		target := path
		if !fz.admin {
			target += "?access_token=" + fz.token
		}
		fz.check(t, httptest.NewRequest(method, target, bytes.NewReader(body)), body)
	})
}

// fuzzOpenID is the openid of the i-th promoter a fuzzer declares.
func fuzzOpenID(i int) string { return fmt.Sprintf("oFuzz%023d", i) }
