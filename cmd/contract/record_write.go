package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/wxmock/wxmock/internal/scenario"
)

// save writes the calls recorded so far to o.Out, as each one ends: a
// recorder that is killed keeps every call it answered. The file is
// replaced whole (written beside it, synced, renamed over it), so that it is
// a complete scenario after every call, in the order the calls came, and
// never half written. A recording of a few hundred calls is rewritten in
// well under a millisecond of encoding per call; the sync costs more.
// Before the first call that can be a step, nothing is written.
func (rc *recorder) save() error {
	rc.saveMu.Lock()
	defer rc.saveMu.Unlock()
	calls, violations := rc.result()
	data, uploads, err := recording(rc.name, rc.target, calls, violations, rc.out)
	if err != nil {
		return err
	}
	for path, content := range uploads {
		if rc.uploaded[path] {
			continue // an upload's file is named by its call: written once
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		if err := writeSynced(path, content); err != nil {
			return err
		}
		rc.uploaded[path] = true
	}
	if err := writeSynced(rc.out, data); err != nil {
		return err
	}
	rc.saved = data
	return nil
}

// finishRecording saves the calls a last time when the recorder stops,
// checks that the file reads back as a scenario, and says what it wrote.
func (rc *recorder) finishRecording() (string, error) {
	calls, _ := rc.result()
	if len(calls) == 0 {
		return "nothing to write to " + rc.out, nil
	}
	if err := rc.save(); err != nil {
		if rc.saved == nil {
			return "nothing written to " + rc.out, err
		}
		return "recorded to " + rc.out + " up to the last call written", err
	}
	// The file stays written whatever happens: the calls cannot be made again.
	if _, err := scenario.Parse(rc.out, rc.saved); err != nil {
		return "recorded to " + rc.out, fmt.Errorf("the recording does not read back as a scenario: %w", err)
	}
	return "recorded to " + rc.out, nil
}

// writeSynced replaces path with data: it writes a temporary file in the
// same directory, syncs it to the disk and renames it over path, so that
// path holds the old content or the new, whole, whatever becomes of the
// process.
func writeSynced(path string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	tmp := f.Name()
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp, 0o644)
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		_ = os.Remove(tmp)
	}
	return err
}
