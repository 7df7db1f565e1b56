package report

import (
	"fmt"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestClean(t *testing.T) {
	long := strings.Repeat("a", MaxCellUnits+10)
	emoji := strings.Repeat("🎉", MaxCellUnits) // two units each
	tests := []struct {
		name, in, want string
	}{
		{"plain", "Image captioning", "Image captioning"},
		{"empty", "", ""},
		{"equals", "=1+1", "'=1+1"},
		{"plus", "+1 for music", "'+1 for music"},
		{"minus", "-2 degrees", "'-2 degrees"},
		{"at", "@SUM(A1)", "'@SUM(A1)"},
		{"full-width equals", "＝1+1", "'＝1+1"},
		{"space then equals", "  =1+1", "'  =1+1"},
		{"tab then equals", "\t=1+1", "' =1+1"},
		{"leading tab", "\tx", " x"},
		{"leading CR", "\rx", "'\nx"},
		{"CRLF", "a\r\nb", "a\nb"},
		{"newline kept", "a\nb", "a\nb"},
		{"controls", "a\x00b\x07c\x1b[31md\x7fe\u0085f", "abc[31mdef"},
		{"bidi override", "abc\u202edcba\u202c", "abcdcba"},
		{"bidi isolate", "\u2067x\u2069", "x"},
		{"RTL letters kept", "مساحة عربية", "مساحة عربية"},
		{"emoji kept", "🎉 👩‍👩‍👧", "🎉 👩‍👩‍👧"},
		{"invalid UTF-8", "a\xffb", "a\ufffdb"},
		{"XML noncharacters", "a\uffffb\ufffe", "ab"},
		{"equals inside", "a=b", "a=b"},
		{"long", long, long[:MaxCellUnits-units(CutMark)] + CutMark},
		{"long after quote", "=" + long, "'=" + long[:MaxCellUnits-units(CutMark)-2] + CutMark},
		{"exactly the limit", long[:MaxCellUnits], long[:MaxCellUnits]},
		{"surrogate pairs", emoji, emoji[:4*((MaxCellUnits-units(CutMark))/2)] + CutMark},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Clean(tt.in)
			if got != tt.want {
				t.Errorf("Clean(%.40q) = %.80q, want %.80q", tt.in, got, tt.want)
			}
			checkClean(t, got)
		})
	}
}

// checkClean checks what Clean promises of its result.
func checkClean(t *testing.T, s string) {
	t.Helper()
	checkText(t, s)
	if startsFormula(s) {
		t.Errorf("Clean() = %.40q starts like a formula", s)
	}
}

// checkText checks what cleanText promises of its result.
func checkText(t *testing.T, s string) {
	t.Helper()
	if !utf8.ValidString(s) {
		t.Errorf("%.40q: invalid UTF-8", s)
	}
	if n := units(s); n > MaxCellUnits {
		t.Errorf("%.40q… has %d UTF-16 units, want at most %d", s, n, MaxCellUnits)
	}
	for _, r := range s {
		if r != '\n' && unicode.IsControl(r) || r >= 0x202a && r <= 0x202e ||
			r >= 0x2066 && r <= 0x2069 || r == 0xfffe || r == 0xffff {
			t.Errorf("%.40q holds %U", s, r)
		}
	}
}

// TestCleanParts checks the two halves of Clean: cleanText cleans and cuts
// but never adds a quote, and guardFormula adds one only to a formula.
func TestCleanParts(t *testing.T) {
	long := strings.Repeat("a", MaxCellUnits+10)
	tests := []struct {
		name, in, text, clean string
	}{
		{"plain", "Speech to text", "Speech to text", "Speech to text"},
		{"equals", "=1+1", "=1+1", "'=1+1"},
		{"minus", "-2 degrees", "-2 degrees", "'-2 degrees"},
		{"full-width at", "＠x", "＠x", "'＠x"},
		{"tab then equals", "\t=1+1", " =1+1", "' =1+1"},
		{"leading CR", "\r=1", "\n=1", "'\n=1"},
		{"controls", "a\x07b\u202ec", "abc", "abc"},
		{"invalid UTF-8", "=\xff", "=\ufffd", "'=\ufffd"},
		{"long", long, long[:MaxCellUnits-units(CutMark)] + CutMark,
			long[:MaxCellUnits-units(CutMark)] + CutMark},
		{"long formula", "+" + long, "+" + long[:MaxCellUnits-units(CutMark)-1] + CutMark,
			"'+" + long[:MaxCellUnits-units(CutMark)-2] + CutMark},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := cleanText(tt.in); got != tt.text {
				t.Errorf("cleanText(%.40q) = %.80q, want %.80q", tt.in, got, tt.text)
			}
			if got := guardFormula(tt.text); got != tt.clean {
				t.Errorf("guardFormula(%.40q) = %.80q, want %.80q", tt.text, got, tt.clean)
			}
			if got := Clean(tt.in); got != tt.clean {
				t.Errorf("Clean(%.40q) = %.80q, want %.80q", tt.in, got, tt.clean)
			}
		})
	}
}

