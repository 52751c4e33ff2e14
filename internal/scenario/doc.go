// Package scenario reads the contract runner's scenario files: the model
// of a scenario, its parser, and the errors that point at the file, line
// and column at fault. The runner (cmd/contract) executes what it reads.
//
// A scenario file is YAML (.yaml, .yml), or JSON (.json) with the same
// keys. It is checked against schemas/scenario.schema.json, which is
// strict: an unknown key, a wrong type or a step with two kinds is an
// error. FORMAT.md, beside this file, is the reference, with an example of
// every step. In short:
//
//	name: promoter sync pages every promoter   # required, unique in the set
//	description: what the client must do and why
//	setup:
//	  app: {push: {url: receiver}}             # an app of its own by default
//	  state_file: data/seed.json               # or state: {inline export}
//	  clock: {start: 2024-01-24T06:00:27Z}     # frozen unless frozen: false
//	  roles: [{name: 店长}]
//	  promoters: [{count: 4500, role_id: 1}]
//	faults:
//	  - {path: /promoter/getpromoter, errcode: -1, times: 1}
//	steps:
//	  - run: {command: [go, run, ./examples/promoter-sync], timeout: 2m}
//	  - expect_requests:
//	      path: /promoter/getpromoter
//	      count: 5
//	      last: {errcode: 103006}
//	      retried_after: -1
//	  - expect_state: {promoters: {where: {auth_status: 0}, count: 4500}}
//	  - expect_no_violations: true
//
// The step kinds are request (with expect and save), run, advance,
// authorize, resolve, expect_push, expect_requests, expect_state and
// expect_no_violations; a step has exactly one. Durations are Go
// durations ("5s", "1h30m") or whole seconds (7200). Strings in steps may
// use ${variables}: the built-ins (BuiltinVars) and those saved by earlier
// request steps; "$${" is a literal "${".
//
// Parse, ParseFile and LoadDir return every scenario with its File and
// Line, and each step with its Line, so that the runner's report can point
// at them. Their errors are *ParseError, such as
//
//	scenarios/sync.yaml:12:5: steps/3/request: unknown field "bdy" (did you mean "body"?)
//
// Schema violations are placed by walking the document along the
// violation's JSON pointer; YAML syntax errors are placed where the parser
// gave up.
package scenario
