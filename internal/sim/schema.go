package sim

import memdb "github.com/hashicorp/go-memdb"

// Table names.
const (
	tableApps      = "apps"
	tableTokens    = "tokens"
	tableStable    = "stable"
	tableCounters  = "counters"
	tableRoles     = "roles"
	tablePromoters = "promoters"
	tableOpenIDs   = "promoter_openids"
	tableSequences = "sequences"
	tableMedia     = "media"
	tableMerchants = "merchants"
	tableAudits    = "audits"
	tableMapPOIs   = "map_pois"
	tableStores    = "stores"
	tableLegacy    = "legacy_stores"
	// The promoter family's messages and materials.
	tableMessages   = "messages"
	tableClickRules = "click_rules"
	tableShares     = "share_materials"
	tableRelations  = "relations"
	tableOrders     = "orders"
)

// Index names.
const (
	indexID       = "id"
	indexApp      = "app"
	indexState    = "state"
	indexDistrict = "district"
	indexPOI      = "map_poi_id"
	indexTarget   = "target"
	indexPromoter = "promoter"
	indexTradeNo  = "trade_no"
)

// dbSchema returns the schema of every table.
func dbSchema() *memdb.DBSchema {
	return &memdb.DBSchema{Tables: map[string]*memdb.TableSchema{
		tableApps:       appsTableSchema(),
		tableTokens:     tokensTableSchema(),
		tableStable:     stableTableSchema(),
		tableCounters:   countersTableSchema(),
		tableRoles:      rolesTableSchema(),
		tablePromoters:  promotersTableSchema(),
		tableOpenIDs:    openIDsTableSchema(),
		tableSequences:  keyedTableSchema(tableSequences, "Name"),
		tableMedia:      appScopedTableSchema(tableMedia, "MediaID"),
		tableMerchants:  keyedTableSchema(tableMerchants, "AppID"),
		tableAudits:     auditsTableSchema(),
		tableMapPOIs:    mapPOIsTableSchema(),
		tableStores:     storesTableSchema(),
		tableLegacy:     appScopedTableSchema(tableLegacy, "PoiID"),
		tableMessages:   messagesTableSchema(),
		tableClickRules: clickRulesTableSchema(),
		tableShares:     sharesTableSchema(),
		tableRelations:  relationsTableSchema(),
		tableOrders:     ordersTableSchema(),
	}}
}

func appsTableSchema() *memdb.TableSchema {
	return &memdb.TableSchema{Name: tableApps, Indexes: map[string]*memdb.IndexSchema{
		// id: token issuance and every app lookup.
		indexID: {Name: indexID, Unique: true, Indexer: &memdb.StringFieldIndex{Field: "AppID"}},
	}}
}

func tokensTableSchema() *memdb.TableSchema {
	return &memdb.TableSchema{Name: tableTokens, Indexes: map[string]*memdb.IndexSchema{
		// id: the access_token check on every request.
		indexID: {Name: indexID, Unique: true, Indexer: &memdb.StringFieldIndex{Field: "Value"}},
		// app: revoking and pruning an app's older tokens when one is issued.
		indexApp: {Name: indexApp, Indexer: &memdb.StringFieldIndex{Field: "AppID"}},
	}}
}

func stableTableSchema() *memdb.TableSchema {
	return &memdb.TableSchema{Name: tableStable, Indexes: map[string]*memdb.IndexSchema{
		// id: stable_token's current token and force_refresh quota.
		indexID: {Name: indexID, Unique: true, Indexer: &memdb.StringFieldIndex{Field: "AppID"}},
	}}
}

func countersTableSchema() *memdb.TableSchema {
	return &memdb.TableSchema{Name: tableCounters, Indexes: map[string]*memdb.IndexSchema{
		// id: id sequences and the caps of addrole and addpromoter.
		indexID: {Name: indexID, Unique: true, Indexer: &memdb.StringFieldIndex{Field: "AppID"}},
	}}
}

func rolesTableSchema() *memdb.TableSchema {
	return &memdb.TableSchema{Name: tableRoles, Indexes: map[string]*memdb.IndexSchema{
		// id: getrole by role_id, role checks of add/updatepromoter, and an
		// app's roles in role_id order (prefix on appid).
		indexID: {Name: indexID, Unique: true, Indexer: &memdb.CompoundIndex{Indexes: []memdb.Indexer{
			&memdb.StringFieldIndex{Field: "AppID"},
			&memdb.UintFieldIndex{Field: "RoleID"},
		}}},
	}}
}

