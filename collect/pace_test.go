package collect

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"
)

// fakeClock is a clock the test moves by hand.
type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time      { return c.t }
func (c *fakeClock) add(d time.Duration) { c.t = c.t.Add(d) }
func rateHeader(v, policy string) http.Header {
	h := http.Header{}
	h.Set("RateLimit", v)
	if policy != "" {
		h.Set("RateLimit-Policy", policy)
	}
	return h
}

// admitN admits requests to the bucket until it refuses, and returns how
// many it admitted and the wait it asked for. The bucket must be limited.
func admitN(p *pacer, name string) (int, time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for n := 0; ; n++ {
		wait, ok := p.bucket(name).admit(p.now())
		if !ok {
			return n, wait
		}
	}
}

func TestPacerFirstRequestAlone(t *testing.T) {
	clock := &fakeClock{time.Unix(1000, 0)}
	p := newPacer(clock.now, time.Hour)
	if n, wait := admitN(p, "api"); n != 1 || wait != 0 {
		t.Fatalf("unknown bucket admitted %d (wait %v), want 1 and a wait for news", n, wait)
	}
	h := rateHeader(`"api";r=3;t=10`, `"fixed window";"api";q=5;w=10`)
	p.release("api", 200, h, clock.now())
	// The wait is t plus the margin for a t rounded down.
	if n, wait := admitN(p, "api"); n != 3 || wait != 11*time.Second {
		t.Errorf("after r=3 admitted %d (wait %v), want 3 (wait 11s)", n, wait)
	}
}

func TestPacerUnannouncedBucket(t *testing.T) {
	clock := &fakeClock{time.Unix(1000, 0)}
	p := newPacer(clock.now, time.Hour)
	admitN(p, "resolvers") // one probe
	p.release("resolvers", 200, http.Header{}, clock.now())
	p.mu.Lock()
	defer p.mu.Unlock()
	for i := range 100 {
		if _, ok := p.bucket("resolvers").admit(clock.now()); !ok {
			t.Fatalf("request %d refused on a bucket the Hub does not limit", i)
		}
	}
}

func TestPacerCountsInFlight(t *testing.T) {
	clock := &fakeClock{time.Unix(1000, 0)}
	p := newPacer(clock.now, time.Hour)
	admitN(p, "api")
	p.release("api", 200, rateHeader(`"api";r=8;t=5`, `"fixed window";"api";q=10;w=5`), clock.now())

	// Eight admitted and in flight: no ninth, although no response said
	// the budget is gone.
	if n, _ := admitN(p, "api"); n != 8 {
		t.Fatalf("admitted %d with r=8, want 8", n)
	}
	// A response that still says r=8 (counted before the others) frees
	// one slot; one saying r=2 after six more frees none.
	p.release("api", 200, rateHeader(`"api";r=8;t=5`, ""), clock.now())
	if n, _ := admitN(p, "api"); n != 1 {
		t.Errorf("after one release at r=8 admitted %d, want 1", n)
	}
	p.release("api", 200, rateHeader(`"api";r=2;t=5`, ""), clock.now())
	if n, _ := admitN(p, "api"); n != 0 {
		t.Errorf("at r=2 with 7 in flight admitted %d, want 0", n)
	}
}

func TestPacerWaitsForReset(t *testing.T) {
	clock := &fakeClock{time.Unix(1000, 0)}
	p := newPacer(clock.now, time.Hour)
	admitN(p, "api")
	p.release("api", 200, rateHeader(`"api";r=0;t=4`, `"fixed window";"api";q=3;w=5`), clock.now())
	if n, wait := admitN(p, "api"); n != 0 || wait != 5*time.Second {
		t.Fatalf("at r=0 admitted %d (wait %v), want 0 (wait 4s + 1s)", n, wait)
	}
	// At received + t the window may not be over: t may have been
	// rounded down.
	clock.add(4 * time.Second)
	if n, wait := admitN(p, "api"); n != 0 || wait != time.Second {
		t.Fatalf("at the announced reset admitted %d (wait %v), want 0 (wait 1s)", n, wait)
	}
	// A window started by estimate ends a window later, with no margin:
	// it began after the Hub's.
	clock.add(time.Second)
	if n, wait := admitN(p, "api"); n != 3 || wait != 5*time.Second {
		t.Errorf("after the reset admitted %d (wait %v), want the quota 3 (wait 5s)", n, wait)
	}
}

func TestPacerIgnoresOldWindow(t *testing.T) {
	clock := &fakeClock{time.Unix(1000, 0)}
	p := newPacer(clock.now, time.Hour)
	admitN(p, "api")
	p.release("api", 200, rateHeader(`"api";r=0;t=1`, `"fixed window";"api";q=4;w=10`), clock.now())
	clock.add(time.Second + resetMargin)
	if n, _ := admitN(p, "api"); n != 4 {
		t.Fatalf("new window admitted %d, want 4", n)
	}
	// A late answer from the old window must not spend the new one.
	p.release("api", 200, rateHeader(`"api";r=0;t=1`, ""), clock.now())
	if n, _ := admitN(p, "api"); n != 1 {
		t.Errorf("after a stale r=0 admitted %d, want 1", n)
	}
	// The first answer from the new window corrects the estimate.
	p.release("api", 200, rateHeader(`"api";r=1;t=9`, ""), clock.now())
	if n, _ := admitN(p, "api"); n != 0 {
		t.Errorf("at r=1 with 2 in flight admitted %d, want 0", n)
	}
}

