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
		{step: stepRetried, message: "retried_after: the -1 answer at #453 was not retried"},
		{step: stepPages, message: "count: expected 4, got 1\n" +
			"order (item 2 of 4): expected a call to /promoter/getpromoter answered 0 with exactly body {} after #453; no call came after #453\n" +
			`last: expected a call to /promoter/getpromoter answered 0 with start_id "4000"; the last call was #453 POST /promoter/getpromoter → -1 {}`},
	},
	"broken-promoter-sync reads only the first page": {
		{step: stepPages, message: "count: expected 3, got 1\n" +
			`order (item 2 of 3): expected a call to /promoter/getpromoter answered 0 with exactly start_id "2000" after #453; no call came after #453` + "\n" +
			`last: expected a call to /promoter/getpromoter answered 0 with start_id "4000"; the last call was #453 POST /promoter/getpromoter → 0 {}`},
	},
	"broken-promoter-messaging does not wait for the delivery": {
		{step: stepDelivery, message: "count: expected 2 to 20, got 1"},
		{step: stepClickData, message: clickDataNotWaited},
	},
	"broken-promoter-messaging takes 103013 for no clicks": {
		{step: stepClickData, message: clickDataNotWaited},
		{step: stepDelivery, message: "count: expected 2 to 20, got 1"},
	},
}

// clickDataNotWaited is the failure of a client that takes the first
// 103013 (data not ready) as the end: three checks of one step fail.
const clickDataNotWaited = "order (item 4 of 4): expected a call to /promoter/getmsgclickdata answered 0 after #15; no call came after #15\n" +
	`last: expected a call to /promoter/getmsgclickdata answered 0; the last call was #15 POST /promoter/getmsgclickdata → 103013 {"send_date":"2024-01-25","dimonsion":0,"msg_id":"123456"}` + "\n" +
	"retried_after: the 103013 answer at #15 (POST /promoter/getmsgclickdata) was not retried"
