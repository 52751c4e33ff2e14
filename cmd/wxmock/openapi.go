package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/wxmock/wxmock/internal/mock"
	"github.com/wxmock/wxmock/internal/openapi"
)

// runOpenAPI prints the OpenAPI 3.1 document that a running wxmock serves
// at GET /__wxmock/openapi.json, with -server (default the default -addr)
// as its server.
func runOpenAPI(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("wxmock openapi", flag.ContinueOnError)
	server := fs.String("server", openapi.DefaultServer, "base URL the document names as its server")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: wxmock openapi [-server URL]\n\nPrints the OpenAPI 3.1 document of every WeChat endpoint wxmock serves and of its admin API.\n\n")
		fs.PrintDefaults()
	}
	if err := parseSubcommand(fs, args, stderr); err != nil {
		return err
	}
	// The document comes from the server's own route table; the mock is
	// built and closed without serving anything. A fixed seed and clock
	// spare the real clock and the random source.
	m, err := mock.New(mock.Options{Seed: 1, ClockStart: time.Unix(0, 0), FrozenClock: true})
	if err != nil {
		return err
	}
	defer m.Close()
	doc, err := m.HTTP.OpenAPI()
	if err != nil {
		return err
	}
	out, err := json.MarshalIndent(openapi.WithServer(doc, *server), "", "  ")
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(stdout, "%s\n", out)
	return err
}
