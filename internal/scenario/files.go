package scenario

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"syscall"
)

// MaxFileSize bounds a scenario file: a larger one is refused before it is
// read. Scenarios are written by hand, and a big seed belongs in a
// state_file, which is bounded by what PUT /__wxmock/state accepts
// (maxStateFile).
const MaxFileSize = 16 << 20

// maxStateFile is what PUT /__wxmock/state accepts (httpapi's
// adminStateLimit); a larger state_file could only be refused there.
const maxStateFile = 512 << 20

// maxUploadFile bounds an upload step's file: wxmock refuses media over
// 10 MB anyway, and the runner should not load more than that to find out.
const maxUploadFile = 16 << 20

// readRegular reads a file found by walking a directory, or named by a
// scenario: a regular file (a symbolic link to one is fine) of at most max
// bytes. Anything else is refused from its metadata, without opening it:
// opening a named pipe blocks until a writer comes, and reading a device
// such as /dev/zero never ends. The file is opened non-blocking, and its
// kind checked again once open, in case it changed in between.
func readRegular(path string, max int64) ([]byte, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if err := checkRegular(path, info, max); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if info, err = f.Stat(); err != nil {
		return nil, err
	}
	if err := checkRegular(path, info, max); err != nil {
		return nil, err
	}
	return readAtMost(path, f, max)
}

// readNamed reads a file named on the command line: a regular file as
// readRegular does, and anything else as cat would (a pipe such as
// <(generate-scenarios) is fine, and blocks until it is written), but never
// more than max bytes.
func readNamed(path string, max int64) ([]byte, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if info.Mode().IsRegular() || info.IsDir() {
		return readRegular(path, max)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readAtMost(path, f, max)
}

func checkRegular(path string, info fs.FileInfo, max int64) error {
	if !info.Mode().IsRegular() {
		return &ParseError{File: path, Msg: fmt.Sprintf("not a regular file (%s); the runner reads regular files only", kindOf(info.Mode()))}
	}
	if info.Size() > max {
		return tooLarge(path, info.Size(), max)
	}
	return nil
}

func tooLarge(path string, size, max int64) error {
	msg := fmt.Sprintf("more than the %d MiB the runner reads", max>>20)
	if size >= 0 {
		msg = fmt.Sprintf("%d bytes, %s", size, msg)
	}
	return &ParseError{File: path, Msg: msg}
}

// readAtMost reads r to its end, or fails once it has more than max bytes.
func readAtMost(path string, r io.Reader, max int64) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > max {
		return nil, tooLarge(path, -1, max)
	}
	return data, nil
}

// kindOf names a file type for an error message.
func kindOf(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0:
		return "a device"
	default:
		return "an irregular file"
	}
}
