package schemas_test

import (
	"testing"

	"github.com/wxmock/wxmock/schemas"
)

// Seed 001's examples, made valid JSON where the document is not: its
// comments and "…" elisions are removed, a missing closing brace (§3), a
// trailing comma (§7) and a missing comma (§14) are fixed. Endpoints without
// an example get one in the documented shape.
var storeSeedRequests = []struct{ endpoint, body string }{
	{"wxa/get_merchant_category", `{}`},
	{"wxa/apply_merchant", `{
		"first_catid": 476,
		"second_catid": 477,
		"qualification_list": "RTZgKZ386yFn5kQSWLTxe4bqxwgzGBjs3OE02cg9CVQk1wRVE3c8fjUFX7jvpi-P",
		"headimg_mediaid": "RTZgKZ386yFn5kQSWLTxe4bqxwgzGBjs3OE02cg9CVQk1wRVE3c8fjUFX7jvpi-P",
		"nickname": "hardenzhang308",
		"intro": "hardenzhangtest",
		"org_code": "",
		"other_files": ""
	}`},
	{"wxa/applywxastore", `{
		"first_catid": 476,
		"second_catid": 477,
		"qualification_list": "RTZgKZ386yFn5kQSWLTxe4bqxwgzGBjs3OE02cg9CVQk1wRVE3c8fjUFX7jvpi-P",
		"headimg_mediaid": "RTZgKZ386yFn5kQSWLTxe4bqxwgzGBjs3OE02cg9CVQk1wRVE3c8fjUFX7jvpi-P",
		"nickname": "hardenzhang308",
		"intro": "hardenzhangtest",
		"org_code": "",
		"other_files": ""
	}`},
	{"wxa/get_merchant_audit_info", `{}`},
	{"wxa/modify_merchant", `{"headimg_mediaid":"xxxxx","intro":"x"}`},
	{"wxa/modify_merchant", `{"headimg_mediaid":"","intro":""}`},
	{"wxa/get_district", `{}`},
	{"wxa/search_map_poi", `{"districtid":440105,"keyword":"x"}`},
	{"wxa/search_map_poi", `{"districtid":"440105","keyword":"x"}`},
	{"wxa/create_map_poi", `{
		"name": "hardenzhang",
		"longitude": "113.323753357",
		"latitude": "23.0974903107",
		"province": "广东省",
		"city": "广州市",
		"district": "海珠区",
		"address": "TIT",
		"category": "类目1:类目2",
		"telephone": "12345678901",
		"photo": "http://mmbiz.qpic.cn/mmbiz_png/tW66AWE2K6ECFPcyAcIZTG8RlcR0sAqBibOm8gao5xOoLfIic9ZJ6MADAktGPxZI7MZLcadZUT36b14NJ2cHRHA/0?wx_fmt=png",
		"license": "http://mmbiz.qpic.cn/mmbiz_png/tW66AWE2K6ECFPcyAcIZTG8RlcR0sAqBibOm8gao5xOoLfIic9ZJ6MADAktGPxZI7MZLcadZUT36b14NJ2cHRHA/0?wx_fmt=png",
		"introduct": "test",
		"districtid": "440105"
	}`},
	// §8's example omits hour, which its table marks required: see
	// TestStoreBadRequests for the example as written.
	{"wxa/add_store", addStoreSeed(`"hour": "10:00-21:00",`)},
	{"wxa/update_store", `{
		"map_poi_id":"5938314494307741153",
		"poi_id":"472671857",
		"hour":"10:00-21:00",
		"contract_phone":"123456",
		"pic_list":"{\"list\":[\"http://mmbiz.qpic.cn/mmbiz_jpg/tW66AWvE2K4EJxIYOVpiaGOkfg0iayibiaP2xHOChvbmKQD5uh8ymibbEKlTTPmjTdQ8ia43sULLeG1pT2psOfPic4kTw/0?wx_fmt=jpeg\"]}"
	}`},
	{"wxa/get_store_info", `{"poi_id":"472671857"}`},
	{"wxa/get_store_list", `{"offset": 0, "limit": 10}`},
	{"wxa/del_store", `{"poi_id":"472671857"}`},
	{"cgi-bin/poi/getpoilist", `{"begin":0,"limit":10}`},
	{"cgi-bin/poi/delpoi", `{"poi_id":"271262077"}`},
	{"card/storewxa/get", `{"poi_id" : 1234567}`},
	{"card/storewxa/set", `{"poi_id" : 1234567, "card_id" : "pabcedfg1234567hijklmn"}`},
	{"cgi-bin/media/upload", `{"type":"image"}`},
	{"cgi-bin/media/upload", `{"type":"thumb"}`},
}

