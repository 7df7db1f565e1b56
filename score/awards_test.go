package score

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/spacejudge/spacejudge/collect"
)

// TestJudgeTiesAtCutOffs judges Spaces that differ only in likes, so that
// equal likes share a rank, and checks the ties and the warnings about
// prizes that nobody wins.
func TestJudgeTiesAtCutOffs(t *testing.T) {
	podium := []Prize{
		{Name: "First", By: Overall, From: 1, To: 1},
		{Name: "Second", By: Overall, From: 2, To: 2},
		{Name: "Third", By: Overall, From: 3, To: 3},
	}
	abc := []string{"Org/a", "Org/b", "Org/c"}
	tests := []struct {
		name     string
		likes    []int // of Org/a, Org/b, ...
		prizes   []Prize
		ties     []Tie
		warnings []string // those about prizes
	}{
		{name: "two share rank 1", likes: []int{5, 5, 3}, prizes: podium,
			ties: []Tie{
				{Prize: "First", By: Overall, Rank: 1, Spaces: []string{"Org/a", "Org/b"}},
				{Prize: "Second", By: Overall, Rank: 1, Spaces: []string{"Org/a", "Org/b"}},
			},
			warnings: []string{"prize Second (overall, rank 2): nobody holds rank 2 because " +
				"Org/a and Org/b share rank 1 and both win First"}},
		{name: "three share rank 1", likes: []int{5, 5, 5, 3}, prizes: podium,
			ties: []Tie{
				{Prize: "First", By: Overall, Rank: 1, Spaces: abc},
				{Prize: "Second", By: Overall, Rank: 1, Spaces: abc},
				{Prize: "Third", By: Overall, Rank: 1, Spaces: abc},
			},
			warnings: []string{
				"prize Second (overall, rank 2): nobody holds rank 2 because " +
					"Org/a, Org/b and Org/c share rank 1 and all win First",
				"prize Third (overall, rank 3): nobody holds rank 3 because " +
					"Org/a, Org/b and Org/c share rank 1 and all win First",
			}},
		{name: "two share rank 2", likes: []int{9, 5, 5, 3}, prizes: podium,
			ties: []Tie{
				{Prize: "Second", By: Overall, Rank: 2, Spaces: []string{"Org/b", "Org/c"}},
				{Prize: "Third", By: Overall, Rank: 2, Spaces: []string{"Org/b", "Org/c"}},
			},
			warnings: []string{"prize Third (overall, rank 3): nobody holds rank 3 because " +
				"Org/b and Org/c share rank 2 and both win Second"}},
		{name: "a shared rank that wins several prizes", likes: []int{5, 5, 3},
			prizes: []Prize{
				{Name: "First", By: Overall, From: 1, To: 1},
				{Name: "Second", By: Overall, From: 2, To: 2},
				{Name: "Swag", By: Overall, From: 1, To: 5},
			},
			ties: []Tie{
				{Prize: "First", By: Overall, Rank: 1, Spaces: []string{"Org/a", "Org/b"}},
				{Prize: "Second", By: Overall, Rank: 1, Spaces: []string{"Org/a", "Org/b"}},
			},
			warnings: []string{"prize Second (overall, rank 2): nobody holds rank 2 because " +
				"Org/a and Org/b share rank 1 and both win First and Swag"}},
		{name: "a range running past the last Space", likes: []int{5, 5},
			prizes: []Prize{
				{Name: "First", By: Overall, From: 1, To: 1},
				{Name: "Runner-up", By: Overall, From: 2, To: 4},
			},
			ties: []Tie{
				{Prize: "First", By: Overall, Rank: 1, Spaces: []string{"Org/a", "Org/b"}},
				{Prize: "Runner-up", By: Overall, Rank: 1, Spaces: []string{"Org/a", "Org/b"}},
			},
			warnings: []string{"prize Runner-up (overall, ranks 2-4): nobody holds rank 2 " +
				"because Org/a and Org/b share rank 1 and both win First, and no Space with a " +
				"value above 0 holds ranks 3-4"}},
		{name: "a shared rank that wins nothing", likes: []int{5, 5, 3},
			prizes: []Prize{{Name: "Second", By: "likes", From: 2, To: 2}},
			ties: []Tie{
				{Prize: "Second", By: "likes", Rank: 1, Spaces: []string{"Org/a", "Org/b"}},
			},
			warnings: []string{"prize Second (likes, rank 2): nobody holds rank 2 because " +
				"Org/a and Org/b share rank 1"}},
		{name: "nobody earned anything", likes: []int{0, 0, 0}, prizes: podium,
			warnings: []string{
				"prize First (overall, ranks 1-1): no Space with a value above 0 holds those " +
					"ranks, so nobody wins it",
				"prize Second (overall, ranks 2-2): no Space with a value above 0 holds those " +
					"ranks, so nobody wins it",
				"prize Third (overall, ranks 3-3): no Space with a value above 0 holds those " +
					"ranks, so nobody wins it",
			}},
		{name: "fewer Spaces than ranks", likes: []int{5, 3}, prizes: podium,
			warnings: []string{"prize Third (overall, ranks 3-3): no Space with a value " +
				"above 0 holds those ranks, so nobody wins it"}},
		{name: "a shared rank that ends before the range", likes: []int{5, 5}, prizes: podium,
			ties: []Tie{
				{Prize: "First", By: Overall, Rank: 1, Spaces: []string{"Org/a", "Org/b"}},
				{Prize: "Second", By: Overall, Rank: 1, Spaces: []string{"Org/a", "Org/b"}},
			},
			warnings: []string{
				"prize Second (overall, rank 2): nobody holds rank 2 because " +
					"Org/a and Org/b share rank 1 and both win First",
				"prize Third (overall, ranks 3-3): no Space with a value above 0 holds those " +
					"ranks, so nobody wins it",
			}},
		{name: "no tie", likes: []int{5, 4, 3}, prizes: podium},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var spaces []collect.Space
			for i, n := range tt.likes {
				spaces = append(spaces, testSpace(string(rune('a'+i)), "author", n))
			}
			r := testRules()
			r.Prizes = tt.prizes
			res := judge(t, r, Input{Snapshot: testSnapshot(spaces...), HaveVotes: true,
				HavePicks: true})
			if diff := cmp.Diff(tt.ties, res.Ties, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("Ties mismatch (-want +got):\n%s", diff)
			}
			var got []string
			for _, w := range res.Warnings {
				if strings.HasPrefix(w, "prize ") {
					got = append(got, w)
				}
			}
			if diff := cmp.Diff(tt.warnings, got); diff != "" {
				t.Errorf("prize warnings mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestJudgeTieEmptyingManySpaces checks that a warning about a large
// shared rank lists some of its Spaces and counts the others.
func TestJudgeTieEmptyingManySpaces(t *testing.T) {
	var spaces []collect.Space
	for i := range 12 {
		spaces = append(spaces, testSpace(string(rune('a'+i)), "author", 5))
	}
	r := testRules()
	r.Prizes = []Prize{{Name: "Gold", By: Overall, From: 1, To: 1},
		{Name: "Silver", By: Overall, From: 2, To: 2}}
	res := judge(t, r, Input{Snapshot: testSnapshot(spaces...), HaveVotes: true,
		HavePicks: true})
	want := "prize Silver (overall, rank 2): nobody holds rank 2 because Org/a, Org/b, Org/c, " +
		"Org/d, Org/e, Org/f, Org/g, Org/h, Org/i, Org/j and 2 more share rank 1 and all win Gold"
	if got := res.Warnings[len(res.Warnings)-1]; got != want {
		t.Errorf("last warning = %q, want %q", got, want)
	}
	if n := len(res.Ties); n != 2 || len(res.Ties[1].Spaces) != 12 {
		t.Errorf("Ties = %+v, want Gold and Silver, each with the 12 Spaces", res.Ties)
	}
}
