package main

import (
	"fmt"
	"io"
	"runtime/debug"
)

// isVersion reports whether args ask for the version: "version", or the
// flag -version (--version) alone.
func isVersion(args []string) bool {
	return len(args) == 1 && (args[0] == "version" || args[0] == "-version" || args[0] == "--version")
}

// printVersion writes the module version and the commit the binary was
// built from, as the Go toolchain recorded them (debug.ReadBuildInfo):
// "(devel)" for a build from a checkout, and the commit with "+dirty" when
// the work tree had changes.
func printVersion(w io.Writer, info *debug.BuildInfo, ok bool) {
	if !ok {
		fmt.Fprintln(w, "wxmock (unknown version: built without module information)")
		return
	}
	settings := map[string]string{}
	for _, s := range info.Settings {
		settings[s.Key] = s.Value
	}
	line := "wxmock " + info.Main.Version
	if rev := settings["vcs.revision"]; rev != "" {
		line += " commit " + rev
		if settings["vcs.modified"] == "true" {
			line += "+dirty"
		}
		if t := settings["vcs.time"]; t != "" {
			line += " (" + t + ")"
		}
	}
	fmt.Fprintln(w, line, info.GoVersion)
}
