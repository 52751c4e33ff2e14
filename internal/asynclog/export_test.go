package asynclog

// NewLingering is newLingering, for the tests of package asynclog_test.
var NewLingering = newLingering

// Grow is grow, for the tests of package asynclog_test.
var Grow = grow