func addStoreSeed(hour string) string {
	return `{
		"poi_id": "",
		"map_poi_id": "2880741500279549033",
		"pic_list":"{\"list\":[\"http://mmbiz.qpic.cn/mmbiz_jpg/tW66AWvE2K4EJxIYOVpiaGOkfg0iayibiaP2xHOChvbmKQD5uh8ymibbEKlTTPmjTdQ8ia43sULLeG1pT2psOfPic4kTw/0?wx_fmt=jpeg\"]}",
		"contract_phone": "1111222222",` + hour + `
		"credential": "22883878-0",
		"qualification_list": "RTZgKZ386yFn5kQSWLTxe4bqxwgzGBjs3OE02cg9CVQk1wRVE3c8fjUFX7jvpi-P"
	}`
}

const storeInfoSeed = `{
	"business_name": "龙涤小区熟食店",
	"address": "舍利街道中都大道龙涤小区阿升电脑旁",
	"telephone": "12345678",
	"city": "哈尔滨市",
	"province": "黑龙江省",
	"longitude": 126.94355011,
	"latitude": 45.556098938,
	"photo_list": [
		{"photo_url": "http://mmbiz.qpic.cn/mmbiz_png/tW66AWvE2K6icjle1q6nbfKr0HMibzxKqOUfG1hARktHV84ZZojt9cXZ0UicDevZQUicckPw68lfo2Le3RjpEo6oLg/0?wx_fmt=png"}
	],
	"open_time": "11:00-12:00",
	"poi_id": "472671857",
	"status":2,
	"district": "value",
	"qualification_num": "91750100ME2XCR6A70",
	"qualification_name": "龙涤小区熟食店"
}`

