package score

import (
	"cmp"
	"math/big"
	"slices"
	"strings"
)

// rankings returns the overall ranking followed by one per criterion, the
// order that ranking indexes follow.
func (j *judging) rankings() [][]placed {
	return append([][]placed{j.overall}, j.byCrit...)
}

// rankingOf returns the index of the ranking that by names, and by as the
// rules spell the criterion id.
func (j *judging) rankingOf(by string) (int, string) {
	if by == Overall {
		return 0, Overall
	}
	c := slices.IndexFunc(j.rules.Criteria, func(c Criterion) bool {
		return strings.EqualFold(c.ID, by)
	})
	return 1 + c, j.rules.Criteria[c].ID
}

// earned reports whether Space s has anything in ranking r: a positive
// overall score, or a positive value on the criterion.
func (j *judging) earned(r int) func(s int) bool {
	if r == 0 {
		return func(s int) bool { return j.scores[s].Sign() > 0 }
	}
	return func(s int) bool { return j.values[s][r-1] > 0 }
}

// awardRanks decides the rank prizes and fills the leaderboard, the
// rankings, the winners and the ties.
func (j *judging) awardRanks() {
	book := newPrizeBook(j.rules.Prizes)
	rankings := j.rankings()
	j.won = make([][][]string, len(rankings))
	for r, pl := range rankings {
		j.won[r] = make([][]string, len(pl))
	}
	var order []int // rankings in the order prizes first name them
	for _, p := range j.rules.Prizes {
		if p.ToParticipants {
			continue
		}
		r, by := j.rankingOf(p.By)
		if !slices.Contains(order, r) {
			order = append(order, r)
		}
		w := rankPrize(rankings[r], p, j.earned(r))
		for _, i := range w.won {
			j.won[r][i] = book.add(j.won[r][i], p.Name)
		}
		if len(w.won) == 0 {
			j.unawarded = append(j.unawarded, unawarded{prize: p, by: by, ranking: r,
				covered: w.covered})
		}
		if tied := slices.Concat(w.cut, w.covered); len(tied) > 0 {
			j.res.Ties = append(j.res.Ties, j.tie(p.Name, by, rankings[r], tied))
		}
	}

	j.res.Leaderboard = j.entries(0)
	for c := range j.rules.Criteria {
		j.res.Rankings = append(j.res.Rankings, Ranking{
			Criterion: j.res.Criteria[c], Entries: j.entries(1 + c),
		})
	}
	for _, r := range order {
		j.res.Winners = append(j.res.Winners, j.winners(r)...)
	}
}

// An unawarded is a rank prize that nobody wins.
type unawarded struct {
	prize Prize
	// by names the ranking as the rules spell it; ranking is its index.
	by      string
	ranking int
	// covered holds the positions of the Spaces whose shared rank before
	// the prize's range fills its first ranks; empty when nobody wins
	// because no Space with a value above 0 holds those ranks.
	covered []int
}

// tie returns the Tie of the Spaces at positions cut of ranking pl.
func (j *judging) tie(prize, by string, pl []placed, cut []int) Tie {
	t := Tie{Prize: prize, By: by, Rank: pl[cut[0]].rank}
	for _, i := range cut {
		t.Spaces = append(t.Spaces, j.ids[pl[i].index])
	}
	return t
}

// score returns Space s's score in ranking r: its overall score or its
// value on the criterion.
func (j *judging) score(r, s int) *big.Rat {
	if r == 0 {
		return new(big.Rat).Set(j.scores[s])
	}
	return big.NewRat(int64(j.values[s][r-1]), 1)
}

// entries returns ranking r as entries.
func (j *judging) entries(r int) []Entry {
	pl := j.rankings()[r]
	out := make([]Entry, len(pl))
	for i, p := range pl {
		out[i] = Entry{
			Rank:   p.rank,
			Tied:   p.tied,
			Space:  j.ents[p.index].info,
			Score:  j.score(r, p.index),
			Values: j.values[p.index],
			Prizes: j.won[r][i],
		}
	}
	return out
}

