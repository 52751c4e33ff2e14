package scenario_test

import (
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/wxmock/wxmock/internal/push"
	"github.com/wxmock/wxmock/internal/scenario"
)

// forgeVar tells the test binary, started as a run step's command, to act
// as a wxmock that signs pushes its way (TestForgePushHelper).
const forgeVar = "WXMOCK_TEST_FORGE_PUSH"

// TestReceiverChecksSignatures: the runner's receiver refuses a push
// signed over its parts unsorted, in either signature, and one encrypted
// for another app; the same push signed as WeChat signs passes. The
// pushes come from a run step that posts them to the receiver, signed as
// each case says.
func TestReceiverChecksSignatures(t *testing.T) {
	t.Parallel()
	tests := []struct {
		forge string // mode/what is wrong
		want  string // in the failure; "" passes
	}{
		{"plain/none", ""},
		{"plain/signature", `signature "`},
		{"safe/none", ""},
		{"safe/signature", `signature "`},
		{"safe/msg_signature", `msg_signature "`},
		{"safe/appid", `ends with appid "wx0000000000000000"`},
	}
	for _, tt := range tests {
		t.Run(tt.forge, func(t *testing.T) {
			t.Parallel()
			mode, _, _ := strings.Cut(tt.forge, "/")
			scs, err := scenario.Parse("forged.yaml", []byte(fmt.Sprintf(`
name: forged push
setup:
  app: {push: {token: tok, aes_key: %s, mode: %s}}
steps:
  - run:
      command: [%q, "-test.run=^TestForgePushHelper$"]
      env: {%s: %s}
  - expect_push: {event: add_store_audit_info, fields: {status: "3"}, within: 2s}
`, strings.Repeat("A", 43), mode, os.Args[0], forgeVar, tt.forge)))
			if err != nil {
				t.Fatal(err)
			}
			res := runScenarios(t, scs)[0]
			switch {
			case tt.want == "" && !res.Passed:
				t.Fatalf("scenario failed: %+v", res.Failure)
			case tt.want != "" && res.Passed:
				t.Fatalf("scenario passed, want it to fail saying %q", tt.want)
			case tt.want != "" && !strings.Contains(res.Failure.Message, tt.want):
				t.Fatalf("failure %q, want it to say %q", res.Failure.Message, tt.want)
			}
		})
	}
}

// TestForgePushHelper is not a test: run by TestReceiverChecksSignatures
// as a run step's command, it posts one push to the runner's receiver,
// signed right or wrong as WXMOCK_TEST_FORGE_PUSH says.
func TestForgePushHelper(t *testing.T) {
	forge := os.Getenv(forgeVar)
	if forge == "" {
		t.Skip("a helper of TestReceiverChecksSignatures")
	}
	mode, wrong, _ := strings.Cut(forge, "/")
	token, appid := os.Getenv("WXMOCK_TOKEN"), os.Getenv("WXMOCK_APPID")
	ts, nonce := "1700000000", "42"
	sign := func(which string, parts ...string) string {
		if which == wrong {
			sum := sha1.Sum([]byte(strings.Join(parts, ""))) // in the order given
			return hex.EncodeToString(sum[:])
		}
		return push.Signature(parts...)
	}
	body := "<xml><ToUserName><![CDATA[gh_forged]]></ToUserName><Event><![CDATA[add_store_audit_info]]></Event><status>3</status></xml>"
	q := url.Values{"timestamp": {ts}, "nonce": {nonce}, "signature": {sign("signature", token, ts, nonce)}}
	if mode == "safe" {
		key, err := push.DecodeAESKey(os.Getenv("WXMOCK_AES_KEY"))
		if err != nil {
			t.Fatal(err)
		}
		if wrong == "appid" {
			appid = "wx0000000000000000"
		}
		enc, err := push.Encrypt(key, appid, []byte(body), []byte("0123456789abcdef"))
		if err != nil {
			t.Fatal(err)
		}
		q.Set("encrypt_type", "aes")
		q.Set("msg_signature", sign("msg_signature", token, ts, nonce, enc))
		body = "<xml><ToUserName><![CDATA[gh_forged]]></ToUserName><Encrypt><![CDATA[" + enc + "]]></Encrypt></xml>"
	}
	resp, err := http.Post(os.Getenv("WXMOCK_RECEIVER_URL")+"?"+q.Encode(), "text/xml", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
}