func promotersTableSchema() *memdb.TableSchema {
	return &memdb.TableSchema{Name: tablePromoters, Indexes: map[string]*memdb.IndexSchema{
		// id: getpromoter's pages in id order (promoterIDIndex: a
		// LowerBound after start_id walks ids ascending) and
		// updatepromoter by id. It is the table's only index: a promoter is
		// found by openid through its app's openid index (promoter_openids.go),
		// which holds 100,000 promoters in a tenth of an index's memory.
		indexID: {Name: indexID, Unique: true, Indexer: promoterIDIndex{}},
	}}
}

func openIDsTableSchema() *memdb.TableSchema {
	return &memdb.TableSchema{Name: tableOpenIDs, Indexes: map[string]*memdb.IndexSchema{
		// id: an app's openid index (openIDIndex), for addpromoter's
		// duplicate check, the openid filter, authorize; by unionid too,
		// since a unionid maps to its openid (UnionIDOf is a bijection),
		// which spares a second set of 100,000 keys.
		indexID: {Name: indexID, Unique: true, Indexer: &memdb.StringFieldIndex{Field: "AppID"}},
	}}
}

// keyedTableSchema is a table with one string key: sequences by name,
// merchants by appid.
func keyedTableSchema(name, field string) *memdb.TableSchema {
	return &memdb.TableSchema{Name: name, Indexes: map[string]*memdb.IndexSchema{
		indexID: {Name: indexID, Unique: true, Indexer: &memdb.StringFieldIndex{Field: field}},
	}}
}

// appScopedTableSchema is a table with a globally unique string id and an
// app index: media by media_id, stores and legacy stores by poi_id.
func appScopedTableSchema(name, field string) *memdb.TableSchema {
	return &memdb.TableSchema{Name: name, Indexes: map[string]*memdb.IndexSchema{
		// id: a mediaid or poi_id named in a request.
		indexID: {Name: indexID, Unique: true, Indexer: &memdb.StringFieldIndex{Field: field}},
		// app: an app's list (get_store_list, getpoilist) and pruning.
		indexApp: {Name: indexApp, Indexer: &memdb.StringFieldIndex{Field: "AppID"}},
	}}
}

func auditsTableSchema() *memdb.TableSchema {
	return &memdb.TableSchema{Name: tableAudits, Indexes: map[string]*memdb.IndexSchema{
		// id: POST /__wxmock/audits/{audit_id}/resolve.
		indexID: {Name: indexID, Unique: true, Indexer: &memdb.UintFieldIndex{Field: "AuditID"}},
		// state: the scheduler's scan of pending audits.
		indexState: {Name: indexState, Indexer: &memdb.StringFieldIndex{Field: "State"}},
	}}
}

func mapPOIsTableSchema() *memdb.TableSchema {
	return &memdb.TableSchema{Name: tableMapPOIs, Indexes: map[string]*memdb.IndexSchema{
		// id: the audit of a created POI (base_id is its audit_id).
		indexID: {Name: indexID, Unique: true, Indexer: &memdb.UintFieldIndex{Field: "BaseID"}},
		// district: search_map_poi over approved POIs of a district.
		indexDistrict: {Name: indexDistrict, Indexer: &memdb.StringFieldIndex{Field: "DistrictID"}},
		// map_poi_id: a store's place, found without a walk over every
		// created POI (a page of stores looks up each one's). Only an
		// approved POI has one, and no two share it (the loader checks).
		indexPOI: {Name: indexPOI, AllowMissing: true, Indexer: &memdb.StringFieldIndex{Field: "MapPOIID"}},
	}}
}

