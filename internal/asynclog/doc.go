// Package asynclog is an io.Writer for a logger that never makes a
// request wait on its log line: lines are appended to a bounded buffer in
// memory, and one goroutine writes whatever has gathered in one write
// call. When the buffer is full a line is dropped and counted, rather
// than blocking the request that logs it. Its Handler is log/slog's text
// or JSON handler with a faster way in for the line logged on every
// request: formatted by hand, the same bytes as slog's, and through a
// Writer queued unformatted (a record) and formatted by the writing
// goroutine, in batches, off the request's path.
package asynclog
