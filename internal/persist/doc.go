// Package persist keeps a wxmock's state across restarts: a snapshot of the
// simulator's state, its virtual clock and the pushes it has still to
// deliver, written atomically to one file and checked whole when read.
//
// A snapshot that cannot be read whole, or that this binary does not know
// how to read, is an error that names the file: wxmock never starts empty
// over a user's data.
package persist
