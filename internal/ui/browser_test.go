package ui_test

import (
	"context"
	"flag"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

var updateScreenshots = flag.Bool("update-screenshots", false, "write README's dashboard screenshots under docs/")

const (
	openidA = "o6_bmjrPTlm6_2sgVt7hMZOPfL2M"
	openidB = "oAbCdEfGhIjKlMnOpQrStUvWxYz0"
)

// TestDashboard drives the dashboard in headless Chromium, without and with
// an admin token: it loads with no console error, shows a promoter
// declared through the API, resolves a pending audit with its button and
// shows the push, highlights a violation in the journal, adds and deletes a
// fault through the form, advances the clock, and fits a phone's width.
func TestDashboard(t *testing.T) {
	bin := findChrome(t)
	dir := artifacts(t)
	for _, token := range []string{"", "s3cret-token"} {
		name := "no token"
		if token != "" {
			name = "admin token"
		}
		t.Run(name, func(t *testing.T) {
			prefix := strings.ReplaceAll(name, " ", "-") + "-"
			ctx, consoleErrors := browser(t, bin)
			w := startWorld(t, token)
			d := &driver{t: t, ctx: ctx, w: w, dir: dir, prefix: prefix}
			d.tour()
			for _, m := range consoleErrors() {
				// The first admin call without the token is answered 401, by
				// design; the browser logs every 4xx answer.
				if token != "" && strings.Contains(m, "status of 401") {
					continue
				}
				t.Errorf("console: %s", m)
			}
		})
	}
}

// driver runs the tour of one browser tab over one wxmock.
type driver struct {
	t           *testing.T
	ctx         context.Context
	w           *world
	dir, prefix string
}

func (d *driver) do(what string, actions ...chromedp.Action[chromedp.Void]) {
	d.t.Helper()
	ctx, cancel := context.WithTimeout(d.ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		d.t.Fatalf("%s: %v", what, err)
	}
}

// page clicks a page's link in the menu and waits for it.
func (d *driver) page(name string) {
	d.t.Helper()
	d.do("open "+name, chromedp.Click(chromedp.CSS(`#nav a[href="#/`+name+`"]`)),
		chromedp.WaitVisible(chromedp.CSS(`.page[data-page="`+name+`"]`)))
}

func (d *driver) shot(name string) []byte {
	d.t.Helper()
	return screenshot(d.t, d.ctx, d.dir, d.prefix+name)
}

func (d *driver) tour() {
	t, w := d.t, d.w
	// The page without its slash redirects to it.
	d.do("load", chromedp.Navigate(w.url+"/__wxmock/ui"))
	if w.token != "" {
		d.do("token form", chromedp.WaitVisible(chromedp.ID("token-input")),
			chromedp.SendKeys(chromedp.ID("token-input"), "wrong"),
			chromedp.Click(chromedp.CSS(`#token-form button[type="submit"]`)),
			chromedp.Poll[chromedp.Void](`document.getElementById("token-why").textContent.includes("refused")`),
			chromedp.SendKeys(chromedp.ID("token-input"), w.token),
			chromedp.Click(chromedp.CSS(`#token-form button[type="submit"]`)))
	}
	d.do("apps", chromedp.WaitVisible(chromedp.CSS(`tr[data-appid="wx0123456789abcdef"]`)))
	d.shot("apps")

	// A promoter declared through the WeChat API shows, and the openid
	// filter narrows the list.
	tok := w.accessToken()
	if code := w.wechat("/promoter/addpromoter", tok, `{"promoter_list":[{"openid":"`+openidA+`","role_id":1,"name":"张三","phone":"13800000000"},{"openid":"`+openidB+`","role_id":1,"name":"Li Lei","bogus":1}]}`); code != 0 {
		t.Fatalf("addpromoter: errcode %d", code)
	}
	d.page("promoters")
	d.do("promoters", chromedp.WaitVisible(chromedp.CSS(`tr[data-openid="`+openidA+`"]`)),
		chromedp.WaitVisible(chromedp.CSS(`tr[data-openid="`+openidB+`"]`)))
	d.shot("promoters")
	d.do("filter", chromedp.SendKeys(chromedp.CSS(`#promoter-filters input[name="openid"]`), "oAbC"),
		chromedp.WaitNotPresent(chromedp.CSS(`tr[data-openid="`+openidA+`"]`)),
		chromedp.WaitVisible(chromedp.CSS(`tr[data-openid="`+openidB+`"]`)))
	d.page("roles")
	d.do("roles", chromedp.WaitVisible(chromedp.CSS(`tr[data-role="wx0123456789abcdef/1"]`)))
	d.shot("roles")

	// A merchant applies (after a try the schema refuses); its audit waits
	// for the button, and its push follows.
	if code := w.wechat("/wxa/apply_merchant", tok, `{"first_catid":278,"second_catid":279,"headimg_mediaid":"","nickname":"小王便利","intro":"社区里的便利店"}`); code != 40097 {
		t.Fatalf("apply_merchant without a logo: errcode %d, want 40097", code)
	}
	media := w.uploadImage(tok)
	if code := w.wechat("/wxa/apply_merchant", tok, `{"first_catid":278,"second_catid":279,"headimg_mediaid":"`+media+`","nickname":"小王便利","intro":"社区里的便利店"}`); code != 0 {
		t.Fatalf("apply_merchant: errcode %d", code)
	}
	d.page("store")
	d.do("store", chromedp.WaitVisible(chromedp.CSS(`tr[data-merchant="wx0123456789abcdef"]`)))
	d.shot("store")
	d.page("audits")
	pass := chromedp.CSS(`tr[data-state="pending"] button[data-outcome="pass"]`)
	d.do("audits", chromedp.WaitVisible(pass), chromedp.WaitVisible(chromedp.CSS(`tr[data-state="pending"] button[data-outcome="reject"]`)))
	d.shot("audits")
	d.do("pass", chromedp.Click(pass), chromedp.WaitVisible(chromedp.CSS(`.page[data-page="audits"] p.empty`)))
	var audits struct {
		Audits []struct{ State, Result string } `json:"audits"`
	}
	w.do(http.MethodGet, "/__wxmock/audits", "", nil, &audits)
	if len(audits.Audits) != 1 || audits.Audits[0].State != "resolved" || audits.Audits[0].Result != "pass" {
		t.Errorf("after the pass button, audits are %+v, want one resolved with pass", audits.Audits)
	}
	d.page("pushes")
	d.do("pushes", chromedp.WaitVisible(chromedp.CSS(`article[data-push-id="1"][data-state="delivered"] tr.attempt[data-status="200"]`)),
		chromedp.Click(chromedp.CSS(`article[data-push-id="1"] details summary`)))
	select {
	case body := <-w.pushes:
		if !strings.Contains(body, "<status>1</status>") {
			t.Errorf("the receiver got %s, want the merchant's status 1", body)
		}
	case <-time.After(10 * time.Second):
		t.Error("the receiver got no push")
	}
	d.shot("pushes")

	// The journal highlights the violation at its pointer, and the unknown
	// field.
	d.page("journal")
	d.do("journal", chromedp.WaitVisible(chromedp.CSS(`.violation[data-pointer="/headimg_mediaid"]`)),
		chromedp.WaitVisible(chromedp.CSS(`.unknown[data-pointer="/promoter_list/1/bogus"]`)))
	journal := d.shot("journal")

	// A fault added through the form is in force; its button deletes it.
	d.page("faults")
	d.do("add fault", chromedp.SendKeys(chromedp.CSS(`#fault-form input[name="path"]`), "/promoter/getpromoter"),
		chromedp.Click(chromedp.CSS(`#fault-form button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`tr[data-fault-id="1"]`)))
	if code := w.wechat("/promoter/getpromoter", tok, `{}`); code != 45009 {
		t.Errorf("getpromoter with the fault in force: errcode %d, want 45009", code)
	}
	d.shot("faults")
	d.do("delete fault", chromedp.Click(chromedp.CSS(`tr[data-fault-id="1"] button.delete`)),
		chromedp.WaitNotPresent(chromedp.CSS(`tr[data-fault-id="1"]`)))
	var faults struct {
		Faults []any `json:"faults"`
	}
	w.do(http.MethodGet, "/__wxmock/faults", "", nil, &faults)
	if len(faults.Faults) != 0 {
		t.Errorf("after Delete, faults are %v", faults.Faults)
	}

	// The clock advances by a typed duration.
	d.page("clock")
	var before, after struct{ Now int64 }
	w.do(http.MethodGet, "/__wxmock/clock", "", nil, &before)
	d.do("advance", chromedp.WaitVisible(chromedp.CSS(`#clock-now strong`)),
		chromedp.SetValue(chromedp.ID("advance-by"), "1h30m"),
		chromedp.Click(chromedp.CSS(`#advance-form button[type="submit"]`)),
		chromedp.Poll[chromedp.Void](fmt.Sprintf(`document.getElementById("clock-now").textContent.includes("unix %d")`, before.Now+5400)))
	w.do(http.MethodGet, "/__wxmock/clock", "", nil, &after)
	if after.Now-before.Now != 5400 {
		t.Errorf("the clock moved %d s, want 5400", after.Now-before.Now)
	}
	d.shot("clock")

	// At a phone's width no page is wider than the screen: tables scroll
	// inside their box.
	d.do("phone", chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(1)))
	var phone []byte
	for _, name := range []string{"apps", "promoters", "roles", "store", "audits", "pushes", "journal", "faults", "clock"} {
		d.page(name)
		wide, err := chromedp.Run(d.ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth`))
		if err != nil || wide {
			t.Errorf("at 390 px, page %s is wider than the screen (err %v)", name, err)
		}
		if name == "journal" {
			phone = d.shot("phone-journal")
		}
	}
	if *updateScreenshots && d.w.token == "" {
		for name, png := range map[string][]byte{"dashboard-journal.png": journal, "dashboard-phone.png": phone} {
			if err := os.WriteFile(filepath.Join("..", "..", "docs", name), png, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}
