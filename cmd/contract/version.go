package main

import (
	"fmt"
	"io"
	"runtime/debug"
)

// printVersion writes the module version and the commit the binary was
// built from, as the Go toolchain recorded them (debug.ReadBuildInfo).
func printVersion(w io.Writer) {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		fmt.Fprintln(w, "contract (unknown version: built without module information)")
		return
	}
	line := "contract " + info.Main.Version
	for _, s := range info.Settings {
		if s.Key == "vcs.revision" {
			line += " commit " + s.Value
		}
	}
	fmt.Fprintln(w, line, info.GoVersion)
}
