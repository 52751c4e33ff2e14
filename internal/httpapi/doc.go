// Package httpapi serves the simulator over HTTP: WeChat's routes, the one
// adapter that authenticates, decodes, validates and encodes every call, the
// request journal, and the admin API under /__wxmock/.
//
// A WeChat handler is a func(*call) (any, error): it returns a wire value or
// an error and never writes the response itself. API errors are answered as
// WeChat answers them, with HTTP 200 and {"errcode","errmsg"}; anything else
// that goes wrong, a panic included, is answered -1 "system error" and
// logged, never a 500.
package httpapi
