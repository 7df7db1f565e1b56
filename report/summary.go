package report

import (
	"fmt"
	"math/big"
	"strconv"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/spacejudge/spacejudge/score"
)

// tally holds the counts the summaries show. Counting is all the reports
// do with the Result's lists: every decision behind them is the Result's.
type tally struct {
	Spaces, NotCollected, Eligible, Ineligible, Participants int
	Ballots, Counted, Superseded, Rejected                   int
}

func tallyOf(res *score.Result) tally {
	t := tally{
		Spaces: len(res.Spaces), Ineligible: len(res.Ineligible),
		Participants: len(res.Participants), Ballots: len(res.Ballots),
	}
	for _, s := range res.Spaces {
		if !s.Collected {
			t.NotCollected++
		}
		if s.Eligible {
			t.Eligible++
		}
	}
	for i := range res.Ballots {
		switch res.Ballots[i].Status {
		case score.StatusCounted:
			t.Counted++
		case score.StatusSuperseded:
			t.Superseded++
		case score.StatusRejected:
			t.Rejected++
		}
	}
	return t
}

// leaders is how many Spaces the Summary's chart shows.
const leaders = 10

// writeSummarySheet fills the Summary sheet: the event and the run, the
// counts, the criteria, ties at cut-offs, warnings, Spaces that could not
// be collected, and the leaders with a bar chart of their scores.
func writeSummarySheet(b *book, res *score.Result) error {
	s := &sheet{b: b, name: sheetSummary, row: 1}
	for i, w := range []float64{24, 44, 44, 14, 14} {
		col, _ := excelize.ColumnNumberToName(i + 1)
		if err := b.f.SetColWidth(sheetSummary, col, col, w); err != nil {
			return err
		}
	}
	s.put(b.st.title, Clean(res.Event.Name))
	s.skip()
	s.pairs(
		"Organization", Clean(res.Org),
		"Event opens (UTC)", dateCell(b, res.Event.Opens),
		"Event closes (UTC)", dateCell(b, res.Event.Closes),
		"Collected at (UTC)", dateCell(b, res.CollectedAt),
		"Endpoint", Clean(res.Endpoint),
		"Rule set", Clean(res.RuleSet),
	)
	s.skip()
	t := tallyOf(res)
	s.pairs(
		"Spaces collected", t.Spaces, "Not collected", t.NotCollected,
		"Eligible", t.Eligible, "Ineligible", t.Ineligible,
		"Participants", t.Participants, "Ballots", t.Ballots,
		"Ballots counted", t.Counted, "Ballots superseded", t.Superseded,
		"Ballots rejected", t.Rejected,
	)
	s.skip()
	summaryCriteria(s, res.Criteria)
	summaryTies(s, res.Ties)
	summaryWarnings(s, res.Warnings)
	summarySpaces(s, res.Spaces, "Not collected", "Error", func(sp score.SpaceInfo) string {
		if sp.Collected {
			return ""
		}
		return sp.Error
	})
	summarySpaces(s, res.Spaces, "Space", "Note",
		func(sp score.SpaceInfo) string { return sp.Note })
	if s.err != nil {
		return s.err
	}
	return summaryLeaders(s, res.Leaderboard)
}

// dateCell returns t as a date cell, or "" when t is zero.
func dateCell(b *book, t time.Time) any {
	if t.IsZero() {
		return ""
	}
	return stamp(t).xlsx(nil, &b.st)[0]
}

func summaryCriteria(s *sheet, cs []score.CriterionInfo) {
	s.heading("Criterion", "Name", "Kind", "Weight", "Largest value")
	for _, c := range cs {
		s.put(0, Clean(c.ID), Clean(c.Name), Clean(c.Kind), weightCell(c.Weight), c.Max)
	}
	s.skip()
}

func summaryTies(s *sheet, ties []score.Tie) {
	s.heading("Tie at a cut-off", "Ranking", "Rank", "Spaces")
	if len(ties) == 0 {
		s.put(0, "None")
	}
	for _, t := range ties {
		s.put(0, Clean(t.Prize), Clean(t.By), t.Rank, list(t.Spaces).String())
	}
	s.skip()
}

func summaryWarnings(s *sheet, ws []string) {
	s.heading("Warnings")
	if len(ws) == 0 {
		s.put(0, "None")
	}
	for _, w := range ws {
		s.put(0, Clean(w))
	}
	s.skip()
}

