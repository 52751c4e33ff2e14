package httpapi

import (
	"bytes"
	"encoding/json"
	"sync"
	"unsafe"
)

// encoders reuses the buffers of encoding/json, so that an answer costs
// one allocation of its own size rather than a buffer grown by doubling
// and an encoder.
type encoders struct{ pool sync.Pool }

// pooledEncoder is an encoder that writes WeChat's way (no HTML escaping)
// into its own buffer.
type pooledEncoder struct {
	buf bytes.Buffer
	enc *json.Encoder
}

// encodedJSON is an answer written once and shared by the calls it
// answers: encode hands out its bytes, which nothing writes to.
type encodedJSON interface {
	encodedJSON() []byte
}

// maxPooledBuffer is the largest buffer put back: a rare large answer
// does not stay in the pool.
const maxPooledBuffer = 64 << 10

// encode is the package's encode, with a pooled buffer.
func (e *encoders) encode(v any) ([]byte, error) {
	if a, ok := v.(encodedJSON); ok {
		return a.encodedJSON(), nil // shared, never written to
	}
	if a, ok := v.(jsonAppender); ok {
		return a.appendJSON(nil), nil // each appender grows to its own estimate once
	}
	pe, _ := e.pool.Get().(*pooledEncoder)
	if pe == nil {
		pe = &pooledEncoder{}
		pe.enc = json.NewEncoder(&pe.buf)
		pe.enc.SetEscapeHTML(false)
	}
	pe.buf.Reset()
	if err := pe.enc.Encode(v); err != nil {
		return nil, err // and the encoder is dropped, whatever state it is in
	}
	out := bytes.Clone(bytes.TrimSuffix(pe.buf.Bytes(), []byte("\n")))
	if pe.buf.Cap() <= maxPooledBuffer {
		e.pool.Put(pe)
	}
	return out, nil
}

// keep is clip for a body that nothing writes to after it is journaled
// (a request's body as read, an answer as encoded): a small one is kept
// as it is, without a copy, unless its array is much larger than it,
// which the entry would keep alive.
func keep(b []byte) string {
	if len(b) == 0 || len(b) > journalBodyLimit || cap(b) > 2*len(b)+64 {
		return clip(b)
	}
	return unsafe.String(&b[0], len(b))
}