func messagesTableSchema() *memdb.TableSchema {
	return &memdb.TableSchema{Name: tableMessages, Indexes: map[string]*memdb.IndexSchema{
		// id: getmsg by msg_id, an app's messages in sending order for
		// getmsgclickdata, the send limits and forgetting the oldest.
		indexID: {Name: indexID, Unique: true, Indexer: &memdb.CompoundIndex{Indexes: []memdb.Indexer{
			&memdb.StringFieldIndex{Field: "AppID"},
			&memdb.UintFieldIndex{Field: "MsgID"},
		}}},
		// target: the single messages a promoter received today (103011).
		indexTarget: {Name: indexTarget, Indexer: &memdb.CompoundIndex{Indexes: []memdb.Indexer{
			&memdb.StringFieldIndex{Field: "AppID"},
			&memdb.UintFieldIndex{Field: "TargetID"},
		}}},
	}}
}

func clickRulesTableSchema() *memdb.TableSchema {
	return &memdb.TableSchema{Name: tableClickRules, Indexes: map[string]*memdb.IndexSchema{
		// id: the rule a new group send of a msg_type takes its clicks from.
		indexID: {Name: indexID, Unique: true, Indexer: &memdb.CompoundIndex{Indexes: []memdb.Indexer{
			&memdb.StringFieldIndex{Field: "AppID"},
			&memdb.UintFieldIndex{Field: "MsgType"},
		}}},
	}}
}

func sharesTableSchema() *memdb.TableSchema {
	return &memdb.TableSchema{Name: tableShares, Indexes: map[string]*memdb.IndexSchema{
		// id: a material named by its code (a share_path or tag).
		indexID: {Name: indexID, Unique: true, Indexer: &memdb.StringFieldIndex{Field: "Code"}},
		// app: counting and pruning an app's materials.
		indexApp: {Name: indexApp, Indexer: &memdb.StringFieldIndex{Field: "AppID"}},
		// promoter: the same request again answers the same material.
		indexPromoter: {Name: indexPromoter, Indexer: &memdb.CompoundIndex{Indexes: []memdb.Indexer{
			&memdb.StringFieldIndex{Field: "AppID"},
			&memdb.UintFieldIndex{Field: "PromoterID"},
		}}},
	}}
}

// appIDIndex is the unique (appid, id) index of a table whose ids are
// numbered per app.
func appIDIndex() *memdb.IndexSchema {
	return &memdb.IndexSchema{Name: indexID, Unique: true, Indexer: &memdb.CompoundIndex{Indexes: []memdb.Indexer{
		&memdb.StringFieldIndex{Field: "AppID"},
		&memdb.UintFieldIndex{Field: "ID"},
	}}}
}

// promoterRowsIndex is the (appid, promoter id, id) index of reach rows:
// one promoter's rows in id order, so a LowerBound after start_id walks
// one page.
func promoterRowsIndex() *memdb.IndexSchema {
	return &memdb.IndexSchema{Name: indexPromoter, Unique: true, Indexer: &memdb.CompoundIndex{Indexes: []memdb.Indexer{
		&memdb.StringFieldIndex{Field: "AppID"},
		&memdb.UintFieldIndex{Field: "PromoterID"},
		&memdb.UintFieldIndex{Field: "ID"},
	}}}
}

func relationsTableSchema() *memdb.TableSchema {
	return &memdb.TableSchema{Name: tableRelations, Indexes: map[string]*memdb.IndexSchema{
		// id: an order's relation_id, the state export in id order and
		// the loader's duplicate check.
		indexID: appIDIndex(),
		// promoter: getrelation's pages of one promoter's reach records.
		indexPromoter: promoterRowsIndex(),
	}}
}

func ordersTableSchema() *memdb.TableSchema {
	return &memdb.TableSchema{Name: tableOrders, Indexes: map[string]*memdb.IndexSchema{
		// id: the state export in id order and the loader's duplicate check.
		indexID: appIDIndex(),
		// promoter: getorder's pages of one promoter's orders.
		indexPromoter: promoterRowsIndex(),
		// trade_no: PutOrders replacing an order by its transaction id (a
		// refund), getorder's trade_no filter and the loader's duplicate
		// check. go-memdb does not enforce Unique on a secondary index, so
		// every writer looks the key up first.
		indexTradeNo: {Name: indexTradeNo, Unique: true, Indexer: &memdb.CompoundIndex{Indexes: []memdb.Indexer{
			&memdb.StringFieldIndex{Field: "AppID"},
			&memdb.StringFieldIndex{Field: "TradeNo"},
		}}},
	}}
}
