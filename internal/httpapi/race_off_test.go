//go:build !race

package httpapi_test

// underRace is true when the tests run with the race detector.
const underRace = false
