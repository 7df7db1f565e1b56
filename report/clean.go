package report

import (
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// MaxCellUnits is the most text a spreadsheet cell holds: 32,767 UTF-16
// code units, the way Excel counts. Clean never returns more.
const MaxCellUnits = 32767

// CutMark ends any text that Clean had to shorten, so that a reader sees
// that the cell does not hold the whole text.
const CutMark = "…[truncated]"

// Clean makes text that came from the Hub or from people safe to put in a
// spreadsheet: the CSV and workbook writers pass every piece of untrusted
// text through it. Clean is [cleanText] followed by [guardFormula]:
//
//   - it replaces invalid UTF-8 with U+FFFD;
//   - it turns CR LF and lone CR into LF, and tabs into spaces;
//   - it removes the other control characters (C0, DEL, C1), the bidi
//     embedding, override and isolate controls (which make text display
//     in another order than it is stored), and U+FFFE and U+FFFF (which
//     XML forbids);
//   - it puts a single quote before text whose first non-space character
//     a spreadsheet would read as the start of a formula (= + - @ and
//     their full-width forms), so that it stays text;
//   - it cuts text longer than [MaxCellUnits] at a character boundary and
//     ends it with [CutMark].
//
// Clean returns s itself when s needs none of this. Markdown is never
// evaluated as a formula, so the summary writer cleans with cleanText
// alone and escapes Markdown on top.
func Clean(s string) string {
	if isPlain(s) {
		return s
	}
	return guardFormula(cleanText(s))
}

// cleanText applies the character rules and the length limit of Clean,
// without the formula guard: the text cleaning every output needs.
func cleanText(s string) string {
	if isPlainText(s) {
		return s
	}
	return cut(strip(s), MaxCellUnits)
}

// guardFormula puts a single quote before s when a spreadsheet would read
// s as a formula. It cuts again when the quote makes s longer than
// MaxCellUnits, so that Clean keeps its limit.
func guardFormula(s string) string {
	if !startsFormula(s) {
		return s
	}
	return cut("'"+s, MaxCellUnits)
}

// isPlain reports whether s is printable ASCII that is neither too long
// nor a formula: the common case, which Clean returns untouched.
func isPlain(s string) bool { return isPlainText(s) && !startsFormula(s) }

// isPlainText reports whether s is printable ASCII that is not too long,
// which cleanText returns untouched.
func isPlainText(s string) bool {
	if len(s) > MaxCellUnits {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c > 0x7e {
			return false
		}
	}
	return true
}

// strip applies the character rules of Clean.
func strip(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == utf8.RuneError && size == 1:
			b.WriteRune(utf8.RuneError)
		case r == '\r':
			if i < len(s) && s[i] == '\n' {
				i++
			}
			b.WriteByte('\n')
		case r == '\t':
			b.WriteByte(' ')
		case r == '\n':
			b.WriteByte('\n')
		case dropped(r):
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// dropped reports whether strip removes r.
func dropped(r rune) bool {
	switch {
	case unicode.IsControl(r):
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true
	case r == 0xfffe || r == 0xffff:
		return true
	}
	return false
}

// startsFormula reports whether a spreadsheet could read s as a formula:
// its first character starts one, or its first character after leading
// white space does (some programs trim before they look).
func startsFormula(s string) bool {
	if s == "" {
		return false
	}
	switch s[0] {
	case '\t', '\r', '\n':
		return true
	}
	t := strings.TrimLeftFunc(s, unicode.IsSpace)
	r, _ := utf8.DecodeRuneInString(t)
	switch r {
	case '=', '+', '-', '@', '＝', '＋', '－', '＠':
		return true
	}
	return false
}

// cut shortens s to at most limit UTF-16 code units, ending it with
// CutMark when it had to cut. It never splits a character.
func cut(s string, limit int) string {
	if len(s) <= limit || units(s) <= limit {
		return s
	}
	room := limit - units(CutMark)
	n := 0
	for i, r := range s {
		n += utf16.RuneLen(r)
		if n > room {
			return s[:i] + CutMark
		}
	}
	return s
}

// units counts the UTF-16 code units of s, the way Excel measures text.
func units(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}
