package httpapi_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/wxmock/wxmock/internal/mock"
)

// TestJournalRedactsSecrets (issue 8): by default the journal keeps no
// app secret and no access_token, wherever a client sent or got one;
// JournalNoRedact keeps them.
func TestJournalRedactsSecrets(t *testing.T) {
	t.Parallel()
	for _, keep := range []bool{false, true} {
		name := map[bool]string{false: "redacted by default", true: "kept with JournalNoRedact"}[keep]
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			e := setup(t, func(o *mock.Options) { o.JournalNoRedact = keep })
			tok := e.token() // GET cgi-bin/token: secret in the query, the token in the answer
			e.post("/promoter/getrole", tok, `{}`)
			stable := e.do(http.MethodPost, "/cgi-bin/stable_token",
				`{"grant_type":"client_credential","appid":"`+appID+`","secret":"`+secret+`"}`)
			stableTok, _ := stable.Body["access_token"].(string)
			e.do(http.MethodPost, "/cgi-bin/stable_token", `{"grant_type":"client_credential","appid":"`+appID+`","secret":["`+secret+`"]}`)
			e.do(http.MethodPost, "/cgi-bin/stable_token", "grant_type=client_credential&appid="+appID+"&secret="+secret)
			e.do(http.MethodPost, "/promoter/nosuch?access_token="+tok, `{}`)
			journal := e.admin(http.MethodGet, "/journal", "").Raw
			for what, value := range map[string]string{"the secret": secret, "the token": tok, "the stable token": stableTok} {
				if got := strings.Contains(journal, value); got != keep {
					t.Errorf("journal holds %s: %v, want %v", what, got, keep)
				}
			}
			if got := strings.Count(journal, `***`); (got > 0) == keep {
				t.Errorf("journal holds *** %d times", got)
			}
		})
	}
}