var storeSeedResponses = []struct{ endpoint, body string }{
	{"wxa/get_merchant_category", `{
		"errcode": 0,
		"errmsg": "ok",
		"data": {
			"all_category_info": {
				"categories": [
					{"id": 0, "name": "root", "level": 0, "children": [269, 278]},
					{"id": 278, "name": "购物", "level": 1, "father": 0, "children": [279, 280]},
					{
						"id": 280,
						"name": "便利店",
						"level": 2,
						"father": 278,
						"children": [],
						"qualify": {"exter_list": [{"inner_list": [{"name": "若涉及食品,请提供《食品经营许可证》或《卫生许可证》"}]}]},
						"scene": 3,
						"sensitive_type": 1
					}
				]
			}
		}
	}`},
	{"wxa/apply_merchant", `{"errcode" : 0, "errmsg" : "ok"}`},
	{"wxa/applywxastore", `{"errcode" : 0, "errmsg" : "ok"}`},
	{"wxa/get_merchant_audit_info", `{"errcode":0,"errmsg":"ok","data": {"audit_id": 414569513,"status": 1,"reason": ""}}`},
	{"wxa/modify_merchant", `{"errcode" : 0, "errmsg" : "ok"}`},
	{"wxa/get_district", `{
		"status": 0,
		"message": "query ok",
		"data_version": "20170510",
		"result": [
			[{"id": "440000", "name": "广东", "fullname": "广东省", "pinyin": ["guang", "dong"], "location": {"lat": 23.13171, "lng": 113.26627}, "cidx": [246, 266]}],
			[{"id": "440100", "name": "广州", "fullname": "广州市", "pinyin": ["guang", "zhou"], "location": {"lat": 23.12908, "lng": 113.26436}, "cidx": [1667, 1677]}],
			[
				{"id": "440105", "fullname": "海珠区", "location": {"lat": 23.08331, "lng": 113.3172}},
				{"id": "440106", "fullname": "天河区", "location": {"lat": 23.12463, "lng": 113.36199}}
			]
		]
	}`},
	{"wxa/search_map_poi", `{
		"errcode": 0,
		"errmsg": "ok",
		"data": {
			"item": [
				{
					"branch_name": "X-MAX工厂",
					"address": "广东省广州市海珠区怡安路172-174号怡安花园二、三层(中海名都)",
					"longitude": 113.274810791,
					"latitude": 23.1088695526,
					"telephone": " 020-89190388",
					"category": "运动健身:健身中心",
					"sosomap_poi_uid": "2708071440732747189",
					"data_supply": 2,
					"pic_urls": [],
					"card_id_list": []
				}
			]
		}
	}`},
	{"wxa/create_map_poi", `{"error": null, "data": {"base_id": 42160, "rich_id": 42010}}`},
	{"wxa/add_store", `{"errcode" : 0, "errmsg" : "ok", "data" : {"audit_id":111}}`},
	{"wxa/update_store", `{"errcode" : 0, "errmsg" : "ok", "data" : {"has_audit_id":1,"audit_id":1111}}`},
	{"wxa/get_store_info", `{"errcode": 0, "errmsg": "ok", "business": {"base_info": ` + storeInfoSeed + `}}`},
	{"wxa/get_store_list", `{
		"errcode": 0,
		"errmsg": "ok",
		"business_list": [
			{
				"base_info": {
					"business_name": "超速天使俱乐部",
					"address": "新华路19",
					"telephone": "12345678",
					"categories": [],
					"city": "邯郸市",
					"province": "河北省",
					"longitude": 114.958480835,
					"latitude": 36.7714881897,
					"photo_list": [
						{"photo_url": "http://mmbiz.qpic.cn/mmbiz_jpg/tW66AWvE2K4e52sLYyA90ZKuicdfhkf5ibQk1icmcRWjrMxmVibo8sVQAllABxG5ic0D5x62gfsPVL4aibxQ2SicfPyjQ/0?wx_fmt=jpeg"}
					],
					"open_time": "10:00-21:00",
					"poi_id": "472665875",
					"status":1,
					"district": "曲周县",
					"qualification_list": [],
					"qualification_num": "01650100NE2XCT6Z70",
					"qualification_name": "超速天使俱乐部"
				}
			},
			{
				"base_info": {
					"business_name": "龙涤小区熟食店",
					"address": "舍利街道中都大道龙涤小区阿升电脑旁",
					"telephone": "12345678",
					"categories": [],
					"city": "哈尔滨市",
					"province": "黑龙江省",
					"longitude": 126.94355011,
					"latitude": 45.556098938,
					"photo_list": [
						{"photo_url": "http://mmbiz.qpic.cn/mmbiz_png/tW66AWvE2K6icjle1q6nbfKr0HMibzxKqOUfG1hARktHV84ZZojt9cXZ0UicDevZQUicckPw68lfo2Le3RjpEo6oLg/0?wx_fmt=png"}
					],
					"open_time": "11:00-12:00",
					"poi_id": "472671857",
					"status":3,
					"district": "阿城区",
					"qualification_list": [],
					"qualification_num": "91750100ME2XCR6A70",
					"qualification_name": "龙涤小区熟食店"
				}
			}
		],
		"total_count": 2
	}`},
	{"wxa/del_store", `{"errcode" : 0, "errmsg" : "ok"}`},
	{"cgi-bin/poi/getpoilist", `{
		"errcode": 0,
		"errmsg": "ok",
		"business_list": [
			{"base_info": {"sid": "", "business_name": "麦当劳", "branch_name": "艺苑路店", "available_state": 3, "update_status": 0,
				"poi_id": "271262077", "upgrade_status": 0, "upgrade_comment": "", "mapid": "2880741500279549033"}},
			{"base_info": {"poi_id": "271864249", "upgrade_status": 4, "upgrade_comment": "", "mapid": ""}}
		],
		"total_count": 2
	}`},
	{"cgi-bin/poi/delpoi", `{"errcode" : 0, "errmsg" : "ok"}`},
	{"card/storewxa/get", `{"errcode" : 0, "errmsg" : "ok", "card_id" : "pabcedfg1234567hijklmn"}`},
	{"card/storewxa/get", `{"errcode" : 0, "errmsg" : "ok"}`},
	{"card/storewxa/set", `{"errcode" : 0, "errmsg" : "ok"}`},
	{"cgi-bin/media/upload", `{"type":"image","media_id":"RTZgKZ386yFn5kQSWLTxe4bqxwgzGBjs3OE02cg9CVQk1wRVE3c8fjUFX7jvpi-P","created_at":1488856741}`},
	{"cgi-bin/media/upload", `{"type":"thumb","thumb_media_id":"RTZgKZ386yFn5kQSWLTxe4bqxwgzGBjs3OE02cg9CVQk1wRVE3c8fjUFX7jvpi-P","created_at":1488856741}`},
}

