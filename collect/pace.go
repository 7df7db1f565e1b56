package collect

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"time"
)

// resetMargin is added to an announced reset before a new window is taken
// to have begun. The Hub counts t in whole seconds without saying how it
// rounds: rounded down, the window ends up to a second after received + t,
// and a request sent at received + t would still count against the spent
// window. The error is up to a second whatever the window's length, so
// the margin is a whole second, as in the t + 1 that huggingface_hub
// waits after a 429.
const resetMargin = time.Second

// A pacer spaces requests out so that a Hub that announces its quota in
// RateLimit headers never has to refuse one. For each bucket it keeps the
// fewest remaining requests reported in the current window and the
// requests in flight, and admits a request only while the difference is
// positive. When the budget is spent it waits for the announced reset,
// measured from when the response that announced it was received, plus
// resetMargin.
//
// A request in flight may or may not have been counted by the Hub when a
// response reports what remains; the pacer assumes it was not, which is
// safe and costs some parallelism only near the end of a window.
//
// Until a bucket has been announced, one request at a time is let through
// to learn its state; a bucket whose first answer carries no RateLimit
// entry is not paced until an answer does. Once announced, a bucket stays
// paced: an answer without its entry (a CDN's, at the end of a redirect)
// counts as one request spent.
type pacer struct {
	now func() time.Time
	// maxWait is the longest wait for a reset that acquire sits out.
	maxWait time.Duration

	mu      sync.Mutex
	buckets map[string]*bucket
	// changed is closed and replaced whenever a bucket changes, to wake
	// waiting requests.
	changed chan struct{}
}

// A bucket is the pacer's view of one rate-limit bucket.
type bucket struct {
	// announced is set once a response carried the bucket's RateLimit
	// entry; unannounced when the bucket's first answer carried none, and
	// until one does.
	announced, unannounced bool
	// remaining and reset describe the current window. estimated is set
	// when the window was started locally, at the previous reset (its
	// margin included), and no response from it has been seen yet: its
	// reset, a window after that start, is then no earlier than the
	// Hub's.
	remaining int
	reset     time.Time
	estimated bool
	// quota and window come from RateLimit-Policy, zero when unknown.
	quota  int
	window time.Duration
	// inFlight counts the admitted requests not yet released.
	inFlight int
	// pausedUntil holds every request back after a 429 that named no
	// quota for a bucket never announced: such a refusal says when to come
	// back, not how to pace, so once it is over the bucket is what its
	// other answers made it.
	pausedUntil time.Time
}

func newPacer(now func() time.Time, maxWait time.Duration) *pacer {
	return &pacer{now: now, maxWait: maxWait, buckets: map[string]*bucket{},
		changed: make(chan struct{})}
}

// acquire waits until a request to the named bucket may be sent and
// reserves it. The caller must call the returned release exactly once,
// with the response status and headers (0 and nil when no response
// arrived) and the time they were received. acquire returns ctx.Err() if
// ctx ends first, and an error wrapping [ErrRateLimited] at once if the
// bucket's reset is further away than the pacer's maxWait.
func (p *pacer) acquire(ctx context.Context, name string) (
	release func(status int, h http.Header, received time.Time), err error) {
	for {
		p.mu.Lock()
		b := p.bucket(name)
		wait, ok := b.admit(p.now())
		changed := p.changed
		p.mu.Unlock()
		if ok {
			return func(status int, h http.Header, received time.Time) {
				p.release(name, status, h, received)
			}, nil
		}
		if wait > p.maxWait {
			return nil, fmt.Errorf("%w: the %q quota resets in %v, longer than the %v allowed",
				ErrRateLimited, name, wait.Round(time.Second), p.maxWait)
		}
		if err := sleepUntilChange(ctx, wait, changed); err != nil {
			return nil, err
		}
	}
}

// sleepUntilChange waits for ctx, for wait to pass (when positive) or for
// changed to be closed, whichever comes first.
func sleepUntilChange(ctx context.Context, wait time.Duration, changed <-chan struct{}) error {
	var timeout <-chan time.Time
	if wait > 0 {
		t := time.NewTimer(wait)
		defer t.Stop()
		timeout = t.C
	}
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-timeout:
	case <-changed:
	}
	return nil
}

