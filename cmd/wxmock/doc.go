// Command wxmock serves a local, stateful simulator of WeChat's promoter and
// store mini program server APIs.
//
// Usage:
//
//	wxmock [-addr 127.0.0.1:8080] [-freeze-clock] [-clock-start T] [-seed N] ...
//	wxmock -tls [-tls-addr 127.0.0.1:8443] [-ca-dir DIR] ...
//	wxmock ca [-ca-dir DIR]
//
// Every flag can be set by its WXMOCK_* variable; see README.md.
package main
