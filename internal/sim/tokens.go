package sim

import (
	"fmt"
	"time"

	memdb "github.com/hashicorp/go-memdb"
)

// Token rules (REFERENCE.md, "Tokens and media"; WeChat's getAccessToken and
// getStableAccessToken pages).
const (
	// TokenTTL is the lifetime of every access_token: expires_in 7200.
	TokenTTL = 7200
	// tokenOverlap is how long an older token keeps working after a newer one
	// is issued, and the last stretch of a stable token in which
	// stable_token hands out a new one.
	tokenOverlap = 300
	// forceRefreshPerDay and forceRefreshGap limit stable_token's
	// force_refresh mode: 20 a day, at least 30 s apart.
	forceRefreshPerDay = 20
	forceRefreshGap    = 30
	// tokenKeep is how long an expired token is remembered, so that it is
	// answered 42001 (expired) rather than 40001 (unknown).
	tokenKeep = 24 * 3600
)

// chinaTime is the zone in which WeChat's daily quotas reset.
var chinaTime = time.FixedZone("CST", 8*3600)

// TokenGrant is what both token endpoints answer.
type TokenGrant struct {
	AccessToken string
	ExpiresIn   int64
}

// credentials checks a token request's appid, grant_type and secret in
// WeChat's order: the appid comes before grant_type (REFERENCE.md).
func credentialsTxn(txn *memdb.Txn, grantType, appid, secret string) (*App, error) {
	if appid == "" {
		return nil, ErrAppIDMissing
	}
	app, err := first[App](txn, tableApps, indexID, appid)
	if err != nil {
		return nil, err
	}
	if app == nil {
		return nil, ErrInvalidAppID
	}
	if grantType != "client_credential" {
		return nil, ErrInvalidGrantType
	}
	if secret == "" {
		return nil, ErrSecretMissing
	}
	if secret != app.Secret {
		return nil, ErrInvalidAppSecret
	}
	return app, nil
}

// IssueToken answers GET /cgi-bin/token: every call issues a new token, and
// the app's previous plain tokens keep working for five more minutes at most
// (WeChat: "在刷新过程中...5分钟内，新老access_token都可用").
func (s *Sim) IssueToken(grantType, appid, secret string) (TokenGrant, error) {
	var grant TokenGrant
	err := s.write(func(txn *memdb.Txn) error {
		if _, err := credentialsTxn(txn, grantType, appid, secret); err != nil {
			return err
		}
		now := s.Now().Unix()
		if err := retireTokensTxn(txn, appid, TokenKindPlain, now, now+tokenOverlap); err != nil {
			return err
		}
		tok, err := s.newTokenTxn(txn, appid, TokenKindPlain, now)
		grant = TokenGrant{AccessToken: tok.Value, ExpiresIn: TokenTTL}
		return err
	})
	return grant, err
}

// StableToken answers POST /cgi-bin/stable_token. In normal mode it hands out
// the current stable token until its last five minutes, then a new one while
// the old one stays valid to its end ("任意时刻...expires_in>= 300").
// force_refresh issues a new token at once and retires the old one ("会导致上次
// 获取的 access_token 失效"), at most 20 times a day (45009 after that, as a
// community-reported reply shows); a force_refresh within 30 s of the last
// one is not refreshed ("请保证调用时间隔至少为 30s，否则不会刷新") and gets
// the current token. Source: getStableAccessToken, mini-game and service
// account docs.
func (s *Sim) StableToken(grantType, appid, secret string, force bool) (TokenGrant, error) {
	var grant TokenGrant
	err := s.write(func(txn *memdb.Txn) error {
		if _, err := credentialsTxn(txn, grantType, appid, secret); err != nil {
			return err
		}
		now := s.Now().Unix()
		st, err := first[StableState](txn, tableStable, indexID, appid)
		if err != nil {
			return err
		}
		next := StableState{AppID: appid}
		if st != nil {
			next = *st
		}
		if !force && next.Current != "" {
			cur, err := first[Token](txn, tableTokens, indexID, next.Current)
			if err != nil {
				return err
			}
			if cur != nil && cur.RevokedAt == 0 && now < cur.ExpiresAt-tokenOverlap {
				grant = TokenGrant{AccessToken: cur.Value, ExpiresIn: cur.ExpiresAt - now}
				return nil
			}
		}
		if force {
			day := time.Unix(now, 0).In(chinaTime).Format(time.DateOnly)
			if next.ForceDay != day {
				next.ForceDay, next.ForceCount = day, 0
			}
			// Within 30 s of the last force refresh nothing is refreshed, so
			// nothing counts against the daily quota either.
			if next.LastForce != 0 && now-next.LastForce < forceRefreshGap {
				cur, err := first[Token](txn, tableTokens, indexID, next.Current)
				if err != nil {
					return err
				}
				if cur != nil && now < cur.ExpiresAt {
					grant = TokenGrant{AccessToken: cur.Value, ExpiresIn: cur.ExpiresAt - now}
					return nil
				}
			}
			if next.ForceCount >= forceRefreshPerDay {
				return ErrDailyQuota
			}
			next.ForceCount++
			next.LastForce = now
			if err := retireTokensTxn(txn, appid, TokenKindStable, now, now); err != nil {
				return err
			}
		}
		tok, err := s.newTokenTxn(txn, appid, TokenKindStable, now)
		if err != nil {
			return err
		}
		next.Current = tok.Value
		grant = TokenGrant{AccessToken: tok.Value, ExpiresIn: TokenTTL}
		return txn.Insert(tableStable, &next)
	})
	return grant, err
}

