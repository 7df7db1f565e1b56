package report

import (
	"fmt"
	"io"
	"reflect"
	"strconv"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/spacejudge/spacejudge/score"
)

// A book is a workbook being written.
type book struct {
	f  *excelize.File
	st styles
	// maxRows is the most rows a sheet may have, header included.
	maxRows int
}

// styles holds the style ids of the workbook, made once and reused.
type styles struct {
	header, title, label, link, integer, score, date int
}

// Number formats of the workbook's cells.
const (
	fmtScore = "0.0000"
	fmtDate  = "yyyy-mm-dd hh:mm:ss"
	fmtInt   = 1 // built-in "0"
)

func newStyles(f *excelize.File) (styles, error) {
	score, date := fmtScore, fmtDate
	bold := &excelize.Font{Bold: true}
	var st styles
	for _, d := range []struct {
		id *int
		s  excelize.Style
	}{
		{&st.header, excelize.Style{
			Font:   bold,
			Fill:   excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9E1F2"}},
			Border: []excelize.Border{{Type: "bottom", Color: "8EA9DB", Style: 1}},
		}},
		{&st.title, excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}}},
		{&st.label, excelize.Style{Font: bold}},
		{&st.link, excelize.Style{Font: &excelize.Font{Color: "0563C1", Underline: "single"}}},
		{&st.integer, excelize.Style{NumFmt: fmtInt}},
		{&st.score, excelize.Style{CustomNumFmt: &score}},
		{&st.date, excelize.Style{CustomNumFmt: &date}},
	} {
		id, err := f.NewStyle(&d.s)
		if err != nil {
			return st, fmt.Errorf("making a cell style: %w", err)
		}
		*d.id = id
	}
	return st, nil
}

// writeWorkbook writes results.xlsx to w: the Summary sheet, then one
// sheet per table. The same Result gives the same bytes: see sortedZip.
func writeWorkbook(w io.Writer, res *score.Result, ts []table) error {
	return writeBook(w, res, ts, excelize.TotalRows)
}

// writeBook is writeWorkbook with sheets of at most maxRows rows.
func writeBook(w io.Writer, res *score.Result, ts []table, maxRows int) (err error) {
	f := excelize.NewFile()
	defer func() {
		if cerr := f.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("removing temporary files: %w", cerr)
		}
	}()
	st, err := newStyles(f)
	if err != nil {
		return err
	}
	b := &book{f: f, st: st, maxRows: maxRows}
	if err := f.SetSheetName("Sheet1", sheetSummary); err != nil {
		return err
	}
	if err := writeSummarySheet(b, res); err != nil {
		return fmt.Errorf("sheet %s: %w", sheetSummary, err)
	}
	for _, t := range ts {
		if err := t.writeSheet(b); err != nil {
			return fmt.Errorf("sheet %s: %w", t.sheetName(), err)
		}
	}
	// Subtle: the Summary opens first without SetActiveSheet, which would
	// read every streamed sheet back into memory to mark it unselected.
	if err := f.SetDocProps(docProps(res)); err != nil {
		return err
	}
	return save(f, w)
}

// docProps dates the workbook by the collection time, not the clock, so
// that the same Result gives the same file.
func docProps(res *score.Result) *excelize.DocProperties {
	p := &excelize.DocProperties{
		Creator:        "spacejudge",
		LastModifiedBy: "spacejudge",
		Title:          Clean(res.Event.Name + " results"),
		Subject:        Clean(res.Org),
		Description:    Clean("Rule set " + res.RuleSet),
	}
	if !res.CollectedAt.IsZero() {
		p.Created = res.CollectedAt.UTC().Format(time.RFC3339)
		p.Modified = p.Created
	}
	return p
}

