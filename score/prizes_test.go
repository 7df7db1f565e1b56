package score

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// ranking returns a placed list with the given ranks, Space i at
// position i.
func ranking(ranks ...int) []placed {
	pl := make([]placed, len(ranks))
	for i, r := range ranks {
		pl[i] = placed{index: i, rank: r}
	}
	return pl
}

func TestRankPrize(t *testing.T) {
	all := func(int) bool { return true }
	tests := []struct {
		name     string
		pl       []placed
		from, to int
		earned   func(int) bool
		want     rankWin
	}{
		{"top 3", ranking(1, 2, 3, 4), 1, 3, all, rankWin{won: []int{0, 1, 2}}},
		{"a range", ranking(1, 2, 3, 4, 5), 2, 4, all, rankWin{won: []int{1, 2, 3}}},
		{"shared rank inside", ranking(1, 2, 2, 4), 1, 3, all, rankWin{won: []int{0, 1, 2}}},
		{"shared rank at the cut-off", ranking(1, 2, 3, 3, 3, 6), 1, 3, all,
			rankWin{won: []int{0, 1, 2, 3, 4}, cut: []int{2, 3, 4}}},
		{"shared first place", ranking(1, 1, 3), 1, 1, all,
			rankWin{won: []int{0, 1}, cut: []int{0, 1}}},
		{"shared rank ending at the cut-off", ranking(1, 2, 2, 4), 1, 3, all,
			rankWin{won: []int{0, 1, 2}}},
		{"a range skipped by a shared rank", ranking(1, 1, 3), 2, 2, all,
			rankWin{covered: []int{0, 1}}},
		{"a range filled by a shared rank", ranking(1, 2, 2, 2, 5), 3, 4, all,
			rankWin{covered: []int{1, 2, 3}}},
		{"a shared rank running past the last Space", ranking(1, 1), 2, 5, all,
			rankWin{covered: []int{0, 1}}},
		{"a shared rank that ends before the range", ranking(1, 1), 3, 5, all, rankWin{}},
		{"a shared rank of nothing earned", ranking(1, 1, 3), 2, 2,
			func(int) bool { return false }, rankWin{}},
		{"a shared rank then a Space with nothing", ranking(1, 1, 3), 2, 3,
			func(s int) bool { return s < 2 }, rankWin{covered: []int{0, 1}}},
		{"shared rank before the range", ranking(1, 1, 3, 4), 2, 3, all, rankWin{won: []int{2}}},
		{"fewer Spaces than ranks", ranking(1, 2), 1, 25, all, rankWin{won: []int{0, 1}}},
		{"nothing earned wins nothing", ranking(1, 2, 2), 1, 3,
			func(s int) bool { return s == 0 }, rankWin{won: []int{0}}},
		{"nobody earned", ranking(1, 1, 1), 1, 1, func(int) bool { return false }, rankWin{}},
		{"empty ranking", nil, 1, 1, all, rankWin{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := Prize{Name: "P", By: Overall, From: tt.from, To: tt.to}
			got := rankPrize(tt.pl, p, tt.earned)
			if diff := cmp.Diff(tt.want, got, cmp.AllowUnexported(rankWin{})); diff != "" {
				t.Errorf("rankPrize(ranks %d-%d) mismatch (-want +got):\n%s", tt.from, tt.to, diff)
			}
		})
	}
}

func TestGroupSizesAndTieNote(t *testing.T) {
	pl := ranking(1, 2, 2, 4, 4, 4)
	if got, want := groupSizes(pl), []int{1, 2, 2, 3, 3, 3}; !cmp.Equal(got, want) {
		t.Errorf("groupSizes() = %v, want %v", got, want)
	}
	notes := []struct {
		rank, n int
		want    string
	}{
		{1, 1, ""},
		{2, 2, "tied at rank 2 with 1 other"},
		{10, 3, "tied at rank 10 with 2 others"},
	}
	for _, tt := range notes {
		if got := tieNote(tt.rank, tt.n); got != tt.want {
			t.Errorf("tieNote(%d, %d) = %q, want %q", tt.rank, tt.n, got, tt.want)
		}
	}
}

func TestPrizeBook(t *testing.T) {
	b := newPrizeBook([]Prize{{Name: "Gold"}, {Name: "Swag"}, {Name: "Gold"}, {Name: "Badge"}})
	var names []string
	for _, n := range []string{"Badge", "Swag", "Gold", "Swag"} {
		names = b.add(names, n)
	}
	if want := []string{"Gold", "Swag", "Badge"}; !cmp.Equal(names, want) {
		t.Errorf("prizeBook.add gave %q, want %q", names, want)
	}
}
