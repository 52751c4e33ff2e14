package httpapi_test

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/wxmock/wxmock/internal/sim"
)

// --- XML ---

// spEvent is every element an audit push may carry.
type spEvent struct {
	XMLName      xml.Name `xml:"xml"`
	ToUserName   string   `xml:"ToUserName"`
	FromUserName string   `xml:"FromUserName"`
	CreateTime   int64    `xml:"CreateTime"`
	MsgType      string   `xml:"MsgType"`
	Event        string   `xml:"Event"`
	AuditID      uint64   `xml:"audit_id"`
	Status       int      `xml:"status"`
	Reason       string   `xml:"reason"`
	MapPOIID     string   `xml:"map_poi_id"`
	Name         string   `xml:"name"`
	Address      string   `xml:"address"`
	Latitude     string   `xml:"latitude"`
	Longitude    string   `xml:"longitude"`
	ShRemark     string   `xml:"sh_remark"`
	IsUpgrade    int      `xml:"is_upgrade"`
	PoiID        string   `xml:"poiid"`
	Encrypt      string   `xml:"Encrypt"`
}

func spParse(t *testing.T, body []byte) spEvent {
	t.Helper()
	var ev spEvent
	if err := xml.Unmarshal(body, &ev); err != nil {
		t.Fatalf("push body is not XML: %v\n%s", err, body)
	}
	return ev
}

// spChildren lists the names of the root's child elements in order.
func spChildren(t *testing.T, body []byte) []string {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(body))
	var names []string
	depth := 0
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("push body is not XML: %v\n%s", err, body)
		}
		switch tk := tok.(type) {
		case xml.StartElement:
			depth++
			if depth == 2 {
				names = append(names, tk.Name.Local)
			}
		case xml.EndElement:
			depth--
		}
	}
	return names
}

// spElem is an element of a seed sample and whether the sample wraps its
// value in CDATA.
type spElem struct {
	name  string
	cdata bool
}

// spLayouts are the four samples of seed 001, element by element.
var spLayouts = func() map[string][]spElem {
	head := []spElem{{"ToUserName", true}, {"FromUserName", true}, {"CreateTime", false}, {"MsgType", true}, {"Event", true}}
	with := func(tail ...spElem) []spElem { return append(slices.Clone(head), tail...) }
	return map[string][]spElem{
		"apply_merchant_audit_info": with(spElem{"audit_id", false}, spElem{"status", false}, spElem{"reason", true}),
		"create_map_poi_audit_info": with(spElem{"audit_id", false}, spElem{"status", false}, spElem{"map_poi_id", true},
			spElem{"name", true}, spElem{"address", true}, spElem{"latitude", true}, spElem{"longitude", true}, spElem{"sh_remark", true}),
		"add_store_audit_info": with(spElem{"audit_id", false}, spElem{"status", false}, spElem{"reason", true},
			spElem{"is_upgrade", false}, spElem{"poiid", false}),
		"modify_store_audit_info": with(spElem{"audit_id", false}, spElem{"status", false}, spElem{"reason", true}),
	}
}()

// spOpenID is the shape of a real openid (REFERENCE.md "The store family").
var spOpenID = regexp.MustCompile(`^o[A-Za-z0-9_-]{27}$`)

// spCheckEvent checks a plain event XML against its seed sample: element
// order, CDATA wrapping and the header every push carries.
func spCheckEvent(t *testing.T, plain []byte, event, toUser string, now int64) spEvent {
	t.Helper()
	layout, ok := spLayouts[event]
	if !ok {
		t.Fatalf("no layout for %s", event)
	}
	var names []string
	for _, el := range layout {
		names = append(names, el.name)
	}
	diff(t, event+" elements", names, spChildren(t, plain))
	raw := string(plain)
	for _, el := range layout {
		open := "<" + el.name + ">"
		i := strings.Index(raw, open)
		if i < 0 {
			continue // reported by the diff above
		}
		if got := strings.HasPrefix(raw[i+len(open):], "<![CDATA["); got != el.cdata {
			t.Errorf("%s: <%s> CDATA %v, the seed's sample has %v\n%s", event, el.name, got, el.cdata, raw)
		}
	}
	ev := spParse(t, plain)
	if ev.ToUserName != toUser {
		t.Errorf("ToUserName %q, want %q", ev.ToUserName, toUser)
	}
	if !spOpenID.MatchString(ev.FromUserName) {
		t.Errorf("FromUserName %q is not a 28-character openid starting with o", ev.FromUserName)
	}
	if ev.CreateTime != now {
		t.Errorf("CreateTime %d, want the virtual clock's %d", ev.CreateTime, now)
	}
	if ev.MsgType != "event" || ev.Event != event {
		t.Errorf("MsgType %q Event %q, want event %s", ev.MsgType, ev.Event, event)
	}
	return ev
}

// spOpen checks one request as a receiver would: method, path, the
// receiver's own query kept, signature and, in the encrypted modes,
// encrypt_type, msg_signature and the payload's appid. It returns the
// plain event XML and the body as sent.
func spOpen(t *testing.T, rq spReq, mode, token, aesKey, appid, path string) (plain []byte, outer spEvent) {
	t.Helper()
	if rq.Method != http.MethodPost || rq.Path != path {
		t.Errorf("%s %s, want POST %s", rq.Method, rq.Path, path)
	}
	q := rq.Query
	if q.Get("x") != "1" || len(q["x"]) != 1 {
		t.Errorf("the receiver's own x=1 is lost: %s", rq.RawQuery)
	}
	for _, k := range []string{"signature", "timestamp", "nonce"} {
		if len(q[k]) != 1 || q.Get(k) == "" {
			t.Fatalf("query wants one non-empty %s: %s", k, rq.RawQuery)
		}
	}
	ts, nonce := q.Get("timestamp"), q.Get("nonce")
	if want := spSign(token, ts, nonce); q.Get("signature") != want {
		t.Errorf("signature %s, want %s (query %s)", q.Get("signature"), want, rq.RawQuery)
	}
	outer = spParse(t, rq.Body)
	if mode == sim.PushPlain {
		if q.Has("encrypt_type") || q.Has("msg_signature") {
			t.Errorf("plain mode sends encrypt_type or msg_signature: %s", rq.RawQuery)
		}
		if outer.Encrypt != "" {
			t.Errorf("plain mode body has <Encrypt>:\n%s", rq.Body)
		}
		return rq.Body, outer
	}
	if q.Get("encrypt_type") != "aes" || len(q["encrypt_type"]) != 1 {
		t.Errorf("encrypt_type %q, want aes: %s", q.Get("encrypt_type"), rq.RawQuery)
	}
	if outer.Encrypt == "" {
		t.Fatalf("%s mode body has no <Encrypt>:\n%s", mode, rq.Body)
	}
	if want := spSign(token, ts, nonce, outer.Encrypt); q.Get("msg_signature") != want || len(q["msg_signature"]) != 1 {
		t.Errorf("msg_signature %q, want %s", q["msg_signature"], want)
	}
	// CBC's IV only shapes the first block, the random prefix, which
	// receivers discard: a wrong IV is invisible here, as it is to them.
	random, msg, gotApp, err := spDecrypt(aesKey, outer.Encrypt)
	if err != nil {
		t.Fatalf("decrypting the push: %v", err)
	}
	if bytes.Equal(random, make([]byte, 16)) {
		t.Errorf("the 16-byte prefix is all zeros, not random")
	}
	if gotApp != appid {
		t.Errorf("payload ends with appid %q, want %q", gotApp, appid)
	}
	return msg, outer
}
