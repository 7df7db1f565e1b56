package report

import (
	"cmp"
	_ "embed"
	"io"
	"net/url"
	"strconv"
	"strings"
	"text/template"
	"time"
	"unicode/utf8"

	"github.com/spacejudge/spacejudge/score"
)

// summary.md is short whatever the size of the event: GitHub refuses a job
// summary over 1 MiB. Tables stop at Options.SummaryRows rows and say how
// many more the CSV files hold, and each cell holds at most mdCellRunes
// characters (mdLongRunes for warnings and errors).
const (
	mdCellRunes = 120
	mdLongRunes = 400
	// mdTieSpaces is how many Spaces a tie lists before "and N more".
	mdTieSpaces = 10
)

//go:embed summary.md.tmpl
var summaryText string

var summaryTmpl = template.Must(template.New("summary.md").Parse(summaryText))

// mdSummary is what the summary template shows. Every string in it is
// already Markdown: untrusted text went through mdText (or mdItem), so the
// template never escapes anything itself. Markdown is not a spreadsheet:
// it gets no formula guard, and a title "=1+1" reads "=1+1".
type mdSummary struct {
	Event, Org, RuleSet, Endpoint string
	Collected, Opens, Closes      string
	Tally                         tally
	Criteria                      []mdCriterion
	Winners                       []mdWinner
	WinnersMore                   int
	Ties                          []mdTie
	TiesMore                      int
	Warnings                      []string
	WarningsMore                  int
	Missing                       []mdSpaceText
	MissingMore                   int
	Notes                         []mdSpaceText
	NotesMore                     int
	Changes                       *mdChanges
}

type mdCriterion struct{ ID, Name, Kind, Weight, Max string }

type mdWinner struct{ Rank, Space, Title, Authors, Score, Prizes, Tie, By string }

type mdTie struct{ Prize, By, Rank, Spaces string }

// mdSpaceText is a Space and a text about it: the error of a Space that
// was not collected, or the note on a decision about it.
type mdSpaceText struct{ Space, Text string }

type mdChanges struct {
	From, To, Counts string
	Rows             []mdChange
	More             int
}

type mdChange struct{ Change, Space, Was, Now, Delta, Detail string }

// writeSummary writes summary.md for res to w, showing at most rows rows
// per table.
func writeSummary(w io.Writer, res *score.Result, c *Changes, rows int) error {
	return summaryTmpl.Execute(w, summaryOf(res, c, rows))
}

func summaryOf(res *score.Result, c *Changes, rows int) *mdSummary {
	m := &mdSummary{
		Event:     mdText(res.Event.Name, mdCellRunes),
		Org:       mdText(res.Org, mdCellRunes),
		RuleSet:   mdText(res.RuleSet, mdCellRunes),
		Endpoint:  mdText(res.Endpoint, mdCellRunes),
		Collected: mdTime(res.CollectedAt),
		Opens:     mdTime(res.Event.Opens),
		Closes:    mdTime(res.Event.Closes),
		Tally:     tallyOf(res),
	}
	for _, c := range res.Criteria {
		m.Criteria = append(m.Criteria, mdCriterion{
			ID: mdText(c.ID, mdCellRunes), Name: mdText(c.Name, mdCellRunes),
			Kind:   mdText(c.Kind, mdCellRunes),
			Weight: mdText(weightText(c.Weight), mdCellRunes),
			Max:    strconv.Itoa(c.Max),
		})
	}
	m.Winners, m.WinnersMore = mdWinners(res.Winners, rows)
	m.Ties, m.TiesMore = mdTies(res.Ties, rows)
	m.Warnings, m.WarningsMore = mdWarnings(res.Warnings, rows)
	m.Missing, m.MissingMore = mdSpaceTexts(res.Spaces, rows,
		func(s score.SpaceInfo) string { return cmp.Or(s.Error, "not collected") },
		func(s score.SpaceInfo) bool { return !s.Collected })
	m.Notes, m.NotesMore = mdSpaceTexts(res.Spaces, rows,
		func(s score.SpaceInfo) string { return s.Note },
		func(s score.SpaceInfo) bool { return s.Note != "" })
	if c != nil {
		m.Changes = mdChangesOf(c, rows)
	}
	return m
}

func mdWinners(ws []score.Winner, rows int) ([]mdWinner, int) {
	var out []mdWinner
	for _, w := range ws[:min(len(ws), rows)] {
		out = append(out, mdWinner{
			Rank: strconv.Itoa(w.Rank), Space: mdSpace(w.Space),
			Title:   mdText(w.Space.Title, mdCellRunes),
			Authors: mdText(list(w.Space.Authors).joined(), mdCellRunes),
			Score:   mdCSV(scoreIn(w.By, w.Score)),
			Prizes:  mdText(list(w.Prizes).joined(), mdCellRunes),
			Tie:     mdText(w.Tie, mdCellRunes), By: mdText(w.By, mdCellRunes),
		})
	}
	return out, len(ws) - len(out)
}

