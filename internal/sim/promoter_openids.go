package sim

import (
	"slices"
	"strings"

	memdb "github.com/hashicorp/go-memdb"
)

// The buckets of an app's openid index: it starts with one and doubles
// whenever it holds more than openIDsPerBucket openids a bucket, up to
// maxOpenIDBuckets: about 49 a bucket at 50,000 promoters, 98 at the cap
// of 100,000. They are held in chunks of bucketsPerChunk, so that a batch
// copies the chunks it changes (768 bytes each) and the list of chunks,
// not the list of 1,024 buckets (24 KB).
const (
	maxOpenIDBuckets = 1024
	openIDsPerBucket = 32
	bucketsPerChunk  = 32
)

// openIDIndex lists an app's promoters by openid, in buckets by the
// openid's hash (openIDHash, its low bits), each sorted by openid. It
// stands in for an (appid, openid) index on the promoters table: each
// go-memdb index keeps a radix leaf, a node, two channels and a key copy
// per row (about 400 bytes), while an entry here is 24 bytes whose openid
// shares the promoter's string. It is one row an app, so that addpromoter
// reads it once a batch and writes it once, rather than a radix lookup for
// each of three ids an item and a radix insert an item. It is derived
// from the promoters table and never exported. A row in the database is
// never changed: openIDFiler copies what it changes.
type openIDIndex struct {
	AppID string
	N     int // openids held
	Size  int // buckets: a power of two
	// Chunks hold the buckets, bucketsPerChunk a chunk (Size when fewer):
	// bucket i is Chunks[i/bucketsPerChunk][i%bucketsPerChunk].
	Chunks [][][]openIDEntry
}

// openIDEntry is one promoter of a bucket.
type openIDEntry struct {
	OpenID string
	ID     uint64
}

// openIDHash hashes an openid (FNV-1a); its low bits pick its bucket.
func openIDHash(openid string) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(openid); i++ {
		h ^= uint32(openid[i])
		h *= 16777619
	}
	return h
}

// bucketOf returns the number of the bucket openid belongs in.
func (ix *openIDIndex) bucketOf(openid string) int {
	return int(openIDHash(openid) & uint32(ix.Size-1))
}

// bucket returns bucket i.
func (ix *openIDIndex) bucket(i int) []openIDEntry {
	return ix.Chunks[i/bucketsPerChunk][i%bucketsPerChunk]
}

// lookup returns the id of the promoter declared as openid, or 0; ix may
// be nil (an app without promoters).
func (ix *openIDIndex) lookup(openid string) uint64 {
	if ix == nil || ix.Size == 0 {
		return 0
	}
	b := ix.bucket(ix.bucketOf(openid))
	if i, ok := slices.BinarySearchFunc(b, openid, compareEntry); ok {
		return b[i].ID
	}
	return 0
}

// idOf returns the id of the app's promoter held by id, given with its
// derived ids (open is OpenIDOf(id), union UnionIDOf(id)): the one
// declared as id, as open (whose unionid is id) or as union (id's
// unionid); 0 for none.
func (ix *openIDIndex) idOf(id, open, union string) uint64 {
	for _, key := range [...]string{id, open, union} {
		if pid := ix.lookup(key); pid != 0 {
			return pid
		}
	}
	return 0
}

func compareEntry(e openIDEntry, openid string) int { return strings.Compare(e.OpenID, openid) }

// openIDIndexTxn returns the app's openid index, nil when it has none.
func openIDIndexTxn(txn *memdb.Txn, appid string) (*openIDIndex, error) {
	return first[openIDIndex](txn, tableOpenIDs, indexID, appid)
}

// openIDFiler files the openids of promoters new to their apps, within
// one write transaction (it must not outlive it). The first promoter of an
// app it files copies the app's index row and its list of chunks, and
// inserts the copy; a chunk is copied the first time one of its buckets
// changes. Later changes are made in place, in copies no other
// transaction sees. A bucket that changes is copied at its new length: an
// unchanged chunk's buckets are shared with the row read.
type openIDFiler struct {
	txn   *memdb.Txn
	owned map[string]*ownedIndex
	// read holds indexes the caller read already in txn, by appid (nil
	// for an app without one): they are copied without a second lookup.
	read map[string]*openIDIndex
}

