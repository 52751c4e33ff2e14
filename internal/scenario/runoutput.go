package scenario

// RunOutput is what a run step's command printed, stdout and stderr in the
// order it wrote them, as the runner keeps it: the first outputHead and the
// last outputTail bytes.
type RunOutput struct {
	Step   string `json:"step"`
	Line   int    `json:"line"`
	Output string `json:"output"`
}

// keepOutput adds to the result the output of the step that just ran, when
// it was a run step whose command started.
func (res *Result) keepOutput(label string, st *Step, x *exec) {
	if x.runOutput == nil {
		return
	}
	res.Outputs = append(res.Outputs, RunOutput{Step: label, Line: st.Line, Output: *x.runOutput})
	x.runOutput = nil
}
