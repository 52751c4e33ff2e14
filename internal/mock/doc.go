// Package mock assembles a whole wxmock: clock, randomness, state, schemas
// and the HTTP handler. cmd/wxmock and wxmocktest both build through it, so
// a Go test runs exactly the server that the binary serves.
package mock
