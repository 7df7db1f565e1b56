package score

import (
	"cmp"
	"math"
	"math/big"
	"slices"
	"strings"
	"time"
)

// likesValue returns the likes that count: the Hub's count, less the likes
// of the Space's own authors when excludeSelf, never below 0. Likers and
// authors are compared case-insensitively; authors is lowercased.
func likesValue(likes int, likers, authors []string, excludeSelf bool) int {
	if !excludeSelf {
		return max(likes, 0)
	}
	for _, a := range authors {
		// Each author's like counts once, however often a liker list
		// repeats it.
		if slices.ContainsFunc(likers, func(l string) bool {
			return strings.EqualFold(strings.TrimSpace(l), a)
		}) {
			likes--
		}
	}
	return max(likes, 0)
}

// maxima returns, per criterion, the largest value among the Spaces of
// eligible; values[s][c] is the value of Space s for criterion c.
func maxima(values [][]int, eligible []int, nCriteria int) []int {
	out := make([]int, nCriteria)
	for _, s := range eligible {
		for c, v := range values[s] {
			out[c] = max(out[c], v)
		}
	}
	return out
}

// weightOf returns a criterion's weight, 1 when it is nil.
func weightOf(c Criterion) *big.Rat {
	if c.Weight == nil {
		return big.NewRat(1, 1)
	}
	return new(big.Rat).Set(c.Weight)
}

// overallScore returns the sum over criteria of value ÷ max × weight, a
// criterion whose max is 0 adding nothing. It is exact, so that Spaces with
// equal scores compare equal whatever the order of the terms.
func overallScore(values, maxes []int, weights []*big.Rat) *big.Rat {
	sum := new(big.Rat)
	var term big.Rat
	for c, v := range values {
		if maxes[c] == 0 || v == 0 {
			continue
		}
		term.SetFrac64(int64(v), int64(maxes[c]))
		term.Mul(&term, weights[c])
		sum.Add(sum, &term)
	}
	return sum
}

// An exactScore is an overall score with its nearest float64, which
// decides most comparisons without the cost of comparing fractions.
type exactScore struct {
	r *big.Rat
	f float64
}

func newExactScore(r *big.Rat) exactScore {
	f, _ := r.Float64()
	return exactScore{r, f}
}

// compareScores compares two scores exactly. Floats nearest to the
// fractions are off by at most 2⁻⁵³ of their size, so when they differ by
// far more than that their order is the fractions' order; otherwise the
// fractions decide.
func compareScores(a, b exactScore) int {
	if math.Abs(a.f-b.f) > 1e-9*max(math.Abs(a.f), math.Abs(b.f)) {
		return cmp.Compare(a.f, b.f)
	}
	return a.r.Cmp(b.r)
}

// A placed is a Space's place in a ranking.
type placed struct {
	index int // the Space
	rank  int // competition rank: 1, 2, 2, 4
	tied  bool
}

// rankBy orders the Spaces of idx by compare, which returns a negative
// number when a ranks before b and 0 when nothing tells them apart, and
// gives them competition ranks: Spaces that compare equal share a rank and
// are tied, and the next rank skips as many places as were shared. Spaces
// that share a rank are listed by id, for display only.
func rankBy(idx []int, ids []string, compare func(a, b int) int) []placed {
	order := slices.Clone(idx)
	slices.SortFunc(order, func(a, b int) int {
		return cmp.Or(compare(a, b), strings.Compare(ids[a], ids[b]))
	})
	out := make([]placed, len(order))
	for i, s := range order {
		out[i] = placed{index: s, rank: i + 1}
		if i > 0 && compare(order[i-1], s) == 0 {
			out[i].rank = out[i-1].rank
			out[i].tied, out[i-1].tied = true, true
		}
	}
	return out
}

// A tieBreaker orders Spaces that are equal on their ranking's value: by
// each key in turn, criterion values descending and creation time
// ascending.
type tieBreaker struct {
	keys    []int // criterion indexes, or -1 for created_at
	values  [][]int
	created []time.Time
}

// newTieBreaker resolves the tie-break keys against the criteria; Validate
// has checked that each key is created_at or a criterion id.
func newTieBreaker(keys []string, crits []Criterion, values [][]int,
	created []time.Time) *tieBreaker {
	tb := &tieBreaker{values: values, created: created}
	for _, k := range keys {
		at := slices.IndexFunc(crits, func(c Criterion) bool { return strings.EqualFold(c.ID, k) })
		if k == TieBreakCreatedAt {
			at = -1
		}
		tb.keys = append(tb.keys, at)
	}
	return tb
}

// compare compares Spaces a and b on the tie-break keys.
func (tb *tieBreaker) compare(a, b int) int {
	for _, k := range tb.keys {
		var c int
		if k < 0 {
			c = tb.created[a].Compare(tb.created[b])
		} else {
			c = cmp.Compare(tb.values[b][k], tb.values[a][k])
		}
		if c != 0 {
			return c
		}
	}
	return 0
}
