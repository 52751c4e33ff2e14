package httpapi

import (
	"io"
	"slices"
)

// readBody reads at most limit+1 bytes of r, so that a body over limit is
// seen to be. size is the Content-Length, -1 when unknown: when it is
// given, the buffer is allocated once at its size, where io.ReadAll
// would double its way up and allocate twice the body. The limit bounds
// each read rather than wrapping r in an io.LimitReader, which would be
// an allocation of every request.
func readBody(r io.Reader, size, limit int64) ([]byte, error) {
	n := int64(512)
	if size >= 0 {
		n = min(size, limit) + 1 // +1: room to see the end without growing
	}
	buf := make([]byte, 0, n)
	for int64(len(buf)) <= limit {
		if len(buf) == cap(buf) {
			buf = slices.Grow(buf, max(512, len(buf)))
		}
		end := min(int64(cap(buf)), limit+1)
		m, err := r.Read(buf[len(buf):end])
		buf = buf[:len(buf)+m]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return buf, err
		}
	}
	return buf, nil
}
