// Package bench holds wxmock's benchmarks: requests through the HTTP handler
// in process, each measured against a baseline taken in the same run. See
// README.md in this folder.
package bench
