// Command ceiling is the harness's ceiling: a bare net/http server that
// answers POST /promoter/getrole with a fixed body and Content-Type, the bytes
// wxmock answered to the same request. It does nothing else, so it is the
// fastest any Go server answering those bytes over net/http can be.
package main

import (
	"flag"
	"fmt"
	"net/http"
	"os"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8081", "address to listen on")
	bodyFile := flag.String("body", "", "file holding the answer's body")
	contentType := flag.String("content-type", "application/json", "the answer's Content-Type")
	flag.Parse()
	body, err := os.ReadFile(*bodyFile)
	if err != nil {
		fmt.Fprintln(os.Stderr, "ceiling:", err)
		os.Exit(2)
	}
	ct := []string{*contentType}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /promoter/getrole", func(w http.ResponseWriter, _ *http.Request) {
		w.Header()["Content-Type"] = ct
		w.Write(body)
	})
	if err := http.ListenAndServe(*addr, mux); err != nil {
		fmt.Fprintln(os.Stderr, "ceiling:", err)
		os.Exit(1)
	}
}
