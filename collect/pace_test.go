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
	if n, wait := admitN(p, "api"); n != 3 || wait != 10*time.Second {
		t.Errorf("after r=3 admitted %d (wait %v), want 3 (wait 10s)", n, wait)
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
	if n, wait := admitN(p, "api"); n != 0 || wait != 4*time.Second {
		t.Fatalf("at r=0 admitted %d (wait %v), want 0 (wait 4s)", n, wait)
	}
	clock.add(4 * time.Second)
	if n, wait := admitN(p, "api"); n != 3 || wait != 5*time.Second {
		t.Errorf("after the reset admitted %d (wait %v), want the quota 3 (wait 5s)", n, wait)
	}
}

func TestPacerIgnoresOldWindow(t *testing.T) {
	clock := &fakeClock{time.Unix(1000, 0)}
	p := newPacer(clock.now, time.Hour)
	admitN(p, "api")
	p.release("api", 200, rateHeader(`"api";r=0;t=1`, `"fixed window";"api";q=4;w=10`), clock.now())
	clock.add(time.Second)
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

func TestPacerLimitLiftedBySuccess(t *testing.T) {
	// A lone 429 from a bucket the Hub does not otherwise limit pauses it
	// until the announced reset; the next success without a RateLimit
	// entry shows there is nothing to pace.
	clock := &fakeClock{time.Unix(1000, 0)}
	p := newPacer(clock.now, time.Hour)
	admitN(p, "resolvers")
	p.release("resolvers", 429, rateHeader(`"resolvers";r=0;t=2`, ""), clock.now())
	if n, wait := admitN(p, "resolvers"); n != 0 || wait != 2*time.Second {
		t.Fatalf("after the 429 admitted %d (wait %v), want 0 (wait 2s)", n, wait)
	}
	clock.add(2 * time.Second)
	if n, _ := admitN(p, "resolvers"); n != 1 {
		t.Fatalf("after the reset with no known quota admitted %d, want one probe", n)
	}
	p.release("resolvers", 200, http.Header{}, clock.now())
	p.mu.Lock()
	defer p.mu.Unlock()
	for i := range 100 {
		if _, ok := p.bucket("resolvers").admit(clock.now()); !ok {
			t.Fatalf("after a success without RateLimit, request %d was refused", i)
		}
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
