// Command bare is the start-up baseline of BenchmarkStartToFirst200: a
// net/http server that answers every request with the same fixed bytes,
// the least a Go binary does before its first 200.
package main

import (
	"net/http"
	"os"
)

func main() {
	body := []byte(`{"errcode":0,"errmsg":"ok","access_token":"bare","expires_in":7200}`)
	err := http.ListenAndServe(os.Args[1], http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write(body)
	}))
	if err != nil {
		os.Stderr.WriteString(err.Error() + "\n")
		os.Exit(1)
	}
}
