// Package sim is the domain of wxmock: the apps, their tokens, the promoter
// family's roles and promoters and the reach records and orders credited to
// promoters, the virtual clock and the errcode catalogue.
//
// It holds its state in go-memdb and knows nothing of HTTP: the httpapi
// package decodes requests, calls a method here and encodes what it returns.
// A method either applies its whole change in one transaction or returns an
// *APIError and changes nothing; "not found" is reported to callers as a
// catalogue error only at the method boundary, never as a nil dereference.
package sim
