package push_test

import (
	"encoding/xml"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wxmock/wxmock/internal/push"
)

var update = flag.Bool("update", false, "rewrite golden files")

// seedHeader builds the header shared by the four audit samples of the
// store documentation (seed 001).
func seedHeader(event string, fields ...push.Field) push.Message {
	return push.Message{
		ToUserName:   "gh_4346ac1514d8",
		FromUserName: "od1P50M-fNQI5Gcq-trm4a7apsU8",
		CreateTime:   1488856741,
		Event:        event,
		Fields:       fields,
	}
}

func plain(name, value string) push.Field { return push.Field{Name: name, Value: value} }
func cdata(name, value string) push.Field { return push.Field{Name: name, Value: value, CDATA: true} }

// seedEvents are the four audit events with the values and the samples of
// seed 001, one element per line there; the tests join the lines.
var seedEvents = []struct {
	name   string
	msg    push.Message
	sample string
}{
	{
		name: "apply_merchant_audit_info",
		msg:  seedHeader("apply_merchant_audit_info", plain("audit_id", "11111"), plain("status", "3"), cdata("reason", "xxx")),
		sample: `<xml>
<ToUserName><![CDATA[gh_4346ac1514d8]]></ToUserName>
<FromUserName><![CDATA[od1P50M-fNQI5Gcq-trm4a7apsU8]]></FromUserName>
<CreateTime>1488856741</CreateTime>
<MsgType><![CDATA[event]]></MsgType>
<Event><![CDATA[apply_merchant_audit_info]]></Event>
<audit_id>11111</audit_id>
<status>3</status>
<reason><![CDATA[xxx]]></reason>
</xml>`,
	},
	{
		name: "create_map_poi_audit_info",
		msg: seedHeader("create_map_poi_audit_info", plain("audit_id", "11111"), plain("status", "1"),
			cdata("map_poi_id", "xxx"), cdata("name", "xxx"), cdata("address", "xxx"),
			cdata("latitude", "xxx"), cdata("longitude", "xxx"), cdata("sh_remark", "xxx")),
		sample: `<xml>
<ToUserName><![CDATA[gh_4346ac1514d8]]></ToUserName>
<FromUserName><![CDATA[od1P50M-fNQI5Gcq-trm4a7apsU8]]></FromUserName>
<CreateTime>1488856741</CreateTime>
<MsgType><![CDATA[event]]></MsgType>
<Event><![CDATA[create_map_poi_audit_info]]></Event>
<audit_id>11111</audit_id>
<status>1</status>
<map_poi_id><![CDATA[xxx]]></map_poi_id>
<name><![CDATA[xxx]]></name>
<address><![CDATA[xxx]]></address>
<latitude><![CDATA[xxx]]></latitude>
<longitude><![CDATA[xxx]]></longitude>
<sh_remark><![CDATA[xxx]]></sh_remark>
</xml>`,
	},
	{
		name: "add_store_audit_info",
		msg: seedHeader("add_store_audit_info", plain("audit_id", "11111"), plain("status", "3"),
			cdata("reason", "xxx"), plain("is_upgrade", "3"), plain("poiid", "12344")),
		sample: `<xml>
<ToUserName><![CDATA[gh_4346ac1514d8]]></ToUserName>
<FromUserName><![CDATA[od1P50M-fNQI5Gcq-trm4a7apsU8]]></FromUserName>
<CreateTime>1488856741</CreateTime>
<MsgType><![CDATA[event]]></MsgType>
<Event><![CDATA[add_store_audit_info]]></Event>
<audit_id>11111</audit_id>
<status>3</status>
<reason><![CDATA[xxx]]></reason>
<is_upgrade>3</is_upgrade>
<poiid>12344</poiid>
</xml>`,
	},
	{
		name: "modify_store_audit_info",
		msg:  seedHeader("modify_store_audit_info", plain("audit_id", "11111"), plain("status", "3"), cdata("reason", "xxx")),
		sample: `<xml>
<ToUserName><![CDATA[gh_4346ac1514d8]]></ToUserName>
<FromUserName><![CDATA[od1P50M-fNQI5Gcq-trm4a7apsU8]]></FromUserName>
<CreateTime>1488856741</CreateTime>
<MsgType><![CDATA[event]]></MsgType>
<Event><![CDATA[modify_store_audit_info]]></Event>
<audit_id>11111</audit_id>
<status>3</status>
<reason><![CDATA[xxx]]></reason>
</xml>`,
	},
}

