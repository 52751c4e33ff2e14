// Package reliability holds wxmock's load and memory tests: one wxmock on a
// loopback socket, many clients at once, a virtual clock that keeps moving
// and a message server that fails every third push. They check what a
// client can observe afterwards, exactly: nothing lost, nothing counted
// twice, every push settled, and a live heap that stays flat under steady
// load. The package has no code of its own; its tests run with
// go test ./..., and skip under -short.
package reliability
