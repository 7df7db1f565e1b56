package report

import (
	"cmp"
	"fmt"
	"io"
	"iter"
	"strings"
	"unicode/utf16"

	"github.com/spacejudge/spacejudge/score"
)

// A table is one sheet of the workbook together with its CSV file: both
// are written from the same rows and the same columns.
type table interface {
	// sheetName is the worksheet's name; fileName is the CSV file's name.
	sheetName() string
	fileName() string
	// writeCSV writes the CSV file to w.
	writeCSV(w io.Writer) error
	// writeSheet streams the worksheet into b.
	writeSheet(b *book) error
}

// rowTable is a table of rows of type T, one of the row structs.
type rowTable[T any] struct {
	sheet, file string
	// n is the number of rows that rows yields.
	n    int
	rows iter.Seq[T]
	cols []column
	// spreadIDs head the spread columns in CSV, spreadNames in the
	// workbook: one per criterion, in Criteria order.
	spreadIDs, spreadNames []string
}

func newTable[T any](sheet, file string, n int, rows iter.Seq[T]) *rowTable[T] {
	return &rowTable[T]{sheet: sheet, file: file, n: n, rows: rows, cols: columnsOf[T]()}
}

func (t *rowTable[T]) sheetName() string { return t.sheet }
func (t *rowTable[T]) fileName() string  { return t.file }

// The fixed sheet names, in workbook order around the criterion sheets.
const (
	sheetSummary      = "Summary"
	sheetWinners      = "Winners"
	sheetLeaderboard  = "Leaderboard"
	sheetPrizes       = "Prizes"
	sheetPicks        = "Picks"
	sheetBallots      = "Ballots"
	sheetIneligible   = "Ineligible"
	sheetParticipants = "Participants"
	sheetChanges      = "Changes"
)

// Names of files that the code refers to by name.
const (
	fileChanges = "changes.csv"
	fileSummary = "summary.md"
	fileBook    = "results.xlsx"
)

// tables returns every table of res, in workbook order, with the Changes
// table last when c is not nil.
func tables(res *score.Result, c *Changes) []table {
	ids, names := criterionHeads(res.Criteria)
	lead := newTable(sheetLeaderboard, "leaderboard.csv", len(res.Leaderboard), leaderRows(res))
	lead.spreadIDs, lead.spreadNames = ids, names
	ts := []table{
		newTable(sheetWinners, "winners.csv", len(res.Winners), winnerRows(res)),
		lead,
	}
	sheets := criterionSheets(res.Criteria)
	files := criterionFiles(res.Criteria)
	for k := range res.Rankings {
		if k >= len(res.Criteria) {
			break
		}
		n := len(res.Rankings[k].Entries)
		ts = append(ts, newTable(sheets[k], files[k], n, criterionRows(res, k)))
	}
	ts = append(ts,
		newTable(sheetPrizes, "prizes.csv", len(res.Awards), prizeRows(res)),
		newTable(sheetPicks, "picks.csv", len(res.Picks), pickRows(res)),
		newTable(sheetBallots, "ballots.csv", len(res.Ballots), ballotRows(res)),
		newTable(sheetIneligible, "ineligible.csv", len(res.Ineligible), ineligibleRows(res)),
		newTable(sheetParticipants, "participants.csv", len(res.Participants),
			participantRows(res)),
	)
	if c != nil {
		ts = append(ts, newTable(sheetChanges, fileChanges, c.Len(), changeRows(c)))
	}
	return ts
}

// criterionHeads returns the headers of the criterion columns: ids for CSV
// and names for the workbook.
func criterionHeads(cs []score.CriterionInfo) (ids, names []string) {
	for _, c := range cs {
		ids = append(ids, c.ID)
		names = append(names, cmp.Or(c.Name, c.ID))
	}
	return ids, names
}

// maxSheetUnits is the longest sheet name Excel accepts, in UTF-16 units.
const maxSheetUnits = 31

// criterionSheets names a sheet after each criterion: its name made valid
// for Excel (no : \ / ? * [ ], at most 31 characters, not blank) and unique,
// ignoring case, among all the sheets. Apostrophes become ’ because
// excelize does not escape them in the references it writes ("CEO's pick"
// would make the workbook's filter names invalid).
func criterionSheets(cs []score.CriterionInfo) []string {
	taken := map[string]bool{"history": true} // Excel reserves "History".
	for _, s := range []string{sheetSummary, sheetWinners, sheetLeaderboard, sheetPrizes,
		sheetPicks, sheetBallots, sheetIneligible, sheetParticipants, sheetChanges} {
		taken[strings.ToLower(s)] = true
	}
	names := make([]string, len(cs))
	for i, c := range cs {
		base := sheetBase(c.Name)
		if base == "" {
			base = sheetBase(c.ID)
		}
		if base == "" {
			base = fmt.Sprintf("Criterion %d", i+1)
		}
		names[i] = unique(base, taken)
	}
	return names
}

// sheetBase makes s a valid sheet name, or returns "" when nothing is left.
func sheetBase(s string) string {
	s = strings.Map(func(r rune) rune {
		switch r {
		case ':', '\\', '/', '?', '*', '[', ']', '\n':
			return ' '
		case '\'':
			return '’'
		}
		return r
	}, strip(s))
	s = strings.Join(strings.Fields(s), " ")
	return trimUnits(s, maxSheetUnits)
}

// unique returns base, or base with " (2)", " (3)"… when a sheet of that
// name, ignoring case, is taken; it marks the result taken.
func unique(base string, taken map[string]bool) string {
	name := base
	for n := 2; taken[strings.ToLower(name)]; n++ {
		suffix := fmt.Sprintf(" (%d)", n)
		name = trimUnits(base, maxSheetUnits-len(suffix)) + suffix
	}
	taken[strings.ToLower(name)] = true
	return name
}

// trimUnits cuts s to at most n UTF-16 units, at a character boundary and
// without trailing spaces.
func trimUnits(s string, n int) string {
	used := 0
	for i, r := range s {
		used += utf16.RuneLen(r)
		if used > n {
			s = s[:i]
			break
		}
	}
	return strings.TrimSpace(s)
}

// criterionFiles names the CSV file of each criterion criterion_<id>.csv,
// keeping only letters, digits, '-' and '_' of the id, and numbering
// repeats, so that no config can name a path outside the output directory.
func criterionFiles(cs []score.CriterionInfo) []string {
	taken := map[string]bool{}
	files := make([]string, len(cs))
	for i, c := range cs {
		id := strings.Map(func(r rune) rune {
			if r < 0x80 && (isAlnum(byte(r)) || r == '-' || r == '_') {
				return r
			}
			return '_'
		}, c.ID)
		name := "criterion_" + id
		for n := 2; taken[strings.ToLower(name)]; n++ {
			name = fmt.Sprintf("criterion_%s_%d", id, n)
		}
		taken[strings.ToLower(name)] = true
		files[i] = name + ".csv"
	}
	return files
}

func isAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}
