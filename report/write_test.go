package report

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"github.com/spacejudge/spacejudge/score"
)

// readDir returns the content of every file in dir.
func readDir(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		files[e.Name()] = data
	}
	return files
}

// TestWriteDeterministic writes the same Result twice, from fresh values,
// and wants every file byte for byte the same, the workbook included.
func TestWriteDeterministic(t *testing.T) {
	first := readDir(t, writeFixture(t, Options{Changes: Compare(previous(), fixture())}))
	second := readDir(t, writeFixture(t, Options{Changes: Compare(previous(), fixture())}))
	if len(first) != len(second) {
		t.Fatalf("Write() wrote %d files, then %d", len(first), len(second))
	}
	for name, data := range first {
		if !bytes.Equal(data, second[name]) {
			t.Errorf("%s differs between two writes of the same Result", name)
		}
	}
}

// TestCSVMatchesSheet reads every CSV file and its sheet and wants the
// same rows, cell for cell, as a spreadsheet shows them.
func TestCSVMatchesSheet(t *testing.T) {
	dir := writeFixture(t, Options{Changes: Compare(previous(), fixture())})
	f, err := excelize.OpenFile(filepath.Join(dir, fileBook))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, tb := range tables(fixture(), &Changes{}) {
		t.Run(tb.fileName(), func(t *testing.T) {
			records := readCSV(t, filepath.Join(dir, tb.fileName()))
			rows, err := f.GetRows(tb.sheetName())
			if err != nil {
				t.Fatal(err)
			}
			if len(rows) != len(records) {
				t.Fatalf("sheet %s has %d rows, %s has %d", tb.sheetName(), len(rows),
					tb.fileName(), len(records))
			}
			for i := 1; i < len(rows); i++ {
				got := rows[i]
				want := records[i]
				for j := range want {
					want[j] = shownAs(want[j])
				}
				want = trimEmpty(want)
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("row %d: sheet and CSV differ (-csv +sheet):\n%s", i+1, diff)
				}
			}
		})
	}
}

// shownAs turns a CSV field into what the workbook shows for it: dates
// with a space and no zone, CRLF as LF.
func shownAs(s string) string {
	if len(s) == len(stampLayout) && s[4] == '-' && s[10] == 'T' && s[19] == 'Z' {
		return s[:10] + " " + s[11:19]
	}
	return strings.ReplaceAll(s, "\r\n", "\n")
}

// trimEmpty drops trailing empty fields, as GetRows does.
func trimEmpty(r []string) []string {
	for len(r) > 0 && r[len(r)-1] == "" {
		r = r[:len(r)-1]
	}
	return r
}

// readCSV reads a CSV file as written: BOM, CRLF.
func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(data, []byte(bom)) {
		t.Fatalf("%s does not start with a BOM", path)
	}
	if bytes.Contains(bytes.ReplaceAll(data, []byte("\r\n"), nil), []byte("\n")) {
		t.Errorf("%s has a line that does not end in CRLF", path)
	}
	r := csv.NewReader(bytes.NewReader(data[len(bom):]))
	records, err := r.ReadAll()
	if err != nil {
		t.Fatalf("reading %s: %v", path, err)
	}
	return records
}

// TestWriteFailureKeepsPrevious makes a write fail midway, after the
// workbook and the CSV files were written to temporary files, and wants
// the previous run's files untouched and no temporary file left.
func TestWriteFailureKeepsPrevious(t *testing.T) {
	dir := writeFixture(t, Options{})
	before := readDir(t, dir)
	failing := errors.New("disk on fire")
	err := Write(dir, generate(40, 100), Options{Extra: []File{
		{Name: "snapshot.json", Write: func(w io.Writer) error {
			io.WriteString(w, `{"schema":`)
			return failing
		}},
	}})
	if !errors.Is(err, failing) {
		t.Fatalf("Write() = %v, want %v", err, failing)
	}
	if !strings.Contains(err.Error(), "snapshot.json") {
		t.Errorf("Write() = %q, want the failing file named", err)
	}
	after := readDir(t, dir)
	if diff := cmp.Diff(before, after); diff != "" {
		t.Errorf("files changed after a failed Write (-before +after):\n%s", diff)
	}
}

