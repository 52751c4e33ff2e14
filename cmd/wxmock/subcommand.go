package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
)

// parseSubcommand parses the flags of a subcommand such as `wxmock ca`, as
// wxmock's own flags are parsed: -h prints the usage to stderr and returns
// flag.ErrHelp; a bad flag or a stray argument is one line with a hint,
// never the usage twice.
func parseSubcommand(fs *flag.FlagSet, args []string, stderr io.Writer) error {
	fs.SetOutput(io.Discard)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fs.SetOutput(stderr)
			fs.Usage()
			return err
		}
		return fmt.Errorf("%v (%s -h lists the flags)", err, fs.Name())
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	return nil
}
