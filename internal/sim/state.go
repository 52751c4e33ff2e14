package sim

import (
	"errors"
	"fmt"
	"math"

	memdb "github.com/hashicorp/go-memdb"
)

// StateVersion is the version of the state format that Export writes.
const StateVersion = 1

// State is a whole simulator state: what GET /__wxmock/state exports and
// PUT /__wxmock/state imports, and the format of the embedded default state.
// Every list is in its table's id order, so an export of an import of an
// export is the same document.
type State struct {
	Version   int           `json:"version"`
	Apps      []App         `json:"apps"`
	Tokens    []Token       `json:"tokens"`
	Stable    []StableState `json:"stable_tokens"`
	Counters  []Counters    `json:"counters"`
	Roles     []Role        `json:"roles"`
	Promoters []Promoter    `json:"promoters"`
	// The store family (seed 001).
	Sequences    []Sequence    `json:"sequences"`
	Media        []Media       `json:"media"`
	Merchants    []Merchant    `json:"merchants"`
	Audits       []Audit       `json:"audits"`
	MapPOIs      []MapPOI      `json:"map_pois"`
	Stores       []Store       `json:"stores"`
	LegacyStores []LegacyStore `json:"legacy_stores"`
	// The promoter family's messages and materials.
	Messages       []Message       `json:"messages"`
	ClickRules     []ClickRule     `json:"click_rules"`
	ShareMaterials []ShareMaterial `json:"share_materials"`
	// The promoters' reach records and orders (getrelation, getorder).
	Relations []Relation `json:"relations"`
	Orders    []Order    `json:"orders"`
}

// Export returns a copy of the whole state.
func (s *Sim) Export() (*State, error) {
	st := &State{Version: StateVersion}
	err := s.read(func(txn *memdb.Txn) error {
		return errors.Join(
			exportTable(txn, tableApps, &st.Apps),
			exportTable(txn, tableTokens, &st.Tokens),
			exportTable(txn, tableStable, &st.Stable),
			exportTable(txn, tableCounters, &st.Counters),
			exportTable(txn, tableRoles, &st.Roles),
			exportTable(txn, tablePromoters, &st.Promoters),
			exportTable(txn, tableSequences, &st.Sequences),
			exportTable(txn, tableMedia, &st.Media),
			exportTable(txn, tableMerchants, &st.Merchants),
			exportTable(txn, tableAudits, &st.Audits),
			exportTable(txn, tableMapPOIs, &st.MapPOIs),
			exportTable(txn, tableStores, &st.Stores),
			exportTable(txn, tableLegacy, &st.LegacyStores),
			exportTable(txn, tableMessages, &st.Messages),
			exportTable(txn, tableClickRules, &st.ClickRules),
			exportTable(txn, tableShares, &st.ShareMaterials),
			exportTable(txn, tableRelations, &st.Relations),
			exportTable(txn, tableOrders, &st.Orders),
		)
	})
	return st, err
}

func exportTable[T any](txn *memdb.Txn, table string, dst *[]T) error {
	rows, err := all[T](txn, table, indexID)
	*dst = make([]T, 0, len(rows))
	for _, r := range rows {
		*dst = append(*dst, *r)
	}
	return err
}

// Replace swaps the whole state for st after checking it; on any error the
// current state stays as it was.
func (s *Sim) Replace(st *State) error {
	var db *memdb.MemDB
	if b := s.base; b != nil && st == b.state && b.catalog == s.catalog && b.built.caps == s.caps {
		db = b.built.db.Snapshot()
	} else {
		var err error
		if db, err = buildDB(st, s.caps, s.catalog); err != nil {
			return err
		}
	}
	s.mu.Lock()
	s.db = db
	// Under the lock, so that a read that sees the new database also sees
	// the new generation (stableGen).
	s.gen.Add(2)
	s.mu.Unlock()
	return nil
}

// buildDB loads st into a new database, checking every reference and
// recomputing the running totals of each app.
func buildDB(st *State, caps reachCaps, catalog *Catalog) (*memdb.MemDB, error) {
	if st == nil {
		return nil, errors.New("state: no state given")
	}
	if st.Version != StateVersion {
		return nil, fmt.Errorf("state: version %d, want %d", st.Version, StateVersion)
	}
	db, err := memdb.NewMemDB(dbSchema())
	if err != nil {
		return nil, err
	}
	txn := db.Txn(true)
	defer txn.Abort()
	l := loader{txn: txn, openIDs: openIDFiler{txn: txn}, apps: map[string]bool{}, counters: map[string]*Counters{}, roles: map[string]int{}, caps: caps, catalog: catalog}
	if err := l.load(st); err != nil {
		return nil, fmt.Errorf("state: %w", err)
	}
	txn.Commit()
	return db, nil
}

// loader checks and inserts the rows of a State.
type loader struct {
	txn      *memdb.Txn
	openIDs  openIDFiler // files the promoters' openids in l.txn
	apps     map[string]bool
	counters map[string]*Counters
	roles    map[string]int // roles per app
	caps     reachCaps
	// catalog holds the places a store may stand at and the districts and
	// categories the store family's rows name.
	catalog *Catalog
}