func mdTies(ts []score.Tie, rows int) ([]mdTie, int) {
	var out []mdTie
	for _, t := range ts[:min(len(ts), rows)] {
		spaces := t.Spaces[:min(len(t.Spaces), mdTieSpaces)]
		s := list(spaces).joined()
		if more := len(t.Spaces) - len(spaces); more > 0 {
			s += "; and " + strconv.Itoa(more) + " more"
		}
		out = append(out, mdTie{
			Prize: mdText(t.Prize, mdCellRunes), By: mdText(t.By, mdCellRunes),
			Rank: strconv.Itoa(t.Rank), Spaces: mdText(s, mdLongRunes),
		})
	}
	return out, len(ts) - len(out)
}

func mdWarnings(ws []string, rows int) ([]string, int) {
	var out []string
	for _, w := range ws[:min(len(ws), rows)] {
		out = append(out, mdItem(w, mdLongRunes))
	}
	return out, len(ws) - len(out)
}

// mdSpaceTexts lists, for the first rows Spaces that have it, a text
// about the Space, and counts the rest.
func mdSpaceTexts(ss []score.SpaceInfo, rows int, text func(score.SpaceInfo) string,
	has func(score.SpaceInfo) bool) ([]mdSpaceText, int) {
	var out []mdSpaceText
	more := 0
	for _, s := range ss {
		switch {
		case !has(s):
		case len(out) < rows:
			out = append(out, mdSpaceText{Space: mdSpace(s), Text: mdText(text(s), mdLongRunes)})
		default:
			more++
		}
	}
	return out, more
}

func mdChangesOf(c *Changes, rows int) *mdChanges {
	m := &mdChanges{From: mdTime(c.From), To: mdTime(c.To), Counts: changeCounts(c)}
	for r := range changeRows(c) {
		if len(m.Rows) == rows {
			m.More = c.Len() - rows
			break
		}
		space := score.SpaceInfo{ID: r.Space.id, URL: r.Space.url}
		m.Rows = append(m.Rows, mdChange{
			Change: mdText(string(r.Change), mdCellRunes),
			Space:  mdSpace(space),
			Was:    mdCSV(r.Was), Now: mdCSV(r.Now), Delta: mdCSV(r.Delta),
			Detail: mdText(string(r.Detail), mdCellRunes),
		})
	}
	return m
}

// mdCSV returns a number cell as Markdown, the way the CSV file writes it.
// Text goes through mdText instead: the CSV form of text carries the
// formula guard, which Markdown does not need.
func mdCSV(c cell) string {
	s, _ := c.MarshalCSV()
	return mdEscape(s)
}

// mdTime formats a moment for the summary.
func mdTime(t time.Time) string {
	if t.IsZero() {
		return "unknown"
	}
	return t.UTC().Format("2006-01-02 15:04 UTC")
}

// mdSpace returns a Space id as a Markdown link to its page, or as text
// when its URL is not a plain web address.
func mdSpace(s score.SpaceInfo) string {
	id := mdText(s.ID, mdCellRunes)
	if !webURL(s.URL) {
		return id
	}
	return "[" + id + "](" + mdURL(s.URL) + ")"
}

// mdURL escapes what could end a link destination or a table cell.
func mdURL(u string) string {
	var b strings.Builder
	for i := 0; i < len(u); i++ {
		switch c := u[i]; c {
		case '(', ')', '|', '<', '>', '\\', '"', '\'', '`', ' ', '[', ']':
			b.WriteString(url.QueryEscape(string(c)))
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// mdText returns untrusted text as it goes in a Markdown table cell:
// cleaned (but not guarded against formulas), cut to at most limit
// characters, and escaped.
func mdText(s string, limit int) string {
	s = cleanText(s)
	n := 0
	for i := range s {
		if n == limit-1 && utf8.RuneCountInString(s[i:]) > 1 {
			s = s[:i] + "…"
			break
		}
		n++
	}
	return mdEscape(s)
}

// mdItem returns untrusted text as the item of a Markdown list: mdText,
// without leading spaces, and with a backslash that keeps a leading list
// marker ("- ", "+ ", "1. ", "1) ") or a line of dashes from becoming
// a nested list or a rule. In a table cell none of these is markup.
func mdItem(s string, limit int) string {
	s = strings.TrimLeft(mdText(s, limit), " ")
	if s == "" {
		return s
	}
	switch s[0] {
	case '-', '+':
		return "\\" + s
	}
	digits := len(s) - len(strings.TrimLeft(s, "0123456789"))
	if digits > 0 && digits < len(s) && (s[digits] == '.' || s[digits] == ')') {
		return s[:digits] + "\\" + s[digits:]
	}
	return s
}

// mdEscape escapes s for a Markdown table cell (GitHub flavour): the
// characters that start emphasis, code, links, images, mentions, math or
// strike-through get a backslash, HTML's specials become entities, the
// cell separator is escaped, and newlines become spaces, so that nothing
// in s can leave its cell or turn into markup.
func mdEscape(s string) string {
	if !strings.ContainsAny(s, mdSpecial) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for _, r := range s {
		switch r {
		case '\\', '`', '*', '_', '[', ']', '|', '~', '$', '@', '#', '!':
			b.WriteByte('\\')
			b.WriteRune(r)
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '&':
			b.WriteString("&amp;")
		case '\n', '\r':
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// mdSpecial lists the characters mdEscape changes.
const mdSpecial = "\\`*_[]|~$@#!<>&\n\r"
