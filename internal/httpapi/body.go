package httpapi

import (
	"io"
	"slices"
)

// readBody reads at most limit+1 bytes of r, so that a body over limit is
// seen to be. size is the Content-Length, -1 when unknown: when it is
// given, the buffer is allocated once at its size, where io.ReadAll
// would double its way up and allocate twice the body.
func readBody(r io.Reader, size, limit int64) ([]byte, error) {
	n := int64(512)
	if size >= 0 {
		n = min(size, limit) + 1 // +1: room to see the end without growing
	}
	buf := make([]byte, 0, n)
	r = io.LimitReader(r, limit+1)
	for {
		if len(buf) == cap(buf) {
			buf = slices.Grow(buf, max(512, len(buf)))
		}
		m, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+m]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return buf, err
		}
	}
}
