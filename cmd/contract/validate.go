package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/wxmock/wxmock/schemas"
)

// validateUsage is contract validate -h.
const validateUsage = `Usage: contract validate -endpoint ENDPOINT [-kind request|response] FILE

Checks a request body, or with -kind response an answer, against the
endpoint's JSON Schema and prints each violation once. FILE - reads stdin.
Flags may come before or after FILE. Exit 0: valid; 1: violations; 2: usage.

Examples:
  contract validate -endpoint promoter/addpromoter body.json
  contract validate answer.json -endpoint /promoter/getrole -kind response
  curl -s "$URL" | contract validate -endpoint promoter/getpromoter -kind response -

Flags:
`

// validate checks a recorded request or response body against an
// endpoint's schema, printing each violation once, with the branch of a
// oneOf that explains it (schemas.Explain).
func validate(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("contract validate", flag.ContinueOnError)
	endpoint := fs.String("endpoint", "", "the endpoint, as its path: promoter/addpromoter or /promoter/addpromoter")
	kind := fs.String("kind", schemas.Request, "what FILE holds: request (a body the client sends) or response (an answer)")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), validateUsage)
		fs.PrintDefaults()
	}
	files, err := parseSub(fs, args, stderr)
	switch {
	case errors.Is(err, flag.ErrHelp):
		return exitPass
	case err != nil:
		return exitUsage
	case *kind != schemas.Request && *kind != schemas.Response:
		fmt.Fprintf(stderr, "contract validate: -kind %q: want request or response\n", *kind)
		return exitUsage
	case len(files) != 1 || *endpoint == "":
		fmt.Fprintln(stderr, "usage: contract validate -endpoint promoter/addpromoter [-kind request|response] FILE (contract validate -h says more)")
		return exitUsage
	}
	// "/promoter/addpromoter?access_token=..." as copied from a log works too.
	name, _, _ := strings.Cut(strings.TrimPrefix(*endpoint, "/"), "?")
	set, err := schemas.Load()
	if err != nil {
		fmt.Fprintln(stderr, "contract validate:", err)
		return exitUsage
	}
	if !set.Has(name, *kind) {
		msg := fmt.Sprintf("contract validate: no %s schema for %s", *kind, name)
		if near := nearestEndpoint(set, name, *kind); near != "" {
			msg += fmt.Sprintf(" (did you mean %s?)", near)
		}
		fmt.Fprintln(stderr, msg)
		return exitUsage
	}
	file, data, err := readInput(files[0], stdin)
	if err != nil {
		fmt.Fprintln(stderr, "contract validate:", err)
		return exitUsage
	}
	doc, err := schemas.Decode(data)
	if err != nil {
		fmt.Fprintf(stdout, "%s: not JSON: %v (WeChat answers 47001)\n", file, err)
		return exitFail
	}
	vs, err := set.Explain(name, *kind, doc)
	if err != nil {
		fmt.Fprintln(stderr, "contract validate:", err)
		return exitUsage
	}
	lines := violationLines(vs)
	for _, l := range lines {
		fmt.Fprintf(stdout, "%s: %s\n", file, l)
	}
	if len(lines) > 0 {
		fmt.Fprintln(stdout, plural(len(lines), "violation"))
		return exitFail
	}
	fmt.Fprintf(stdout, "%s: valid %s of %s\n", file, *kind, name)
	return exitPass
}

// readInput reads FILE, or stdin for "-", and names it for the output.
func readInput(path string, stdin io.Reader) (string, []byte, error) {
	if path == "-" {
		data, err := io.ReadAll(stdin)
		return "stdin", data, err
	}
	data, err := os.ReadFile(path)
	return path, data, err
}

// violationLines writes violations as "pointer: keyword: message", each
// once.
func violationLines(vs []schemas.Violation) []string {
	var out []string
	seen := map[string]bool{}
	for _, v := range vs {
		line := fmt.Sprintf("%s: %s: %s", orRoot(v.Pointer), v.Keyword, v.Message)
		if v.Code != 0 {
			line += fmt.Sprintf(" → errcode %d", v.Code)
		}
		if !seen[line] {
			seen[line] = true
			out = append(out, line)
		}
	}
	return out
}

// nearestEndpoint is the endpoint with a schema of kind that a misspelt
// name was probably meant to be: within three edits, as the scenario
// parser's did-you-mean.
func nearestEndpoint(set *schemas.Set, name, kind string) string {
	best, bestD := "", 4
	for _, n := range set.Names() {
		ep, ok := strings.CutSuffix(n, "."+kind)
		if !ok {
			continue
		}
		if d := schemas.EditDistance(name, ep); d < bestD || (d == bestD && ep < best) {
			best, bestD = ep, d
		}
	}
	return best
}

// plural is "1 violation" or "2 violations".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

func orRoot(p string) string {
	if p == "" {
		return "/"
	}
	return p
}
