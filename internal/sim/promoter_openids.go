package sim

import (
	"fmt"
	"slices"
	"strings"

	memdb "github.com/hashicorp/go-memdb"
)

// openIDBuckets is how many openid buckets an app's promoters spread over:
// about 49 a bucket at 50,000 promoters, 98 at the cap of 100,000.
const openIDBuckets = 1024

// openIDBucket lists the promoters of an app whose openid hashes to Bucket,
// sorted by openid. It stands in for an (appid, openid) index on the
// promoters table: each go-memdb index keeps a radix leaf, a node, two
// channels and a key copy per row (about 400 bytes), while an entry here
// is 24 bytes whose openid shares the promoter's string. It is derived
// from the promoters table and never exported.
type openIDBucket struct {
	AppID   string
	Bucket  uint16
	Entries []openIDEntry
}

// openIDEntry is one promoter of a bucket.
type openIDEntry struct {
	OpenID string
	ID     uint64
}

// openIDBucketOf hashes an openid (FNV-1a) to its bucket.
func openIDBucketOf(openid string) uint16 {
	h := uint32(2166136261)
	for i := 0; i < len(openid); i++ {
		h ^= uint32(openid[i])
		h *= 16777619
	}
	return uint16(h % openIDBuckets)
}

// promoterIDByOpenIDTxn returns the id of the app's promoter declared as
// openid, or 0.
func promoterIDByOpenIDTxn(txn *memdb.Txn, appid, openid string) (uint64, error) {
	b, err := first[openIDBucket](txn, tableOpenIDs, indexID, appid, openIDBucketOf(openid))
	if err != nil || b == nil {
		return 0, err
	}
	if i, ok := slices.BinarySearchFunc(b.Entries, openid, compareEntry); ok {
		return b.Entries[i].ID, nil
	}
	return 0, nil
}

func compareEntry(e openIDEntry, openid string) int { return strings.Compare(e.OpenID, openid) }

// insertPromoterTxn inserts a promoter that is new to its app (the caller
// checked its openid is not held) and files its openid in its bucket. A
// promoter that is already stored is replaced with txn.Insert alone: its
// openid never changes.
func insertPromoterTxn(txn *memdb.Txn, p *Promoter) error {
	old, err := first[openIDBucket](txn, tableOpenIDs, indexID, p.AppID, openIDBucketOf(p.OpenID))
	if err != nil {
		return err
	}
	return insertAdmittedTxn(txn, []admission{{p: p, bucket: old}})
}

// insertAdmittedTxn inserts the promoters of a batch, new to their app,
// and files their openids, each in its bucket as read before the batch
// (or as an earlier promoter of the batch left it). It only writes.
func insertAdmittedTxn(txn *memdb.Txn, batch []admission) error {
	for i, a := range batch {
		if err := txn.Insert(tablePromoters, a.p); err != nil {
			return err
		}
		b := &openIDBucket{AppID: a.p.AppID, Bucket: openIDBucketOf(a.p.OpenID)}
		old := a.bucket
		for _, e := range batch[:i] {
			if e.p.AppID == b.AppID && e.bucket != nil && e.bucket.Bucket == b.Bucket {
				old = e.bucket // the bucket as the batch left it
			}
		}
		var held []openIDEntry
		if old != nil {
			held = old.Entries
		}
		j, _ := slices.BinarySearchFunc(held, a.p.OpenID, compareEntry)
		// A copy of exactly the new length: the bucket read from memdb is
		// never changed, and no spare capacity is held.
		b.Entries = make([]openIDEntry, len(held)+1)
		copy(b.Entries, held[:j])
		b.Entries[j] = openIDEntry{OpenID: a.p.OpenID, ID: a.p.ID}
		copy(b.Entries[j+1:], held[j:])
		if err := txn.Insert(tableOpenIDs, b); err != nil {
			return err
		}
		batch[i].bucket = b
	}
	return nil
}

// heldTxn reports whether the app holds a promoter by id, given with its
// derived ids (open is OpenIDOf(id), union UnionIDOf(id)); it returns
// id's own bucket too (nil when there is none yet), which addpromoter
// files id in.
func heldTxn(txn *memdb.Txn, appid, id, open, union string) (bool, *openIDBucket, error) {
	own, err := first[openIDBucket](txn, tableOpenIDs, indexID, appid, openIDBucketOf(id))
	if err != nil {
		return false, nil, err
	}
	if own != nil {
		if _, ok := slices.BinarySearchFunc(own.Entries, id, compareEntry); ok {
			return true, own, nil
		}
	}
	for _, key := range [...]string{open, union} {
		pid, err := promoterIDByOpenIDTxn(txn, appid, key)
		if err != nil || pid != 0 {
			return pid != 0, own, err
		}
	}
	return false, own, nil
}

// bucketIndex keys an openid bucket as its appid, a zero byte and the
// bucket number in three bytes of at most 16 values each. A radix node
// copied on a write copies all its edges, 16 bytes each: a bucket number
// in one or two whole bytes would put 256 edges under one node, and every
// addpromoter would copy a few of those 4 KB nodes.
type bucketIndex struct{}

// FromObject returns the key of a bucket row.
func (bucketIndex) FromObject(obj any) (bool, []byte, error) {
	b, ok := obj.(*openIDBucket)
	if !ok {
		return false, nil, fmt.Errorf("openid bucket index: %T is not an openid bucket", obj)
	}
	return true, bucketKey(b.AppID, b.Bucket), nil
}

// FromArgs returns the key of (appid string, bucket uint16).
func (bucketIndex) FromArgs(args ...any) ([]byte, error) {
	if len(args) == 2 {
		appid, ok1 := args[0].(string)
		bucket, ok2 := args[1].(uint16)
		if ok1 && ok2 {
			return bucketKey(appid, bucket), nil
		}
	}
	return nil, fmt.Errorf("openid bucket index: want (appid string, bucket uint16), got %v", args)
}

func bucketKey(appid string, bucket uint16) []byte {
	key := make([]byte, 0, len(appid)+4)
	key = append(key, appid...)
	return append(key, 0, byte(bucket>>8), byte(bucket>>4&15), byte(bucket&15))
}

// promoterIDIndex keys a promoter as its appid, a zero byte and its id in
// sixteen half bytes, most significant first, so that an app's promoters
// are in id order. In whole bytes, as memdb's UintFieldIndex writes a
// uint64, the node above the last byte of consecutive ids has up to 256
// edges, and each addpromoter copied it (4 KB) and the one above it; in
// half bytes no node has more than 16. It reads the row without
// reflection.
type promoterIDIndex struct{}

// FromObject returns the key of a promoter row.
func (promoterIDIndex) FromObject(obj any) (bool, []byte, error) {
	p, ok := obj.(*Promoter)
	if !ok {
		return false, nil, fmt.Errorf("promoter id index: %T is not a promoter", obj)
	}
	return true, promoterKey(p.AppID, p.ID), nil
}

// FromArgs returns the key of (appid string, id uint64).
func (promoterIDIndex) FromArgs(args ...any) ([]byte, error) {
	if len(args) == 2 {
		appid, ok1 := args[0].(string)
		id, ok2 := args[1].(uint64)
		if ok1 && ok2 {
			return promoterKey(appid, id), nil
		}
	}
	return nil, fmt.Errorf("promoter id index: want (appid string, id uint64), got %v", args)
}

func promoterKey(appid string, id uint64) []byte {
	key := make([]byte, len(appid)+1, len(appid)+17)
	copy(key, appid)
	for shift := 60; shift >= 0; shift -= 4 {
		key = append(key, byte(id>>shift&15))
	}
	return key
}
