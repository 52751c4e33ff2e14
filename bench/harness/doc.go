// Command harness measures wxmock side by side with a ceiling (a bare
// net/http server answering the same bytes) and with the mock servers users
// would pick instead (WireMock, and mountebank and Mockoon where they
// install), on one machine, in one run, under the same load. It prints a
// Markdown table; see ../README.md, section "Side-by-side harness".
//
//	go run ./bench/harness            # the full run, about 15 minutes
//	go run ./bench/harness -quick     # two or three minutes, to check it works
package main
