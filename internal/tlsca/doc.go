// Package tlsca is wxmock's local certificate authority: an ECDSA CA that
// is created once in a directory and then reused, and the server
// certificate it signs for api.weixin.qq.com, localhost, 127.0.0.1 and ::1,
// so that a client that trusts the CA reaches wxmock over HTTPS with its
// production URL.
//
// The CA is the only thing written to disk. The server certificate and its
// key live in memory and are issued anew at every start.
package tlsca
