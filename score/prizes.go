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
	// covered holds, when nobody wins, the positions of the Spaces that
	// share a rank before the range and, being that many, also fill its
	// first ranks: nobody holds those ranks because of the tie. It is empty
	// when somebody wins or when the tie is not why nobody does.
	covered []int
}

// rankPrize decides who wins prize p in the ranking pl. A Space wins when
// its rank lies within [From, To] and it earned something in that ranking
// (earned reports it): a Space with nothing (no likes, no picks, a score
// of 0) wins no prize, however few Spaces rank above it. All Spaces that
// share a rank in the range win, even when their group runs past To; that
// group is the tie at the cut-off. When nobody wins because Spaces that
// share a rank before From fill the range's first ranks, that group is the
// tie at the cut-off instead.
func rankPrize(pl []placed, p Prize, earned func(space int) bool) rankWin {
	var w rankWin
	for i, e := range pl {
		if e.rank < p.From || e.rank > p.To || !earned(e.index) {
			continue
		}
		w.won = append(w.won, i)
	}
	if len(w.won) == 0 {
		w.covered = coveringTie(pl, p.From, earned)
		return w
	}
	last := w.won[len(w.won)-1]
	rank := pl[last].rank
	// Spaces of one rank share their value, so they all win or all lose,
	// and the last winner ends its group. That group straddles To when it
	// holds more Spaces than the ranks left in the range.
	first := groupStart(pl, last)
	if rank+(last-first) > p.To {
		for i := first; i <= last; i++ {
			w.cut = append(w.cut, i)
		}
	}
	return w
}

// coveringTie returns the positions of the Spaces that share the last rank
// before from, when they earned something and are so many that their
// places run into rank from: with ranks 1, 1, 3, nobody holds rank 2. It
// returns nil otherwise. A group that earned nothing is not why nobody
// wins: no Space after it earned anything either.
func coveringTie(pl []placed, from int, earned func(space int) bool) []int {
	last := -1
	for i, e := range pl {
		if e.rank < from {
			last = i
		}
	}
	if last < 0 || !earned(pl[last].index) {
		return nil
	}
	first := groupStart(pl, last)
	if pl[last].rank+(last-first) < from {
		return nil
	}
	out := make([]int, 0, last-first+1)
	for i := first; i <= last; i++ {
		out = append(out, i)
	}
	return out
}

// groupStart returns the first position of pl that shares position i's
// rank.
func groupStart(pl []placed, i int) int {
	for i > 0 && pl[i-1].rank == pl[i].rank {
		i--
	}
	return i
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
