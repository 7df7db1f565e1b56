package score_test

import (
	"fmt"
	"math/big"
	"strings"
	"time"

	"github.com/spacejudge/spacejudge/collect"
	"github.com/spacejudge/spacejudge/score"
)

// exampleSpace returns an eligible Space of the organization Org.
func exampleSpace(name, author string, likes int, created time.Time) collect.Space {
	return collect.Space{
		ID: "Org/" + name, CreatedAt: created, SDK: "gradio", Stage: "RUNNING",
		Likes: likes, Authors: []string{author},
		App: &collect.AppCheck{File: "app.py", Found: true, Blocks: true},
	}
}

// The overall score adds, for each criterion, the Space's value divided by
// the best value among eligible Spaces, times the criterion's weight. It is
// an exact fraction; reports show it with 4 decimals.
func ExampleJudge_score() {
	day := time.Date(2022, 5, 20, 0, 0, 0, 0, time.UTC)
	rules := score.Rules{
		Name: "example",
		Criteria: []score.Criterion{
			{ID: "likes", Kind: score.KindLikes},                               // weight 1
			{ID: "staff", Kind: score.KindPicks, Weight: big.NewRat(1, 2)},     // weight 1/2
			{ID: "community", Kind: score.KindVotes, Weight: big.NewRat(3, 1)}, // weight 3
		},
	}
	snap := &collect.Snapshot{Org: "Org", Spaces: []collect.Space{
		exampleSpace("a", "alice", 8, day),
		exampleSpace("b", "bob", 2, day),
		exampleSpace("c", "carol", 6, day),
	}}
	picks := []score.Pick{
		{Line: 1, Criterion: "staff", Picker: "jury1", SpaceID: "b"},
		{Line: 2, Criterion: "staff", Picker: "jury2", SpaceID: "b"},
		{Line: 3, Criterion: "staff", Picker: "jury1", SpaceID: "c"},
	}
	votes, _ := score.ReadVotes(strings.NewReader("timestamp,voter,category,space\n"+
		"2022-05-21 10:00:00,v1,community,c\n"+
		"2022-05-21 11:00:00,v2,community,c\n"+
		"2022-05-21 12:00:00,v3,community,a\n"), "votes.csv", nil)

	res, err := score.Judge(rules, score.Input{Snapshot: snap, Picks: picks, HavePicks: true,
		Votes: votes, HaveVotes: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	// The best values are 8 likes, 2 picks and 2 votes, so Org/c scores
	// 6/8×1 + 1/2×1/2 + 2/2×3 = 4 and Org/b 2/8×1 + 2/2×1/2 + 0/2×3 = 3/4.
	for _, e := range res.Leaderboard {
		fmt.Printf("%d %s values %v score %s = %s\n", e.Rank, e.Space.ID, e.Values,
			e.Score.RatString(), e.Score.FloatString(4))
	}
	// Output:
	// 1 Org/c values [6 1 2] score 4 = 4.0000
	// 2 Org/a values [8 0 1] score 5/2 = 2.5000
	// 3 Org/b values [2 2 0] score 3/4 = 0.7500
}

// Spaces equal on their value and on every tie-break key share a rank, and
// the next rank skips the places they took: 1, 2, 2, 4. Tied Spaces are
// listed by id, which decides nothing.
func ExampleJudge_ranking() {
	day := time.Date(2022, 5, 20, 0, 0, 0, 0, time.UTC)
	rules := score.Rules{
		Name:     "example",
		Criteria: []score.Criterion{{ID: "likes", Kind: score.KindLikes}},
		TieBreak: []string{"created_at"},
		Prizes:   []score.Prize{{Name: "Top 2", By: score.Overall, From: 1, To: 2}},
	}
	snap := &collect.Snapshot{Org: "Org", Spaces: []collect.Space{
		exampleSpace("d", "dave", 9, day),
		exampleSpace("c", "carol", 5, day),
		exampleSpace("b", "bob", 5, day),
		exampleSpace("a", "alice", 5, day.Add(time.Hour)), // created later: ranks after
		exampleSpace("e", "erin", 1, day),
	}}
	res, err := score.Judge(rules, score.Input{Snapshot: snap})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, e := range res.Leaderboard {
		fmt.Printf("%d %s likes %d tied %v prizes %v\n", e.Rank, e.Space.ID, e.Values[0], e.Tied,
			e.Prizes)
	}
	for _, t := range res.Ties {
		fmt.Printf("tie at the cut-off of %q: rank %d, %v\n", t.Prize, t.Rank, t.Spaces)
	}
	// Output:
	// 1 Org/d likes 9 tied false prizes [Top 2]
	// 2 Org/b likes 5 tied true prizes [Top 2]
	// 2 Org/c likes 5 tied true prizes [Top 2]
	// 4 Org/a likes 5 tied false prizes []
	// 5 Org/e likes 1 tied false prizes []
	// tie at the cut-off of "Top 2": rank 2, [Org/b Org/c]
}
