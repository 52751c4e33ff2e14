package httpapi_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/wxmock/wxmock/internal/httpapi"
	"github.com/wxmock/wxmock/internal/sim"
)

// The fuzz targets of the promoter family's messages and materials, and of
// the control calls that play the promoters (receive, clicks). Each sends
// every input to one endpoint of a mock that holds, on top of newFuzzer's
// promoters, three more bound promoters (one refusing messages, one whose
// deliveries fail), a click rule, two group sends and a single message with
// clicks, and a share material; the message delay is 0, so every message is
// delivered and its click data computed.
//
// On top of the harness's properties (a 200 JSON answer within its schema,
// no -1, a rejected call changes nothing, an answer within a second) they
// check that a read (getmsg, getmsgclickdata, getinvitationmaterial)
// changes nothing, that a changed state can be imported again unchanged,
// that every message keeps its counts (fail_info lists min(fail_cnt, 1000)
// failures, clicks within the recipients reached, msg_ids below the
// sequence), and that a share_path and a tag name a material held. Seed
// inputs live under testdata/fuzz/Fuzz<Target>; run one target with
//
//	go test ./internal/httpapi -run '^$' -fuzz '^FuzzSendMsg$' -fuzztime 10s -parallel 1

// The messages of the fuzz state, whose msg_ids the seed corpora name.
const (
	pfzGroup  = "123456" // to promoters 1, 5, 6 and 7: 6 refused, 7 failed; clicks 3/1
	pfzByID   = "123457" // msg_type 2 to ids 1, 5 and 99: 99 unknown; the rule's clicks 5/1
	pfzSingle = "123458" // msg_type 3 to promoter 1
)

// pfzContent is the message content of the seeds.
const pfzContent = `"{\"title\":\"今日优惠活动\",\"topic\":\"双十一大促\",\"desc\":\"三件五折，两件七折\",\"date\":\"2022/10/28\"}"`

// pfzNewFuzzer builds the mock of a message fuzz target.
func pfzNewFuzzer(f *testing.F, path string) *fuzzer {
	f.Helper()
	fz := newFuzzer(f, path)
	fz.m.Sim.SetMsgDelay(0)
	q := "?access_token=" + fz.token
	wx := func(p, body string) map[string]any {
		f.Helper()
		r := fz.setupCall(f, http.MethodPost, p+q, body)
		if r["errcode"] != json.Number("0") || (r["fail_cnt"] != nil && r["fail_cnt"] != json.Number("0")) {
			f.Fatalf("%s %s: %v", p, body, r)
		}
		return r
	}
	wx("/promoter/addpromoter", `{"promoter_list":[{"openid":"`+fuzzOpenID(5)+`","role_id":1,"retail_id":"store-1"},`+
		`{"openid":"`+fuzzOpenID(6)+`","role_id":2},{"openid":"`+fuzzOpenID(7)+`","role_id":3,"retail_id":"store-2"}]}`)
	for i, receive := range []string{"accept", "refuse", "fail"} {
		fz.setupCall(f, http.MethodPost, "/__wxmock/promoters/authorize", `{"openid":"`+fuzzOpenID(5+i)+`","auth_status":1}`)
		fz.setupCall(f, http.MethodPost, "/__wxmock/promoters/receive", `{"openid":"`+fuzzOpenID(5+i)+`","receive":"`+receive+`"}`)
	}
	fz.setupCall(f, http.MethodPost, "/__wxmock/promoters/clicks", `{"msg_type":2,"pv":5,"uv":1}`)
	msg := `"content":` + pfzContent + `,"path":"pages/index/index"`
	for _, s := range []struct{ path, body, want string }{
		{"/promoter/sendmsg", `{"msg_type":1,` + msg + `}`, pfzGroup},
		{"/promoter/sendmsg", `{"msg_type":2,` + msg + `,"list_type":3,"id":["1","5","99"]}`, pfzByID},
	} {
		if r := wx(s.path, s.body); r["msg_id"] != s.want {
			f.Fatalf("%s: msg_id %v, want %s (update the constants and the seed corpora)", s.path, r["msg_id"], s.want)
		}
	}
	wx("/promoter/singlesendmsg", `{"msg_type":3,`+msg+`,"id":"1"}`)
	fz.setupCall(f, http.MethodPost, "/__wxmock/promoters/clicks", `{"msg_id":"`+pfzGroup+`","pv":3,"uv":1}`)
	wx("/promoter/getsharematerial", `{"path":"pages/index/index","openid":"`+fuzzOpenID(1)+`","extra_info":"fuzz"}`)

	fz.base = fz.snapshot(f)
	if err := fz.m.Sim.Replace(fz.base.State); err != nil {
		f.Fatalf("Replace(Export()): %v", err)
	}
	if d := cmp.Diff(fz.base, fz.snapshot(f)); d != "" {
		f.Fatalf("Replace(Export()) mismatch (-want +got):\n%s", d)
	}
	if err := pfzConsistent(fz.base.State); err != nil {
		f.Fatalf("the message fuzz state is inconsistent: %v", err)
	}
	if es := fz.m.HTTP.Journal().List(httpapi.Filter{Limit: 1}); len(es) == 1 {
		fz.seq = es[0].Seq
	}
	return fz
}

