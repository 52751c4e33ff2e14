package push

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"time"
)

// Queue is what a Deliverer still has to deliver, for a snapshot that
// outlives the process: the pushes not yet delivered nor given up, and the
// next ID, so that a restored Deliverer never reuses an ID a client saw.
type Queue struct {
	NextID  uint64    `json:"next_id"`
	Pending []Pending `json:"pending"`
}

// Pending is one push still to deliver: its log entry, with the attempts
// made so far, the exact bytes to POST, and when to try next (zero: at
// once). Due is wall time (Options.Now), as retries are.
type Pending struct {
	Push Push      `json:"push"`
	Body []byte    `json:"body"`
	Due  time.Time `json:"due,omitzero"`
}

// Queue returns the pushes still to deliver, in ID order. An attempt in
// flight is not counted: the push is listed with the attempts that ended,
// due at once, so a restored Deliverer makes it again (a receiver may then
// see it twice, as WeChat's own retries may).
func (d *Deliverer) Queue() Queue {
	d.mu.Lock()
	defer d.mu.Unlock()
	q := Queue{NextID: d.nextID, Pending: []Pending{}}
	add := func(j *job, due time.Time) {
		p := *j.rec
		p.Attempts = slices.Clone(j.rec.Attempts)
		q.Pending = append(q.Pending, Pending{Push: p, Body: slices.Clone(j.body), Due: due})
	}
	for _, j := range d.queue {
		add(j, time.Time{})
	}
	for j := range d.running {
		add(j, time.Time{})
	}
	for j := range d.waiting {
		add(j, j.due)
	}
	slices.SortFunc(q.Pending, func(a, b Pending) int { return cmp.Compare(a.Push.ID, b.Push.ID) })
	return q
}

// Restore queues the pushes of q, as Queue returned them, and moves the
// next ID past q's. Call it before the first Enqueue. A push due later
// waits until then; one due already is sent at once.
func (d *Deliverer) Restore(q Queue) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.closed {
		return errors.New("push: restore after close")
	}
	if d.nextID != 0 {
		return errors.New("push: restore after enqueue")
	}
	seen := map[uint64]bool{}
	for i, p := range q.Pending {
		switch {
		case p.Push.ID == 0 || p.Push.ID > q.NextID || seen[p.Push.ID]:
			return fmt.Errorf("push: pending[%d]: id %d must be unique and 1 to next_id %d", i, p.Push.ID, q.NextID)
		case p.Push.URL == "" || len(p.Body) == 0:
			return fmt.Errorf("push: pending[%d]: needs a url and a body", i)
		case len(p.Push.Attempts) > d.retries:
			return fmt.Errorf("push: pending[%d]: %d attempts made, more than the %d retries allow", i, len(p.Push.Attempts), d.retries)
		}
		seen[p.Push.ID] = true
	}
	d.nextID = q.NextID
	now := d.now()
	for _, p := range q.Pending {
		rec := p.Push
		rec.State, rec.Error = StatePending, ""
		rec.Attempts = append([]Attempt{}, p.Push.Attempts...)
		d.log.add(&rec)
		j := &job{rec: &rec, url: rec.URL, body: slices.Clone(p.Body), tries: len(rec.Attempts)}
		if p.Due.After(now) {
			d.wait(j, p.Due.Sub(now))
			continue
		}
		d.queue = append(d.queue, j)
		d.work.Signal()
	}
	d.gen++
	d.settle()
	return nil
}

// Generation changes whenever a push is enqueued, restored or attempted,
// so that a snapshot is taken only when the queue may have changed.
func (d *Deliverer) Generation() uint64 {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.gen
}
