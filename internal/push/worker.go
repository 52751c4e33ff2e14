package push

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"
)

// worker takes jobs until Close, one attempt per job at a time: a retry goes
// back through the queue, so waiting for it never holds a worker.
func (d *Deliverer) worker() {
	defer d.wg.Done()
	d.mu.Lock()
	defer d.mu.Unlock()
	for {
		for len(d.queue) == 0 && !d.closed {
			d.work.Wait()
		}
		if d.closed {
			return
		}
		j := d.queue[0]
		d.queue[0] = nil
		d.queue = d.queue[1:]
		d.running[j] = struct{}{}
		j.tries++
		d.mu.Unlock()
		a := d.attempt(j)
		d.mu.Lock()
		delete(d.running, j)
		d.gen++
		d.record(j, a)
		d.settle()
	}
}

// record stores attempt a of j and decides what comes next. Called with
// d.mu held.
func (d *Deliverer) record(j *job, a Attempt) {
	p := j.rec
	p.Attempts = append(p.Attempts, a)
	args := []any{"id", p.ID, "appid", p.AppID, "event", p.Event, "attempt", a.N, "status", a.Status}
	switch {
	case a.Error == "":
		p.State = StateDelivered
		d.logger.Debug("push delivered", args...)
	case d.closed:
		p.State, p.Error = StateFailed, errShutDown
	case j.tries <= d.retries:
		d.logger.Info("push attempt failed, will retry", append(args, "error", a.Error)...)
		d.wait(j, d.retryDelay)
	default:
		p.State, p.Error = StateFailed, a.Error
		d.logger.Warn("push failed", append(args, "error", a.Error)...)
	}
}

// wait queues j again after delay. Called with d.mu held.
func (d *Deliverer) wait(j *job, delay time.Duration) {
	j.due = d.now().Add(delay)
	// The callback takes d.mu, so it cannot run before the timer is
	// stored; if Close removed the entry first, the job is already failed.
	d.waiting[j] = time.AfterFunc(delay, func() {
		d.mu.Lock()
		defer d.mu.Unlock()
		if _, ok := d.waiting[j]; !ok {
			return
		}
		delete(d.waiting, j)
		d.queue = append(d.queue, j)
		d.work.Signal()
	})
}

// settle keeps d.idle closed exactly while there is nothing to wait for.
// Called with d.mu held after every change of queue, running or waiting.
func (d *Deliverer) settle() {
	busy := len(d.queue) > 0 || len(d.running) > 0 || len(d.waiting) > 0
	switch {
	case busy && d.isIdle:
		d.idle, d.isIdle = make(chan struct{}), false
	case !busy && !d.isIdle:
		close(d.idle)
		d.isIdle = true
	}
}

// attempt POSTs j once. Only a 2xx answer counts as received: WeChat itself
// only waits for an answer, but a receiver that errs has not handled the
// push, and retrying it is what lets a test see the retries.
func (d *Deliverer) attempt(j *job) Attempt {
	start := d.now()
	a := Attempt{N: j.tries, At: start}
	ctx, cancel := context.WithTimeout(d.ctx, d.timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, j.url, bytes.NewReader(j.body))
	if err == nil {
		// WeChat posts its XML as text/xml.
		req.Header.Set("Content-Type", "text/xml")
		var resp *http.Response
		if resp, err = d.client.Do(req); err == nil {
			a.Status = resp.StatusCode
			// Read a bounded part of the answer so the connection can be
			// reused; its content ("success" or a reply) does not matter.
			_, err = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
			_ = resp.Body.Close()
		}
	}
	switch {
	case err != nil && errors.Is(ctx.Err(), context.DeadlineExceeded):
		a.Error = fmt.Sprintf("no answer within %s", d.timeout)
	case err != nil:
		a.Error = err.Error()
	case a.Status < 200 || a.Status > 299:
		a.Error = fmt.Sprintf("HTTP status %d", a.Status)
	}
	a.DurationMS = d.now().Sub(start).Milliseconds()
	return a
}

// randomBytes returns exactly n bytes from d.random, zero-filled if an
// injected source returns fewer.
func (d *Deliverer) randomBytes(n int) []byte {
	b := make([]byte, n)
	copy(b, d.random(n))
	return b
}

// nonceDigits turns random bytes into a decimal nonce like WeChat's
// ("1320562132" in Tencent's sample): no leading zero. The modulo bias is
// irrelevant for a nonce.
func nonceDigits(b []byte) string {
	s := make([]byte, len(b))
	for i, c := range b {
		if i == 0 {
			s[i] = '1' + c%9
		} else {
			s[i] = '0' + c%10
		}
	}
	return string(s)
}
