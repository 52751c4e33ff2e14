package scenario

import "time"

// Result is how one scenario went.
type Result struct {
	Name     string        `json:"name"`
	File     string        `json:"file"`
	Line     int           `json:"line"`
	Passed   bool          `json:"passed"`
	Steps    int           `json:"steps_passed"`
	Skipped  int           `json:"steps_skipped"` // after the failing step
	Duration time.Duration `json:"duration_ns"`
	Failure  *Failure      `json:"failure,omitempty"`
	// Journal is, when it failed, the last calls the client made to the
	// scenario's app (none of the runner's own); when its setup failed, the
	// last calls of the app, which are the runner's setup calls.
	Journal []string `json:"journal,omitempty"`
	// Outputs are the run steps' outputs, bounded as a failure's Output
	// is, in the order the steps ran.
	Outputs []RunOutput `json:"outputs,omitempty"`
}

// Failure says which step failed and how: what was expected, what came,
// and a go-cmp diff where there is one.
type Failure struct {
	Step     string `json:"step"`
	Line     int    `json:"line"`
	Message  string `json:"message"`
	Expected string `json:"expected,omitempty"`
	Got      string `json:"got,omitempty"`
	Diff     string `json:"diff,omitempty"`
	Output   string `json:"output,omitempty"` // a run step's captured output
}

// Fail records the scenario's failure.
func (r *Result) Fail(f Failure) { r.Failure = &f }

// finish sets Passed from Failure.
func (r *Result) finish() { r.Passed = r.Failure == nil }
