package score

import (
	"math/big"
	"testing"
	"time"

	"github.com/spacejudge/spacejudge/collect"
)

// The event window of the tests.
var (
	testOpens  = time.Date(2022, 5, 16, 0, 0, 0, 0, time.UTC)
	testCloses = time.Date(2022, 6, 1, 0, 0, 0, 0, time.UTC)
	testDuring = time.Date(2022, 5, 20, 12, 0, 0, 0, time.UTC)
)

// testRules returns small rules with one criterion of each kind and plain
// prizes; tests change what they need.
func testRules() Rules {
	return Rules{
		Name:  "test",
		Event: Event{Name: "Test Party", Org: "Org", Opens: testOpens, Closes: testCloses},
		Eligibility: Eligibility{
			SDKs: []string{"gradio"}, RequireBlocks: true,
			IgnoreAuthors: []string{"system"},
			BrokenStages:  []string{"BUILD_ERROR", "RUNTIME_ERROR"},
			Duplicates:    DuplicatesExclude,
		},
		Criteria: []Criterion{
			{ID: "pick", Name: "Staff Pick", Kind: KindPicks},
			{ID: "likes", Name: "Most liked", Kind: KindLikes, ExcludeSelfLikes: true},
			{ID: "vote", Name: "Community Pick", Kind: KindVotes, Weight: big.NewRat(2, 1)},
		},
		Voting:   Voting{Opens: testOpens, Closes: testCloses},
		TieBreak: []string{"likes", "created_at"},
		Prizes: []Prize{
			{Name: "Gold", By: Overall, From: 1, To: 1},
			{Name: "Top 3", By: Overall, From: 1, To: 3},
			{Name: "Badge", ToParticipants: true},
		},
	}
}

// testSpace returns an eligible Space of org Org named name, by author.
func testSpace(name, author string, likes int) collect.Space {
	return collect.Space{
		ID:        "Org/" + name,
		Title:     name,
		CreatedAt: testDuring,
		SDK:       "gradio",
		Stage:     "RUNNING",
		Likes:     likes,
		Authors:   []string{author, "system"},
		App:       &collect.AppCheck{File: "app.py", Found: true, Blocks: true, Line: 1},
	}
}

// testSnapshot returns a snapshot of org Org holding spaces.
func testSnapshot(spaces ...collect.Space) *collect.Snapshot {
	return &collect.Snapshot{
		Schema:      collect.SchemaVersion,
		CollectedAt: testCloses.Add(time.Hour),
		Endpoint:    "https://huggingface.co",
		Org:         "Org",
		Spaces:      spaces,
	}
}

// judge runs Judge and fails the test on error.
func judge(t *testing.T, r Rules, in Input) *Result {
	t.Helper()
	res, err := Judge(r, in)
	if err != nil {
		t.Fatalf("Judge() error: %v", err)
	}
	return res
}
