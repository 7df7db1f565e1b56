package score

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// newCSVReader returns a reader of comma-separated records from r, which may
// start with a UTF-8 byte order mark and may end its lines in CRLF or LF.
// Records may have any number of fields; callers check the count, so that a
// short row is a reason on that row rather than the end of the file.
func newCSVReader(r io.Reader) *csv.Reader {
	br := bufio.NewReader(r)
	if bom, err := br.Peek(3); err == nil && bytes.Equal(bom, []byte("\uFEFF")) {
		br.Discard(3)
	}
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	return cr
}

// checkUTF8 returns an error naming file and line when a field of rec is
// not valid UTF-8: such a file was saved in another encoding, and every
// name in it may be garbled, so it is refused whole.
func checkUTF8(file string, line int, rec []string) error {
	for _, f := range rec {
		if !utf8.ValidString(f) {
			return inputErrorf(file, line, "not valid UTF-8 text; save the file as UTF-8")
		}
	}
	return nil
}

// parseErrorLine returns the line where the record of a parse error
// started, or 0 when err is not a *csv.ParseError.
func parseErrorLine(err error) (int, bool) {
	var pe *csv.ParseError
	if !errors.As(err, &pe) {
		return 0, false
	}
	return pe.StartLine, true
}

// describeParseError explains a CSV syntax error of one record in words
// that name the line, without the file name.
func describeParseError(err error) string {
	var pe *csv.ParseError
	if !errors.As(err, &pe) {
		return err.Error()
	}
	if pe.StartLine != pe.Line {
		return fmt.Sprintf("line %d: not valid CSV (%v at line %d, column %d); "+
			"lines %d to %d were read as one row",
			pe.StartLine, pe.Err, pe.Line, pe.Column, pe.StartLine, pe.Line)
	}
	return fmt.Sprintf("line %d: not valid CSV (%v at column %d)", pe.StartLine, pe.Err, pe.Column)
}

// findColumn returns the index of the header field equal to name, ignoring
// case and surrounding spaces, or -1. It is an error for name to head two
// columns, since the file would then be read one way or the other by
// accident.
func findColumn(header []string, name string) (int, error) {
	at := -1
	for i, h := range header {
		if !strings.EqualFold(strings.TrimSpace(h), strings.TrimSpace(name)) {
			continue
		}
		if at >= 0 {
			return -1, fmt.Errorf("column %q appears twice in the header (columns %d and %d)",
				name, at+1, i+1)
		}
		at = i
	}
	return at, nil
}

// clip quotes untrusted text for a reason, shortened to a readable length.
func clip(s string) string {
	const max = 60
	if utf8.RuneCountInString(s) > max {
		s = string([]rune(s)[:max]) + "…"
	}
	return fmt.Sprintf("%q", s)
}

// plain returns untrusted text for a reason without quotes: control
// characters become spaces and long text is shortened.
func plain(s string) string {
	const max = 80
	s = strings.Map(func(r rune) rune {
		if r < ' ' || r == 0x7f {
			return ' '
		}
		return r
	}, s)
	if utf8.RuneCountInString(s) > max {
		s = string([]rune(s)[:max]) + "…"
	}
	return s
}