func (p *pacer) bucket(name string) *bucket {
	b := p.buckets[name]
	if b == nil {
		b = &bucket{}
		p.buckets[name] = b
	}
	return b
}

// admit reserves a request if the bucket allows one now. Otherwise it
// returns how long to wait for the window to reset; 0 means wait for a
// change.
func (b *bucket) admit(now time.Time) (time.Duration, bool) {
	if now.Before(b.pausedUntil) {
		return b.pausedUntil.Sub(now), false
	}
	switch {
	case b.unannounced:
		b.inFlight++
		return 0, true
	case !b.announced:
		if b.inFlight > 0 {
			return 0, false
		}
		b.inFlight++
		return 0, true
	}
	if !now.Before(b.resetAt()) {
		b.startWindow(now)
	}
	if b.remaining-b.inFlight > 0 {
		b.inFlight++
		return 0, true
	}
	return b.resetAt().Sub(now), false
}

// resetAt returns when the current window is over for sure: the announced
// reset plus resetMargin, or the estimated one, which needs no margin.
func (b *bucket) resetAt() time.Time {
	if b.estimated {
		return b.reset
	}
	return b.reset.Add(resetMargin)
}

// startWindow begins a new window at now, the previous one having reset.
// Without a known quota it lets one request through to learn the new
// window's state.
func (b *bucket) startWindow(now time.Time) {
	b.estimated = true
	if b.quota > 0 {
		b.remaining, b.reset = b.quota, now.Add(b.window)
		return
	}
	b.remaining, b.reset = 1, now.Add(time.Second)
}

// release ends a request to the named bucket and learns from its
// response.
func (p *pacer) release(name string, status int, h http.Header, received time.Time) {
	p.mu.Lock()
	defer p.mu.Unlock()
	own := p.bucket(name)
	own.inFlight--

	policies := parsePolicy(h.Values("RateLimit-Policy"))
	seenOwn := false
	for _, st := range parseRateLimit(h.Values("RateLimit")) {
		b := p.bucket(st.Bucket)
		pol := policyFor(policies, st.Bucket)
		if status == http.StatusTooManyRequests && pol == nil && !b.announced {
			b.pausedUntil = received.Add(st.Reset + resetMargin)
			continue
		}
		b.observe(st, pol, received)
		seenOwn = seenOwn || b == own
	}
	switch {
	case seenOwn:
	case !own.announced && status != 0:
		// A first answer without the bucket's entry: the Hub does not
		// limit this bucket, so there is nothing to pace.
		own.unannounced = true
	case own.announced:
		// The request may have been counted without us learning how
		// much remains (the answer came from a CDN the Hub redirected
		// to, or from a proxy): assume it was.
		own.remaining = max(own.remaining-1, 0)
	}
	close(p.changed)
	p.changed = make(chan struct{})
}

func policyFor(policies []limitPolicy, name string) *limitPolicy {
	for i := range policies {
		if policies[i].Bucket == name {
			return &policies[i]
		}
	}
	return nil
}

// observe updates the bucket from one RateLimit entry received at the
// given time. The entry's reset time tells which window it belongs to:
// windows lie a whole window length apart, so resets within half a window
// of the current one are the same window.
func (b *bucket) observe(st limitState, pol *limitPolicy, received time.Time) {
	b.announced, b.unannounced = true, false
	if pol != nil {
		b.quota, b.window = pol.Quota, pol.Window
	}
	reset := received.Add(st.Reset)
	tolerance := time.Second
	if b.window > 0 {
		tolerance = b.window / 2
	}
	switch {
	case b.reset.IsZero() || reset.After(b.reset.Add(tolerance)):
		// A newer window than we knew of.
		b.remaining, b.reset, b.estimated = st.Remaining, reset, false
	case reset.Before(b.reset.Add(-tolerance)):
		// A late response from a window that is over: nothing to learn.
	case b.estimated:
		// The first word from a window we started by estimate.
		b.remaining, b.reset, b.estimated = min(b.remaining, st.Remaining), reset, false
	default:
		b.remaining = min(b.remaining, st.Remaining)
		b.reset = minTime(b.reset, reset)
	}
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
