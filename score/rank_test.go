package score

import (
	"math/big"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestLikesValue(t *testing.T) {
	tests := []struct {
		name        string
		likes       int
		likers      []string
		authors     []string
		excludeSelf bool
		want        int
	}{
		{"no self likes", 3, []string{"x", "y", "z"}, []string{"alice"}, true, 3},
		{"self like", 3, []string{"Alice", "y", "z"}, []string{"alice"}, true, 2},
		{"two authors like", 3, []string{"alice", "bob", "z"}, []string{"alice", "bob"}, true, 1},
		{"repeated liker counts once", 3, []string{"alice", "alice"}, []string{"alice"}, true, 2},
		{"self likes kept", 3, []string{"alice", "y", "z"}, []string{"alice"}, false, 3},
		{"never below 0", 1, []string{"alice", "bob"}, []string{"alice", "bob"}, true, 0},
		{"no likers listed", 5, nil, []string{"alice"}, true, 5},
		{"negative count", -1, nil, nil, false, 0},
	}
	for _, tt := range tests {
		got := likesValue(tt.likes, tt.likers, tt.authors, tt.excludeSelf)
		if got != tt.want {
			t.Errorf("%s: likesValue(%d, %q, %q, %v) = %d, want %d", tt.name, tt.likes, tt.likers,
				tt.authors, tt.excludeSelf, got, tt.want)
		}
	}
}

func TestMaxima(t *testing.T) {
	values := [][]int{{1, 9}, {3, 0}, {2, 4}}
	if got, want := maxima(values, []int{0, 2}, 2), []int{2, 9}; !cmp.Equal(got, want) {
		t.Errorf("maxima(eligible 0, 2) = %v, want %v", got, want)
	}
	if got, want := maxima(values, nil, 2), []int{0, 0}; !cmp.Equal(got, want) {
		t.Errorf("maxima(none eligible) = %v, want %v", got, want)
	}
}

func TestOverallScore(t *testing.T) {
	one, half := big.NewRat(1, 1), big.NewRat(1, 2)
	tests := []struct {
		name    string
		values  []int
		maxes   []int
		weights []*big.Rat
		want    string
	}{
		{"best everywhere", []int{2, 10}, []int{2, 10}, []*big.Rat{one, one}, "2"},
		{"fractions", []int{1, 5}, []int{3, 10}, []*big.Rat{one, one}, "5/6"},
		{"weights", []int{1, 5}, []int{3, 10}, []*big.Rat{big.NewRat(3, 1), half}, "5/4"},
		{"max 0 adds nothing", []int{0, 5}, []int{0, 10}, []*big.Rat{one, one}, "1/2"},
		{"weight 0", []int{3, 5}, []int{3, 10}, []*big.Rat{new(big.Rat), one}, "1/2"},
		{"nothing", []int{0, 0}, []int{3, 10}, []*big.Rat{one, one}, "0"},
	}
	for _, tt := range tests {
		got := overallScore(tt.values, tt.maxes, tt.weights)
		if got.RatString() != tt.want {
			t.Errorf("%s: overallScore(%v, %v) = %s, want %s", tt.name, tt.values, tt.maxes,
				got.RatString(), tt.want)
		}
	}
}

// TestOverallScoreExact checks that scores which are equal as fractions are
// equal whatever the order of their terms, as floats would not be.
func TestOverallScoreExact(t *testing.T) {
	w := []*big.Rat{big.NewRat(1, 1), big.NewRat(1, 1), big.NewRat(1, 1)}
	a := overallScore([]int{1, 1, 3}, []int{10, 5, 10}, w) // 0.1 + 0.2 + 0.3
	b := overallScore([]int{3, 1, 1}, []int{10, 5, 10}, w) // 0.3 + 0.2 + 0.1
	if a.Cmp(b) != 0 || a.RatString() != "3/5" {
		t.Errorf("overallScore gave %s and %s, want 3/5 twice", a.RatString(), b.RatString())
	}
}

func TestRankBy(t *testing.T) {
	tests := []struct {
		name   string
		values []int
		want   []placed
	}{
		{"distinct", []int{5, 9, 7}, []placed{{1, 1, false}, {2, 2, false}, {0, 3, false}}},
		{"competition ranks", []int{9, 7, 7, 5},
			[]placed{{0, 1, false}, {1, 2, true}, {2, 2, true}, {3, 4, false}}},
		{"shared first", []int{7, 7, 7, 5},
			[]placed{{0, 1, true}, {1, 1, true}, {2, 1, true}, {3, 4, false}}},
		{"two groups", []int{1, 2, 1, 2},
			[]placed{{1, 1, true}, {3, 1, true}, {0, 3, true}, {2, 3, true}}},
		{"empty", nil, []placed{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ids := []string{"Org/d", "Org/c", "Org/b", "Org/a"}[:len(tt.values)]
			idx := make([]int, len(tt.values))
			for i := range idx {
				idx[i] = i
			}
			// Tied Spaces are listed by id for display, yet share their rank.
			got := rankBy(idx, ids, func(a, b int) int { return tt.values[b] - tt.values[a] })
			for i := 1; i < len(got); i++ {
				if got[i-1].rank == got[i].rank && ids[got[i-1].index] > ids[got[i].index] {
					t.Errorf("tied Spaces %s and %s not in id order", ids[got[i-1].index],
						ids[got[i].index])
				}
			}
			want := sortTied(tt.want, ids)
			if diff := cmp.Diff(want, got, cmp.AllowUnexported(placed{})); diff != "" {
				t.Errorf("rankBy(%v) mismatch (-want +got):\n%s", tt.values, diff)
			}
		})
	}
}

// sortTied puts the Spaces of each shared rank of want in id order.
func sortTied(want []placed, ids []string) []placed {
	out := append([]placed{}, want...)
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j-1].rank == out[j].rank; j-- {
			if ids[out[j-1].index] > ids[out[j].index] {
				out[j-1], out[j] = out[j], out[j-1]
			}
		}
	}
	return out
}

