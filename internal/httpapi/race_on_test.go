//go:build race

package httpapi_test

// underRace is true when the tests run with the race detector, under
// which sync.Pool drops some of what it is given: allocation counts are
// not the program's.
const underRace = true