// pfzFuzz fuzzes the JSON body of a POST endpoint.
func pfzFuzz(f *testing.F, path string, seeds ...string) {
	f.Helper()
	fz := pfzNewFuzzer(f, path)
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		target := path
		if !fz.admin {
			target += "?access_token=" + fz.token
		}
		fz.pfzCheck(t, httptest.NewRequest(http.MethodPost, target, bytes.NewReader(body)), body)
	})
}

// pfzReads are the endpoints that only read.
var pfzReads = map[string]bool{"/promoter/getmsg": true, "/promoter/getmsgclickdata": true, "/promoter/getinvitationmaterial": true}

// pfzCheck sends req and checks the answer and the state it leaves.
func (fz *fuzzer) pfzCheck(t *testing.T, req *http.Request, input []byte) {
	t.Helper()
	fz.sfzServe(t, req, input, func(rec *httptest.ResponseRecorder, got snapshot) (bool, error) {
		var keep bool
		var err error
		if fz.admin {
			keep, err = fz.checkAdmin(rec, input)
		} else {
			keep, err = fz.checkWeChat(rec, input)
			if err == nil && !keep && fz.path == "/promoter/getsharematerial" {
				err = pfzShareNamed(rec.Body.Bytes(), got.State)
			}
			keep = keep || pfzReads[fz.path]
		}
		if err == nil {
			err = pfzConsistent(got.State)
		}
		return keep, err
	})
}

// pfzConsistent checks the messages of a state: counts that agree, clicks
// within the recipients reached, msg_ids below the sequence's next one.
func pfzConsistent(st *sim.State) error {
	var next uint64
	for _, s := range st.Sequences {
		if s.Name == "msg" {
			next = s.Next
		}
	}
	for _, m := range st.Messages {
		switch {
		case m.MsgID >= next:
			return fmt.Errorf("msg_id %d is not below the sequence's next id %d", m.MsgID, next)
		case m.SendCnt < 1 || m.FailCnt > m.SendCnt || len(m.FailInfo) != min(m.FailCnt, sim.MaxFailInfo):
			return fmt.Errorf("message %d: send_cnt %d, fail_cnt %d, %d failures listed", m.MsgID, m.SendCnt, m.FailCnt, len(m.FailInfo))
		case m.ClickUV > m.ClickPV || m.ClickUV > m.SendCnt-m.FailCnt || m.ClickPV > sim.MaxMsgClicks:
			return fmt.Errorf("message %d: clicks %d/%d with %d recipients reached", m.MsgID, m.ClickPV, m.ClickUV, m.SendCnt-m.FailCnt)
		case m.Kind == sim.MsgSingle && (m.TargetID == 0 || m.SendCnt != 1 || m.FailCnt != 0):
			return fmt.Errorf("single message %d: target %d, send_cnt %d, fail_cnt %d", m.MsgID, m.TargetID, m.SendCnt, m.FailCnt)
		}
	}
	return nil
}

