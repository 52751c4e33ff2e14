// Package asynclog is an io.Writer for a logger that never makes a
// request wait on its log line: lines are appended to a bounded buffer in
// memory, and one goroutine writes whatever has gathered in one write
// call. When the buffer is full a line is dropped and counted, rather
// than blocking the request that logs it.
package asynclog
