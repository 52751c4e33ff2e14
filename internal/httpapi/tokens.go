package httpapi

// token answers GET /cgi-bin/token.
func (s *Server) token(c *call) (any, error) {
	grant, _ := c.body.str("grant_type")
	appid, _ := c.body.str("appid")
	secret, _ := c.body.str("secret")
	c.entry.AppID = appid
	g, err := s.sim.IssueToken(grant, appid, secret)
	if err != nil {
		return nil, err
	}
	return tokenBody{AccessToken: g.AccessToken, ExpiresIn: g.ExpiresIn}, nil
}

// stableToken answers POST /cgi-bin/stable_token.
func (s *Server) stableToken(c *call) (any, error) {
	grant, _ := c.body.str("grant_type")
	appid, _ := c.body.str("appid")
	secret, _ := c.body.str("secret")
	c.entry.AppID = appid
	g, err := s.sim.StableToken(grant, appid, secret, c.body.bool("force_refresh"))
	if err != nil {
		return nil, err
	}
	return tokenBody{AccessToken: g.AccessToken, ExpiresIn: g.ExpiresIn}, nil
}
