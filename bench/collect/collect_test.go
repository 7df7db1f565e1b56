package collectbench

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/spacejudge/spacejudge/collect"
	"github.com/spacejudge/spacejudge/collect/hubtest"
)

// The scenario: 1,000 Spaces, 50 ms per request, 8 requests in flight.
const (
	spaces      = 1000
	latency     = 50 * time.Millisecond
	concurrency = 8
)

// A quota is what the fake Hub admits per window in each bucket.
type quota struct {
	api, resolvers int
	window         time.Duration
}

func BenchmarkCollect(b *testing.B) {
	b.Run("latency", func(b *testing.B) { run(b, quota{}) })
	// The api bucket binds, as on the Hub, where resolvers get five
	// times the api quota.
	b.Run("quota", func(b *testing.B) { run(b, quota{300, 1500, 10 * time.Second}) })
	// Both buckets bind: the resolvers run out in every window too.
	b.Run("quota-both", func(b *testing.B) { run(b, quota{300, 200, 10 * time.Second}) })
}

func run(b *testing.B, q quota) {
	ds := dataset()
	for b.Loop() {
		hub := hubtest.NewServer(ds, hubtest.Options{
			Latency: latency, Quota: q.api, ResolverQuota: q.resolvers, Window: q.window,
		})
		start := time.Now()
		snap, err := collect.Collect(context.Background(), collect.Options{
			Endpoint: hub.URL, Org: ds.Org, Concurrency: concurrency,
			// What the default rules ask for: app checks of gradio
			// Spaces, and likers to take self-likes away.
			AppSDKs: []string{"gradio"}, Likers: true,
		})
		wall := time.Since(start)
		hub.Close()
		if err != nil {
			b.Fatal(err)
		}
		if failed := snap.Failed(); len(failed) > 0 {
			b.Fatalf("%d Spaces failed, first %s", len(failed), failed[0])
		}
		report(b, hub, q, wall)
	}
}

// report computes the ratios of one run and reports them.
func report(b *testing.B, hub *hubtest.Server, q quota, wall time.Duration) {
	total := hub.Total()
	resolvers := hub.Requests(hubtest.RouteResolve)
	api := total - resolvers
	latencyBound := perSlot(total)
	b.ReportMetric(wall.Seconds(), "wall-s")
	b.ReportMetric(float64(total), "requests")
	b.ReportMetric(float64(hub.TooMany()), "429s")
	b.ReportMetric(wall.Seconds()/latencyBound.Seconds(), "wall/latency-bound")
	msg := fmt.Sprintf("requests %d (api %d, resolvers %d), wall %v, latency bound %v",
		total, api, resolvers, wall.Round(time.Millisecond), latencyBound.Round(time.Millisecond))
	if q.window > 0 {
		allowed := max(latencyBound, bucketBound(api, q.api, q.window),
			bucketBound(resolvers, q.resolvers, q.window))
		b.ReportMetric(wall.Seconds()/allowed.Seconds(), "wall/quota-bound")
		msg += fmt.Sprintf(", quota bound %v (api %v, resolvers %v)",
			allowed.Round(time.Millisecond),
			bucketBound(api, q.api, q.window).Round(time.Millisecond),
			bucketBound(resolvers, q.resolvers, q.window).Round(time.Millisecond))
	}
	b.Log(msg)
}

// perSlot is the time n requests take when concurrency of them are always
// in flight: n × latency ÷ concurrency.
func perSlot(n int) time.Duration {
	return time.Duration(n) * latency / concurrency
}

// bucketBound is the least time in which n requests fit a bucket that
// admits quota per fixed window (windows start with the run): every full
// window must pass, and the requests of the last one still take their
// latency.
func bucketBound(n, quota int, window time.Duration) time.Duration {
	if quota == 0 || n == 0 {
		return 0
	}
	full := (n - 1) / quota
	return time.Duration(full)*window + perSlot(n-full*quota)
}

// dataset returns the organization collected: 1,000 Spaces, mostly
// gradio, some with likes, a few disabled, with histories of a few
// commits. It is the same in every run.
func dataset() *hubtest.Dataset {
	const app = "import gradio as gr\nwith gr.Blocks() as demo:\n    pass\n"
	rng := rand.New(rand.NewPCG(1, 2))
	ds := &hubtest.Dataset{Org: "Bench-Org"}
	created := time.Date(2022, 5, 17, 0, 0, 0, 0, time.UTC)
	for i := range spaces {
		name := fmt.Sprintf("space-%04d", i)
		sp := hubtest.Space{
			ID: ds.Org + "/" + name, SHA: fmt.Sprintf("%040x", i+1),
			CreatedAt: created.Add(time.Duration(i) * time.Minute), SDK: "gradio", Stage: "RUNNING",
			Card:  map[string]any{"title": "Space " + name},
			Files: map[string]string{"app.py": app},
		}
		if rng.IntN(10) == 0 {
			sp.SDK = "streamlit"
		}
		sp.Disabled = rng.IntN(100) == 0
		if rng.IntN(5) < 3 {
			for j := range 1 + rng.IntN(40) {
				sp.Likers = append(sp.Likers, fmt.Sprintf("fan-%03d", j))
			}
		}
		for j := range 1 + rng.IntN(6) {
			sp.Commits = append(sp.Commits, hubtest.Commit{
				ID:      fmt.Sprintf("%040x", (i+1)*100+j),
				Authors: []string{fmt.Sprintf("user-%03d", (i+j)%250)},
			})
		}
		sp.Commits[0].ID = sp.SHA
		ds.Spaces = append(ds.Spaces, sp)
	}
	return ds
}
