package sim

import "fmt"

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

// promoterKey is the key of the promoter id of app appid.
func promoterKey(appid string, id uint64) []byte {
	key := make([]byte, len(appid)+1, len(appid)+17)
	copy(key, appid)
	for shift := 60; shift >= 0; shift -= 4 {
		key = append(key, byte(id>>shift&15))
	}
	return key
}
