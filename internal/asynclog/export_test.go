package asynclog

// NewLingering is newLingering, for the tests of package asynclog_test.
var NewLingering = newLingering
