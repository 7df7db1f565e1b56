package report

import (
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/gocarina/gocsv"
)

// csvChunk is how many rows go to gocsv at a time: gocsv wants a slice,
// and a small reused one keeps memory flat however many rows there are.
const csvChunk = 1024

// bom starts every CSV file, so that spreadsheet programs read it as
// UTF-8.
const bom = "\ufeff"

// writeCSV writes the table as CSV to w: a BOM, the header, then the rows,
// with CRLF line ends. It uses gocsv with its own writer and never touches
// gocsv's package-level settings.
func (t *rowTable[T]) writeCSV(w io.Writer) error {
	if _, err := io.WriteString(w, bom); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	sink := newSpreadWriter(cw, t)
	chunk := make([]T, 0, csvChunk)
	header := true
	flush := func() error {
		marshal := gocsv.MarshalCSVWithoutHeaders
		if header {
			marshal, header = gocsv.MarshalCSV, false
		}
		err := marshal(&chunk, sink)
		clear(chunk)
		chunk = chunk[:0]
		return err
	}
	for r := range t.rows {
		if chunk = append(chunk, r); len(chunk) == csvChunk {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	if header || len(chunk) > 0 {
		return flush()
	}
	return nil
}

// spreadWriter is the gocsv.CSVWriter that spreads a table's spread field
// over its columns: the header's spread column becomes one column per
// criterion id, and each row's joined values are split again. Tables
// without a spread field pass straight through.
type spreadWriter struct {
	*csv.Writer
	// col is the index of the spread column, or -1.
	col    int
	heads  []string
	header bool
	want   []string
	buf    []string
}

func newSpreadWriter[T any](cw *csv.Writer, t *rowTable[T]) *spreadWriter {
	s := &spreadWriter{Writer: cw, col: -1, header: true}
	for i, c := range t.cols {
		s.want = append(s.want, c.csv)
		if c.spread {
			s.col = i
		}
	}
	for _, id := range t.spreadIDs {
		s.heads = append(s.heads, Clean(id))
	}
	return s
}

// Write writes one record; the first one is the header, which it checks
// against the columns so that gocsv and the workbook cannot disagree.
func (s *spreadWriter) Write(rec []string) error {
	first := s.header
	if first {
		s.header = false
		if !slices.Equal(rec, s.want) {
			return fmt.Errorf("gocsv wrote header %q, want %q", rec, s.want)
		}
	}
	if s.col < 0 {
		return s.Writer.Write(rec)
	}
	s.buf = append(s.buf[:0], rec[:s.col]...)
	switch {
	case first:
		s.buf = append(s.buf, s.heads...)
	case rec[s.col] != "":
		s.buf = append(s.buf, strings.Split(rec[s.col], unitSep)...)
	}
	s.buf = append(s.buf, rec[s.col+1:]...)
	return s.Writer.Write(s.buf)
}