func FuzzClean(f *testing.F) {
	for _, s := range []string{"", "=1", " +x", "\t@", "\r\n", "a\x00", "\xff", "🎉",
		"\u202e", "＝", "é\r\n=x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Clean(s)
		checkClean(t, got)
		text := cleanText(s)
		checkText(t, text)
		if startsFormula(text) != (got != text) {
			t.Errorf("Clean(%q) = %q, cleanText = %q: want them to differ exactly when "+
				"cleanText starts like a formula", s, got, text)
		}
		if again := Clean(got); again != got {
			t.Errorf("Clean(Clean(%q)) = %q, want %q", s, again, got)
		}
		if isPlain(s) && got != s {
			t.Errorf("Clean(%q) = %q, want it unchanged", s, got)
		}
	})
}

func TestMDText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain", "plain"},
		{"a | b", "a \\| b"},
		{"**bold** _it_ `code`", "\\*\\*bold\\*\\* \\_it\\_ \\`code\\`"},
		{"[x](http://e)", "\\[x\\](http://e)"},
		{"<script>&amp;", "&lt;script&gt;&amp;amp;"},
		{"two\nlines", "two lines"},
		{"back\\slash", "back\\\\slash"},
		// Markdown is not evaluated: no formula guard, only its own escapes.
		{"=cmd", "=cmd"},
		{"-2 degrees", "-2 degrees"},
		{"\t=1+1", " =1+1"},
		{"@all #1 ~s~ $x$ !", "\\@all \\#1 \\~s\\~ \\$x\\$ \\!"},
		{strings.Repeat("x", 200), strings.Repeat("x", 119) + "…"},
		{strings.Repeat("x", 120), strings.Repeat("x", 120)},
	}
	for _, tt := range tests {
		if got := mdText(tt.in, 120); got != tt.want {
			t.Errorf("mdText(%.30q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestMDItem(t *testing.T) {
	tests := []struct{ in, want string }{
		{"collected before the event closed", "collected before the event closed"},
		{"=cmd|' /C calc'!A0", "=cmd\\|' /C calc'\\!A0"},
		{"- not a sub-item", "\\- not a sub-item"},
		{"+ nor this", "\\+ nor this"},
		{"-2 degrees", "\\-2 degrees"},
		{"---", "\\---"},
		{"   - indented", "\\- indented"},
		{"\t1. ordered", "1\\. ordered"},
		{"12) ordered", "12\\) ordered"},
		{"2022 results", "2022 results"},
		{"42", "42"},
		{"* star", "\\* star"},
		{"# heading", "\\# heading"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := mdItem(tt.in, mdLongRunes); got != tt.want {
			t.Errorf("mdItem(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func FuzzMarkdown(f *testing.F) {
	for _, s := range []string{"a|b", "\\|", "\n", "<b>", "`x`", "[a](b)", "=1", "\\"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkMDCell(t, mdText(s, mdCellRunes))
		checkMDCell(t, mdItem(s, mdLongRunes))
	})
}

// checkMDCell checks that s cannot leave a Markdown table cell or become
// HTML.
func checkMDCell(t *testing.T, s string) {
	t.Helper()
	if !utf8.ValidString(s) {
		t.Errorf("%q: invalid UTF-8", s)
	}
	if strings.ContainsAny(s, "\n\r<>") {
		t.Errorf("%q holds a newline or an angle bracket", s)
	}
	if i := unescapedPipe(s); i >= 0 {
		t.Errorf("%q has an unescaped | at %d", s, i)
	}
	if strings.HasSuffix(s, "\\") && !strings.HasSuffix(s, "\\\\") {
		t.Errorf("%q ends in a lone backslash, which would escape what follows", s)
	}
}

// unescapedPipe returns the index of the first | that no backslash
// escapes, or -1.
func unescapedPipe(s string) int {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '|':
			return i
		}
	}
	return -1
}

func ExampleClean() {
	fmt.Printf("%q\n", Clean("=HYPERLINK(\"http://evil.example\")"))
	fmt.Printf("%q\n", Clean("line one\r\nline\ttwo\x07"))
	fmt.Printf("%q\n", Clean("Image captioning"))
	// Output:
	// "'=HYPERLINK(\"http://evil.example\")"
	// "line one\nline two"
	// "Image captioning"
}
