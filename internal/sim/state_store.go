package sim

import (
	"fmt"
	"strconv"
)

// maxSequenceID bounds the ids that the global sequences draw (audit ids,
// store poi_ids, map POI rich_ids, msg_ids) in an imported state, and
// their next values. Clients read these ids as JSON numbers, exact below
// 2^53, and pushes carry them as signed 64-bit numbers; from 2^53 a
// sequence draws 2^63-2^53 ids before it leaves that range, so no
// imported sequence wraps.
const maxSequenceID = 1 << 53

// sequenceStart is where the named sequence starts drawing. The API never
// draws an audit id, poi_id or rich_id below it, so the loader refuses
// such ids. ok is false for a name no sequence has.
func sequenceStart(name string) (start uint64, ok bool) {
	switch name {
	case seqAudit:
		return firstAuditID, true
	case seqPoi:
		return firstPoiID, true
	case seqMapPOI:
		return firstRichID, true
	case seqMsg:
		return firstMsgID, true
	}
	return 0, false
}

// loadSequences checks and inserts the sequences: each a known one, its
// next value from its start to maxSequenceID. The msg sequence may stand
// lower, from 1: it follows imported msg_ids below its start, as
// loadMessages moves it.
func (l *loader) loadSequences(seqs []Sequence) error {
	for i := range seqs {
		s := seqs[i]
		start, ok := sequenceStart(s.Name)
		if !ok {
			return fmt.Errorf("sequences[%d]: unknown name %q (the sequences are %s, %s, %s and %s)", i, s.Name, seqAudit, seqPoi, seqMapPOI, seqMsg)
		}
		if s.Name == seqMsg {
			start = 1
		}
		if s.Next < start || s.Next > maxSequenceID {
			return fmt.Errorf("sequences[%d]: next of %s must be from %d to %d", i, s.Name, start, uint64(maxSequenceID))
		}
		if err := l.insertNew(tableSequences, &s, s.Name); err != nil {
			return fmt.Errorf("sequences[%d]: %w", i, err)
		}
	}
	return nil
}

// sequenceIDError says that an id is not one its sequence draws.
func sequenceIDError(row, field string, id any, seq string) error {
	start, _ := sequenceStart(seq)
	return fmt.Errorf("%s: %s %v is not an id of the %s sequence (from %d to below %d)", row, field, id, seq, start, uint64(maxSequenceID))
}

// inSequence reports whether id is one the sequence seq draws.
func inSequence(seq string, id uint64) bool {
	start, _ := sequenceStart(seq)
	return id >= start && id < maxSequenceID
}

// storePoiID reads the poi_id of a store the poi sequence numbered (not a
// migrated one, which keeps its legacy id): its decimal digits as
// FormatUint writes them.
func storePoiID(s *Store) (uint64, bool) {
	n, err := strconv.ParseUint(s.PoiID, 10, 64)
	return n, err == nil && strconv.FormatUint(n, 10) == s.PoiID && inSequence(seqPoi, n)
}

// bumpSequences checks that every imported id drawn from a global
// sequence lies in its range, and moves each sequence past the largest
// such id, so a new audit, place or store never takes an id in use.
func (l *loader) bumpSequences(st *State) error {
	need := map[string]uint64{}
	for i, a := range st.Audits {
		if !inSequence(seqAudit, a.AuditID) {
			return sequenceIDError(fmt.Sprintf("audits[%d]", i), "audit_id", a.AuditID, seqAudit)
		}
		need[seqAudit] = max(need[seqAudit], a.AuditID+1)
	}
	for i, p := range st.MapPOIs {
		if !inSequence(seqAudit, p.BaseID) {
			return sequenceIDError(fmt.Sprintf("map_pois[%d]", i), "base_id", p.BaseID, seqAudit)
		}
		if !inSequence(seqMapPOI, p.RichID) {
			return sequenceIDError(fmt.Sprintf("map_pois[%d]", i), "rich_id", p.RichID, seqMapPOI)
		}
		need[seqAudit] = max(need[seqAudit], p.BaseID+1)
		need[seqMapPOI] = max(need[seqMapPOI], p.RichID+1)
	}
	for i := range st.Stores {
		s := &st.Stores[i]
		if s.IsUpgrade == 1 {
			continue
		}
		n, ok := storePoiID(s)
		if !ok {
			return sequenceIDError(fmt.Sprintf("stores[%d]", i), "poi_id", strconv.Quote(s.PoiID), seqPoi)
		}
		need[seqPoi] = max(need[seqPoi], n+1)
	}
	for _, name := range []string{seqAudit, seqMapPOI, seqPoi} {
		if err := bumpSequenceTxn(l, name, need[name]); err != nil {
			return err
		}
	}
	return nil
}

// storeIndex finds the imported rows of the store family by their ids,
// as indexes into the State's lists.
type storeIndex struct {
	audits    map[uint64]int
	media     map[string]int
	merchants map[string]int
	pois      map[uint64]int // by base_id
	stores    map[string]int
	legacy    map[string]int
	// places are the map_poi_ids of the approved created places, with
	// their districtid.
	places map[string]string
}

func newStoreIndex(st *State) *storeIndex {
	x := &storeIndex{audits: map[uint64]int{}, media: map[string]int{}, merchants: map[string]int{}, pois: map[uint64]int{},
		stores: map[string]int{}, legacy: map[string]int{}, places: map[string]string{}}
	for i, a := range st.Audits {
		x.audits[a.AuditID] = i
	}
	for i, m := range st.Media {
		x.media[m.MediaID] = i
	}
	for i, m := range st.Merchants {
		x.merchants[m.AppID] = i
	}
	for i, p := range st.MapPOIs {
		x.pois[p.BaseID] = i
		if p.Status == MapPOIApproved {
			x.places[p.MapPOIID] = p.DistrictID
		}
	}
	for i, s := range st.Stores {
		x.stores[s.PoiID] = i
	}
	for i, l := range st.LegacyStores {
		x.legacy[l.PoiID] = i
	}
	return x
}

// checkStoreFamily checks the store family's rows against each other:
// what each names exists and belongs to its app, and every rule the API
// enforces on its rows holds for imported ones too. The rows are loaded
// already, each with a unique id.
func (l *loader) checkStoreFamily(st *State) error {
	if err := l.bumpSequences(st); err != nil {
		return err
	}
	poiNext := uint64(firstPoiID)
	if seq, err := first[Sequence](l.txn, tableSequences, indexID, seqPoi); err != nil {
		return err
	} else if seq != nil {
		poiNext = seq.Next
	}
	x := newStoreIndex(st)
	for _, check := range []func() error{
		func() error { return checkMedia(st) },
		func() error { return x.checkMerchantFields(st, l.catalog) },
		func() error { return checkMapPOIFields(st, l.catalog) },
		func() error { return x.checkStoreFieldRows(st) },
		func() error { return checkLegacyFields(st) },
		func() error { return x.checkMerchants(st) },
		func() error { return x.checkMapPOIs(st) },
		func() error { return x.checkPlaceIDs(st, l.catalog) },
		func() error { return x.checkStores(st, l.catalog) },
		func() error { return x.checkLegacy(st) },
		func() error { return x.checkAudits(st, poiNext) },
		func() error { return x.checkMerchantRules(st) },
		func() error { return x.checkStoreRules(st, l.catalog) },
	} {
		if err := check(); err != nil {
			return err
		}
	}
	return nil
}
