package report

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/spacejudge/spacejudge/score"
)

// hostileTitles are titles a participant could give a Space to attack a
// reader of the reports.
var hostileTitles = []string{
	"=HYPERLINK(\"http://evil.example\",\"click\")",
	"+cmd|' /C calc'!A0",
	"-2+3",
	"@SUM(1+1)",
	"\t=1+1",
	"\r=1+1",
	" =1+1",
	"＝1+1",
	"a | b | c",
	"line\nbreak | and pipe",
	"ctl\x01\x02\x1b[31mred\x7f",
	"مساحة \u202eevil\u202c عربية",
	"🎉👩‍👩‍👧 party",
	"<img src=x onerror=alert(1)>",
	"**b** _i_ `c` [l](javascript:alert(1)) ![i](x)",
	"\xff\xfe broken",
	"trailing backslash \\",
	strings.Repeat("long🎉", 8000), // 48,000 UTF-16 units
}

// hostileResult is the fixture with hostile titles, authors, voters,
// warnings and criterion names.
func hostileResult() *score.Result {
	ev := fixtureEvent()
	for i := range ev.spaces {
		ev.spaces[i].title = hostileTitles[i%len(hostileTitles)]
		if i%5 == 0 {
			ev.spaces[i].note = hostileTitles[(i+1)%len(hostileTitles)]
		}
		if i%4 == 0 {
			ev.spaces[i].authors = append(ev.spaces[i].authors, "=evil|user", "-1")
		}
	}
	ev.criteria[2].Name = "=Community | Pick\n[x]"
	ev.warnings = append(ev.warnings, hostileTitles...)
	for i := range ev.ballots {
		ev.ballots[i].Voter = hostileTitles[i%len(hostileTitles)]
		ev.ballots[i].Reason = hostileTitles[(i+3)%len(hostileTitles)]
	}
	for i := range ev.picks {
		ev.picks[i].Picker = hostileTitles[(i+5)%len(hostileTitles)]
		ev.picks[i].Note = hostileTitles[(i+9)%len(hostileTitles)]
	}
	return judge(ev)
}

// TestHostileText writes hostile text through every output and checks
// each cell of each file: no formula but the reports' own links, no
// control characters, valid UTF-8, nothing past Excel's cell limit, and
// no Markdown table row broken. Markdown, which no spreadsheet evaluates,
// shows the text without the formula guard's quote.
func TestHostileText(t *testing.T) {
	res := hostileResult()
	dir := t.TempDir()
	if err := Write(dir, res, Options{Changes: Compare(nil, res)}); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		path := filepath.Join(dir, e.Name())
		switch filepath.Ext(e.Name()) {
		case ".csv":
			for i, rec := range readCSV(t, path) {
				for j, field := range rec {
					where := fmt.Sprintf("%s row %d field %d", e.Name(), i+1, j+1)
					checkField(t, where, field)
				}
			}
		case ".xlsx":
			checkWorkbook(t, path)
		case ".md":
			checkMarkdown(t, path)
		}
	}
	checkCut(t, dir)
	checkGuards(t, dir)
}

// checkField checks one text cell of any output.
func checkField(t *testing.T, where, s string) {
	t.Helper()
	if _, err := strconv.ParseFloat(s, 64); err == nil {
		return // a number, which no program reads as a formula
	}
	s = strings.ReplaceAll(s, "\r\n", "\n") // CSV line ends inside a field
	if startsFormula(s) {
		t.Errorf("%s = %.60q starts like a formula", where, s)
	}
	if !utf8.ValidString(s) {
		t.Errorf("%s = %.60q is not valid UTF-8", where, s)
	}
	if units(s) > MaxCellUnits {
		t.Errorf("%s has %d UTF-16 units, more than a cell holds", where, units(s))
	}
	for _, r := range s {
		if r < 0x20 && r != '\n' || r == 0x7f || r >= 0x80 && r < 0xa0 || r == 0x202e {
			t.Errorf("%s = %.60q holds %U", where, s, r)
			break
		}
	}
}

// ownLink is the only formula the workbook may hold.
var ownLink = regexp.MustCompile(
	`^HYPERLINK\("https://huggingface\.co/spaces/Gradio-Blocks/[a-z0-9-]+","Gradio-Blocks/[a-z0-9-]+"\)$`)

func checkWorkbook(t *testing.T, path string) {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, sheet := range f.GetSheetList() {
		rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		for r, row := range rows {
			for c, v := range row {
				ref, _ := excelize.CoordinatesToCellName(c+1, r+1)
				checkField(t, sheet+"!"+ref, v)
				formula, err := f.GetCellFormula(sheet, ref)
				if err != nil {
					t.Fatal(err)
				}
				if formula != "" && !ownLink.MatchString(formula) {
					t.Errorf("%s!%s holds formula %q", sheet, ref, formula)
				}
			}
		}
	}
}

// checkMarkdown wants every table row of summary.md to have as many cells
// as its header, and no raw HTML.
func checkMarkdown(t *testing.T, path string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !utf8.Valid(data) {
		t.Errorf("%s is not valid UTF-8", path)
	}
	cells := 0
	for i, line := range strings.Split(string(data), "\n") {
		if !strings.HasPrefix(line, "|") {
			cells = 0
			continue
		}
		n := pipes(line)
		if cells == 0 {
			cells = n
		} else if n != cells {
			t.Errorf("%s:%d has %d cell separators, its table %d: %.80q", path, i+1, n,
				cells, line)
		}
		if strings.ContainsAny(line, "<>") {
			t.Errorf("%s:%d holds an angle bracket: %.80q", path, i+1, line)
		}
	}
}