func TestStoreSeedExamples(t *testing.T) {
	t.Parallel()
	s := load(t)
	for _, tt := range storeSeedRequests {
		if v := validate(t, s, tt.endpoint, schemas.Request, tt.body); len(v) != 0 {
			t.Errorf("%s request %.60s: want no violation, got %+v", tt.endpoint, tt.body, v)
		}
	}
	for _, tt := range storeSeedResponses {
		if v := validate(t, s, tt.endpoint, schemas.Response, tt.body); len(v) != 0 {
			t.Errorf("%s response %.60s: want no violation, got %+v", tt.endpoint, tt.body, v)
		}
	}
}

// TestStoreErrorEnvelope: every store endpoint's response accepts WeChat's
// error envelope.
func TestStoreErrorEnvelope(t *testing.T) {
	t.Parallel()
	s := load(t)
	seen := map[string]bool{}
	for _, tt := range storeSeedResponses {
		if seen[tt.endpoint] {
			continue
		}
		seen[tt.endpoint] = true
		body := `{"errcode":40097,"errmsg":"invalid args rid: 0123abcd-4567ef01-89abcdef"}`
		if v := validate(t, s, tt.endpoint, schemas.Response, body); len(v) != 0 {
			t.Errorf("%s: error envelope refused: %+v", tt.endpoint, v)
		}
	}
}

func TestStoreBadResponses(t *testing.T) {
	t.Parallel()
	s := load(t)
	for _, tt := range []struct{ name, endpoint, body string }{
		{"OK in capitals", "wxa/del_store", `{"errcode":0,"errmsg":"OK"}`},
		{"unknown field", "wxa/apply_merchant", `{"errcode":0,"errmsg":"ok","x":1}`},
		{"audit status 5", "wxa/get_merchant_audit_info", `{"errcode":0,"errmsg":"ok","data":{"audit_id":1,"status":5,"reason":""}}`},
		{"district with errcode", "wxa/get_district", `{"errcode":0,"status":0,"message":"query ok","data_version":"1","result":[[],[],[]]}`},
		{"district with two levels", "wxa/get_district", `{"status":0,"message":"query ok","data_version":"1","result":[[],[]]}`},
		{"base_id as a string", "wxa/create_map_poi", `{"error":null,"data":{"base_id":"42160","rich_id":42010}}`},
		{"create_map_poi as an envelope", "wxa/create_map_poi", `{"errcode":0,"errmsg":"ok","data":{"base_id":1,"rich_id":2}}`},
		{"has_audit_id 2", "wxa/update_store", `{"errcode":0,"errmsg":"ok","data":{"has_audit_id":2,"audit_id":1}}`},
		{"poi_id as a number", "wxa/get_store_info", `{"errcode":0,"errmsg":"ok","business":{"base_info":{"poi_id":472671857}}}`},
		{"getpoilist without upgrade_status", "cgi-bin/poi/getpoilist", `{"errcode":0,"errmsg":"ok","business_list":[{"base_info":{"poi_id":"1","upgrade_comment":"","mapid":""}}],"total_count":1}`},
		{"thumb with media_id", "cgi-bin/media/upload", `{"type":"thumb","media_id":"m","created_at":1}`},
		{"image with thumb_media_id", "cgi-bin/media/upload", `{"type":"image","thumb_media_id":"m","created_at":1}`},
	} {
		if v := validate(t, s, tt.endpoint, schemas.Response, tt.body); len(v) == 0 {
			t.Errorf("%s (%s): accepted", tt.name, tt.endpoint)
		}
	}
}