func TestPacerLostResponseCounts(t *testing.T) {
	clock := &fakeClock{time.Unix(1000, 0)}
	p := newPacer(clock.now, time.Hour)
	admitN(p, "api")
	p.release("api", 200, rateHeader(`"api";r=2;t=10`, ""), clock.now())
	admitN(p, "api")
	p.release("api", 0, nil, clock.now()) // connection lost
	p.release("api", 0, nil, clock.now())
	if n, _ := admitN(p, "api"); n != 0 {
		t.Errorf("after two lost answers at r=2 admitted %d, want 0", n)
	}
}

func TestPacerAcquireCancelled(t *testing.T) {
	clock := &fakeClock{time.Unix(1000, 0)}
	p := newPacer(clock.now, time.Hour)
	admitN(p, "api")
	p.release("api", 200, rateHeader(`"api";r=0;t=300`, ""), clock.now())
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := p.acquire(ctx, "api"); err != context.Canceled {
		t.Errorf("acquire on a spent bucket, context cancelled = %v, want context.Canceled", err)
	}
}

func TestPacerWakesOnRelease(t *testing.T) {
	clock := &fakeClock{time.Unix(1000, 0)}
	p := newPacer(clock.now, time.Hour)
	first, err := p.acquire(context.Background(), "api")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error)
	go func() {
		release, err := p.acquire(context.Background(), "api")
		if err == nil {
			release(0, nil, clock.now())
		}
		done <- err
	}()
	first(200, rateHeader(`"api";r=5;t=10`, ""), clock.now())
	if err := <-done; err != nil {
		t.Errorf("second acquire = %v", err)
	}
}

// admitUpTo is admitN for a bucket that may not be limited: it stops at
// limit.
func admitUpTo(p *pacer, name string, limit int) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	for n := 0; n < limit; n++ {
		if _, ok := p.bucket(name).admit(p.now()); !ok {
			return n
		}
	}
	return limit
}

func TestPacerStaysPacedOnceAnnounced(t *testing.T) {
	// A success without the bucket's entry, such as a CDN's answer at the
	// end of a redirect, neither lifts the pacing nor goes uncounted.
	clock := &fakeClock{time.Unix(1000, 0)}
	p := newPacer(clock.now, time.Hour)
	admitN(p, "resolvers")
	p.release("resolvers", 200,
		rateHeader(`"resolvers";r=3;t=10`, `"fixed window";"resolvers";q=5;w=10`), clock.now())
	admitN(p, "resolvers") // three in flight
	p.release("resolvers", 200, http.Header{}, clock.now())
	if n := admitUpTo(p, "resolvers", 100); n != 0 {
		t.Errorf("after a CDN answer at r=3 with 2 in flight admitted %d, want 0", n)
	}

}

func TestPacerLone429Pauses(t *testing.T) {
	// A 429 that names no quota, on a bucket whose answers never carried
	// RateLimit, pauses every request until its reset and margin, and
	// then leaves the bucket unpaced, as its other answers made it.
	clock := &fakeClock{time.Unix(1000, 0)}
	p := newPacer(clock.now, time.Hour)
	admitN(p, "api")
	p.release("api", 200, http.Header{}, clock.now())
	admitUpTo(p, "api", 1)
	p.release("api", 429, rateHeader(`"api";r=0;t=2`, ""), clock.now())
	if n, wait := admitN(p, "api"); n != 0 || wait != 3*time.Second {
		t.Fatalf("after the 429 admitted %d (wait %v), want 0 (wait 3s)", n, wait)
	}
	clock.add(3 * time.Second)
	if n := admitUpTo(p, "api", 100); n != 100 {
		t.Errorf("after the pause admitted %d of 100, want all: the bucket is not limited", n)
	}

	// With the quota named, the same 429 starts pacing as any
	// announcement does.
	p = newPacer(clock.now, time.Hour)
	admitN(p, "api")
	p.release("api", 429, rateHeader(`"api";r=0;t=2`, `"fixed window";"api";q=4;w=2`),
		clock.now())
	clock.add(3 * time.Second)
	if n := admitUpTo(p, "api", 100); n != 4 {
		t.Errorf("in the window after a 429 with q=4 admitted %d, want 4", n)
	}
}

func TestPacerErrorWithoutHeaderCounts(t *testing.T) {
	// An error answer without the bucket's entry (a proxy's 502, say)
	// keeps the pacing and counts the request as spent.
	clock := &fakeClock{time.Unix(1000, 0)}
	p := newPacer(clock.now, time.Hour)
	admitN(p, "api")
	p.release("api", 200, rateHeader(`"api";r=1;t=10`, ""), clock.now())
	admitN(p, "api")
	p.release("api", 502, http.Header{}, clock.now())
	if n, _ := admitN(p, "api"); n != 0 {
		t.Errorf("after a 502 without RateLimit at r=1 admitted %d, want 0", n)
	}
}

func TestPacerRefusesLongWait(t *testing.T) {
	clock := &fakeClock{time.Unix(1000, 0)}
	p := newPacer(clock.now, time.Minute)
	admitN(p, "api")
	p.release("api", 429, rateHeader(`"api";r=0;t=3600`, ""), clock.now())
	_, err := p.acquire(context.Background(), "api")
	if !errors.Is(err, ErrRateLimited) {
		t.Errorf("acquire with the reset an hour away = %v, want ErrRateLimited at once", err)
	}
}
