package report

import (
	"bufio"
	"bytes"
	"cmp"
	"fmt"
	"io"
	"iter"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spacejudge/spacejudge/score"
)

// Changes is what changed from one result of an event to a later one.
// Its lists are in a fixed order, so the same two results always give the
// same Changes.
type Changes struct {
	// From and To are the collection times of the earlier and the later
	// result.
	From, To time.Time
	// Moves holds the Spaces whose overall rank changed, by their new rank,
	// then those that left the leaderboard, by their old rank.
	Moves []Move
	// Added and Removed hold the Spaces collected only in the later or
	// only in the earlier result, sorted by ID.
	Added, Removed []score.SpaceInfo
	// Likes holds the Spaces, in both results, whose like count changed,
	// sorted by ID.
	Likes []LikeChange
	// Ballots holds the ballots of the later result that the earlier one
	// did not have, in file order. A ballot is known by its timestamp,
	// voter, category and Space as given; a repeated ballot is new when the
	// later result has more copies of it than the earlier.
	Ballots []score.Ballot
}

// A Move is a Space's change of overall rank. From is 0 for a Space that
// entered the leaderboard, and To is 0 for one that left it.
type Move struct {
	Space    score.SpaceInfo
	From, To int
}

// A LikeChange is a Space's change of like count.
type LikeChange struct {
	Space    score.SpaceInfo
	From, To int
}

// Len returns the number of changes, which is the number of rows of the
// Changes sheet.
func (c *Changes) Len() int {
	return len(c.Moves) + len(c.Added) + len(c.Removed) + len(c.Likes) + len(c.Ballots)
}

// Compare returns what changed from prev to cur. A nil result counts as
// an empty one.
func Compare(prev, cur *score.Result) *Changes {
	prev, cur = orEmpty(prev), orEmpty(cur)
	c := &Changes{From: prev.CollectedAt, To: cur.CollectedAt}
	c.Moves = moves(prev.Leaderboard, cur.Leaderboard)
	c.Added, c.Removed = spaceDiff(prev.Spaces, cur.Spaces)
	c.Likes = likeDiff(prev.Spaces, cur.Spaces)
	c.Ballots = newBallots(prev.Ballots, cur.Ballots)
	return c
}

func orEmpty(r *score.Result) *score.Result {
	if r == nil {
		return &score.Result{}
	}
	return r
}

// moves compares two leaderboards.
func moves(prev, cur []score.Entry) []Move {
	was := make(map[string]int, len(prev))
	for _, e := range prev {
		was[e.Space.ID] = e.Rank
	}
	var ms, left []Move
	seen := make(map[string]bool, len(cur))
	for _, e := range cur {
		seen[e.Space.ID] = true
		if from := was[e.Space.ID]; from != e.Rank {
			ms = append(ms, Move{Space: e.Space, From: from, To: e.Rank})
		}
	}
	for _, e := range prev {
		if !seen[e.Space.ID] {
			left = append(left, Move{Space: e.Space, From: e.Rank})
		}
	}
	byRank := func(rank func(Move) int) func(a, b Move) int {
		return func(a, b Move) int {
			return cmp.Or(cmp.Compare(rank(a), rank(b)), cmp.Compare(a.Space.ID, b.Space.ID))
		}
	}
	slices.SortStableFunc(ms, byRank(func(m Move) int { return m.To }))
	slices.SortStableFunc(left, byRank(func(m Move) int { return m.From }))
	return append(ms, left...)
}

// spaceDiff returns the Spaces only in cur and only in prev, by ID.
func spaceDiff(prev, cur []score.SpaceInfo) (added, removed []score.SpaceInfo) {
	in := func(ss []score.SpaceInfo) map[string]bool {
		m := make(map[string]bool, len(ss))
		for _, s := range ss {
			m[s.ID] = true
		}
		return m
	}
	before, after := in(prev), in(cur)
	for _, s := range cur {
		if !before[s.ID] {
			added = append(added, s)
		}
	}
	for _, s := range prev {
		if !after[s.ID] {
			removed = append(removed, s)
		}
	}
	byID := func(a, b score.SpaceInfo) int { return cmp.Compare(a.ID, b.ID) }
	slices.SortStableFunc(added, byID)
	slices.SortStableFunc(removed, byID)
	return added, removed
}

// likeDiff returns the like count changes of the Spaces in both, by ID.
func likeDiff(prev, cur []score.SpaceInfo) []LikeChange {
	was := make(map[string]int, len(prev))
	for _, s := range prev {
		was[s.ID] = s.Likes
	}
	var ls []LikeChange
	for _, s := range cur {
		if from, ok := was[s.ID]; ok && from != s.Likes {
			ls = append(ls, LikeChange{Space: s, From: from, To: s.Likes})
		}
	}
	slices.SortStableFunc(ls, func(a, b LikeChange) int {
		return cmp.Compare(a.Space.ID, b.Space.ID)
	})
	return ls
}

// ballotKey is what makes a ballot the same ballot in two results.
type ballotKey struct{ timestamp, voter, category, space string }

// newBallots returns the ballots of cur that prev does not have.
func newBallots(prev, cur []score.Ballot) []score.Ballot {
	seen := make(map[ballotKey]int, len(prev))
	for i := range prev {
		seen[keyOf(&prev[i])]++
	}
	var out []score.Ballot
	for i := range cur {
		k := keyOf(&cur[i])
		if seen[k] > 0 {
			seen[k]--
			continue
		}
		out = append(out, cur[i])
	}
	return out
}

