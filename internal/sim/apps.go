package sim

import (
	"cmp"
	"encoding/base64"
	"fmt"
	"net/url"
	"strings"

	memdb "github.com/hashicorp/go-memdb"
)

// DefaultRoleName is the role every new app starts with, as role_id 1
// (REFERENCE.md: "a default role named 推广员 exists").
const DefaultRoleName = "推广员"

// Identifier shapes of apps.
var (
	appIDPattern      = lazyRegexp(`^wx[0-9a-f]{16}$`)
	secretPattern     = lazyRegexp(`^[0-9a-f]{32}$`)
	originalIDPattern = lazyRegexp(`^gh_[0-9a-f]{12}$`)
)

// AppSpec describes an app to create or replace; empty fields are generated.
type AppSpec struct {
	AppID      string
	Secret     string
	Name       string
	OriginalID string
	Push       Push
}

// PutApp creates the app, or replaces the settings of an existing one while
// keeping its data and tokens; a setting left empty keeps its value. A new
// app gets the default role 1.
func (s *Sim) PutApp(spec AppSpec) (App, error) {
	if spec.AppID != "" {
		old, err := s.App(spec.AppID)
		if err != nil {
			return App{}, err
		}
		if old != nil {
			spec.Secret = cmp.Or(spec.Secret, old.Secret)
			spec.OriginalID = cmp.Or(spec.OriginalID, old.OriginalID)
			spec.Name = cmp.Or(spec.Name, old.Name)
			if spec.Push == (Push{}) {
				spec.Push = old.Push
			}
		}
	}
	if spec.AppID == "" {
		spec.AppID = "wx" + s.rnd.String(16, alphaHex)
	}
	if spec.Secret == "" {
		spec.Secret = s.rnd.String(32, alphaHex)
	}
	if spec.OriginalID == "" {
		spec.OriginalID = "gh_" + s.rnd.String(12, alphaHex)
	}
	spec.Push.Mode = cmp.Or(spec.Push.Mode, PushPlain)
	app := App{AppID: spec.AppID, Secret: spec.Secret, Name: spec.Name, OriginalID: spec.OriginalID, Push: spec.Push}
	if err := validateApp(&app); err != nil {
		return App{}, err
	}
	err := s.write(func(txn *memdb.Txn) error {
		old, err := first[App](txn, tableApps, indexID, app.AppID)
		if err != nil {
			return err
		}
		if old != nil {
			app.CreatedAt = old.CreatedAt
			return txn.Insert(tableApps, &app)
		}
		app.CreatedAt = s.Now().Unix()
		return createAppTxn(txn, &app)
	})
	return app, err
}

// createAppTxn inserts a new app with its counters and default role.
func createAppTxn(txn *memdb.Txn, app *App) error {
	if err := txn.Insert(tableApps, app); err != nil {
		return err
	}
	if err := txn.Insert(tableCounters, &Counters{AppID: app.AppID, NextRoleID: 2, NextPromoterID: 1, NextRelationID: 1, NextOrderID: 1}); err != nil {
		return err
	}
	return txn.Insert(tableRoles, &Role{AppID: app.AppID, RoleID: 1, Name: DefaultRoleName})
}

// validateApp checks an app's identifiers; it names the first bad field.
func validateApp(app *App) error {
	switch {
	case !appIDPattern().MatchString(app.AppID):
		return fmt.Errorf("appid %q: want wx followed by 16 lowercase hex digits", app.AppID)
	case !secretPattern().MatchString(app.Secret):
		return fmt.Errorf("secret of %s: want 32 lowercase hex digits", app.AppID)
	case !originalIDPattern().MatchString(app.OriginalID):
		return fmt.Errorf("original_id %q of %s: want gh_ followed by 12 lowercase hex digits", app.OriginalID, app.AppID)
	case len(app.Name) > 120:
		return fmt.Errorf("name of %s: at most 120 bytes", app.AppID)
	}
	return validatePush(app.AppID, app.Push)
}

// Push modes: plain text, safe (encrypted) and compatible (both).
const (
	PushPlain  = "plain"
	PushSafe   = "safe"
	PushCompat = "compat"
)

// pushTokenPattern is the MP console's rule for the message token: 3 to 32
// letters or digits.
var pushTokenPattern = lazyRegexp(`^[A-Za-z0-9]{3,32}$`)

// validatePush checks an app's push settings: a mode, a token when a URL is
// set, and a 43-character EncodingAESKey for the encrypted modes.
func validatePush(appid string, p Push) error {
	switch {
	case p.Mode != PushPlain && p.Mode != PushSafe && p.Mode != PushCompat:
		return fmt.Errorf("push mode of %s: want plain, safe or compat", appid)
	case p.URL != "" && !validPushURL(p.URL):
		return fmt.Errorf("push url of %s: want an http:// or https:// URL with a host", appid)
	case p.URL != "" && !pushTokenPattern().MatchString(p.Token):
		return fmt.Errorf("push token of %s: want 3 to 32 letters or digits", appid)
	case p.Mode != PushPlain && !validAESKey(p.AESKey):
		return fmt.Errorf("push aes_key of %s: want 43 characters of base64 (the EncodingAESKey)", appid)
	case p.AESKey != "" && !validAESKey(p.AESKey):
		return fmt.Errorf("push aes_key of %s: want 43 characters of base64 (the EncodingAESKey)", appid)
	}
	return nil
}

// validPushURL reports whether u is a URL the deliverer can POST to: it
// parses, its scheme is http or https as written, and it names a host. A
// URL that passed a prefix check but not the parser ("http://[::1") would
// only fail at every push, far from the call that set it.
func validPushURL(u string) bool {
	if !strings.HasPrefix(u, "http://") && !strings.HasPrefix(u, "https://") {
		return false
	}
	parsed, err := url.Parse(u)
	return err == nil && parsed.Hostname() != ""
}

func validAESKey(k string) bool {
	if len(k) != 43 {
		return false
	}
	b, err := base64.StdEncoding.DecodeString(k + "=")
	return err == nil && len(b) == 32
}

// App returns the app with appid, or nil.
func (s *Sim) App(appid string) (*App, error) {
	var app *App
	err := s.read(func(txn *memdb.Txn) error {
		var err error
		app, err = first[App](txn, tableApps, indexID, appid)
		return err
	})
	return app, err
}

// Apps lists every app in appid order.
func (s *Sim) Apps() ([]App, error) {
	var out []App
	err := s.read(func(txn *memdb.Txn) error {
		apps, err := all[App](txn, tableApps, indexID)
		for _, a := range apps {
			out = append(out, *a)
		}
		return err
	})
	return out, err
}