// newTokenTxn issues a token of kind for appid.
func (s *Sim) newTokenTxn(txn *memdb.Txn, appid, kind string, now int64) (*Token, error) {
	tok := &Token{
		Value:     fmt.Sprintf("%02d_%s", 80+s.rnd.Uint32()%10, s.rnd.String(134, alphaToken)),
		AppID:     appid,
		Kind:      kind,
		IssuedAt:  now,
		ExpiresAt: now + TokenTTL,
	}
	return tok, txn.Insert(tableTokens, tok)
}

// retireTokensTxn retires the app's live tokens of kind when a new one is
// issued. The newest of them keeps working until until (never later than
// it would anyway): WeChat keeps "新老" tokens, the new and the one before
// it, usable for five minutes. Older ones, already replaced, stop at once.
// Tokens that can no longer work are forgotten, except expired ones, kept a
// day so that they are answered 42001 rather than 40001; so an app holds a
// handful of tokens however often a client asks, on a frozen clock too.
func retireTokensTxn(txn *memdb.Txn, appid, kind string, now, until int64) error {
	toks, err := all[Token](txn, tableTokens, indexApp, appid)
	if err != nil {
		return err
	}
	var newest *Token
	for _, t := range toks {
		if t.Kind != kind {
			continue
		}
		switch {
		case t.ExpiresAt+tokenKeep < now, t.RevokedAt != 0 && t.RevokedAt <= now:
			if err := txn.Delete(tableTokens, t); err != nil {
				return err
			}
		case t.ExpiresAt > now && (newest == nil || t.IssuedAt >= newest.IssuedAt):
			newest = t
		}
	}
	for _, t := range toks {
		if t.Kind != kind || t.ExpiresAt <= now || (t.RevokedAt != 0 && t.RevokedAt <= now) {
			continue
		}
		stop := until
		if t != newest {
			stop = now
		}
		if t.ExpiresAt <= stop || (t.RevokedAt != 0 && t.RevokedAt <= stop) {
			continue
		}
		if stop <= now {
			if err := txn.Delete(tableTokens, t); err != nil {
				return err
			}
			continue
		}
		c := *t
		c.RevokedAt = stop
		if err := txn.Insert(tableTokens, &c); err != nil {
			return err
		}
	}
	return nil
}

// Authenticate returns the appid an access_token belongs to: 41001 when it
// is missing, 42001 when it has expired, 40001 when it is unknown or was
// replaced by a newer one more than five minutes ago. A known token is
// cached until the next write; its expiry is checked on the clock on every
// call all the same.
func (s *Sim) Authenticate(token string) (string, error) {
	return s.AuthenticateAt(token, s.Now())
}

// AuthenticateAt is Authenticate at now, a reading of the clock the caller
// already has: the adapter reads it once a call.
func (s *Sim) AuthenticateAt(token string, now time.Time) (string, error) {
	if token == "" {
		return "", ErrTokenMissing
	}
	t, found, err := s.lookupToken(token)
	if err != nil {
		return "", err
	}
	switch now := now.Unix(); {
	case !found:
		return "", ErrInvalidCredential
	case now >= t.ExpiresAt:
		return "", ErrTokenExpired
	case t.RevokedAt != 0 && now >= t.RevokedAt:
		return "", ErrInvalidCredential
	}
	return t.AppID, nil
}

// lookupToken returns a copy of the token row of value token and whether
// there is one, from the cache when the database has not changed since it
// was read.
func (s *Sim) lookupToken(token string) (Token, bool, error) {
	g, stable := s.stableGen()
	if stable {
		if t, ok := s.tokens.Get(g, token); ok {
			return t, true, nil
		}
	}
	var row *Token
	err := s.read(func(txn *memdb.Txn) error {
		t, err := first[Token](txn, tableTokens, indexID, token)
		row = t
		return err
	})
	if err != nil || row == nil {
		return Token{}, false, err
	}
	if g2, _ := s.stableGen(); stable && g2 == g {
		s.tokens.Put(g, token, *row)
	}
	return *row, true, nil
}