// TestWriteNotADirectory points Write at a file and wants an error that
// names it and says what to do.
func TestWriteNotADirectory(t *testing.T) {
	path := filepath.Join(t.TempDir(), "out")
	if err := os.WriteFile(path, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	err := Write(path, fixture(), Options{})
	if err == nil || !strings.Contains(err.Error(), path) ||
		!strings.Contains(err.Error(), "must be a directory") {
		t.Fatalf("Write(file) = %v, want an error naming %s as not a directory", err, path)
	}
}

// TestWriteReadOnlyDir wants a clear error and nothing left behind when
// the directory cannot be written.
func TestWriteReadOnlyDir(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root writes into read-only directories")
	}
	dir := writeFixture(t, Options{})
	before := readDir(t, dir)
	if err := os.Chmod(dir, 0o555); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(dir, 0o755) })
	err := Write(dir, fixture(), Options{})
	if err == nil || !strings.Contains(err.Error(), "cannot be written") {
		t.Fatalf("Write(read-only dir) = %v, want an error saying it cannot be written", err)
	}
	if diff := cmp.Diff(before, readDir(t, dir)); diff != "" {
		t.Errorf("files changed (-before +after):\n%s", diff)
	}
}

// TestWriteRemovesStale wants the changes.csv and criterion files of an
// earlier run gone when this run does not write them.
func TestWriteRemovesStale(t *testing.T) {
	dir := writeFixture(t, Options{Changes: Compare(previous(), fixture())})
	other := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(other, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	res := fixture()
	res.Criteria, res.Rankings = res.Criteria[:1], res.Rankings[:1]
	if err := Write(dir, res, Options{}); err != nil {
		t.Fatal(err)
	}
	for name, gone := range map[string]bool{
		"changes.csv": true, "criterion_likes.csv": true, "criterion_staff_pick.csv": false,
		"notes.txt": false,
	} {
		_, err := os.Stat(filepath.Join(dir, name))
		if exists := err == nil; exists == gone {
			t.Errorf("after Write(): %s exists = %v, want %v", name, exists, !gone)
		}
	}
}

func TestWriteBadExtra(t *testing.T) {
	ok := func(io.Writer) error { return nil }
	for _, f := range []File{
		{Name: "../escape.json", Write: ok},
		{Name: "sub/x.json", Write: ok},
		{Name: "", Write: ok},
		{Name: "..", Write: ok},
		{Name: "Results.XLSX", Write: ok},
		{Name: "nil.json"},
	} {
		if err := Write(t.TempDir(), fixture(), Options{Extra: []File{f}}); err == nil {
			t.Errorf("Write() with extra file %q = nil, want an error", f.Name)
		}
	}
}

func TestWriteExtra(t *testing.T) {
	dir := writeFixture(t, Options{Extra: []File{{Name: "snapshot.json",
		Write: func(w io.Writer) error { _, err := io.WriteString(w, "{}\n"); return err }}}})
	data, err := os.ReadFile(filepath.Join(dir, "snapshot.json"))
	if err != nil || string(data) != "{}\n" {
		t.Fatalf("snapshot.json = %q, %v; want %q", data, err, "{}\n")
	}
}

// TestSheetRowLimit writes a table longer than a sheet and wants the
// sheet to end with a row that points to the CSV file.
func TestSheetRowLimit(t *testing.T) {
	res := fixture()
	var buf bytes.Buffer
	if err := writeBook(&buf, res, tables(res, nil), 10); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(sheetBallots)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 10 {
		t.Fatalf("Ballots has %d rows, want 10", len(rows))
	}
	want := "32 more rows are in ballots.csv: a sheet holds 10 rows at most."
	if got := rows[9][0]; got != want {
		t.Errorf("last row = %q, want %q", got, want)
	}
}

// TestSummaryStaysSmall writes summary.md for an event far beyond any
// real one, every text at its longest, and wants it well under GitHub's
// 1 MiB job summary limit, saying how many rows it left out.
func TestSummaryStaysSmall(t *testing.T) {
	res := generate(3000, 10)
	long := strings.Repeat("|<`*_[x](y)🎉", 4000)
	for i := range res.Leaderboard {
		res.Leaderboard[i].Space.Title = long
	}
	for len(res.Winners) < 50000 {
		w := res.Winners[0]
		w.Space.Title, w.Prizes = long, []string{long}
		res.Winners = append(res.Winners, w)
	}
	var ids []string
	for _, s := range res.Spaces {
		ids = append(ids, s.ID)
	}
	for range 5000 {
		res.Ties = append(res.Ties, score.Tie{Prize: long, By: long, Rank: 1, Spaces: ids})
		res.Warnings = append(res.Warnings, long)
	}
	for i := range res.Spaces {
		res.Spaces[i].Collected, res.Spaces[i].Error = false, long
	}
	var buf bytes.Buffer
	if err := writeSummary(&buf, res, Compare(nil, res), DefaultSummaryRows); err != nil {
		t.Fatal(err)
	}
	t.Logf("summary.md: %d bytes", buf.Len())
	if buf.Len() > 256<<10 {
		t.Errorf("summary.md is %d bytes, want at most 256 KiB", buf.Len())
	}
	rows := DefaultSummaryRows
	for _, more := range []string{
		fmt.Sprintf("And %d more rows in `winners.csv`.", len(res.Winners)-rows),
		fmt.Sprintf("And %d more ties", len(res.Ties)-rows),
		fmt.Sprintf("- And %d more", len(res.Warnings)-rows),
		fmt.Sprintf("And %d more: see", len(res.Spaces)-rows),
	} {
		if !strings.Contains(buf.String(), more) {
			t.Errorf("summary.md does not say %q", more)
		}
	}
}

// TestWriteDiskFull wants a full disk named as the cause, with what to do.
func TestWriteDiskFull(t *testing.T) {
	full := &os.PathError{Op: "write", Path: "x", Err: syscall.ENOSPC}
	err := Write(t.TempDir(), fixture(), Options{Extra: []File{{Name: "snapshot.json",
		Write: func(io.Writer) error { return full }}}})
	if !errors.Is(err, syscall.ENOSPC) || !strings.Contains(err.Error(), "the disk is full") {
		t.Errorf("Write() = %v, want a full disk explained", err)
	}
}

// TestWriteWithoutChanges wants no Changes sheet and no changes section
// when Options.Changes is nil.
func TestWriteWithoutChanges(t *testing.T) {
	dir := writeFixture(t, Options{})
	f, err := excelize.OpenFile(filepath.Join(dir, fileBook))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if idx, _ := f.GetSheetIndex(sheetChanges); idx != -1 {
		t.Errorf("results.xlsx has a Changes sheet without Options.Changes")
	}
	md, err := os.ReadFile(filepath.Join(dir, fileSummary))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(md), "## Changes") {
		t.Errorf("summary.md has a changes section without Options.Changes")
	}
}

// TestWriteEmptyResult writes a Result with nothing in it: every file has
// its header and the workbook opens.
func TestWriteEmptyResult(t *testing.T) {
	dir := t.TempDir()
	if err := Write(dir, &score.Result{}, Options{Changes: &Changes{}}); err != nil {
		t.Fatalf("Write(empty) = %v", err)
	}
	records := readCSV(t, filepath.Join(dir, "leaderboard.csv"))
	want := [][]string{{"rank", "space", "title", "authors", "score", "created_at", "url"}}
	if diff := cmp.Diff(want, records); diff != "" {
		t.Errorf("leaderboard.csv (-want +got):\n%s", diff)
	}
	f, err := excelize.OpenFile(filepath.Join(dir, fileBook))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(sheetLeaderboard)
	if err != nil || len(rows) != 1 || len(rows[0]) != 7 {
		t.Errorf("Leaderboard rows = %q, %v; want the header alone", rows, err)
	}
}
