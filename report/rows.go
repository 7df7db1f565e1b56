package report

import (
	"iter"

	"github.com/spacejudge/spacejudge/score"
)

// One struct per sheet: its fields, in order, are the columns of both the
// CSV file and the worksheet (see column). Row builders copy no text: the
// cells hold the Result's own strings and clean them as they are written.

// winnerRow is a line of winners.csv and of the Winners sheet. Its score
// column holds the score, or the criterion value when by names a
// criterion: the overall score with 4 decimals, a criterion value as the
// integer it is.
type winnerRow struct {
	Rank    num       `csv:"rank" xlsx:"Rank,8"`
	Space   spaceLink `csv:"space" xlsx:"Space,40"`
	Title   text      `csv:"title" xlsx:"Title,50"`
	Authors list      `csv:"authors" xlsx:"Authors,40"`
	Score   decimal   `csv:"score" xlsx:"Score,12"`
	Prizes  list      `csv:"prizes" xlsx:"Prizes,60"`
	Tie     text      `csv:"tie" xlsx:"Tie,40"`
	By      text      `csv:"by" xlsx:"By,16"`
}

func winnerRows(res *score.Result) iter.Seq[winnerRow] {
	return func(yield func(winnerRow) bool) {
		for _, w := range res.Winners {
			r := winnerRow{
				Rank: num(w.Rank), Space: linkOf(w.Space), Title: text(w.Space.Title),
				Authors: w.Space.Authors, Score: scoreIn(w.By, w.Score), Prizes: w.Prizes,
				Tie: text(w.Tie), By: text(w.By),
			}
			if !yield(r) {
				return
			}
		}
	}
}

// leaderRow is a line of leaderboard.csv and of the Leaderboard sheet.
type leaderRow struct {
	Rank    num       `csv:"rank" xlsx:"Rank,8"`
	Space   spaceLink `csv:"space" xlsx:"Space,40"`
	Title   text      `csv:"title" xlsx:"Title,50"`
	Authors list      `csv:"authors" xlsx:"Authors,40"`
	Score   decimal   `csv:"score" xlsx:"Score,12"`
	Values  spread    `csv:"criteria" xlsx:"*,20"`
	Created stamp     `csv:"created_at" xlsx:"Created (UTC),20"`
	URL     text      `csv:"url" xlsx:"URL,60"`
}

func leaderRows(res *score.Result) iter.Seq[leaderRow] {
	n := len(res.Criteria)
	return func(yield func(leaderRow) bool) {
		for _, e := range res.Leaderboard {
			r := leaderRow{
				Rank: num(e.Rank), Space: linkOf(e.Space), Title: text(e.Space.Title),
				Authors: e.Space.Authors, Score: overallScore(e.Score),
				Values: fit(e.Values, n), Created: stamp(e.Space.CreatedAt),
				URL: text(e.Space.URL),
			}
			if !yield(r) {
				return
			}
		}
	}
}

// fit returns v with exactly n values, so that a short or long Values
// slice cannot shift the columns after it.
func fit(v []int, n int) spread {
	if len(v) == n {
		return v
	}
	s := make(spread, n)
	copy(s, v)
	return s
}

// criterionRow is a line of criterion_<id>.csv and of a criterion's sheet.
type criterionRow struct {
	Rank    num       `csv:"rank" xlsx:"Rank,8"`
	Space   spaceLink `csv:"space" xlsx:"Space,40"`
	Title   text      `csv:"title" xlsx:"Title,50"`
	Authors list      `csv:"authors" xlsx:"Authors,40"`
	Value   num       `csv:"value" xlsx:"Value,10"`
	Tied    mark      `csv:"tied" xlsx:"Tied,8"`
	Prizes  list      `csv:"prizes" xlsx:"Prizes,60"`
}

// criterionRows lists ranking k of res.
func criterionRows(res *score.Result, k int) iter.Seq[criterionRow] {
	return func(yield func(criterionRow) bool) {
		for _, e := range res.Rankings[k].Entries {
			r := criterionRow{
				Rank: num(e.Rank), Space: linkOf(e.Space), Title: text(e.Space.Title),
				Authors: e.Space.Authors, Value: num(valueOf(e, k)),
				Tied: mark(e.Tied), Prizes: e.Prizes,
			}
			if !yield(r) {
				return
			}
		}
	}
}

// valueOf returns the value of criterion k in e: Values[k], or the entry's
// Score when Values does not reach k (the two are the same number).
func valueOf(e score.Entry, k int) int {
	if k < len(e.Values) {
		return e.Values[k]
	}
	if e.Score != nil && e.Score.IsInt() && e.Score.Num().IsInt64() {
		return int(e.Score.Num().Int64())
	}
	return 0
}

// prizeRow is a line of prizes.csv and of the Prizes sheet.
type prizeRow struct {
	User   text `csv:"user" xlsx:"User,30"`
	Prize  text `csv:"prize" xlsx:"Prize,40"`
	Spaces list `csv:"spaces" xlsx:"Spaces,80"`
}