// writeSheet streams the table into its own sheet: widths that fit the
// contents (within each column's bound), a bold frozen header row, the
// rows, and an autofilter over them.
func (t *rowTable[T]) writeSheet(b *book) error {
	if _, err := b.f.NewSheet(t.sheet); err != nil {
		return err
	}
	sw, err := b.f.NewStreamWriter(t.sheet)
	if err != nil {
		return err
	}
	heads := t.headers()
	for i, w := range t.widths(b, heads) {
		if err := sw.SetColWidth(i+1, i+1, w); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(frozenHeader()); err != nil {
		return err
	}
	last, err := t.streamRows(b, sw, heads)
	if err != nil {
		return err
	}
	ref, err := excelize.CoordinatesToCellName(max(len(heads), 1), last)
	if err != nil {
		return err
	}
	// Subtle: AutoFilter must come after NewStreamWriter (which drops
	// what the sheet held) and before Flush, which writes the sheet out.
	if err := b.f.AutoFilter(t.sheet, "A1:"+ref, nil); err != nil {
		return err
	}
	return sw.Flush()
}

// streamRows writes the header row and the rows, and returns the number of
// the last row written. A table longer than a sheet ends in a row that
// says how many rows are only in the CSV file.
func (t *rowTable[T]) streamRows(b *book, sw *excelize.StreamWriter, heads []string) (int, error) {
	vals := make([]any, 0, len(heads))
	for _, h := range heads {
		vals = append(vals, excelize.Cell{StyleID: b.st.header, Value: h})
	}
	if err := sw.SetRow("A1", vals); err != nil {
		return 0, err
	}
	row := 1
	fits := t.n < b.maxRows
	for r := range t.rows {
		if !fits && row == b.maxRows-1 {
			break
		}
		row++
		vals = cellsOf(r, t.cols, vals[:0], &b.st)
		if err := sw.SetRow(cellName(row), vals); err != nil {
			return 0, err
		}
	}
	if !fits {
		row++
		note := fmt.Sprintf("%d more rows are in %s: a sheet holds %d rows at most.",
			t.n-(row-2), t.file, b.maxRows)
		if err := sw.SetRow(cellName(row), []any{note}); err != nil {
			return 0, err
		}
	}
	return row, nil
}

// cellName returns the name of the first cell of a row.
func cellName(row int) string { return "A" + strconv.Itoa(row) }

// cellsOf appends the worksheet values of row r to dst.
func cellsOf[T any](r T, cols []column, dst []any, st *styles) []any {
	v := reflect.ValueOf(&r).Elem()
	for _, c := range cols {
		dst = v.Field(c.field).Interface().(cell).xlsx(dst, st)
	}
	return dst
}

// headers returns the worksheet headers, with the spread column expanded
// into one header per criterion name.
func (t *rowTable[T]) headers() []string {
	var hs []string
	for _, c := range t.cols {
		if !c.spread {
			hs = append(hs, c.title)
			continue
		}
		for _, n := range t.spreadNames {
			hs = append(hs, Clean(n))
		}
	}
	return hs
}

// bounds returns the widest width of each worksheet column.
func (t *rowTable[T]) bounds() []float64 {
	var bs []float64
	for _, c := range t.cols {
		n := 1
		if c.spread {
			n = len(t.spreadNames)
		}
		for range n {
			bs = append(bs, c.max)
		}
	}
	return bs
}

// widths returns a width for each column that fits its header and its
// widest value, within the column's bound. It reads every row once more:
// a sheet must get its widths before its first row.
func (t *rowTable[T]) widths(b *book, heads []string) []float64 {
	bs := t.bounds()
	ws := make([]int, len(heads))
	for i, h := range heads {
		// The header also holds the autofilter's button.
		ws[i] = textWidth(h, int(bs[i])) + 2
	}
	vals := make([]any, 0, len(heads))
	for r := range t.rows {
		vals = cellsOf(r, t.cols, vals[:0], &b.st)
		for i, v := range vals {
			if i < len(ws) {
				ws[i] = max(ws[i], valueWidth(v, int(bs[i])))
			}
		}
	}
	out := make([]float64, len(ws))
	for i, w := range ws {
		out[i] = min(float64(w)+2, bs[i])
	}
	return out
}

// valueWidth estimates how many characters v shows as, up to limit.
func valueWidth(v any, limit int) int {
	switch v := v.(type) {
	case excelize.Cell:
		return valueWidth(v.Value, limit)
	case string:
		return textWidth(v, limit)
	case int:
		return len(strconv.Itoa(v))
	case float64:
		return len(strconv.FormatFloat(v, 'f', 4, 64))
	case time.Time:
		return len(fmtDate)
	}
	return 0
}

// textWidth estimates the display width of s, counting wide characters
// (CJK, emoji) as two, and stops counting at limit.
func textWidth(s string, limit int) int {
	n := 0
	for _, r := range s {
		if n >= limit {
			break
		}
		n++
		if wide(r) {
			n++
		}
	}
	return n
}

// wide reports whether r usually takes two columns.
func wide(r rune) bool {
	switch {
	case r < 0x1100:
		return false
	case r <= 0x115f, r >= 0x2e80 && r <= 0xa4cf, r >= 0xac00 && r <= 0xd7a3,
		r >= 0xf900 && r <= 0xfaff, r >= 0xfe30 && r <= 0xfe4f,
		r >= 0xff00 && r <= 0xff60, r >= 0xffe0 && r <= 0xffe6,
		r >= 0x1f300 && r <= 0x1faff, r >= 0x20000 && r <= 0x3fffd:
		return true
	}
	return false
}

// frozenHeader keeps the first row in view while scrolling.
func frozenHeader() *excelize.Panes {
	return &excelize.Panes{
		Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}},
	}
}
