package examples_test

// stepFailure is a documented failure of one step: the step's name, and the
// runner's message and expected value for it, exactly.
type stepFailure struct{ step, message, expected string }

// Steps of the broken scenarios that are documented to fail.
const (
	stepRetried   = "the call answered -1 was sent again"
	stepPages     = "every page, each after the last id of the one before"
	stepDelivery  = "the delivery was polled until it ended, not asked once"
	stepClickData = "the click data was asked after the delivery, again on -1 and 103013, until it was ready"
)

// brokenFailures are the failures README.md ("What the scenarios check")
// documents for each scenario of examples/scenarios-broken, in the order of
// the scenario's steps. Every other step of these scenarios must pass.
var brokenFailures = map[string][]stepFailure{
	"broken-promoter-sync does not retry a -1": {
		{step: stepRetried, message: "call 453 (/promoter/getpromoter) answered -1 was never retried"},
		{step: stepPages, message: "calls to /promoter/getpromoter", expected: "4"},
	},
	"broken-promoter-sync reads only the first page": {
		{step: stepPages, message: "calls to /promoter/getpromoter", expected: "3"},
	},
	"broken-promoter-messaging does not wait for the delivery": {
		{step: stepDelivery, message: "calls to /promoter/getmsg", expected: "2 to 20"},
		{step: stepClickData, message: "calls in order: the #4 call in order was not made after the others"},
	},
	"broken-promoter-messaging takes 103013 for no clicks": {
		{step: stepClickData, message: "calls in order: the #4 call in order was not made after the others"},
		{step: stepDelivery, message: "calls to /promoter/getmsg", expected: "2 to 20"},
	},
}