func prizeRows(res *score.Result) iter.Seq[prizeRow] {
	return func(yield func(prizeRow) bool) {
		for _, a := range res.Awards {
			if !yield(prizeRow{User: text(a.User), Prize: text(a.Prize), Spaces: a.Spaces}) {
				return
			}
		}
	}
}

// pickRow is a line of picks.csv and of the Picks sheet: a staff pick as
// the picks file gave it, so that organizers can show where each picks
// value comes from.
type pickRow struct {
	Line      num       `csv:"line" xlsx:"Line,8"`
	Criterion text      `csv:"criterion" xlsx:"Criterion,20"`
	Picker    text      `csv:"picker" xlsx:"Picker,24"`
	Space     spaceLink `csv:"space" xlsx:"Space,40"`
	Note      text      `csv:"note" xlsx:"Note,60"`
}

// pickRows lists the picks of res. A picked Space links to its page when
// res.Spaces knows its URL.
func pickRows(res *score.Result) iter.Seq[pickRow] {
	urls := pickedURLs(res)
	return func(yield func(pickRow) bool) {
		for _, p := range res.Picks {
			r := pickRow{
				Line: num(p.Line), Criterion: text(p.Criterion), Picker: text(p.Picker),
				Space: spaceLink{id: p.SpaceID, url: urls[p.SpaceID]}, Note: text(p.Note),
			}
			if !yield(r) {
				return
			}
		}
	}
}

// pickedURLs returns the URL of every picked Space that res.Spaces holds.
func pickedURLs(res *score.Result) map[string]string {
	picked := make(map[string]bool, len(res.Picks))
	for _, p := range res.Picks {
		picked[p.SpaceID] = true
	}
	urls := make(map[string]string, len(picked))
	for _, s := range res.Spaces {
		if picked[s.ID] {
			urls[s.ID] = s.URL
		}
	}
	return urls
}

// ballotRow is a line of ballots.csv and of the Ballots sheet. Timestamp
// stays text: it is the field as the voter's form wrote it, in whatever
// format that was.
type ballotRow struct {
	Line      num  `csv:"line" xlsx:"Line,8"`
	Timestamp text `csv:"timestamp" xlsx:"Timestamp,24"`
	Voter     text `csv:"voter" xlsx:"Voter,24"`
	Category  text `csv:"category" xlsx:"Category,20"`
	Space     text `csv:"space" xlsx:"Space,40"`
	Status    text `csv:"status" xlsx:"Status,11"`
	Reason    text `csv:"reason" xlsx:"Reason,60"`
}

func ballotRows(res *score.Result) iter.Seq[ballotRow] {
	return func(yield func(ballotRow) bool) {
		for i := range res.Ballots {
			b := &res.Ballots[i]
			r := ballotRow{
				Line: num(b.Line), Timestamp: text(b.Timestamp), Voter: text(b.Voter),
				Category: text(b.Category), Space: text(b.Space),
				Status: text(b.Status), Reason: text(b.Reason),
			}
			if !yield(r) {
				return
			}
		}
	}
}

// ineligibleRow is a line of ineligible.csv and of the Ineligible sheet.
type ineligibleRow struct {
	Space   spaceLink `csv:"space" xlsx:"Space,40"`
	Title   text      `csv:"title" xlsx:"Title,50"`
	Authors list      `csv:"authors" xlsx:"Authors,40"`
	Reasons list      `csv:"reasons" xlsx:"Reasons,80"`
}

func ineligibleRows(res *score.Result) iter.Seq[ineligibleRow] {
	return func(yield func(ineligibleRow) bool) {
		for _, in := range res.Ineligible {
			r := ineligibleRow{
				Space: linkOf(in.Space), Title: text(in.Space.Title),
				Authors: in.Space.Authors, Reasons: in.Reasons,
			}
			if !yield(r) {
				return
			}
		}
	}
}

// participantRow is a line of participants.csv and of the Participants
// sheet.
type participantRow struct {
	User     text `csv:"user" xlsx:"User,30"`
	Spaces   list `csv:"spaces" xlsx:"Spaces,60"`
	Eligible list `csv:"eligible_spaces" xlsx:"Eligible Spaces,60"`
	Badges   list `csv:"badges" xlsx:"Badges,50"`
}

func participantRows(res *score.Result) iter.Seq[participantRow] {
	return func(yield func(participantRow) bool) {
		for _, p := range res.Participants {
			r := participantRow{
				User: text(p.User), Spaces: p.Spaces, Eligible: p.EligibleSpaces,
				Badges: p.Badges,
			}
			if !yield(r) {
				return
			}
		}
	}
}

// linkOf returns the cell of a Space's id, linked to its page.
func linkOf(s score.SpaceInfo) spaceLink { return spaceLink{id: s.ID, url: s.URL} }
