package httpapi

import (
	"slices"
	"strconv"

	"github.com/wxmock/wxmock/internal/sim"
)

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
	if roleID == 0 {
		return s.roleMemos.answer(c.appid, roles), nil // the sim's shared slice
	}
	return getRoleAnswer(roles), nil // a slice of its own
}

// getRoleAnswer is getrole's answer, written from the sim's roles as
// encoding/json writes getRoleBody (a test holds the two to the same
// bytes): no copy of the roles into wire values, no reflection.
type getRoleAnswer []sim.Role

func (a getRoleAnswer) appendJSON(dst []byte) []byte {
	n := 64
	for i := range a {
		n += 48 + len(a[i].Name) + len(a[i].Desc)
	}
	dst = slices.Grow(dst, n)
	dst = append(dst, `{"role_list":[`...)
	for i := range a {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, `{"role_id":`...)
		dst = strconv.AppendUint(dst, uint64(a[i].RoleID), 10)
		dst = append(dst, `,"name":`...)
		dst = appendString(dst, a[i].Name)
		dst = append(dst, `,"desc":`...)
		dst = appendString(dst, a[i].Desc)
		dst = append(dst, '}')
	}
	dst = append(dst, `],"total_cnt":`...)
	dst = strconv.AppendInt(dst, int64(len(a)), 10)
	return append(dst, `,"errcode":0,"errmsg":"OK"}`...)
}

func (getRoleAnswer) keysFixed() {}

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
