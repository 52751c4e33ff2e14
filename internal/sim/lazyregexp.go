package sim

import (
	"regexp"
	"sync"
)

// lazyRegexp compiles expr at its first use rather than at the package's
// initialization: every start paid for the patterns before main ran,
// although most runs never check an app or a store's hours
// (bench/README.md, tenth pass).
func lazyRegexp(expr string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })
}