// ownedIndex is an index the filer copied, and which of its chunks are
// copies.
type ownedIndex struct {
	ix     *openIDIndex
	copied []bool // by chunk
}

// file files p's openid, which the caller checked its app does not hold.
func (f *openIDFiler) file(p *Promoter) error {
	o := f.owned[p.AppID]
	if o == nil {
		old, known := f.read[p.AppID]
		if !known {
			var err error
			if old, err = openIDIndexTxn(f.txn, p.AppID); err != nil {
				return err
			}
		}
		ix := &openIDIndex{AppID: p.AppID, Size: 1, Chunks: [][][]openIDEntry{make([][]openIDEntry, 1)}}
		o = &ownedIndex{ix: ix, copied: []bool{true}}
		if old != nil {
			*ix = *old
			ix.Chunks = slices.Clone(old.Chunks)
			o.copied = make([]bool, len(ix.Chunks))
		}
		if err := f.txn.Insert(tableOpenIDs, ix); err != nil {
			return err
		}
		if f.owned == nil {
			f.owned = map[string]*ownedIndex{}
		}
		f.owned[p.AppID] = o
	}
	ix := o.ix
	if ix.N >= openIDsPerBucket*ix.Size && ix.Size < maxOpenIDBuckets {
		ix.double()
		o.copied = make([]bool, len(ix.Chunks))
		for c := range o.copied {
			o.copied[c] = true
		}
	}
	i := ix.bucketOf(p.OpenID)
	c := i / bucketsPerChunk
	if !o.copied[c] {
		ix.Chunks[c], o.copied[c] = slices.Clone(ix.Chunks[c]), true
	}
	held := ix.Chunks[c][i%bucketsPerChunk]
	j, _ := slices.BinarySearchFunc(held, p.OpenID, compareEntry)
	// A copy of exactly the new length: no spare capacity is held.
	b := make([]openIDEntry, len(held)+1)
	copy(b, held[:j])
	b[j] = openIDEntry{OpenID: p.OpenID, ID: p.ID}
	copy(b[j+1:], held[j:])
	ix.Chunks[c][i%bucketsPerChunk], ix.N = b, ix.N+1
	return nil
}

// double splits each bucket in two by the next bit of the hash; each half
// keeps its order. The halves, the chunks and the list of chunks are all
// new arrays, never the shared ones.
func (ix *openIDIndex) double() {
	n := ix.Size
	buckets := make([][]openIDEntry, 2*n)
	for i := range n {
		b := ix.bucket(i)
		hi := 0
		for _, e := range b {
			if openIDHash(e.OpenID)&uint32(n) != 0 {
				hi++
			}
		}
		lo := make([]openIDEntry, 0, len(b)-hi)
		up := make([]openIDEntry, 0, hi)
		for _, e := range b {
			if openIDHash(e.OpenID)&uint32(n) != 0 {
				up = append(up, e)
			} else {
				lo = append(lo, e)
			}
		}
		buckets[i], buckets[i+n] = lo, up
	}
	ix.Size = 2 * n
	ix.Chunks = nil
	for c := 0; c < len(buckets); c += bucketsPerChunk {
		ix.Chunks = append(ix.Chunks, buckets[c:min(c+bucketsPerChunk, len(buckets)):min(c+bucketsPerChunk, len(buckets))])
	}
}

// insertAdmittedTxn inserts the promoters of a batch, new to appid, and
// files their openids in ix, the app's openid index as read before the
// batch (nil for none). It only writes.
func insertAdmittedTxn(txn *memdb.Txn, appid string, ix *openIDIndex, batch []*Promoter) error {
	f := openIDFiler{txn: txn, read: map[string]*openIDIndex{appid: ix}}
	for _, p := range batch {
		if err := txn.Insert(tablePromoters, p); err != nil {
			return err
		}
		if err := f.file(p); err != nil {
			return err
		}
	}
	return nil
}
