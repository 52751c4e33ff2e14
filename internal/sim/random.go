package sim

import (
	"math/rand/v2"
	"sync"
)

// Random is the simulator's injected source of randomness: tokens, secrets
// and the random groups of a rid. Seeded, it makes a whole run repeatable.
type Random struct {
	mu  sync.Mutex
	rng *rand.Rand
}

// NewRandom returns a source seeded with seed.
func NewRandom(seed uint64) *Random {
	return &Random{rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))}
}

// Uint32 returns a random 32-bit number.
func (r *Random) Uint32() uint32 {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.rng.Uint32()
}

// String returns n characters drawn from alphabet.
func (r *Random) String(n int, alphabet string) string {
	b := make([]byte, n)
	r.mu.Lock()
	defer r.mu.Unlock()
	for i := range b {
		b[i] = alphabet[r.rng.IntN(len(alphabet))]
	}
	return string(b)
}

// Alphabets used for generated identifiers.
const (
	alphaHex    = "0123456789abcdef"
	alphaDigits = "0123456789"
	alphaToken  = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-"
)

// Bytes returns n random bytes (the push package's nonces and AES prefixes).
func (r *Random) Bytes(n int) []byte {
	b := make([]byte, n)
	r.mu.Lock()
	defer r.mu.Unlock()
	for i := range b {
		b[i] = byte(r.rng.Uint32())
	}
	return b
}
