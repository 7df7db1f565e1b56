package score

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
)

// The columns of a long form votes file.
const (
	colTimestamp = "timestamp"
	colVoter     = "voter"
	colCategory  = "category"
	colSpace     = "space"
)

// ReadVotes reads the votes file r, named name in errors and reasons.
//
// With cols nil, the file is in long form: a header naming the columns
// timestamp, voter, category and space in any order and any case (other
// columns are ignored), then one ballot per row. With cols set, the file is a
// form export in wide form: one row per response, with the timestamp and
// voter in the columns cols names and one column per votes category. The
// file is UTF-8, with or without a byte order mark, with CRLF or LF line
// ends and quoted fields as CSV allows.
//
// Timestamps are RFC 3339 or a year-first layout of form exports:
// 2006-01-02 15:04[:05], 2006/01/02 15:04[:05] or 2006/01/02 3:04:05 PM,
// optionally followed by UTC, GMT or an offset such as GMT+2. A timestamp
// that names no zone is read as UTC. Day-first and month-first dates are
// rejected, since 05/06/2022 could be either.
//
// A problem with the file as a whole (empty, no header, a column missing or
// given twice, text that is not UTF-8) is an [*InputError] naming the file
// and, where there is one, the line; a header that is not valid CSV wraps
// the [*encoding/csv.ParseError]. A bad row is not an error: it gives a
// Ballot with status [StatusRejected] and a reason naming the line and the
// field. Every other Ballot has an empty Status, which [Judge] decides.
//
// Every row of a long form file gives exactly one Ballot. A row of a wide
// form file gives one Ballot per category column it answers, in column
// order; an empty category cell gives no ballot for that category, and a
// row that answers no category at all, or that cannot be split into the
// header's columns, gives one rejected Ballot with an empty Category, so
// that every row of the file is accounted for.
func ReadVotes(r io.Reader, name string, cols *Columns) ([]Ballot, error) {
	cr := newCSVReader(r)
	header, err := cr.Read()
	if err == io.EOF {
		return nil, inputErrorf(name, 0, "empty file; want a header row, such as %s,%s,%s,%s",
			colTimestamp, colVoter, colCategory, colSpace)
	}
	if line, ok := parseErrorLine(err); ok {
		return nil, inputErrorf(name, line, "reading the header: %w", err)
	}
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", name, err)
	}
	if err := checkUTF8(name, 1, header); err != nil {
		return nil, err
	}
	lay, err := newVotesLayout(header, cols)
	if err != nil {
		return nil, &InputError{File: name, Line: 1, Err: err}
	}

	var ballots []Ballot
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return ballots, nil
		}
		if line, ok := parseErrorLine(err); ok {
			ballots = append(ballots, lay.broken(line, rec, describeParseError(err)))
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("reading %s: %w", name, err)
		}
		line, _ := cr.FieldPos(0)
		if err := checkUTF8(name, line, rec); err != nil {
			return nil, err
		}
		ballots = lay.appendRow(ballots, line, rec)
	}
}

// A votesLayout says where a votes file keeps each field of a ballot.
type votesLayout struct {
	width int // the number of header fields
	// names are the header texts of the fields, for reasons.
	names            fieldNames
	ts, voter, space int
	category         int // -1 in wide form
	// cats are the wide form's category columns, in column order.
	cats []wideColumn
}

// fieldNames are the names reasons give the fields of a ballot.
type fieldNames struct{ timestamp, voter, category, space string }

// defaultNames are the field names of the long form.
var defaultNames = fieldNames{colTimestamp, colVoter, colCategory, colSpace}

// A wideColumn is a category column of a wide form export.
type wideColumn struct {
	category string // the criterion id
	header   string
	index    int
}

// newVotesLayout finds the columns of a long form header (cols nil) or of
// a wide form header.
func newVotesLayout(header []string, cols *Columns) (*votesLayout, error) {
	if cols != nil {
		return newWideLayout(header, cols)
	}
	lay := &votesLayout{width: len(header), names: defaultNames}
	var errs []error
	for _, c := range []struct {
		name string
		at   *int
	}{
		{colTimestamp, &lay.ts}, {colVoter, &lay.voter},
		{colCategory, &lay.category}, {colSpace, &lay.space},
	} {
		*c.at, errs = findRequired(header, c.name, errs)
	}
	return lay, errorsIn(header, errs)
}

