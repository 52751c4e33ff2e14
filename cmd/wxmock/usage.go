package main

// usageText heads wxmock -h, above the flags. Its examples are checked by
// a test: each must parse.
const usageText = `Usage: wxmock [flags]
       wxmock version
       wxmock ca [-ca-dir DIR]
       wxmock health [-addr HOST:PORT] [-timeout 2s]
       wxmock openapi [-server URL]

Serves a local, stateful simulator of WeChat's promoter and store mini
program server APIs, with its admin API under /__wxmock/. Every flag can
also be set by its WXMOCK_* variable (-journal-size: WXMOCK_JOURNAL_SIZE);
a flag on the command line wins. SIGINT or SIGTERM stops it (exit 0).

Examples:
  wxmock
      # http://127.0.0.1:8080, the embedded default apps and data
  wxmock -addr 127.0.0.1:0 -seed 7 -freeze-clock
      # a free port (the banner says which), repeatable ids, a clock that moves only when told
  wxmock -audit-delay 0 -push-url http://127.0.0.1:9000/wx -push-token tok123
      # audits due at once, their results pushed, signed, to your message server
  wxmock -state saved.json -check-responses -log-level debug
      # start from a GET /__wxmock/state export; check wxmock's own answers
  wxmock -persist wxmock-state.json
      # keep state, pending audits, queued pushes and the clock across restarts
  wxmock -tls
      # also https://127.0.0.1:8443 and the api.weixin.qq.com proxy; wxmock ca says how to trust its CA
  WXMOCK_ADMIN_TOKEN=s3cret wxmock -addr 0.0.0.0:8080
      # reachable by other machines: the admin API then wants the token

Flags:
`
