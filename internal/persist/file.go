package persist

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
)

// fileOps are the steps of a save that tests make fail.
type fileOps struct {
	rename  func(oldpath, newpath string) error
	syncDir func(dir string) error
}

// WriteFile replaces path with data atomically: a reader, or the next
// start after a crash at any point, finds either the old file whole or
// the new one whole. The data go to a temporary file in the same directory,
// are synced, renamed over path, and the directory is synced so that the
// rename itself survives a power cut. The file is readable by its owner
// only: a state holds every app's secret. On error path is untouched and
// no temporary file is left.
func WriteFile(path string, data []byte) error {
	return writeFile(path, data, fileOps{rename: os.Rename, syncDir: syncDir})
}

func writeFile(path string, data []byte, ops fileOps) (err error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	f, err := os.CreateTemp(dir, tempPrefix(base)+"*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			_ = f.Close()
			_ = os.Remove(tmp)
		}
	}()
	if _, err = f.Write(data); err != nil {
		return err
	}
	if err = f.Sync(); err != nil {
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	if err = ops.rename(tmp, path); err != nil {
		return err
	}
	// The new file is in place: a failure to sync the directory is still
	// reported, but nothing is removed.
	if err := ops.syncDir(dir); err != nil {
		return fmt.Errorf("sync %s: %w", dir, err)
	}
	return nil
}

// tempPrefix names the temporary files of a save of base, so that
// RemoveStale finds those a crash left behind.
func tempPrefix(base string) string { return "." + base + ".tmp-" }

func syncDir(dir string) error {
	if runtime.GOOS == "windows" {
		return nil // a directory cannot be synced there; rename is durable enough
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	return errors.Join(err, d.Close())
}

// RemoveStale removes the temporary files that saves of path interrupted
// by a crash left behind, and returns their names.
func RemoveStale(path string) ([]string, error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var removed []string
	var errs []error
	for _, e := range entries {
		if !e.Type().IsRegular() || !strings.HasPrefix(e.Name(), tempPrefix(base)) {
			continue
		}
		name := filepath.Join(dir, e.Name())
		if err := os.Remove(name); err != nil {
			errs = append(errs, err)
			continue
		}
		removed = append(removed, name)
	}
	return removed, errors.Join(errs...)
}