// pfzShareNamed checks that a getsharematerial success names a material the
// state holds: share_path is its path with promoter_share=<code>, the tag
// ends in its code, and either names the same one.
func pfzShareNamed(answer []byte, st *sim.State) error {
	var a struct {
		SharePath string `json:"share_path"`
		Tag       string `json:"tag"`
		QRCode    string `json:"qrcode"`
	}
	if err := json.Unmarshal(answer, &a); err != nil {
		return err
	}
	if a.SharePath == "" && a.Tag == "" && a.QRCode == "" {
		return errors.New("a material without share_path, tag or qrcode")
	}
	held := map[string]sim.ShareMaterial{}
	for _, m := range st.ShareMaterials {
		held[m.Code] = m
	}
	var code string
	if a.SharePath != "" {
		i := strings.LastIndex(a.SharePath, "promoter_share=")
		code = a.SharePath[i+len("promoter_share="):]
		m, ok := held[code]
		sep := "?"
		if strings.Contains(m.Path, "?") {
			sep = "&"
		}
		if i < 0 || !ok || a.SharePath != m.Path+sep+"promoter_share="+code {
			return fmt.Errorf("share_path %q names no material held", a.SharePath)
		}
	}
	if a.Tag != "" {
		tagCode := a.Tag[strings.LastIndex(a.Tag, "/")+1:]
		if _, ok := held[tagCode]; !ok || (code != "" && tagCode != code) {
			return fmt.Errorf("tag %q names no material held, or another than share_path %q", a.Tag, a.SharePath)
		}
	}
	return nil
}

func FuzzSendMsg(f *testing.F) {
	pfzFuzz(f, "/promoter/sendmsg",
		`{"msg_type":1,"content":`+pfzContent+`,"appid":"`+appID+`","path":"pages/index/xxxxx"}`,
		`{"msg_type":1,"content":`+pfzContent+`,"path":"pages/index/xxxxx","list_type":1,"role_id":[1,2]}`,
		`{"msg_type":1,"content":"{}","path":"p","list_type":3,"id":["1",5,"6","99"]}`)
}

func FuzzSingleSendMsg(f *testing.F) {
	pfzFuzz(f, "/promoter/singlesendmsg",
		`{"msg_type":1,"content":`+pfzContent+`,"appid":"`+appID+`","path":"pages/index/xxxxx","id":"1"}`,
		`{"msg_type":1,"content":"{\"a\":1}","path":"pages/index/xxxxx","openid":"`+sim.UnionIDOf(fuzzOpenID(5))+`"}`,
		`{"msg_type":1,"content":"{}","path":"p","id":"6","openid":"`+fuzzOpenID(7)+`"}`)
}

func FuzzGetMsg(f *testing.F) {
	pfzFuzz(f, "/promoter/getmsg", `{"msg_id":"`+pfzGroup+`"}`, `{"msg_id":`+pfzByID+`}`, `{"msg_id":"`+pfzSingle+`"}`)
}

func FuzzGetMsgClickData(f *testing.F) {
	day := start.In(pmCST).Format("2006-01-02")
	pfzFuzz(f, "/promoter/getmsgclickdata",
		`{"send_date":"`+day+`","dimonsion":0,"msg_type":1,"begin_send_time":`+strconv.FormatInt(start.Unix()-60, 10)+`,"end_send_time":`+strconv.FormatInt(start.Unix()+60, 10)+`}`,
		`{"send_date":"`+day+`","dimonsion":1}`,
		`{"send_date":"`+day+`","dimonsion":1,"msg_id":"`+pfzByID+`"}`)
}

func FuzzGetShareMaterial(f *testing.F) {
	pfzFuzz(f, "/promoter/getsharematerial",
		`{"path":"pages/index/index","openid":"`+fuzzOpenID(1)+`","extra_info":"fuzz"}`,
		`{"path":"xxxxx","openid":"`+fuzzOpenID(5)+`","extra_info":"xxxxx","title":"xxxxx","share_type":0,"env_version":"trial"}`,
		`{"path":"pages/a?b=1","openid":"`+sim.UnionIDOf(fuzzOpenID(1))+`","share_type":2}`)
}

func FuzzGetInvitationMaterial(f *testing.F) {
	pfzFuzz(f, "/promoter/getinvitationmaterial", `{"role_id":1,"invitation_type":0}`, `{"role_id":2,"invitation_type":1}`, `{"role_id":3,"invitation_type":2}`)
}

func FuzzAdminReceive(f *testing.F) {
	pfzFuzz(f, "/__wxmock/promoters/receive",
		`{"openid":"`+fuzzOpenID(1)+`","receive":"refuse"}`,
		`{"appid":"`+appID+`","openid":"`+sim.UnionIDOf(fuzzOpenID(6))+`","receive":"accept"}`)
}

func FuzzAdminClicks(f *testing.F) {
	pfzFuzz(f, "/__wxmock/promoters/clicks",
		`{"msg_id":"`+pfzGroup+`","pv":2,"uv":1}`,
		`{"msg_type":1,"pv":3,"uv":2}`,
		`{"appid":"`+appID+`","pv":0,"uv":0}`)
}
