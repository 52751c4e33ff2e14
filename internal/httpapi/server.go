package httpapi

import (
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"sync/atomic"

	"github.com/wxmock/wxmock/internal/fixtures"
	"github.com/wxmock/wxmock/internal/push"
	"github.com/wxmock/wxmock/internal/sim"
	"github.com/wxmock/wxmock/schemas"
)

// Config wires a Server.
type Config struct {
	Sim     *sim.Sim
	Schemas *schemas.Set
	// Initial returns the state that POST /__wxmock/reset restores.
	Initial func() (*sim.State, error)
	Logger  *slog.Logger
	// JournalSize is how many requests the journal keeps (default 1000).
	JournalSize int
	// MaxBody is the largest request body read, in bytes (default 2 MiB).
	MaxBody int64
	// JournalRedact replaces the values of secret and access_token with
	// "***" in the journal: in query strings, in JSON and form bodies (of
	// requests and answers: a token's answer holds it) at any depth, and in
	// violations' payloads. The zero Config keeps them; mock.New sets it
	// unless mock.Options.JournalNoRedact, and cmd/wxmock's -journal-redact
	// is on by default.
	JournalRedact bool
	// CheckResponses validates every WeChat answer against its response
	// schema and journals any violation (a wxmock bug) and logs it.
	CheckResponses bool
	// Pushes is the delivery of event pushes, listed by GET pushes.
	Pushes *push.Deliverer
	// AdminToken, when set, must come with every control call, in the
	// X-Wxmock-Admin-Token header or as "Authorization: Bearer"; a call
	// without it is answered 401.
	AdminToken string
	// Categories and Districts are the encoded answers of
	// get_merchant_category and get_district; nil loads them from the
	// fixtures (LoadFixedAnswers).
	Categories, Districts []byte
}

// Server is wxmock's HTTP handler.
type Server struct {
	cfg     Config
	sim     *sim.Sim
	schemas *schemas.Set
	log     *slog.Logger
	journal *Journal
	// routing is the process's route tables, shared by every Server.
	routing *routing
	// valid are the memos of valid bodies, one per WeChat endpoint, by
	// its id.
	valid []validMemo
	// jsonType is the Content-Type of every WeChat answer, set as the
	// header's value itself: net/http only reads it.
	jsonType []string
	// encoders encode the answers.
	encoders encoders
	// faults are the scripted failures in force (POST /__wxmock/faults).
	faults Faults
	// The answers of get_merchant_category and get_district, encoded once.
	categoryBody, districtBody rawJSON
	// storeMemos are get_store_list's entries as last written.
	storeMemos storeMemos
	// roleMemos are getrole's answers as last written.
	roleMemos roleMemos
	// lineStarts are the request lines' formatted starts, one per WeChat
	// endpoint, by its id (requestlog.go).
	lineStarts []atomic.Pointer[lineStart]
}

// New returns a Server for cfg.
func New(cfg Config) (*Server, error) {
	if cfg.Sim == nil || cfg.Schemas == nil || cfg.Initial == nil || cfg.Pushes == nil {
		return nil, errors.New("httpapi: Sim, Schemas, Initial and Pushes are required")
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.JournalSize <= 0 {
		cfg.JournalSize = 1000
	}
	if cfg.MaxBody <= 0 {
		cfg.MaxBody = 2 << 20
	}
	rt := sharedRouting()
	if err := rt.checkSchemas(cfg.Schemas); err != nil {
		return nil, err
	}
	s := &Server{cfg: cfg, sim: cfg.Sim, schemas: cfg.Schemas, log: cfg.Logger, journal: NewJournal(cfg.JournalSize),
		routing: rt, valid: make([]validMemo, len(rt.endpoints)), lineStarts: make([]atomic.Pointer[lineStart], len(rt.endpoints)), jsonType: []string{"application/json; encoding=utf-8"}}
	if cfg.Categories == nil || cfg.Districts == nil {
		var err error
		if cfg.Categories, cfg.Districts, err = LoadFixedAnswers(); err != nil {
			return nil, err
		}
	}
	s.categoryBody, s.districtBody = cfg.Categories, cfg.Districts
	for i := range s.valid {
		s.valid[i].bodies.Max = memoEntries
	}
	s.roleMemos.memos.Max = maxRoleMemos
	s.journal.redact = cfg.JournalRedact
	return s, nil
}

// ServeHTTP implements http.Handler. A WeChat path is found in a map; the
// shared router serves the control API; any other path is not served, as
// the router would answer it.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if ep, ok := s.routing.api[r.URL.Path]; ok {
		s.serveWeChat(w, r, ep)
		return
	}
	if !strings.HasPrefix(r.URL.Path, adminPrefix) {
		s.notFound(w, r)
		return
	}
	s.routing.admin().router.ServeHTTP(w, withServer(r, s))
}

// Journal returns the request journal.
func (s *Server) Journal() *Journal { return s.journal }

// LoadFixedAnswers encodes the answers of get_merchant_category and
// get_district from the fixtures; they never change.
func LoadFixedAnswers() (categories, districts []byte, err error) {
	cats, err := fixtures.Categories()
	if err != nil {
		return nil, nil, err
	}
	tree, err := fixtures.Districts()
	if err != nil {
		return nil, nil, err
	}
	body := map[string]any{"errcode": 0, "errmsg": "ok", "data": map[string]any{"all_category_info": map[string]any{"categories": cats}}}
	if categories, err = encode(body); err != nil {
		return nil, nil, err
	}
	districts, err = encode(tree)
	return categories, districts, err
}