// Bounds of imported ids: an app must be able to grow to its caps from any
// imported state without its sequences overflowing, and promoter, relation
// and order ids stay below the largest id the API accepts as start_id (a
// signed 64-bit number).
const (
	maxRoleID     = math.MaxUint32 - MaxRoles
	maxPromoterID = math.MaxInt64 - MaxRecords
	maxRelationID = math.MaxInt64 - MaxRelations
	maxOrderID    = math.MaxInt64 - MaxOrders
)

func (l *loader) load(st *State) error {
	for i := range st.Apps {
		a := st.Apps[i]
		if a.Push.Mode == "" { // a state written before push settings existed
			a.Push.Mode = PushPlain
		}
		if err := validateApp(&a); err != nil {
			return fmt.Errorf("apps[%d]: %w", i, err)
		}
		if l.apps[a.AppID] {
			return fmt.Errorf("apps[%d]: appid %s listed twice", i, a.AppID)
		}
		l.apps[a.AppID] = true
		l.counters[a.AppID] = &Counters{AppID: a.AppID, NextRoleID: 1, NextPromoterID: 1, NextRelationID: 1, NextOrderID: 1}
		if err := l.txn.Insert(tableApps, &a); err != nil {
			return err
		}
	}
	for i, c := range st.Counters {
		if !l.apps[c.AppID] {
			return fmt.Errorf("counters[%d]: unknown appid %q", i, c.AppID)
		}
		if c.NextRoleID > maxRoleID || c.NextPromoterID > maxPromoterID {
			return fmt.Errorf("counters[%d]: next_role_id at most %d and next_promoter_id at most %d", i, maxRoleID, maxPromoterID)
		}
		if c.NextRelationID > maxRelationID || c.NextOrderID > maxOrderID {
			return fmt.Errorf("counters[%d]: next_relation_id at most %d and next_order_id at most %d", i, maxRelationID, maxOrderID)
		}
		l.counters[c.AppID].NextRoleID = max(c.NextRoleID, 1)
		l.counters[c.AppID].NextPromoterID = max(c.NextPromoterID, 1)
		l.counters[c.AppID].NextRelationID = max(c.NextRelationID, 1)
		l.counters[c.AppID].NextOrderID = max(c.NextOrderID, 1)
	}
	if err := l.loadTokens(st); err != nil {
		return err
	}
	if err := l.loadRoles(st.Roles); err != nil {
		return err
	}
	if err := l.loadPromoters(st.Promoters); err != nil {
		return err
	}
	if err := l.loadStoreFamily(st); err != nil {
		return err
	}
	if err := l.loadMessages(st); err != nil {
		return err
	}
	if err := l.loadReach(st); err != nil {
		return err
	}
	for _, c := range l.counters {
		if err := l.txn.Insert(tableCounters, c); err != nil {
			return err
		}
	}
	return nil
}

func (l *loader) loadTokens(st *State) error {
	for i := range st.Tokens {
		t := st.Tokens[i]
		if !l.apps[t.AppID] || t.Value == "" || (t.Kind != TokenKindPlain && t.Kind != TokenKindStable) {
			return fmt.Errorf("tokens[%d]: needs a known appid, a value and kind %q or %q", i, TokenKindPlain, TokenKindStable)
		}
		if err := l.insertNew(tableTokens, &t, t.Value); err != nil {
			return fmt.Errorf("tokens[%d]: %w", i, err)
		}
	}
	for i := range st.Stable {
		ss := st.Stable[i]
		if !l.apps[ss.AppID] {
			return fmt.Errorf("stable_tokens[%d]: unknown appid %q", i, ss.AppID)
		}
		if err := l.insertNew(tableStable, &ss, ss.AppID); err != nil {
			return fmt.Errorf("stable_tokens[%d]: %w", i, err)
		}
	}
	return nil
}

func (l *loader) loadRoles(roles []Role) error {
	for i := range roles {
		r := roles[i]
		if !l.apps[r.AppID] {
			return fmt.Errorf("roles[%d]: unknown appid %q", i, r.AppID)
		}
		if r.RoleID == 0 || r.RoleID >= maxRoleID || checkRoleSpec(RoleSpec{Name: &r.Name, Desc: &r.Desc}, true) != nil {
			return fmt.Errorf("roles[%d]: needs a role_id below %d, a name of 1 to %d bytes and a desc of at most %d", i, maxRoleID, MaxRoleNameBytes, MaxRoleDescBytes)
		}
		if err := l.insertNew(tableRoles, &r, r.AppID, r.RoleID); err != nil {
			return fmt.Errorf("roles[%d]: %w", i, err)
		}
		c := l.counters[r.AppID]
		c.NextRoleID = max(c.NextRoleID, r.RoleID+1)
		if l.roles[r.AppID]++; l.roles[r.AppID] > MaxRoles {
			return fmt.Errorf("roles[%d]: app %s holds more than %d roles", i, r.AppID, MaxRoles)
		}
	}
	return nil
}