// pipes counts the unescaped | of a line.
func pipes(line string) int {
	n := 0
	for i := 0; i < len(line); i++ {
		switch line[i] {
		case '\\':
			i++
		case '|':
			n++
		}
	}
	return n
}

// checkCut wants the 48,000-unit title cut, with its mark, in the CSV
// files and in the workbook, and the RTL and emoji titles whole.
func checkCut(t *testing.T, dir string) {
	t.Helper()
	var cut, rtl, emoji bool
	for _, rec := range readCSV(t, filepath.Join(dir, "leaderboard.csv")) {
		title := rec[2]
		switch {
		case strings.HasPrefix(title, "long🎉"):
			cut = true
			if !strings.HasSuffix(title, CutMark) || units(title) > MaxCellUnits ||
				units(title) < MaxCellUnits-1 {
				t.Errorf("long title: %d units, ends %q; want it cut at %d with %q",
					units(title), title[len(title)-20:], MaxCellUnits, CutMark)
			}
		case title == "مساحة evil عربية":
			rtl = true
		case title == "🎉👩‍👩‍👧 party":
			emoji = true
		}
	}
	if !cut || !rtl || !emoji {
		t.Errorf("leaderboard.csv: long title cut %v, RTL title kept %v, emoji title kept %v",
			cut, rtl, emoji)
	}
}

// guarded lists hostile titles of the hostile result's winners as
// winners.csv shows them, with the formula guard, and as summary.md shows
// them, escaped for Markdown but without the guard.
var guarded = []struct{ title, csv, md string }{
	{hostileTitles[0], `'=HYPERLINK("http://evil.example","click")`,
		`=HYPERLINK("http://evil.example","click")`},
	{hostileTitles[1], `'+cmd|' /C calc'!A0`, `+cmd\|' /C calc'\!A0`},
	{hostileTitles[2], `'-2+3`, `-2+3`},
	{hostileTitles[4], "' =1+1", "=1+1"},  // the tab became a space
	{hostileTitles[5], "'\n=1+1", "=1+1"}, // the CR became a space
}

// checkGuards wants the winners' hostile titles guarded in winners.csv
// and in the Winners sheet, and shown without the guard in summary.md,
// where no table cell and no list item starts with a quote at all.
func checkGuards(t *testing.T, dir string) {
	t.Helper()
	records := readCSV(t, filepath.Join(dir, "winners.csv"))[1:]
	md := mdTable(t, filepath.Join(dir, fileSummary), "## Winners")
	if len(md) != len(records) {
		t.Fatalf("summary.md has %d winners, winners.csv %d", len(md), len(records))
	}
	f, err := excelize.OpenFile(filepath.Join(dir, fileBook))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheet, err := f.GetRows(sheetWinners)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for i, rec := range records {
		for _, g := range guarded {
			if rec[2] != g.csv {
				continue
			}
			seen[g.title] = true
			if got := md[i][2]; got != g.md {
				t.Errorf("summary.md winner %d title = %q, want %q", i+1, got, g.md)
			}
			if got := sheet[i+1][2]; got != g.csv {
				t.Errorf("Winners sheet row %d title = %q, want %q", i+2, got, g.csv)
			}
		}
	}
	for _, g := range guarded {
		if !seen[g.title] {
			t.Errorf("winners.csv has no title %q for %q", g.csv, g.title)
		}
	}
	data, err := os.ReadFile(filepath.Join(dir, fileSummary))
	if err != nil {
		t.Fatal(err)
	}
	for i, line := range strings.Split(string(data), "\n") {
		var cells []string
		switch {
		case strings.HasPrefix(line, "|"):
			cells = splitRow(line)
		case strings.HasPrefix(line, "- "):
			cells = []string{strings.TrimPrefix(line, "- ")}
		}
		for _, c := range cells {
			if strings.HasPrefix(c, "'") {
				t.Errorf("summary.md:%d has a guard quote: %.80q", i+1, line)
			}
		}
	}
}

// mdTable returns the cells of the rows of the first table after heading
// in the Markdown file at path, without its header and delimiter rows.
func mdTable(t *testing.T, path, heading string) [][]string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	_, after, ok := strings.Cut(string(data), "\n"+heading+"\n")
	if !ok {
		t.Fatalf("%s has no %q", path, heading)
	}
	var rows [][]string
	in := false
	for _, line := range strings.Split(after, "\n") {
		if !strings.HasPrefix(line, "|") {
			if in {
				break
			}
			continue
		}
		in = true
		rows = append(rows, splitRow(line))
	}
	if len(rows) < 2 {
		t.Fatalf("%s: no table after %q", path, heading)
	}
	return rows[2:]
}

// splitRow returns the trimmed cells of a Markdown table row, split at its
// unescaped pipes.
func splitRow(line string) []string {
	var cells []string
	start := 1
	for i := 1; i < len(line); i++ {
		switch line[i] {
		case '\\':
			i++
		case '|':
			cells = append(cells, strings.TrimSpace(line[start:i]))
			start = i + 1
		}
	}
	return cells
}
