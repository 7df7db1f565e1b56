package score

import (
	"fmt"
	"slices"
)

// A rankWin is the outcome of one rank prize in its ranking.
type rankWin struct {
	// won holds the positions in the ranking of the Spaces that win.
	won []int
	// cut holds the positions of the Spaces that share a rank straddling
	// the range's end, all of which win; empty when there is no such tie.
	cut []int
}

// rankPrize decides who wins prize p in the ranking pl. A Space wins when
// its rank lies within [From, To] and it earned something in that ranking
// (earned reports it): a Space with nothing (no likes, no picks, a score
// of 0) wins no prize, however few Spaces rank above it. All Spaces that
// share a rank in the range win, even when their group runs past To; that
// group is the tie at the cut-off.
func rankPrize(pl []placed, p Prize, earned func(space int) bool) rankWin {
	var w rankWin
	for i, e := range pl {
		if e.rank < p.From || e.rank > p.To || !earned(e.index) {
			continue
		}
		w.won = append(w.won, i)
	}
	if len(w.won) == 0 {
		return w
	}
	last := w.won[len(w.won)-1]
	rank := pl[last].rank
	// Spaces of one rank share their value, so they all win or all lose,
	// and the last winner ends its group. That group straddles To when it
	// holds more Spaces than the ranks left in the range.
	first := last
	for first > 0 && pl[first-1].rank == rank {
		first--
	}
	if rank+(last-first) > p.To {
		for i := first; i <= last; i++ {
			w.cut = append(w.cut, i)
		}
	}
	return w
}

// tieNote describes a shared rank for a Winner: "tied at rank 10 with 2
// others"; it is empty when n, the size of the group, is 1.
func tieNote(rank, n int) string {
	switch n {
	case 0, 1:
		return ""
	case 2:
		return fmt.Sprintf("tied at rank %d with 1 other", rank)
	}
	return fmt.Sprintf("tied at rank %d with %d others", rank, n-1)
}

// groupSizes returns, for each position of pl, how many Spaces share its
// rank.
func groupSizes(pl []placed) []int {
	out := make([]int, len(pl))
	for i := 0; i < len(pl); {
		j := i
		for j < len(pl) && pl[j].rank == pl[i].rank {
			j++
		}
		for k := i; k < j; k++ {
			out[k] = j - i
		}
		i = j
	}
	return out
}

// A prizeBook collects prize names in the order the rules first name them,
// since two prizes may share a name and a person receives a name once.
type prizeBook struct {
	order map[string]int
}

func newPrizeBook(ps []Prize) *prizeBook {
	b := &prizeBook{order: map[string]int{}}
	for _, p := range ps {
		if _, ok := b.order[p.Name]; !ok {
			b.order[p.Name] = len(b.order)
		}
	}
	return b
}

// add adds name to the list names, keeping it in prize order without
// repeats.
func (b *prizeBook) add(names []string, name string) []string {
	if slices.Contains(names, name) {
		return names
	}
	names = append(names, name)
	slices.SortStableFunc(names, func(x, y string) int { return b.order[x] - b.order[y] })
	return names
}