func keyOf(b *score.Ballot) ballotKey {
	return ballotKey{b.Timestamp, b.Voter, b.Category, b.Space}
}

// changeRow is a line of changes.csv and of the Changes sheet. Delta is
// positive for the better: up in rank, more likes.
type changeRow struct {
	Change text      `csv:"change" xlsx:"Change,14"`
	Space  spaceLink `csv:"space" xlsx:"Space,40"`
	Title  text      `csv:"title" xlsx:"Title,50"`
	Was    optNum    `csv:"was" xlsx:"Was,9"`
	Now    optNum    `csv:"now" xlsx:"Now,9"`
	Delta  optNum    `csv:"delta" xlsx:"Delta,9"`
	Detail text      `csv:"detail" xlsx:"Detail,60"`
}

// The kinds of change, as the change column names them.
const (
	changeRank    = "rank"
	changeEntered = "entered"
	changeLeft    = "left"
	changeNew     = "new space"
	changeRemoved = "removed space"
	changeLikes   = "likes"
	changeBallot  = "new ballot"
)

func changeRows(c *Changes) iter.Seq[changeRow] {
	return func(yield func(changeRow) bool) {
		for _, m := range c.Moves {
			if !yield(moveRow(m)) {
				return
			}
		}
		for _, s := range c.Added {
			if !yield(changeRow{Change: changeNew, Space: linkOf(s), Title: text(s.Title)}) {
				return
			}
		}
		for _, s := range c.Removed {
			r := changeRow{Change: changeRemoved, Space: linkOf(s), Title: text(s.Title)}
			if !yield(r) {
				return
			}
		}
		for _, l := range c.Likes {
			r := changeRow{
				Change: changeLikes, Space: linkOf(l.Space), Title: text(l.Space.Title),
				Was: some(l.From), Now: some(l.To), Delta: some(l.To - l.From),
			}
			if !yield(r) {
				return
			}
		}
		for i := range c.Ballots {
			if !yield(ballotChange(&c.Ballots[i])) {
				return
			}
		}
	}
}

func moveRow(m Move) changeRow {
	r := changeRow{Change: changeRank, Space: linkOf(m.Space), Title: text(m.Space.Title)}
	switch {
	case m.From == 0:
		r.Change, r.Now = changeEntered, some(m.To)
	case m.To == 0:
		r.Change, r.Was = changeLeft, some(m.From)
	default:
		r.Was, r.Now, r.Delta = some(m.From), some(m.To), some(m.From-m.To)
	}
	return r
}

// ballotChange shows a new ballot: the matched Space when there is one,
// and the rest of the ballot as detail.
func ballotChange(b *score.Ballot) changeRow {
	space := cmp.Or(b.SpaceID, b.Space)
	detail := fmt.Sprintf("line %d, %s voted in %s: %s", b.Line, b.Voter, b.Category, b.Status)
	if b.Reason != "" {
		detail += " (" + b.Reason + ")"
	}
	return changeRow{Change: changeBallot, Space: spaceLink{id: space}, Detail: text(detail)}
}

// WriteChanges writes c to w as aligned text, for a terminal: a line with
// the two collection times, a line of counts, then one line per change.
// Untrusted text is cleaned as in every report, so no title can send
// control sequences to the terminal.
//
// A nil c is written as no changes.
func WriteChanges(w io.Writer, c *Changes) error {
	if c == nil {
		c = &Changes{}
	}
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "changes from %s to %s\n", when(c.From), when(c.To))
	fmt.Fprintln(&buf, changeCounts(c))
	if c.Len() > 0 {
		tw := tabwriter.NewWriter(&buf, 0, 8, 2, ' ', 0)
		fmt.Fprintln(tw, "\nCHANGE\tSPACE\tWAS\tNOW\tDELTA\tDETAIL")
		for r := range changeRows(c) {
			fmt.Fprintln(tw, strings.Join(changeFields(r), "\t"))
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	// tabwriter pads the columns before an empty last one; drop that.
	bw := bufio.NewWriter(w)
	for line := range strings.Lines(buf.String()) {
		bw.WriteString(strings.TrimRight(line, " \n"))
		bw.WriteByte('\n')
	}
	return bw.Flush()
}

// changeFields returns the fields WriteChanges shows of a change, with
// tabs and newlines made spaces so that they cannot break the alignment.
func changeFields(r changeRow) []string {
	cells := []cell{r.Change, r.Space, r.Was, r.Now, r.Delta, r.Detail}
	out := make([]string, len(cells))
	for i, c := range cells {
		s, _ := c.MarshalCSV()
		out[i] = strings.ReplaceAll(s, "\n", " ")
	}
	if r.Delta.ok && r.Delta.n > 0 {
		out[4] = "+" + out[4]
	}
	return out
}

// changeCounts sums up c in one line.
func changeCounts(c *Changes) string {
	var moved, entered, left int
	for _, m := range c.Moves {
		switch {
		case m.From == 0:
			entered++
		case m.To == 0:
			left++
		default:
			moved++
		}
	}
	return fmt.Sprintf("%d rank changes, %d entered and %d left the leaderboard, "+
		"%d new and %d removed Spaces, %d like counts changed, %d new ballots",
		moved, entered, left, len(c.Added), len(c.Removed), len(c.Likes), len(c.Ballots))
}

// when formats a collection time, or says it is unknown.
func when(t time.Time) string {
	if t.IsZero() {
		return "an unknown time"
	}
	return t.UTC().Format(time.RFC3339)
}