// newWideLayout finds the columns that cols maps in header.
func newWideLayout(header []string, cols *Columns) (*votesLayout, error) {
	lay := &votesLayout{width: len(header), category: -1}
	lay.names = fieldNames{cols.Timestamp, cols.Voter, "category", "space"}
	if cols.Timestamp == "" || cols.Voter == "" || len(cols.Categories) == 0 {
		return nil, errors.New("the column mapping needs a timestamp column, " +
			"a voter column and at least one category column")
	}
	var errs []error
	lay.ts, errs = findRequired(header, cols.Timestamp, errs)
	lay.voter, errs = findRequired(header, cols.Voter, errs)
	for id, h := range cols.Categories {
		var at int
		at, errs = findRequired(header, h, errs)
		lay.cats = append(lay.cats, wideColumn{category: id, header: h, index: at})
	}
	slices.SortFunc(lay.cats, func(a, b wideColumn) int {
		return cmp.Or(cmp.Compare(a.index, b.index), cmp.Compare(a.category, b.category))
	})
	return lay, errorsIn(header, errs)
}

// findRequired finds the column name in header, adding a problem to errs
// when it is missing or given twice.
func findRequired(header []string, name string, errs []error) (int, []error) {
	at, err := findColumn(header, name)
	if err != nil {
		return at, append(errs, err)
	}
	if at < 0 {
		return at, append(errs, fmt.Errorf("no column %q", name))
	}
	return at, errs
}

// errorsIn joins the problems found in header into one error that also
// shows the header, so that a misspelt column is easy to spot.
func errorsIn(header []string, errs []error) error {
	if len(errs) == 0 {
		return nil
	}
	return fmt.Errorf("%w (the header is %s)",
		errors.Join(errs...), clip(strings.Join(header, ",")))
}

// appendRow appends the ballots of one well-formed CSV record.
func (l *votesLayout) appendRow(ballots []Ballot, line int, rec []string) []Ballot {
	if len(rec) != l.width {
		reason := fmt.Sprintf("line %d: %d fields, but the header has %d", line, len(rec), l.width)
		return append(ballots, l.broken(line, rec, reason))
	}
	b := Ballot{Line: line, Timestamp: rec[l.ts], Voter: rec[l.voter]}
	if l.category >= 0 {
		b.Category, b.Space = rec[l.category], rec[l.space]
		checkFields(&b, l.names)
		return append(ballots, b)
	}
	n := len(ballots)
	for _, c := range l.cats {
		if strings.TrimSpace(rec[c.index]) == "" {
			continue
		}
		b.Category, b.Space = c.category, rec[c.index]
		names := l.names
		names.space = c.header
		checkFields(&b, names)
		ballots = append(ballots, b)
	}
	if len(ballots) == n {
		b.Status, b.Reason = StatusRejected, fmt.Sprintf("line %d: no category answered", line)
		ballots = append(ballots, b)
	}
	return ballots
}

// broken returns the one rejected ballot of a row that could not be split
// into the header's columns, keeping whatever fields it has.
func (l *votesLayout) broken(line int, rec []string, reason string) Ballot {
	field := func(i int) string {
		if i >= 0 && i < len(rec) {
			return rec[i]
		}
		return ""
	}
	b := Ballot{Line: line, Timestamp: field(l.ts), Voter: field(l.voter)}
	if l.category >= 0 {
		b.Category, b.Space = field(l.category), field(l.space)
	}
	b.Status, b.Reason = StatusRejected, reason
	return b
}

// checkFields rejects b when a field is empty or its timestamp cannot be
// read, naming the field as names give it, and reports false. It leaves a
// valid b unchanged and returns its time.
func checkFields(b *Ballot, names fieldNames) (time.Time, bool) {
	reject := func(field, problem string) (time.Time, bool) {
		b.Status = StatusRejected
		b.Reason = fmt.Sprintf("line %d, field %s: %s", b.Line, field, problem)
		return time.Time{}, false
	}
	switch {
	case strings.TrimSpace(b.Timestamp) == "":
		return reject(names.timestamp, "empty")
	case normUser(b.Voter) == "":
		return reject(names.voter, "empty")
	case strings.TrimSpace(b.Category) == "":
		return reject(names.category, "empty")
	case strings.TrimSpace(b.Space) == "":
		return reject(names.space, "empty")
	}
	at, err := parseTime(b.Timestamp)
	if err != nil {
		return reject(names.timestamp, clip(b.Timestamp)+" is "+err.Error())
	}
	return at, true
}
