package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/wxmock/wxmock/schemas"
)

// validate checks a recorded request or response body against an
// endpoint's schema, printing each violation as the journal records it.
func validate(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("contract validate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	endpoint := fs.String("endpoint", "", "the endpoint, as its path without the leading slash (promoter/addpromoter)")
	kind := fs.String("kind", schemas.Request, "request or response")
	if err := fs.Parse(args); err != nil || fs.NArg() != 1 || *endpoint == "" {
		fmt.Fprintln(stderr, "usage: contract validate -endpoint promoter/addpromoter [-kind request|response] FILE")
		return exitUsage
	}
	*endpoint = strings.TrimPrefix(*endpoint, "/") // "/promoter/addpromoter" works too
	set, err := schemas.Load()
	if err != nil {
		fmt.Fprintln(stderr, "contract:", err)
		return exitUsage
	}
	if !set.Has(*endpoint, *kind) {
		fmt.Fprintf(stderr, "contract: no %s schema for %s\n", *kind, *endpoint)
		return exitUsage
	}
	data, err := os.ReadFile(fs.Arg(0))
	if err != nil {
		fmt.Fprintln(stderr, "contract:", err)
		return exitUsage
	}
	doc, err := schemas.Decode(data)
	if err != nil {
		fmt.Fprintf(stdout, "%s: not JSON: %v (WeChat answers 47001)\n", fs.Arg(0), err)
		return exitFail
	}
	vs, err := set.Validate(*endpoint, *kind, doc)
	if err != nil {
		fmt.Fprintln(stderr, "contract:", err)
		return exitUsage
	}
	seen := map[string]bool{}
	n := 0
	for _, v := range vs {
		code := ""
		if v.Code != 0 {
			code = fmt.Sprintf(" → errcode %d", v.Code)
		}
		line := fmt.Sprintf("%s: %s: %s: %s%s", fs.Arg(0), orRoot(v.Pointer), v.Keyword, v.Message, code)
		if !seen[line] { // a response's oneOf reports a violation per branch
			seen[line] = true
			n++
			fmt.Fprintln(stdout, line)
		}
	}
	vs = vs[:n]
	if len(vs) > 0 {
		fmt.Fprintf(stdout, "%d violations\n", len(vs))
		return exitFail
	}
	fmt.Fprintf(stdout, "%s: valid %s of %s\n", fs.Arg(0), *kind, *endpoint)
	return exitPass
}

func orRoot(p string) string {
	if p == "" {
		return "/"
	}
	return p
}
