package scenario

import (
	"path/filepath"
	"strings"
	"time"
)

// Report is what the JUnit and JSON reports of a run tell.
type Report struct {
	// Results are the scenarios that ran, in their order.
	Results []*Result
	// BadFiles are the scenario files that could not be read or parsed;
	// each is an errored test.
	BadFiles []BadFile
	// Roots are the directories and files named on the command line. The
	// JUnit report names a file by its path relative to the root it was
	// found under, so that a report does not depend on where the runner
	// ran: never by an absolute path.
	Roots []string
	// Started is when the run began: the JUnit timestamp, written in UTC.
	// Zero means now.
	Started time.Time
	// Hostname is the machine's name in the JUnit report; "localhost" when
	// empty.
	Hostname string
}

// rel names file in a report: its path relative to the longest root that
// holds it (its base name when it is a root itself), with forward slashes.
// A file under no root keeps its path if relative, and its base name if
// absolute.
func (rep *Report) rel(file string) string {
	clean := filepath.Clean(file)
	best, bestLen := "", -1
	for _, root := range rep.Roots {
		root = filepath.Clean(root)
		if root == clean {
			return filepath.ToSlash(filepath.Base(clean))
		}
		r, err := filepath.Rel(root, clean)
		if err != nil || r == ".." || strings.HasPrefix(r, ".."+string(filepath.Separator)) {
			continue
		}
		if len(root) > bestLen {
			best, bestLen = r, len(root)
		}
	}
	switch {
	case bestLen >= 0:
		return filepath.ToSlash(best)
	case filepath.IsAbs(clean):
		return filepath.ToSlash(filepath.Base(clean))
	}
	return filepath.ToSlash(clean)
}

// className is the JUnit classname of file: its report name without the
// extension, "sub/orders" for sub/orders.yaml.
func (rep *Report) className(file string) string {
	rel := rep.rel(file)
	return strings.TrimSuffix(rel, filepath.Ext(rel))
}

func (rep *Report) started() time.Time {
	if rep.Started.IsZero() {
		return time.Now()
	}
	return rep.Started
}
