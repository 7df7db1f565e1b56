package score

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"runtime"
	"runtime/metrics"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/spacejudge/spacejudge/collect"
)

// benchSizes are the sizes judged by the benchmarks: Spaces and ballots.
var benchSizes = []struct{ spaces, ballots int }{
	{5_000, 50_000},
	{20_000, 200_000},
	{50_000, 500_000},
}

// benchSnapshot returns n Spaces of org Org, most of them eligible, with a
// few authors and likers each, the same for the same n.
func benchSnapshot(n int) *collect.Snapshot {
	rng := rand.New(rand.NewPCG(uint64(n), 1))
	spaces := make([]collect.Space, n)
	for i := range spaces {
		sp := testSpace(fmt.Sprintf("space-%06d", i), fmt.Sprintf("user%d", rng.IntN(n)), 0)
		sp.Authors = append(sp.Authors, fmt.Sprintf("user%d", rng.IntN(n)))
		sp.CreatedAt = testOpens.Add(time.Duration(rng.IntN(15*24*60)) * time.Minute)
		sp.Likes = rng.IntN(50)
		for l := range min(sp.Likes, 5) {
			sp.Likers = append(sp.Likers, fmt.Sprintf("user%d", (i+l)%n))
		}
		switch rng.IntN(20) {
		case 0:
			sp.Private = true
		case 1:
			sp.Stage = "BUILD_ERROR"
		case 2:
			sp.App.Blocks = false
		}
		spaces[i] = sp
	}
	return testSnapshot(spaces...)
}

// benchVotes returns m ballots in long form CSV for the Spaces of
// benchSnapshot(n), from m/4 voters, naming Spaces in all three ways.
func benchVotes(n, m int) []byte {
	rng := rand.New(rand.NewPCG(uint64(m), 2))
	var b bytes.Buffer
	b.WriteString("timestamp,voter,category,space\n")
	cats := []string{"vote", "Community Pick"}
	for range m {
		at := testOpens.Add(time.Duration(rng.IntN(16*24*3600)) * time.Second)
		name := fmt.Sprintf("space-%06d", rng.IntN(n))
		forms := [...]string{name, "Org/" + name, "https://huggingface.co/spaces/Org/" + name}
		space := forms[rng.IntN(len(forms))]
		fmt.Fprintf(&b, "%s,voter%d,%s,%s\n", at.Format("2006-01-02 15:04:05"), rng.IntN(m/4),
			cats[rng.IntN(2)], space)
	}
	return b.Bytes()
}

// benchPicks returns 200 picks by 5 pickers.
func benchPicks(n int) []Pick {
	picks := make([]Pick, 200)
	for i := range picks {
		picks[i] = Pick{Line: i + 1, Criterion: "pick", Picker: fmt.Sprintf("staff%d", i%5),
			SpaceID: fmt.Sprintf("space-%06d", (i*7919)%n)}
	}
	return picks
}

// BenchmarkJudge judges benchSizes Spaces and ballots (read beforehand).
// Besides time and bytes allocated per judging, it reports peak-heap-B, the
// largest heap growth seen during a judging above the heap that holds its
// inputs, and result-B, the heap the Result keeps once garbage is
// collected.
func BenchmarkJudge(b *testing.B) {
	for _, size := range benchSizes {
		b.Run(fmt.Sprintf("spaces=%d/ballots=%d", size.spaces, size.ballots), func(b *testing.B) {
			snap := benchSnapshot(size.spaces)
			votes, err := ReadVotes(bytes.NewReader(benchVotes(size.spaces, size.ballots)),
				"votes.csv", nil)
			if err != nil {
				b.Fatal(err)
			}
			in := Input{Snapshot: snap, Votes: votes, HaveVotes: true,
				Picks: benchPicks(size.spaces), HavePicks: true}
			rules := testRules()
			rules.Prizes = append(rules.Prizes, Prize{Name: "Top 25", By: Overall, From: 1, To: 25})
			measure(b, func() any {
				res, err := Judge(rules, in)
				if err != nil {
					b.Fatal(err)
				}
				return res
			})
		})
	}
}

// BenchmarkReadVotes reads the votes files of benchSizes from memory.
func BenchmarkReadVotes(b *testing.B) {
	for _, size := range benchSizes {
		b.Run(fmt.Sprintf("ballots=%d", size.ballots), func(b *testing.B) {
			data := benchVotes(size.spaces, size.ballots)
			b.SetBytes(int64(len(data)))
			measure(b, func() any {
				votes, err := ReadVotes(bytes.NewReader(data), "votes.csv", nil)
				if err != nil {
					b.Fatal(err)
				}
				return votes
			})
		})
	}
}

// measure runs op b.N times and reports, besides time and allocations, the
// CPU time per op (cpu-ns/op, all goroutines, garbage collection included),
// the largest heap growth during one op (peak-heap-B) and the heap its result
// keeps alive (result-B), both above the heap in use before the op. The
// heap is sampled in one extra, untimed op, so that sampling does not
// slow the timed ones.
func measure(b *testing.B, op func() any) {
	b.ReportAllocs()
	cpu0, n := cpuTime(), 0
	for b.Loop() {
		op()
		n++
	}
	b.StopTimer()
	b.ReportMetric(float64((cpuTime()-cpu0).Nanoseconds())/float64(n), "cpu-ns/op")
	runtime.GC()
	base := heapBytes()
	s := startSampling(base)
	res := op()
	peak := s.stop()
	runtime.GC()
	kept := heapBytes() - min(base, heapBytes())
	runtime.KeepAlive(res)
	b.ReportMetric(float64(peak), "peak-heap-B")
	b.ReportMetric(float64(kept), "result-B")
}

// cpuTime returns the CPU time the process has used, in user and system
// mode. On a machine shared with other work it measures an op more
// steadily than the wall clock, which also counts the time spent waiting
// for a CPU.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// heapBytes returns the bytes of heap objects, live or not yet swept.
func heapBytes() uint64 {
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// A sampler polls the heap size while an op runs and keeps the largest.
type sampler struct {
	base uint64
	peak uint64
	quit chan struct{}
	wg   sync.WaitGroup
}

func startSampling(base uint64) *sampler {
	s := &sampler{base: base, peak: base, quit: make(chan struct{})}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		tick := time.NewTicker(200 * time.Microsecond)
		defer tick.Stop()
		for {
			s.peak = max(s.peak, heapBytes())
			select {
			case <-s.quit:
				return
			case <-tick.C:
			}
		}
	}()
	return s
}

// stop ends sampling and returns the peak growth above the base.
func (s *sampler) stop() uint64 {
	close(s.quit)
	s.wg.Wait()
	s.peak = max(s.peak, heapBytes())
	return s.peak - s.base
}
