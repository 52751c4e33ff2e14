#!/bin/sh
# run.sh NAME [ARG...] runs the example client NAME: the prebuilt binary
# $EXAMPLES_BIN/NAME when EXAMPLES_BIN is set (an absolute path), or else
# `go run ./examples/NAME` from the module's root. The scenarios' run steps
# call it, so that they work either way; see README.md.
set -e
name=$1
shift
if [ -n "$EXAMPLES_BIN" ]; then
	exec "$EXAMPLES_BIN/$name" "$@"
fi
cd "$(dirname "$0")/.."
exec go run "./examples/$name" "$@"
