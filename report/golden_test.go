package report

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/spacejudge/spacejudge/score"
)

var update = flag.Bool("update", false, "rewrite testdata/golden files")

// previous returns the Result of an earlier run of the fixture's event:
// collected a day before, with one Space that is gone now, one that was
// not there yet, other likes and values, and fewer ballots.
func previous() *score.Result {
	ev := fixtureEvent()
	ev.collectedAt = ev.collectedAt.Add(-24 * time.Hour)
	ev.spaces = ev.spaces[:len(ev.spaces)-1]
	ev.spaces = append(ev.spaces, fakeSpace{
		id: "Gradio-Blocks/deleted-space", title: "Gone | now", authors: []string{"zed"},
		created: opens, values: make([]int, len(ev.criteria)), likes: 3,
	})
	for i := range ev.spaces[:12] {
		v := slices.Clone(ev.spaces[i].values)
		v[1] = max(v[1]-i%4*3, 0)
		v[2] = max(v[2]-i%3, 0)
		ev.spaces[i].values = v
		ev.spaces[i].likes = v[1] + i%3
	}
	ev.ballots = ev.ballots[:len(ev.ballots)-6]
	return judge(ev)
}

// writeFixture writes the fixture's reports, with changes since previous,
// into a new directory and returns it.
func writeFixture(t *testing.T, opts Options) string {
	t.Helper()
	dir := t.TempDir()
	if err := Write(dir, fixture(), opts); err != nil {
		t.Fatalf("Write() = %v", err)
	}
	return dir
}

// TestGolden compares every output of the fixture with its golden file:
// CSV and Markdown byte for byte, the workbook as a text dump.
func TestGolden(t *testing.T) {
	dir := writeFixture(t, Options{Changes: Compare(previous(), fixture()), SummaryRows: 12})
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	want := []string{"ballots.csv", "changes.csv", "criterion_ceo.csv",
		"criterion_community.csv", "criterion_creative.csv", "criterion_likes.csv",
		"criterion_staff_pick.csv", "ineligible.csv", "leaderboard.csv", "participants.csv",
		"picks.csv", "prizes.csv", "results.xlsx", "summary.md", "winners.csv"}
	if diff := cmp.Diff(want, names); diff != "" {
		t.Fatalf("Write() files (-want +got):\n%s", diff)
	}
	for _, name := range names {
		var got []byte
		golden := name
		if name == fileBook {
			got, golden = []byte(dumpWorkbook(t, filepath.Join(dir, name))), name+".txt"
		} else if got, err = os.ReadFile(filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
		checkGolden(t, filepath.Join("testdata", "golden", golden), got)
	}
}

// checkGolden compares got with the golden file at path, or rewrites it
// under -update.
func checkGolden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		t.Logf("rewriting %s", path)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("reading golden file (run with -update to create it): %v", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from its golden file (-want +got):\n%s", path,
			cmp.Diff(string(want), string(got)))
	}
}