func TestStoreBadRequests(t *testing.T) {
	t.Parallel()
	s := load(t)
	tests := []struct {
		name, endpoint, body string
		pointer, keyword     string
		code                 int
	}{
		{"not an object", "wxa/get_merchant_category", `[]`, "", "type", 47001},
		{"audit info: not an object", "wxa/get_merchant_audit_info", `"x"`, "", "type", 47001},
		{"district: not an object", "wxa/get_district", `1`, "", "type", 47001},

		{"apply: missing first_catid", "wxa/apply_merchant", `{"second_catid":1,"headimg_mediaid":"m","nickname":"nick","intro":"i"}`, "/first_catid", "required", 40097},
		{"apply: catid as a string", "wxa/apply_merchant", `{"first_catid":"476","second_catid":477,"headimg_mediaid":"m","nickname":"nick","intro":"i"}`, "/first_catid", "type", 47001},
		{"apply: negative catid", "wxa/apply_merchant", `{"first_catid":476,"second_catid":-1,"headimg_mediaid":"m","nickname":"nick","intro":"i"}`, "/second_catid", "minimum", 40097},
		{"apply: empty intro", "wxa/apply_merchant", `{"first_catid":476,"second_catid":477,"headimg_mediaid":"m","nickname":"nick","intro":""}`, "/intro", "minLength", 40097},
		{"alias: missing headimg_mediaid", "wxa/applywxastore", `{"first_catid":476,"second_catid":477,"nickname":"nick","intro":"i"}`, "/headimg_mediaid", "required", 40097},
		{"alias: nickname as a number", "wxa/applywxastore", `{"first_catid":476,"second_catid":477,"headimg_mediaid":"m","nickname":5,"intro":"i"}`, "/nickname", "type", 47001},

		{"modify: missing intro", "wxa/modify_merchant", `{"headimg_mediaid":""}`, "/intro", "required", 40097},
		{"modify: intro null", "wxa/modify_merchant", `{"headimg_mediaid":"","intro":null}`, "/intro", "type", 47001},

		{"search: missing keyword", "wxa/search_map_poi", `{"districtid":440105}`, "/keyword", "required", 40097},
		{"search: districtid not digits", "wxa/search_map_poi", `{"districtid":"44a","keyword":"x"}`, "/districtid", "pattern", 40097},
		{"search: districtid a boolean", "wxa/search_map_poi", `{"districtid":true,"keyword":"x"}`, "/districtid", "type", 47001},
		{"search: empty keyword", "wxa/search_map_poi", `{"districtid":440105,"keyword":""}`, "/keyword", "minLength", 40097},

		{"create poi: missing name", "wxa/create_map_poi", `{"longitude":"1","latitude":"2","province":"p","city":"c","district":"d","address":"a","category":"x:y","telephone":"1","photo":"u","license":"u","introduct":"i","districtid":"440105"}`, "/name", "required", 40097},
		{"create poi: longitude not numeric", "wxa/create_map_poi", `{"name":"n","longitude":"east","latitude":"2","province":"p","city":"c","district":"d","address":"a","category":"x:y","telephone":"1","photo":"u","license":"u","introduct":"i","districtid":"440105"}`, "/longitude", "pattern", 40097},
		{"create poi: latitude an array", "wxa/create_map_poi", `{"name":"n","longitude":113.3,"latitude":[],"province":"p","city":"c","district":"d","address":"a","category":"x:y","telephone":"1","photo":"u","license":"u","introduct":"i","districtid":440105}`, "/latitude", "type", 47001},
		{"create poi: empty photo", "wxa/create_map_poi", `{"name":"n","longitude":113.3,"latitude":23.1,"province":"p","city":"c","district":"d","address":"a","category":"x:y","telephone":"1","photo":"","license":"u","introduct":"i","districtid":440105}`, "/photo", "minLength", 40097},

		{"add store: seed example without hour", "wxa/add_store", addStoreSeed(""), "/hour", "required", 40097},
		{"add store: map_poi_id a number", "wxa/add_store", `{"map_poi_id":2880741500279549033,"pic_list":"{}","contract_phone":"1","hour":"10:00-21:00","credential":"c"}`, "/map_poi_id", "type", 47001},
		{"add store: map_poi_id not digits", "wxa/add_store", `{"map_poi_id":"abc","pic_list":"{}","contract_phone":"1","hour":"10:00-21:00","credential":"c"}`, "/map_poi_id", "pattern", 40097},
		{"add store: pic_list an object", "wxa/add_store", `{"map_poi_id":"1","pic_list":{"list":[]},"contract_phone":"1","hour":"10:00-21:00","credential":"c"}`, "/pic_list", "type", 47001},
		{"add store: empty credential", "wxa/add_store", `{"map_poi_id":"1","pic_list":"{}","contract_phone":"1","hour":"10:00-21:00","credential":""}`, "/credential", "minLength", 40097},

		{"update store: missing pic_list", "wxa/update_store", `{"poi_id":"472671857","hour":"10:00-21:00","contract_phone":"1"}`, "/pic_list", "required", 40097},
		{"update store: poi_id a float", "wxa/update_store", `{"poi_id":1.5,"hour":"h","contract_phone":"1","pic_list":"{}"}`, "/poi_id", "type", 47001},
		{"update store: card_id a number", "wxa/update_store", `{"poi_id":1,"hour":"h","contract_phone":"1","pic_list":"{}","card_id":3}`, "/card_id", "type", 47001},

		{"store info: missing poi_id", "wxa/get_store_info", `{}`, "/poi_id", "required", 40097},
		{"store info: empty poi_id", "wxa/get_store_info", `{"poi_id":""}`, "/poi_id", "pattern", 40097},
		{"store info: negative poi_id", "wxa/get_store_info", `{"poi_id":-1}`, "/poi_id", "minimum", 40097},

		{"store list: missing limit", "wxa/get_store_list", `{"offset":0}`, "/limit", "required", 40097},
		{"store list: offset as a string", "wxa/get_store_list", `{"offset":"0","limit":10}`, "/offset", "type", 47001},
		{"store list: negative offset", "wxa/get_store_list", `{"offset":-1,"limit":10}`, "/offset", "minimum", 40097},

		{"del store: missing poi_id", "wxa/del_store", `{}`, "/poi_id", "required", 40097},
		{"del store: poi_id an object", "wxa/del_store", `{"poi_id":{}}`, "/poi_id", "type", 47001},

		{"getpoilist: missing begin", "cgi-bin/poi/getpoilist", `{"limit":10}`, "/begin", "required", 40097},
		{"getpoilist: limit 0", "cgi-bin/poi/getpoilist", `{"begin":0,"limit":0}`, "/limit", "minimum", 40097},
		{"getpoilist: limit 51", "cgi-bin/poi/getpoilist", `{"begin":0,"limit":51}`, "/limit", "maximum", 40097},
		{"getpoilist: begin as a string", "cgi-bin/poi/getpoilist", `{"begin":"0","limit":10}`, "/begin", "type", 47001},

		{"delpoi: missing poi_id", "cgi-bin/poi/delpoi", `{}`, "/poi_id", "required", 40097},
		{"delpoi: poi_id not digits", "cgi-bin/poi/delpoi", `{"poi_id":"p1"}`, "/poi_id", "pattern", 40097},

		{"storewxa get: missing poi_id", "card/storewxa/get", `{}`, "/poi_id", "required", 40097},
		{"storewxa get: poi_id a boolean", "card/storewxa/get", `{"poi_id":false}`, "/poi_id", "type", 47001},
		{"storewxa set: missing card_id", "card/storewxa/set", `{"poi_id":1234567}`, "/card_id", "required", 40097},
		{"storewxa set: card_id a number", "card/storewxa/set", `{"poi_id":1234567,"card_id":1}`, "/card_id", "type", 47001},

		{"upload: missing type", "cgi-bin/media/upload", `{}`, "/type", "required", 40004},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			v := validate(t, s, tt.endpoint, schemas.Request, tt.body)
			if len(v) == 0 {
				t.Fatalf("want a violation, got none")
			}
			if v[0].Pointer != tt.pointer || v[0].Keyword != tt.keyword || v[0].Code != tt.code {
				t.Errorf("first violation: want %s %s %d, got %+v", tt.pointer, tt.keyword, tt.code, v[0])
			}
		})
	}
}
