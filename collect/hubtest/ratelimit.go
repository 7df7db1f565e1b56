package hubtest

import (
	"fmt"
	"net/http"
	"time"
)

// bucket counts the requests of one rate-limit bucket in the current
// fixed window.
type bucket struct {
	quota  int
	window int64 // index of the window that used counts
	used   int
}

// rateState is what a request learned from its bucket: whether it was
// admitted and what the RateLimit headers say.
type rateState struct {
	name      string
	quota     int // 0 when the bucket is unlimited
	remaining int
	reset     int // seconds until the window ends, rounded as Options say
	window    int // window length in seconds, rounded up
	exceeded  bool
}

// take counts one request against the named bucket and reports whether it
// is admitted. A request on a path without a bucket is always admitted.
// The caller holds s.mu.
func (s *Server) take(name string) rateState {
	idx, reset := s.windowAt(s.now())
	st := rateState{name: name, reset: reset, window: ceilSeconds(s.window)}
	b := s.buckets[name]
	if b == nil || b.quota == 0 {
		return st
	}
	if b.window != idx {
		b.window, b.used = idx, 0
	}
	st.quota = b.quota
	if b.used >= b.quota {
		st.exceeded = true
		return st
	}
	b.used++
	st.remaining = b.quota - b.used
	return st
}

// windowAt returns the index of the fixed window that holds now, counted
// from the server's start, and the seconds left in it: rounded up, or down
// when Options.RoundResetDown is set.
func (s *Server) windowAt(now time.Time) (int64, int) {
	d := now.Sub(s.epoch)
	idx := int64(d / s.window)
	if d < 0 && d%s.window != 0 {
		idx--
	}
	left := s.epoch.Add(time.Duration(idx+1) * s.window).Sub(now)
	if s.opts.RoundResetDown {
		return idx, int(left / time.Second)
	}
	return idx, ceilSeconds(left)
}

// ceilSeconds rounds d up to whole seconds, and to at least one.
func ceilSeconds(d time.Duration) int {
	n := int((d + time.Second - 1) / time.Second)
	return max(n, 1)
}

// setHeaders adds the RateLimit and RateLimit-Policy headers of a limited
// bucket; an unlimited bucket adds none.
func (st rateState) setHeaders(h http.Header) {
	if st.quota == 0 {
		return
	}
	st.setRemaining(h, st.remaining)
}

// setRemaining writes the RateLimit header with the given remaining count
// and, for a limited bucket, the RateLimit-Policy header.
func (st rateState) setRemaining(h http.Header, remaining int) {
	name := st.name
	if name == "" {
		name = bucketAPI
	}
	h.Set("RateLimit", fmt.Sprintf("%q;r=%d;t=%d", name, remaining, st.reset))
	if st.quota > 0 {
		h.Set("RateLimit-Policy",
			fmt.Sprintf("\"fixed window\";%q;q=%d;w=%d", name, st.quota, st.window))
	}
}
