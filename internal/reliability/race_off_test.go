//go:build !race

package reliability_test

// underRace is true when the tests run with the race detector, which makes
// every request several times slower; the tests then run shorter.
const underRace = false
