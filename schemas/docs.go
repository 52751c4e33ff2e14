package schemas

import (
	"fmt"
	"io/fs"
	"maps"
	"slices"
	"strings"
	"sync"
)

// docs are the parsed schema files, by URL, for what the schema library
// does not keep: annotations (x-errcode, x-in), the limits of a request
// and the names of its fields. Each file is decoded at its first use, so
// that a start decodes none of them and a server's first request only
// those it reads (bench/README.md, tenth pass).
type docs struct {
	files map[string]*doc // every .json file, by URL; fixed at load
}

// doc is one schema file, decoded once.
type doc struct {
	fsys fs.FS
	path string
	once sync.Once
	m    map[string]any
	err  error
}

// get returns the parsed file at url: nil when there is no such file or
// it is not a JSON object (LoadFS reports that; the embedded files all
// decode, TestEmbeddedSchemasCompile).
func (d *docs) get(url string) map[string]any {
	f := d.files[url]
	if f == nil {
		return nil
	}
	return f.get()
}

// get decodes the file at its first call.
func (f *doc) get() map[string]any {
	f.once.Do(func() {
		data, err := fs.ReadFile(f.fsys, f.path)
		if err != nil {
			f.err = err
			return
		}
		if err := decode(data, &f.m); err != nil {
			f.err = fmt.Errorf("schema %s: %w", f.path, err)
		}
	})
	return f.m
}

// decodeAll decodes every file and returns the first error in file order.
func (d *docs) decodeAll() error {
	for _, url := range slices.Sorted(maps.Keys(d.files)) {
		f := d.files[url]
		if f.get(); f.err != nil {
			return f.err
		}
	}
	return nil
}

// newDocs lists the .json files of fsys without reading them.
func newDocs(fsys fs.FS) (*docs, error) {
	d := &docs{files: map[string]*doc{}}
	err := fs.WalkDir(fsys, ".", func(path string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() || !strings.HasSuffix(path, ".json") {
			return err
		}
		d.files[baseURL+path] = &doc{fsys: fsys, path: path}
		return nil
	})
	return d, err
}
