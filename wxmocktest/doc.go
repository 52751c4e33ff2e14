// Package wxmocktest runs wxmock inside a Go test: the same server as the
// wxmock binary, on a loopback port or, with NoListener, without a socket.
//
//	srv := wxmocktest.Start(t, wxmocktest.Options{})
//	client := mywechat.New(srv.URL(), srv.AppID(), srv.Secret())
//	client.HTTPClient = srv.HTTPClient()
//
// The clock is frozen by default, so a test moves time only with Advance.
//
// Helpers that take the test's t read and script the server through its
// admin API, and fail t when a call fails: Fault scripts a failure of
// WeChat endpoints (RemoveFault and Faults), Journal lists the requests
// the client made, Pushes the audit results pushed to its message server,
// and RequireNoViolations fails the test if a request broke its
// endpoint's schema or sent a field its endpoint does not know. Admin
// reaches the rest of the admin API.
package wxmocktest
