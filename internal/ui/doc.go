// Package ui is wxmock's dashboard at /__wxmock/ui: HTML, CSS and plain
// JavaScript embedded in the binary, with no build step and nothing fetched
// from the network. The page reads and changes the simulator only through
// the admin API, same-origin, so it is exactly as powerful as curl with the
// admin token, and no more.
package ui
