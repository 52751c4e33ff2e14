package sim

import (
	"regexp"
	"sync"
)

// lazyRegexp compiles expr at its first use rather than at the package's
// initialization, which every start ran before main: a start still
// compiles the app patterns (it checks the default state's apps), but a
// store's hours, a card or a push token only when one is first checked
// (bench/README.md, tenth pass).
func lazyRegexp(expr string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })
}
