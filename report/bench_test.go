package report

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/spacejudge/spacejudge/score"
)

// benchSizes are the events the benchmarks write, up to 50,000 Spaces and
// 500,000 ballots.
var benchSizes = []struct{ spaces, ballots int }{
	{500, 5_000}, {5_000, 50_000}, {50_000, 500_000},
}

// BenchmarkWrite writes every output of an event. Besides time it reports
// the Result's own live heap (result-MB), and over what was live before
// writing: the most live heap seen at a collection while writing (live-MB),
// which is what writing holds on top of the rows it writes, and the most
// heap in use, garbage included (heap-MB), which depends on GOGC too.
func BenchmarkWrite(b *testing.B) {
	for _, sz := range benchSizes {
		benchWrite(b, sz.spaces, sz.ballots)
	}
}

// BenchmarkWriteBallots writes events that differ only in their ballots,
// to show what more ballots cost.
func BenchmarkWriteBallots(b *testing.B) {
	for _, n := range []int{50_000, 500_000} {
		benchWrite(b, 5_000, n)
	}
}

func benchWrite(b *testing.B, spaces, ballots int) {
	b.Run(fmt.Sprintf("spaces=%d/ballots=%d", spaces, ballots), func(b *testing.B) {
		before := heapInUse()
		res := generate(spaces, ballots)
		base := heapInUse()
		dir := b.TempDir()
		stop := watchHeap()
		cpu := cpuTime()
		for b.Loop() {
			if err := Write(dir, res, Options{}); err != nil {
				b.Fatal(err)
			}
		}
		reportCPU(b, cpuTime()-cpu)
		live, objects := stop()
		b.ReportMetric(float64(base-before)/(1<<20), "result-MB")
		b.ReportMetric(float64(live-base)/(1<<20), "live-MB")
		b.ReportMetric(float64(objects-base)/(1<<20), "heap-MB")
		b.ReportMetric(float64(fileSize(b, filepath.Join(dir, fileBook)))/(1<<20), "xlsx-MB")
	})
}

// BenchmarkWorkbook writes results.xlsx alone, and BenchmarkBareStream
// writes the same cells with bare excelize StreamWriters (no styles,
// widths, panes, filters, links or sorted archive): their ratio is what
// the workbook's care costs.
func BenchmarkWorkbook(b *testing.B) {
	benchBook(b, func(path string, res *score.Result) error {
		f, err := os.Create(path)
		if err != nil {
			return err
		}
		defer f.Close()
		return writeWorkbook(f, res, tables(res, nil))
	})
}

func BenchmarkBareStream(b *testing.B) {
	benchBook(b, bareWorkbook)
}

func benchBook(b *testing.B, write func(string, *score.Result) error) {
	for _, sz := range benchSizes {
		b.Run(fmt.Sprintf("spaces=%d/ballots=%d", sz.spaces, sz.ballots), func(b *testing.B) {
			res := generate(sz.spaces, sz.ballots)
			path := filepath.Join(b.TempDir(), "book.xlsx")
			cpu := cpuTime()
			for b.Loop() {
				if err := write(path, res); err != nil {
					b.Fatal(err)
				}
			}
			reportCPU(b, cpuTime()-cpu)
		})
	}
}

// bareWorkbook writes the cells of every sheet of res the plainest way
// excelize allows.
func bareWorkbook(path string, res *score.Result) error {
	f := excelize.NewFile()
	defer f.Close()
	sheet := func(name string, n int, row func(i int) []any) error {
		if _, err := f.NewSheet(name); err != nil {
			return err
		}
		sw, err := f.NewStreamWriter(name)
		if err != nil {
			return err
		}
		for i := range n {
			if err := sw.SetRow(cellName(i+1), row(i)); err != nil {
				return err
			}
		}
		return sw.Flush()
	}
	join := func(l []string) string { return strings.Join(l, "; ") }
	score4 := func(e score.Entry) float64 { v, _ := e.Score.Float64(); return v }
	err := sheet("Winners", len(res.Winners), func(i int) []any {
		w := res.Winners[i]
		v, _ := w.Score.Float64()
		return []any{w.Rank, w.Space.ID, w.Space.Title, join(w.Space.Authors), v,
			join(w.Prizes), w.Tie, w.By}
	})
	if err == nil {
		err = sheet("Leaderboard", len(res.Leaderboard), func(i int) []any {
			e := res.Leaderboard[i]
			row := []any{e.Rank, e.Space.ID, e.Space.Title, join(e.Space.Authors), score4(e)}
			for _, v := range e.Values {
				row = append(row, v)
			}
			return append(row, e.Space.CreatedAt.UTC(), e.Space.URL)
		})
	}
	for k := range res.Rankings {
		if err != nil {
			break
		}
		es := res.Rankings[k].Entries
		err = sheet(fmt.Sprintf("C%d", k), len(es), func(i int) []any {
			e := es[i]
			return []any{e.Rank, e.Space.ID, e.Space.Title, join(e.Space.Authors),
				e.Values[k], e.Tied, join(e.Prizes)}
		})
	}
	if err == nil {
		err = sheet("Prizes", len(res.Awards), func(i int) []any {
			a := res.Awards[i]
			return []any{a.User, a.Prize, join(a.Spaces)}
		})
	}
	if err == nil {
		err = sheet("Ballots", len(res.Ballots), func(i int) []any {
			v := &res.Ballots[i]
			return []any{v.Line, v.Timestamp, v.Voter, v.Category, v.Space, v.Status, v.Reason}
		})
	}
	if err == nil {
		err = sheet("Ineligible", len(res.Ineligible), func(i int) []any {
			in := res.Ineligible[i]
			return []any{in.Space.ID, in.Space.Title, join(in.Space.Authors), join(in.Reasons)}
		})
	}
	if err == nil {
		err = sheet("Participants", len(res.Participants), func(i int) []any {
			p := res.Participants[i]
			return []any{p.User, join(p.Spaces), join(p.EligibleSpaces), join(p.Badges)}
		})
	}
	if err != nil {
		return err
	}
	return f.SaveAs(path)
}

// reportCPU reports the process's CPU time per operation (cpu-ms/op),
// which the recorded ratios use: on a shared machine it is far steadier
// than wall time.
func reportCPU(b *testing.B, d time.Duration) {
	b.ReportMetric(float64(d.Milliseconds())/float64(b.N), "cpu-ms/op")
}

// heapInUse returns the bytes of live heap after a collection.
func heapInUse() uint64 {
	runtime.GC()
	live, _ := heapNow()
	return live
}

// heapNow returns the live heap as of the last collection, and all heap
// objects, live or garbage not yet swept.
func heapNow() (live, objects uint64) {
	s := []metrics.Sample{
		{Name: "/gc/heap/live:bytes"}, {Name: "/memory/classes/heap/objects:bytes"},
	}
	metrics.Read(s)
	return s[0].Value.Uint64(), s[1].Value.Uint64()
}

// watchHeap samples the heap every few milliseconds until the returned
// function is called, which returns the largest samples.
func watchHeap() func() (live, objects uint64) {
	var (
		peakLive, peakObjects uint64
		done                  = make(chan struct{})
		wg                    sync.WaitGroup
	)
	wg.Go(func() {
		tick := time.NewTicker(2 * time.Millisecond)
		defer tick.Stop()
		for {
			live, objects := heapNow()
			peakLive, peakObjects = max(peakLive, live), max(peakObjects, objects)
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	})
	return func() (uint64, uint64) {
		close(done)
		wg.Wait()
		return peakLive, peakObjects
	}
}

func fileSize(b *testing.B, path string) int64 {
	fi, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	return fi.Size()
}