func TestTieBreaker(t *testing.T) {
	crits := []Criterion{{ID: "likes"}, {ID: "votes"}}
	values := [][]int{{5, 1}, {5, 2}, {4, 9}, {5, 2}}
	day := func(d int) time.Time { return time.Date(2022, 5, d, 0, 0, 0, 0, time.UTC) }
	created := []time.Time{day(20), day(21), day(17), day(19)}
	tests := []struct {
		keys []string
		a, b int
		want int // the sign of compare(a, b)
	}{
		{[]string{"likes"}, 0, 2, -1},
		{[]string{"likes"}, 0, 1, 0},
		{[]string{"likes", "votes"}, 0, 1, 1},
		{[]string{"LIKES", "votes"}, 1, 3, 0},
		{[]string{"likes", "votes", "created_at"}, 1, 3, 1},
		{[]string{"created_at"}, 2, 0, -1},
		{nil, 0, 2, 0},
	}
	for _, tt := range tests {
		tb := newTieBreaker(tt.keys, crits, values, created)
		if got := sign(tb.compare(tt.a, tt.b)); got != tt.want {
			t.Errorf("tie-break %v: compare(%d, %d) = %d, want %d", tt.keys, tt.a, tt.b, got,
				tt.want)
		}
	}
}

func sign(n int) int {
	switch {
	case n < 0:
		return -1
	case n > 0:
		return 1
	}
	return 0
}

func TestCompareScores(t *testing.T) {
	third := big.NewRat(1, 3)
	tests := []struct {
		a, b *big.Rat
		want int
	}{
		{big.NewRat(1, 2), big.NewRat(1, 3), 1},
		{big.NewRat(1, 3), big.NewRat(2, 6), 0},
		{third, new(big.Rat).Add(third, big.NewRat(1, 1<<62)), -1}, // equal as floats
		{new(big.Rat), new(big.Rat), 0},
		{big.NewRat(7, 1), big.NewRat(69, 10), 1},
	}
	for _, tt := range tests {
		got := compareScores(newExactScore(tt.a), newExactScore(tt.b))
		if got != tt.want {
			t.Errorf("compareScores(%s, %s) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}
