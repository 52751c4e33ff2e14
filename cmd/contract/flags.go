package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
)

// parseInterspersed parses args as fs.Parse does, but lets flags come after
// the arguments too (contract validate body.json -endpoint x): the flag
// package stops at the first argument that is not a flag. "--" still ends
// the flags, and "-" is an argument (stdin). It returns the arguments.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var rest []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		left := fs.Args()
		if len(left) == 0 {
			return rest, nil
		}
		if consumed := args[:len(args)-len(left)]; len(consumed) > 0 && consumed[len(consumed)-1] == "--" {
			return append(rest, left...), nil
		}
		rest = append(rest, left[0])
		args = left[1:]
	}
}

// parseSub parses the flags of a subcommand: -h prints its usage to
// stderr (errHelp, exit 0), and a bad flag is said once, with a hint,
// rather than above the whole usage.
func parseSub(fs *flag.FlagSet, args []string, stderr io.Writer) ([]string, error) {
	fs.SetOutput(io.Discard)
	rest, err := parseInterspersed(fs, args)
	fs.SetOutput(stderr)
	switch {
	case errors.Is(err, flag.ErrHelp):
		fs.Usage()
		return nil, err
	case err != nil:
		fmt.Fprintf(stderr, "%s: %v (%s -h lists the flags)\n", fs.Name(), err, fs.Name())
		return nil, err
	}
	return rest, nil
}
