package scenario

import (
	"errors"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"
)

// BadFile is a scenario file that could not be read or parsed. Its
// scenarios do not run; the reports show it as an errored test, so that a
// CI's report step says why.
type BadFile struct {
	// File is the file's path, as the walk of the directory found it.
	File string
	// Err is why: a *ParseError, or the error reading the file.
	Err error
}

// LoadDirAll reads the scenarios below dir as LoadDir does, but a bad file
// does not stop it: the scenarios of the other files are returned, and each
// bad file's error among bad, in the order of the files. A scenario whose
// name an earlier file already took makes its file bad. err is for what is
// no one file's fault: a directory that cannot be walked, or one without
// any scenario file.
func (p *Parser) LoadDirAll(dir string) (scs []*Scenario, bad []BadFile, err error) {
	var files []string
	err = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if path != dir && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		switch strings.ToLower(filepath.Ext(path)) {
		case ".yaml", ".yml", ".json":
			if !d.IsDir() {
				files = append(files, path)
			}
		}
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	slices.Sort(files)
	results := make([][]parsed, len(files))
	errs := make([]error, len(files))
	stateFiles := map[string]bool{}
	for i, f := range files {
		data, err := readRegular(f, MaxFileSize)
		if err == nil {
			results[i], err = p.parse(f, data)
		}
		errs[i] = err
		for _, r := range results[i] {
			if sf := r.s.Setup.StateFile; sf != "" {
				stateFiles[clean(r.s.Path(sf))] = true
			}
		}
	}
	var good []int // indexes of the files that parsed
	for i, f := range files {
		switch {
		case stateFiles[clean(f)]:
		case errs[i] != nil:
			bad = append(bad, BadFile{File: f, Err: errs[i]})
		default:
			good = append(good, i)
		}
	}
	if len(good) == 0 && len(bad) == 0 {
		return nil, nil, &ParseError{File: dir, Msg: "no scenario in the directory"}
	}
	// A file whose scenario takes a name already taken is bad as a whole:
	// which of the two was meant cannot be known.
	var all []parsed
	for _, i := range good {
		if err := duplicates(append(slices.Clip(all), results[i]...)); err != nil {
			bad = append(bad, BadFile{File: files[i], Err: err})
			continue
		}
		all = append(all, results[i]...)
	}
	slices.SortStableFunc(bad, func(a, b BadFile) int { return strings.Compare(a.File, b.File) })
	return scenarios(all), bad, nil
}

// joinBad is the error LoadDir returns for bad files: the one error, or
// all of them joined.
func joinBad(bad []BadFile) error {
	if len(bad) == 1 {
		return bad[0].Err
	}
	errs := make([]error, len(bad))
	for i, b := range bad {
		errs[i] = b.Err
	}
	return errors.Join(errs...)
}
