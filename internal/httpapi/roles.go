package httpapi

import "github.com/wxmock/wxmock/internal/sim"

// addRole answers POST /promoter/addrole.
func (s *Server) addRole(c *call) (any, error) {
	role, err := s.sim.AddRole(c.appid, sim.RoleSpec{Name: c.body.strp("name"), Desc: c.body.strp("desc")})
	if err != nil {
		return nil, err
	}
	return addRoleBody{roleWire: roleWire{RoleID: role.RoleID, Name: role.Name, Desc: role.Desc}, ErrMsg: "ok"}, nil
}

// getRole answers POST /promoter/getrole.
func (s *Server) getRole(c *call) (any, error) {
	roleID, _ := c.body.uint("role_id", maxUint32)
	roles, err := s.sim.Roles(c.appid, uint32(roleID))
	if err != nil {
		return nil, err
	}
	out := getRoleBody{RoleList: make([]roleWire, 0, len(roles)), TotalCnt: len(roles), ErrMsg: "OK"}
	for _, r := range roles {
		out.RoleList = append(out.RoleList, roleWire{RoleID: r.RoleID, Name: r.Name, Desc: r.Desc})
	}
	return out, nil
}

// updateRole answers POST /promoter/updaterole.
func (s *Server) updateRole(c *call) (any, error) {
	roleID, ok := c.body.uint("role_id", maxUint32)
	if !ok {
		return nil, sim.ErrParamInvalid
	}
	if err := s.sim.UpdateRole(c.appid, uint32(roleID), sim.RoleSpec{Name: c.body.strp("name"), Desc: c.body.strp("desc")}); err != nil {
		return nil, err
	}
	return promoterOK, nil
}