func (l *loader) loadPromoters(ps []Promoter) error {
	for i := range ps {
		p := ps[i]
		if err := l.checkPromoter(&p); err != nil {
			return fmt.Errorf("promoters[%d]: %w", i, err)
		}
		if err := l.insertNewPromoter(&p); err != nil {
			return fmt.Errorf("promoters[%d]: %w", i, err)
		}
		c := l.counters[p.AppID]
		c.NextPromoterID = max(c.NextPromoterID, p.ID+1)
		c.Records++
		if p.DeclStatus == DeclDeclared {
			c.Declared++
		}
		if c.Records > MaxRecords || c.Declared > MaxDeclared {
			return fmt.Errorf("promoters[%d]: app %s holds more than %d promoters or %d declared", i, p.AppID, MaxRecords, MaxDeclared)
		}
	}
	return nil
}

func (l *loader) checkPromoter(p *Promoter) error {
	if !l.apps[p.AppID] {
		return fmt.Errorf("unknown appid %q", p.AppID)
	}
	if p.ID == 0 || p.ID >= maxPromoterID || !ValidOpenID(p.OpenID) {
		return fmt.Errorf("needs an id below %d and an openid of 28 characters starting with o", maxPromoterID)
	}
	if ok, err := roleExistsTxn(l.txn, p.AppID, p.RoleID); err != nil || !ok {
		return fmt.Errorf("unknown role_id %d", p.RoleID)
	}
	if checkFields(&p.RetailID, &p.ExtraInfo, &p.Name, &p.Phone) != nil {
		return errors.New("a field is longer than the promoter API allows")
	}
	if p.AuthStatus < AuthNone || p.AuthStatus > AuthCancelled || (p.DeclStatus != DeclDeclared && p.DeclStatus != DeclCancelled) {
		return errors.New("auth_status must be 0 to 2 and decl_status 1 or 2")
	}
	if p.MsgReceive < ReceiveAccept || p.MsgReceive > ReceiveFail {
		return errors.New("msg_receive must be 0 (accept), 1 (refuse) or 2 (fail)")
	}
	if held, err := findPromoterTxn(l.txn, p.AppID, p.OpenID); err != nil || held != nil {
		return fmt.Errorf("openid %s is held already, itself or by its unionid", p.OpenID)
	}
	return nil
}

// insertNewPromoter inserts p, with its openid, unless its app already
// holds its id.
func (l *loader) insertNewPromoter(p *Promoter) error {
	old, err := first[Promoter](l.txn, tablePromoters, indexID, p.AppID, p.ID)
	if err != nil {
		return err
	}
	if old != nil {
		return fmt.Errorf("id %v listed twice", []any{p.AppID, p.ID})
	}
	if err := l.txn.Insert(tablePromoters, p); err != nil {
		return err
	}
	return l.openIDs.file(p)
}

// insertNew inserts obj unless its table already holds that id.
func (l *loader) insertNew(table string, obj any, id ...any) error {
	old, err := l.txn.First(table, indexID, id...)
	if err != nil {
		return err
	}
	if old != nil {
		return fmt.Errorf("id %v listed twice", id)
	}
	return l.txn.Insert(table, obj)
}

// loadStoreFamily loads the store family's tables: every row must belong
// to a known app and have a unique id, and checkStoreFamily holds.
func (l *loader) loadStoreFamily(st *State) error {
	if err := l.loadSequences(st.Sequences); err != nil {
		return err
	}
	type row struct {
		table, what string
		n           int
		get         func(i int) (obj any, appid string, id any)
	}
	rows := []row{
		{tableMedia, "media", len(st.Media), func(i int) (any, string, any) { return &st.Media[i], st.Media[i].AppID, st.Media[i].MediaID }},
		{tableMerchants, "merchants", len(st.Merchants), func(i int) (any, string, any) { return &st.Merchants[i], st.Merchants[i].AppID, st.Merchants[i].AppID }},
		{tableAudits, "audits", len(st.Audits), func(i int) (any, string, any) { return &st.Audits[i], st.Audits[i].AppID, st.Audits[i].AuditID }},
		{tableMapPOIs, "map_pois", len(st.MapPOIs), func(i int) (any, string, any) { return &st.MapPOIs[i], st.MapPOIs[i].AppID, st.MapPOIs[i].BaseID }},
		{tableStores, "stores", len(st.Stores), func(i int) (any, string, any) { return &st.Stores[i], st.Stores[i].AppID, st.Stores[i].PoiID }},
		{tableLegacy, "legacy_stores", len(st.LegacyStores), func(i int) (any, string, any) {
			return &st.LegacyStores[i], st.LegacyStores[i].AppID, st.LegacyStores[i].PoiID
		}},
	}
	for _, r := range rows {
		for i := 0; i < r.n; i++ {
			obj, appid, id := r.get(i)
			if !l.apps[appid] {
				return fmt.Errorf("%s[%d]: unknown appid %q", r.what, i, appid)
			}
			if err := l.insertNew(r.table, obj, id); err != nil {
				return fmt.Errorf("%s[%d]: %w", r.what, i, err)
			}
		}
	}
	return l.checkStoreFamily(st)
}
