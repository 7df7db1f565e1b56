package report

import (
	"math/big"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
)

// The fields of every row struct are of the cell types below. Each type
// knows how it reads in a CSV file (MarshalCSV, called by gocsv) and in a
// worksheet (xlsx), and both paths pass untrusted text through Clean, so
// the two outputs cannot treat a value differently.

// A cell is a value that both writers understand.
type cell interface {
	// MarshalCSV returns the CSV field.
	MarshalCSV() (string, error)
	// xlsx appends the worksheet values of the cell to dst: one value,
	// except for a spread cell, which appends one per spread column.
	xlsx(dst []any, st *styles) []any
}

// num is an integer: a rank, a line number, a count.
type num int

func (n num) MarshalCSV() (string, error) { return strconv.Itoa(int(n)), nil }

func (n num) xlsx(dst []any, st *styles) []any {
	return append(dst, excelize.Cell{StyleID: st.integer, Value: int(n)})
}

// optNum is an integer that may be absent, such as the previous rank of a
// Space that was not ranked before.
type optNum struct {
	n  int
	ok bool
}

func some(n int) optNum { return optNum{n: n, ok: true} }

func (o optNum) MarshalCSV() (string, error) {
	if !o.ok {
		return "", nil
	}
	return strconv.Itoa(o.n), nil
}

func (o optNum) xlsx(dst []any, st *styles) []any {
	if !o.ok {
		return append(dst, nil)
	}
	return append(dst, excelize.Cell{StyleID: st.integer, Value: o.n})
}

// text is untrusted text.
type text string

func (t text) MarshalCSV() (string, error) { return Clean(string(t)), nil }

func (t text) xlsx(dst []any, _ *styles) []any {
	return append(dst, Clean(string(t)))
}

// list is a multi-valued cell, joined with "; ".
type list []string

func (l list) String() string { return Clean(strings.Join(l, "; ")) }

func (l list) MarshalCSV() (string, error) { return l.String(), nil }

func (l list) xlsx(dst []any, _ *styles) []any { return append(dst, l.String()) }

// decimal is an exact score, shown with 4 decimals. A nil decimal is an
// empty cell.
type decimal struct{ r *big.Rat }

func (d decimal) MarshalCSV() (string, error) {
	if d.r == nil {
		return "", nil
	}
	return d.r.FloatString(4), nil
}

// xlsx stores the rounded value, so that the workbook and the CSV file
// hold the same number.
func (d decimal) xlsx(dst []any, st *styles) []any {
	if d.r == nil {
		return append(dst, nil)
	}
	f, _ := strconv.ParseFloat(d.r.FloatString(4), 64)
	return append(dst, excelize.Cell{StyleID: st.score, Value: f})
}

// stamp is a moment, written in UTC: RFC 3339 in CSV, a date in the
// workbook. The zero time is an empty cell.
type stamp time.Time

// stampLayout writes whole seconds: the Hub's milliseconds add nothing a
// reader needs and would make the CSV and the workbook differ.
const stampLayout = "2006-01-02T15:04:05Z"

func (s stamp) MarshalCSV() (string, error) {
	t := time.Time(s)
	if t.IsZero() {
		return "", nil
	}
	return t.UTC().Format(stampLayout), nil
}

func (s stamp) xlsx(dst []any, st *styles) []any {
	t := time.Time(s)
	if t.IsZero() {
		return append(dst, nil)
	}
	t = t.UTC().Truncate(time.Second)
	return append(dst, excelize.Cell{StyleID: st.date, Value: t})
}

// mark is a yes/no cell, written "yes" or left empty.
type mark bool

func (f mark) MarshalCSV() (string, error) {
	if f {
		return "yes", nil
	}
	return "", nil
}

func (f mark) xlsx(dst []any, _ *styles) []any {
	if f {
		return append(dst, "yes")
	}
	return append(dst, nil)
}

// spaceLink is a Space id that links to the Space's page on the Hub in the
// workbook. In CSV it is the id alone.
type spaceLink struct {
	id, url string
}

func (l spaceLink) MarshalCSV() (string, error) { return Clean(l.id), nil }

// xlsx writes a HYPERLINK formula whose cached value is the id. Subtle:
// excelize's SetCellHyperLink costs time linear in the links already on
// the sheet (29 s for 50,000 links), so big sheets cannot use it; the
// formula costs nothing and has no per-sheet cap. Its arguments are string
// literals with quotes doubled, so no text in them is ever evaluated.
func (l spaceLink) xlsx(dst []any, st *styles) []any {
	id := Clean(l.id)
	f, ok := linkFormula(l.url, id)
	if !ok {
		return append(dst, id)
	}
	return append(dst, excelize.Cell{StyleID: st.link, Formula: f, Value: id})
}

// maxLiteral is the longest string literal a formula may hold in Excel.
const maxLiteral = 255

// linkFormula returns the HYPERLINK formula that opens u and shows label,
// or false when u is not a plain http(s) URL or either string is too long
// for a formula literal.
func linkFormula(u, label string) (string, bool) {
	if !webURL(u) || len(u) > maxLiteral || units(label) > maxLiteral {
		return "", false
	}
	return `HYPERLINK("` + quoteLiteral(u) + `","` + quoteLiteral(label) + `")`, true
}

// webURL reports whether u is an absolute http or https URL with a host
// and nothing in it that Clean would change.
func webURL(u string) bool {
	p, err := url.Parse(u)
	if err != nil || p.Host == "" || Clean(u) != u {
		return false
	}
	return p.Scheme == "https" || p.Scheme == "http"
}

// quoteLiteral doubles the quotes in s for a formula string literal.
func quoteLiteral(s string) string { return strings.ReplaceAll(s, `"`, `""`) }

// spread holds one integer per criterion and fills as many columns, one
// per criterion, in both outputs. gocsv maps a field to exactly one column,
// so MarshalCSV joins the values with the ASCII unit separator (which
// Clean removes from all text, so no other field can hold it) and the CSV
// writer splits the field again into its columns; see spreadWriter.
type spread []int

// unitSep separates the values of a spread field on their way through gocsv.
const unitSep = "\x1f"

func (s spread) MarshalCSV() (string, error) {
	var b strings.Builder
	for i, v := range s {
		if i > 0 {
			b.WriteString(unitSep)
		}
		b.WriteString(strconv.Itoa(v))
	}
	return b.String(), nil
}

func (s spread) xlsx(dst []any, st *styles) []any {
	for _, v := range s {
		dst = append(dst, excelize.Cell{StyleID: st.integer, Value: v})
	}
	return dst
}
