package sim

import (
	memdb "github.com/hashicorp/go-memdb"
)

// RoleSpec is the input of addrole and updaterole; nil fields of an update
// keep their values.
type RoleSpec struct {
	Name *string
	Desc *string
}

// checkRoleSpec applies the length rules of a role (REFERENCE.md: name at
// most 50 bytes, desc at most 200).
func checkRoleSpec(spec RoleSpec, create bool) error {
	if create && (spec.Name == nil || *spec.Name == "") {
		return ErrParamInvalid
	}
	if spec.Name != nil && *spec.Name == "" {
		return ErrParamInvalid
	}
	if spec.Name != nil && len(*spec.Name) > MaxRoleNameBytes {
		return ErrParamTooLong
	}
	if spec.Desc != nil && len(*spec.Desc) > MaxRoleDescBytes {
		return ErrParamTooLong
	}
	return nil
}

// AddRole answers addrole: a new role with the next role_id. An app holds at
// most 100 roles (103005). Role names are unique within an app (103003):
// roles are told apart by name in the MP console, and the documents are
// silent, so wxmock refuses a second role of the same name.
func (s *Sim) AddRole(appid string, spec RoleSpec) (Role, error) {
	if err := checkRoleSpec(spec, true); err != nil {
		return Role{}, err
	}
	var role Role
	err := s.write(func(txn *memdb.Txn) error {
		roles, err := appRoles(txn, appid)
		if err != nil {
			return err
		}
		if len(roles) >= MaxRoles {
			return ErrCountLimit
		}
		for _, r := range roles {
			if r.Name == *spec.Name {
				return ErrDataExists
			}
		}
		cnt, err := countersTxn(txn, appid)
		if err != nil {
			return err
		}
		role = Role{AppID: appid, RoleID: cnt.NextRoleID, Name: *spec.Name}
		if spec.Desc != nil {
			role.Desc = *spec.Desc
		}
		cnt.NextRoleID++
		if err := txn.Insert(tableCounters, cnt); err != nil {
			return err
		}
		return txn.Insert(tableRoles, &role)
	})
	return role, err
}

// Roles answers getrole: the app's roles in role_id order, only role roleID
// when it is not 0 (getrole's one filter, in both SKIT's and WxJava's request
// models), and 103006 when none matches. The slice may be shared with
// other callers: it must not be changed.
func (s *Sim) Roles(appid string, roleID uint32) ([]Role, error) {
	roles, err := s.appRolesCached(appid)
	if err != nil {
		return nil, err
	}
	if roleID == 0 && len(roles) > 0 {
		return roles[:len(roles):len(roles)], nil // an append copies
	}
	var out []Role
	for _, r := range roles {
		if roleID == 0 || r.RoleID == roleID {
			out = append(out, r)
		}
	}
	if len(out) == 0 {
		return nil, ErrDataNotExist
	}
	return out, nil
}

// appRolesCached lists an app's roles in role_id order, from the cache when
// the database has not changed since they were read. The slice is shared:
// callers must not change it.
func (s *Sim) appRolesCached(appid string) ([]Role, error) {
	g, stable := s.stableGen()
	if stable {
		if roles, ok := s.roles.Get(g, appid); ok {
			return roles, nil
		}
	}
	var out []Role
	err := s.read(func(txn *memdb.Txn) error {
		roles, err := appRoles(txn, appid)
		if err != nil {
			return err
		}
		out = make([]Role, len(roles))
		for i, r := range roles {
			out[i] = *r
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if g2, _ := s.stableGen(); stable && g2 == g {
		s.roles.Put(g, appid, out)
	}
	return out, nil
}

// UpdateRole answers updaterole: 103001 unless name or desc is given (WxJava:
// "name和desc二者必填其一"), 103006 for an unknown role_id, 103003 when the new
// name belongs to another role.
func (s *Sim) UpdateRole(appid string, roleID uint32, spec RoleSpec) error {
	if roleID == 0 || (spec.Name == nil && spec.Desc == nil) {
		return ErrParamInvalid
	}
	if err := checkRoleSpec(spec, false); err != nil {
		return err
	}
	return s.write(func(txn *memdb.Txn) error {
		roles, err := appRoles(txn, appid)
		if err != nil {
			return err
		}
		var target *Role
		for _, r := range roles {
			if r.RoleID == roleID {
				target = r
			}
		}
		if target == nil {
			return ErrDataNotExist
		}
		for _, r := range roles {
			if r != target && spec.Name != nil && r.Name == *spec.Name {
				return ErrDataExists
			}
		}
		c := *target
		if spec.Name != nil {
			c.Name = *spec.Name
		}
		if spec.Desc != nil {
			c.Desc = *spec.Desc
		}
		return txn.Insert(tableRoles, &c)
	})
}

// roleExistsTxn reports whether the app has role roleID.
func roleExistsTxn(txn *memdb.Txn, appid string, roleID uint32) (bool, error) {
	if roleID == 0 {
		return false, nil
	}
	r, err := first[Role](txn, tableRoles, indexID, appid, roleID)
	return r != nil, err
}

// countersTxn returns a copy of the app's counters, ready to change.
func countersTxn(txn *memdb.Txn, appid string) (*Counters, error) {
	c, err := first[Counters](txn, tableCounters, indexID, appid)
	if err != nil {
		return nil, err
	}
	if c == nil {
		return &Counters{AppID: appid, NextRoleID: 1, NextPromoterID: 1, NextRelationID: 1, NextOrderID: 1}, nil
	}
	cp := *c
	return &cp, nil
}

// appRoles lists an app's roles in role_id order.
func appRoles(txn *memdb.Txn, appid string) ([]*Role, error) {
	roles, err := all[Role](txn, tableRoles, indexID+"_prefix", appid)
	// The prefix is the appid without its terminator; keep exact matches only.
	out := roles[:0]
	for _, r := range roles {
		if r.AppID == appid {
			out = append(out, r)
		}
	}
	return out, err
}
