package httpapi

import "testing"

// BenchmarkJournalAdd adds an entry of a getrole call, from every core at
// once.
func BenchmarkJournalAdd(b *testing.B) {
	j := NewJournal(1000)
	e := Entry{Time: 1700000000, Method: "POST", Path: "/promoter/getrole", Query: "access_token=" + string(make([]byte, 136)),
		Endpoint: "promoter/getrole", AppID: "wx0123456789abcdef", Status: 200, Request: "{}", Response: `{"role_list":[{"role_id":1,"name":"推广员","desc":""}],"total_cnt":1,"errcode":0,"errmsg":"OK"}`}
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			j.add(e, true)
		}
	})
}
