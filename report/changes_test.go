package report

import (
	"bytes"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/spacejudge/spacejudge/score"
)

func entry(id string, rank int) score.Entry {
	return score.Entry{Rank: rank, Space: score.SpaceInfo{ID: id}}
}

func space(id string, likes int) score.SpaceInfo {
	return score.SpaceInfo{ID: id, Likes: likes}
}

func ballot(line int, voter, space string) score.Ballot {
	return score.Ballot{Line: line, Timestamp: "t", Voter: voter, Category: "c", Space: space}
}

func TestCompare(t *testing.T) {
	day := time.Date(2022, 5, 20, 0, 0, 0, 0, time.UTC)
	prev := &score.Result{
		CollectedAt: day,
		Leaderboard: []score.Entry{entry("a", 1), entry("b", 2), entry("c", 3), entry("d", 4)},
		Spaces: []score.SpaceInfo{space("a", 5), space("b", 3), space("c", 3), space("d", 1),
			space("gone", 0)},
		Ballots: []score.Ballot{ballot(2, "v1", "a"), ballot(3, "v2", "b"),
			ballot(4, "v2", "b")},
	}
	cur := &score.Result{
		CollectedAt: day.Add(24 * time.Hour),
		Leaderboard: []score.Entry{entry("b", 1), entry("a", 2), entry("new", 2), entry("c", 3)},
		Spaces: []score.SpaceInfo{space("a", 5), space("b", 9), space("c", 3), space("d", 0),
			space("new", 1)},
		Ballots: []score.Ballot{ballot(2, "v1", "a"), ballot(3, "v2", "b"),
			ballot(4, "v2", "b"), ballot(5, "v2", "b"), ballot(6, "v3", "new")},
	}
	got := Compare(prev, cur)
	want := &Changes{
		From: prev.CollectedAt, To: cur.CollectedAt,
		Moves: []Move{
			{Space: cur.Leaderboard[0].Space, From: 2, To: 1},
			{Space: cur.Leaderboard[1].Space, From: 1, To: 2},
			{Space: cur.Leaderboard[2].Space, From: 0, To: 2},
			{Space: prev.Leaderboard[3].Space, From: 4, To: 0},
		},
		Added:   []score.SpaceInfo{space("new", 1)},
		Removed: []score.SpaceInfo{space("gone", 0)},
		Likes: []LikeChange{
			{Space: space("b", 9), From: 3, To: 9},
			{Space: space("d", 0), From: 1, To: 0},
		},
		Ballots: []score.Ballot{ballot(5, "v2", "b"), ballot(6, "v3", "new")},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Compare() (-want +got):\n%s", diff)
	}
	if got.Len() != 10 {
		t.Errorf("Len() = %d, want 10", got.Len())
	}
}

func TestCompareNil(t *testing.T) {
	c := Compare(nil, nil)
	if c.Len() != 0 {
		t.Errorf("Compare(nil, nil).Len() = %d, want 0", c.Len())
	}
	if c := Compare(nil, fixture()); len(c.Added) != 30 || len(c.Ballots) != 40 {
		t.Errorf("Compare(nil, fixture) added %d Spaces and %d ballots, want 30 and 40",
			len(c.Added), len(c.Ballots))
	}
}

// TestWriteChanges compares the text of `spacejudge diff` with its golden
// file.
func TestWriteChanges(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteChanges(&buf, Compare(previous(), hostileResult())); err != nil {
		t.Fatal(err)
	}
	for _, b := range buf.Bytes() {
		if b < 0x20 && b != '\n' || b == 0x7f {
			t.Fatalf("WriteChanges() wrote control byte %#x", b)
		}
	}
	checkGolden(t, filepath.Join("testdata", "golden", "changes.txt"), buf.Bytes())
}

func TestWriteChangesNone(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteChanges(&buf, nil); err != nil {
		t.Fatal(err)
	}
	want := "changes from an unknown time to an unknown time\n" +
		"0 rank changes, 0 entered and 0 left the leaderboard, 0 new and 0 removed Spaces, " +
		"0 like counts changed, 0 new ballots\n"
	if got := buf.String(); got != want {
		t.Errorf("WriteChanges(nil) = %q, want %q", got, want)
	}
}
