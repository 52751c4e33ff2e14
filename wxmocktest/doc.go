// Package wxmocktest runs wxmock inside a Go test: the same server as the
// wxmock binary, on a loopback port or, with NoListener, without a socket.
//
//	srv := wxmocktest.Start(t, wxmocktest.Options{})
//	client := mywechat.New(srv.URL(), srv.AppID(), srv.Secret())
//	client.HTTPClient = srv.HTTPClient()
//
// The clock is frozen by default, so a test moves time only with Advance.
package wxmocktest