// summarySpaces lists, under a heading of two columns, the Spaces for which
// detail returns text: the Spaces not collected with their error, or those
// whose Note explains a decision that overrides the rules. Nothing is
// written when no Space has any.
func summarySpaces(s *sheet, spaces []score.SpaceInfo, heading, detailHeading string,
	detail func(score.SpaceInfo) string) {
	first := true
	for _, sp := range spaces {
		d := detail(sp)
		if d == "" {
			continue
		}
		if first {
			s.heading(heading, detailHeading)
			first = false
		}
		s.put(0, Clean(sp.ID), Clean(d))
	}
	if !first {
		s.skip()
	}
}

// summaryLeaders lists the first Spaces of the leaderboard, linked to the
// Hub, and charts their scores.
func summaryLeaders(s *sheet, board []score.Entry) error {
	head := s.row
	s.heading("Rank", "Space", "Title", "Score")
	n := min(len(board), leaders)
	for _, e := range board[:n] {
		s.put(0, e.Rank, Clean(e.Space.ID), Clean(e.Space.Title), scoreCell(s.b, e.Score))
		s.link(s.row-1, e.Space)
	}
	if s.err != nil || n == 0 {
		return s.err
	}
	first, last := strconv.Itoa(head+1), strconv.Itoa(head+n)
	return s.b.f.AddChart(sheetSummary, "G2", &excelize.Chart{
		Type: excelize.Bar,
		Series: []excelize.ChartSeries{{
			Name:       "Summary!$D$" + strconv.Itoa(head),
			Categories: "Summary!$B$" + first + ":$B$" + last,
			Values:     "Summary!$D$" + first + ":$D$" + last,
		}},
		Title: excelize.ChartTitle{Paragraph: []excelize.RichTextRun{
			{Text: fmt.Sprintf("Top %d by overall score", n)},
		}},
		Legend:     excelize.ChartLegend{Position: "none"},
		VaryColors: new(bool),
		XAxis:      excelize.ChartAxis{ReverseOrder: true},
		Dimension:  excelize.ChartDimension{Width: 720, Height: 400},
	})
}

// scoreCell returns a score as a cell with 4 decimals.
func scoreCell(b *book, r *big.Rat) any {
	v := overallScore(r).xlsx(nil, &b.st)[0]
	if v == nil {
		return ""
	}
	return v
}

// sheet writes rows into a normal (not streamed) sheet, top to bottom,
// and keeps the first error.
type sheet struct {
	b    *book
	name string
	row  int
	err  error
}

// put writes vals in a row from column A, with style (0 for none), and
// moves to the next row. Values may be excelize.Cell, which brings its own
// style.
func (s *sheet) put(style int, vals ...any) {
	for i, v := range vals {
		if s.err != nil {
			return
		}
		ref, _ := excelize.CoordinatesToCellName(i+1, s.row)
		st := style
		if c, ok := v.(excelize.Cell); ok {
			v, st = c.Value, max(c.StyleID, style)
		}
		s.err = s.b.f.SetCellValue(s.name, ref, v)
		if s.err == nil && st != 0 {
			s.err = s.b.f.SetCellStyle(s.name, ref, ref, st)
		}
	}
	s.row++
}

// heading writes a row of bold headers.
func (s *sheet) heading(titles ...string) {
	vals := make([]any, len(titles))
	for i, t := range titles {
		vals[i] = t
	}
	s.put(s.b.st.header, vals...)
}

// pairs writes label and value rows: pairs("Label", value, …).
func (s *sheet) pairs(kv ...any) {
	for i := 0; i+1 < len(kv); i += 2 {
		ref := "A" + strconv.Itoa(s.row)
		s.put(0, kv[i], kv[i+1])
		if s.err == nil {
			s.err = s.b.f.SetCellStyle(s.name, ref, ref, s.b.st.label)
		}
	}
}

// link makes the Space cell (column B) of row a hyperlink to the Space.
func (s *sheet) link(row int, sp score.SpaceInfo) {
	if s.err != nil || !webURL(sp.URL) {
		return
	}
	ref := "B" + strconv.Itoa(row)
	s.err = s.b.f.SetCellHyperLink(s.name, ref, sp.URL, "External")
	if s.err == nil {
		s.err = s.b.f.SetCellStyle(s.name, ref, ref, s.b.st.link)
	}
}

// skip leaves a blank row.
func (s *sheet) skip() { s.row++ }
