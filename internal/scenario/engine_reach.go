package scenario

import (
	"fmt"
	"net/http"
)

// reachBatch is how many relations or orders one admin call creates (the
// admin API takes 1 to 1,000).
const reachBatch = 1000

// setupReach creates the setup's relations and orders, then its clicks.
func (x *exec) setupReach() error {
	s := &x.sc.Setup
	if err := x.createRows("/promoters/relations", "relations", s.Relations); err != nil {
		return err
	}
	if err := x.createRows("/promoters/orders", "orders", s.Orders); err != nil {
		return err
	}
	for i, c := range s.Clicks {
		body := map[string]any{"appid": x.appid, "pv": c.PV, "uv": c.UV}
		if c.MsgID != "" {
			body["msg_id"] = c.MsgID
		}
		if c.MsgType != 0 {
			body["msg_type"] = c.MsgType
		}
		if err := x.admin(http.MethodPost, "/promoters/clicks", body, nil); err != nil {
			return fmt.Errorf("setup clicks[%d]: %w", i, err)
		}
	}
	return nil
}

// createRows posts rows to an admin call in batches, each row Count times;
// copies of an order get out_trade_no suffixes -1, -2, ... so that each is
// an order of its own.
func (x *exec) createRows(path, key string, rows []Row) error {
	var batch []map[string]any
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		err := x.admin(http.MethodPost, path, map[string]any{"appid": x.appid, key: batch}, nil)
		batch = batch[:0]
		if err != nil {
			return fmt.Errorf("setup %s: %w", key, err)
		}
		return nil
	}
	for _, r := range rows {
		for n := 1; n <= r.Count; n++ {
			item := make(map[string]any, len(r.Fields))
			for k, v := range r.Fields {
				item[k] = v
			}
			if out, ok := item["out_trade_no"].(string); ok && r.Count > 1 {
				item["out_trade_no"] = fmt.Sprintf("%s-%d", out, n)
			}
			batch = append(batch, item)
			if len(batch) == reachBatch {
				if err := flush(); err != nil {
					return err
				}
			}
		}
	}
	return flush()
}
