package report

import (
	"math"
	"math/big"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/spacejudge/spacejudge/score"
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

// joined returns the values joined with "; ", not cleaned.
func (l list) joined() string { return strings.Join(l, "; ") }

func (l list) String() string { return Clean(l.joined()) }

func (l list) MarshalCSV() (string, error) { return l.String(), nil }

func (l list) xlsx(dst []any, _ *styles) []any { return append(dst, l.String()) }

// decimal is an exact score. An overall score shows with 4 decimals; a
// criterion value, which is a count, shows as the integer it is. A nil
// decimal is an empty cell.
type decimal struct {
	r *big.Rat
	// whole marks a criterion value.
	whole bool
}

// overallScore is the cell of an overall score.
func overallScore(r *big.Rat) decimal { return decimal{r: r} }

// scoreIn is the cell of a score in the ranking by: the overall score, or
// the value of the criterion that by names.
func scoreIn(by string, r *big.Rat) decimal {
	return decimal{r: r, whole: by != score.Overall}
}

// places returns how many decimals d shows.
func (d decimal) places() int {
	if d.whole {
		return 0
	}
	return 4
}

func (d decimal) MarshalCSV() (string, error) {
	if d.r == nil {
		return "", nil
	}
	return d.r.FloatString(d.places()), nil
}

// xlsx stores the rounded value, so that the workbook and the CSV file
// hold the same number.
func (d decimal) xlsx(dst []any, st *styles) []any {
	if d.r == nil {
		return append(dst, nil)
	}
	s, style := d.r.FloatString(d.places()), st.score
	if d.whole {
		style = st.integer
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			return append(dst, excelize.Cell{StyleID: style, Value: n})
		}
	}
	f, _ := strconv.ParseFloat(s, 64)
	return append(dst, excelize.Cell{StyleID: style, Value: f})
}

// exactText writes r exactly: an integer as an integer, a fraction whose
// decimal expansion ends as that decimal, without trailing zeros, and any
// other fraction as a/b in lowest terms. Weights go through it, in every
// report, so that a weight of 0.10000000000000000001 never reads as 0.1.
func exactText(r *big.Rat) string {
	if r.IsInt() {
		return r.Num().String()
	}
	n, ok := decimalPlaces(r.Denom())
	if !ok {
		return r.RatString()
	}
	// With exactly n places and a denominator of 2^a·5^b, n = max(a, b),
	// the expansion is exact and its last digit is not 0.
	return r.FloatString(n)
}

// decimalPlaces returns how many decimals a fraction in lowest terms with
// denominator d needs, or false when its expansion never ends: when d has
// a prime factor other than 2 and 5.
func decimalPlaces(d *big.Int) (int, bool) {
	q := new(big.Int).Set(d)
	twos := q.TrailingZeroBits()
	q.Rsh(q, twos)
	if q.IsInt64() && q.Int64() == 1 {
		return int(twos), true
	}
	// What is left must be 5^b, and 5^b has floor(b·log2 5)+1 bits: try
	// the b that fit q's length rather than divide by 5 b times.
	five := big.NewInt(5)
	est := int(float64(q.BitLen()) / math.Log2(5))
	for b := max(est-1, 1); b <= est+1; b++ {
		if new(big.Int).Exp(five, big.NewInt(int64(b)), nil).Cmp(q) == 0 {
			return max(int(twos), b), true
		}
	}
	return 0, false
}

// weightOf returns a criterion's weight: nil counts as 1, as in the rules.
func weightOf(w *big.Rat) *big.Rat {
	if w == nil {
		return big.NewRat(1, 1)
	}
	return w
}

// weightText returns a weight as exact text; see exactText.
func weightText(w *big.Rat) string { return exactText(weightOf(w)) }

// maxExactDigits is the most significant digits a number cell holds
// exactly: a decimal of at most 15 digits survives the trip through a
// float64, and spreadsheets show no more than 15.
const maxExactDigits = 15

// weightCell returns a weight as a number when the number is exactly the
// weight, and as its exact text otherwise (1/3, or 0.1 followed by more
// digits than a spreadsheet keeps), so that the workbook never shows a
// rounded weight.
func weightCell(w *big.Rat) any {
	s := weightText(w)
	if strings.ContainsRune(s, '/') || significant(s) > maxExactDigits {
		return Clean(s)
	}
	f, _ := weightOf(w).Float64()
	if strconv.FormatFloat(f, 'f', -1, 64) != s {
		return Clean(s)
	}
	return f
}

// significant counts the significant digits of a decimal such as
// "0.0125" (3) or "1200" (4: the zeros of an integer are kept).
func significant(s string) int {
	digits := strings.TrimLeft(strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, s), "0")
	return len(digits)
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
