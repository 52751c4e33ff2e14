package sdkproof_test

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/silenceper/wechat/v2"
	"github.com/silenceper/wechat/v2/cache"
	"github.com/silenceper/wechat/v2/credential"
	offConfig "github.com/silenceper/wechat/v2/officialaccount/config"
	"github.com/silenceper/wechat/v2/officialaccount/material"
	"github.com/wxmock/wxmock/internal/fixtures"
)

// clientArg, as the test binary's first argument, makes it the SDK client
// instead of running the tests.
const clientArg = "sdkclient"

// clientResult is what the client prints, as JSON.
type clientResult struct {
	Token       string `json:"token"`
	StableToken string `json:"stable_token"`
	MediaID     string `json:"media_id"`
}

// runClient is the SDK's own code, as an application would call it: no
// base URL, no HTTP client, no TLS setting. It uploads the image at png.
func runClient(png string, out io.Writer) error {
	c := cache.NewMemory()
	token, err := credential.NewDefaultAccessToken(fixtures.DefaultAppID, fixtures.DefaultSecret, "proof", c).GetAccessToken()
	if err != nil {
		return fmt.Errorf("token: %w", err)
	}
	stableHandle := credential.NewStableAccessToken(fixtures.DefaultAppID, fixtures.DefaultSecret, "proof", c)
	stable, err := stableHandle.GetAccessToken()
	if err != nil {
		return fmt.Errorf("stable_token: %w", err)
	}
	// The upload authenticates with the stable token, from the cache.
	oa := wechat.NewWechat().GetOfficialAccount(&offConfig.Config{
		AppID: fixtures.DefaultAppID, AppSecret: fixtures.DefaultSecret, Cache: c})
	oa.SetAccessTokenHandle(stableHandle)
	media, err := oa.GetMaterial().MediaUpload(material.MediaTypeImage, png)
	if err != nil {
		return fmt.Errorf("media upload: %w", err)
	}
	return json.NewEncoder(out).Encode(clientResult{Token: token, StableToken: stable, MediaID: media.MediaID})
}
