package scenario

import (
	"encoding/json"
	"io"
	"time"
)

// jsonReport is the JSON report's shape.
type jsonReport struct {
	Started   string        `json:"started"`
	Passed    int           `json:"passed"`
	Failed    int           `json:"failed"`
	Errors    int           `json:"errors"`
	Scenarios []*Result     `json:"scenarios"`
	BadFiles  []jsonBadFile `json:"bad_files"`
}

type jsonBadFile struct {
	File  string `json:"file"`
	Error string `json:"error"`
}

// WriteJSON writes the JSON report: when the run started (RFC 3339, UTC),
// the counts of scenarios that passed and failed and of bad files
// ("errors"), every result, and every bad file with its error.
func (rep *Report) WriteJSON(w io.Writer) error {
	out := jsonReport{Started: rep.started().UTC().Format(time.RFC3339), Errors: len(rep.BadFiles),
		Scenarios: rep.Results, BadFiles: []jsonBadFile{}}
	if out.Scenarios == nil {
		out.Scenarios = []*Result{}
	}
	for _, r := range rep.Results {
		if r.Passed {
			out.Passed++
		} else {
			out.Failed++
		}
	}
	for _, b := range rep.BadFiles {
		out.BadFiles = append(out.BadFiles, jsonBadFile{File: b.File, Error: b.Err.Error()})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}