// TestMessageXMLGolden pins each seed event's bytes in testdata and checks
// that they are the documented sample with its line breaks removed.
func TestMessageXMLGolden(t *testing.T) {
	t.Parallel()
	for _, tc := range seedEvents {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := tc.msg.XML()
			diff(t, "sample", strings.ReplaceAll(tc.sample, "\n", ""), string(got))
			path := filepath.Join("testdata", tc.name+".golden.xml")
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (rewrite it with -update)", err)
			}
			diff(t, path, string(want), string(got))
		})
	}
}

// TestMessageXMLEscaping checks the exact bytes written for awkward values
// and that a parser reads every value back as given.
func TestMessageXMLEscaping(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		field push.Field
		want  string // the field's element as written
		read  string // the value an XML parser reads back
	}{
		{"cdata plain text", cdata("reason", "ok"), "<reason><![CDATA[ok]]></reason>", "ok"},
		{"cdata terminator split", cdata("reason", "a]]>b"), "<reason><![CDATA[a]]]]><![CDATA[>b]]></reason>", "a]]>b"},
		{"cdata only terminator", cdata("reason", "]]>"), "<reason><![CDATA[]]]]><![CDATA[>]]></reason>", "]]>"},
		{"cdata repeated terminators", cdata("r", "]]]>>]]>"), "<r><![CDATA[]]]]]><![CDATA[>>]]]]><![CDATA[>]]></r>", "]]]>>]]>"},
		{"cdata markup kept raw", cdata("r", "<b>&amp;</b>"), "<r><![CDATA[<b>&amp;</b>]]></r>", "<b>&amp;</b>"},
		{"cdata control char replaced", cdata("r", "a\x00b"), "<r><![CDATA[a\uFFFDb]]></r>", "a\uFFFDb"},
		{"cdata invalid utf8 replaced", cdata("r", "a\xffb"), "<r><![CDATA[a\uFFFDb]]></r>", "a\uFFFDb"},
		{"cdata unicode kept", cdata("name", "海珠区 🏪"), "<name><![CDATA[海珠区 🏪]]></name>", "海珠区 🏪"},
		{"plain escaped", plain("v", `<a href="x">&'`), "<v>&lt;a href=&#34;x&#34;&gt;&amp;&#39;</v>", `<a href="x">&'`},
		{"plain terminator", plain("v", "]]>"), "<v>]]&gt;</v>", "]]>"},
		{"plain empty", plain("v", ""), "<v></v>", ""},
		{"bad name sanitised", plain("a b><c", "1"), "<a_b__c>1</a_b__c>", "1"},
		{"empty name sanitised", plain("", "1"), "<_>1</_>", "1"},
		{"leading digit sanitised", plain("1x", "1"), "<_x>1</_x>", "1"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			m := push.Message{ToUserName: "gh_1", FromUserName: "o1", CreateTime: 1, Event: "e", Fields: []push.Field{tc.field}}
			got := string(m.XML())
			prefix := "<xml><ToUserName><![CDATA[gh_1]]></ToUserName><FromUserName><![CDATA[o1]]></FromUserName>" +
				"<CreateTime>1</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[e]]></Event>"
			diff(t, "XML", prefix+tc.want+"</xml>", got)
			var doc struct {
				Any []struct {
					XMLName xml.Name
					Value   string `xml:",chardata"`
				} `xml:",any"`
			}
			if err := xml.Unmarshal([]byte(got), &doc); err != nil {
				t.Fatalf("output does not parse: %v", err)
			}
			last := doc.Any[len(doc.Any)-1]
			diff(t, "value read back", tc.read, last.Value)
		})
	}
}

// TestMessageXMLHeaderValues checks that hostile header values are escaped
// like fields, since ToUserName and Event are CDATA too.
func TestMessageXMLHeaderValues(t *testing.T) {
	t.Parallel()
	m := push.Message{ToUserName: "gh_]]>", FromUserName: "o<", CreateTime: -5, Event: "x]]>y"}
	type header struct {
		ToUserName, FromUserName string
		CreateTime               int64
		MsgType, Event           string
	}
	var got header
	if err := xml.Unmarshal(m.XML(), &got); err != nil {
		t.Fatalf("output does not parse: %v\n%s", err, m.XML())
	}
	diff(t, "header", header{"gh_]]>", "o<", -5, "event", "x]]>y"}, got)
}