// winners returns a Winner per Space that won a rank prize in ranking r.
func (j *judging) winners(r int) []Winner {
	pl := j.rankings()[r]
	by := Overall
	if r > 0 {
		by = j.rules.Criteria[r-1].ID
	}
	sizes := groupSizes(pl)
	var out []Winner
	for i, p := range pl {
		if len(j.won[r][i]) == 0 {
			continue
		}
		out = append(out, Winner{
			By:     by,
			Rank:   p.rank,
			Space:  j.ents[p.index].info,
			Score:  j.score(r, p.index),
			Prizes: j.won[r][i],
			Tie:    tieNote(p.rank, sizes[i]),
		})
	}
	return out
}

// An awardKey is one prize for one person.
type awardKey struct{ user, prize string }

// awardPeople hands the prizes to people: every author of a winning Space
// but the ineligible authors receives its prizes, and every participant but
// them receives the participant prizes.
func (j *judging) awardPeople() {
	book := newPrizeBook(j.rules.Prizes)
	ineligible := lowerSet(j.rules.Eligibility.IneligibleAuthors)
	spaces := map[awardKey][]string{}
	for r, pl := range j.rankings() {
		for i, prizes := range j.won[r] {
			if len(prizes) > 0 {
				j.awardSpace(&j.ents[pl[i].index].info, prizes, ineligible, spaces)
			}
		}
	}

	var badges []string
	for _, p := range j.rules.Prizes {
		if p.ToParticipants {
			badges = book.add(badges, p.Name)
		}
	}
	j.res.Participants = participantsOf(j.ents)
	for i := range j.res.Participants {
		p := &j.res.Participants[i]
		if ineligible[p.User] || len(badges) == 0 {
			continue
		}
		p.Badges = badges
		for _, b := range badges {
			spaces[awardKey{p.User, b}] = p.Spaces
		}
	}
	j.res.Awards = awardsOf(spaces, book)
}

// awardSpace gives the prizes a Space won to its eligible authors, noting
// a Space whose prizes go to nobody.
func (j *judging) awardSpace(info *SpaceInfo, prizes []string, ineligible map[string]bool,
	spaces map[awardKey][]string) {
	given := false
	for _, a := range info.Authors {
		if ineligible[a] {
			continue
		}
		given = true
		for _, p := range prizes {
			k := awardKey{a, p}
			spaces[k] = append(spaces[k], info.ID)
		}
	}
	if !given && !slices.Contains(j.nobody, info.ID) {
		j.nobody = append(j.nobody, info.ID)
	}
}

// awardsOf turns the prizes per person into Awards, sorted by user and then
// prize order, each with its Spaces sorted and listed once.
func awardsOf(spaces map[awardKey][]string, book *prizeBook) []Award {
	out := make([]Award, 0, len(spaces))
	for k, ids := range spaces {
		ids = slices.Clone(ids)
		slices.Sort(ids)
		out = append(out, Award{User: k.user, Prize: k.prize, Spaces: slices.Compact(ids)})
	}
	slices.SortFunc(out, func(a, b Award) int {
		return cmp.Or(strings.Compare(a.User, b.User),
			cmp.Compare(book.order[a.Prize], book.order[b.Prize]))
	})
	return out
}

// participantsOf returns the participants: the authors of every collected
// Space that the config does not exclude, sorted by user, each with their
// Spaces in id order.
func participantsOf(ents []entrant) []Participant {
	byUser := map[string]*Participant{}
	for _, e := range ents {
		if !e.info.Collected || e.verdict.excluded {
			continue
		}
		for _, a := range e.info.Authors {
			p := byUser[a]
			if p == nil {
				p = &Participant{User: a}
				byUser[a] = p
			}
			p.Spaces = append(p.Spaces, e.info.ID)
			if e.info.Eligible {
				p.EligibleSpaces = append(p.EligibleSpaces, e.info.ID)
			}
		}
	}
	out := make([]Participant, 0, len(byUser))
	for _, p := range byUser {
		out = append(out, *p)
	}
	slices.SortFunc(out, func(a, b Participant) int { return strings.Compare(a.User, b.User) })
	return out
}
