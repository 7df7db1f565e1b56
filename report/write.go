package report

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/spacejudge/spacejudge/score"
)

// Options says what Write writes besides the reports of the Result.
type Options struct {
	// Changes, when not nil, adds a Changes sheet, changes.csv and a
	// section of summary.md.
	Changes *Changes
	// Extra holds more files to write in the same all-or-nothing step,
	// such as snapshot.json.
	Extra []File
	// SummaryRows is the most rows each table of summary.md shows; 0
	// means DefaultSummaryRows.
	SummaryRows int
}

// DefaultSummaryRows is the number of rows per table in summary.md when
// Options.SummaryRows is 0.
const DefaultSummaryRows = 50

// A File is one file of the output directory. Name is a plain file name
// (no directory), and Write writes the whole content to w.
type File struct {
	Name  string
	Write func(w io.Writer) error
}

// Write writes the reports of res into dir, creating dir if needed:
// results.xlsx, one CSV file per sheet (winners.csv, leaderboard.csv,
// criterion_<id>.csv for each criterion, prizes.csv, picks.csv,
// ballots.csv, ineligible.csv, participants.csv, and changes.csv with
// Options.Changes),
// summary.md, and Options.Extra.
//
// Every file is written to a temporary name in dir and synced; only when
// all are complete are they renamed into place. On any error the
// temporary files are removed and the files of the previous run stay as
// they were. The error names the file, and says what to do when the cause
// is a full disk or a directory that cannot be written. A run killed while
// it writes leaves the previous files whole, and may leave temporary files
// named .NAME.tmp-*, which can be deleted. The renames are not one atomic
// step: should one fail, the error says that the files before it were
// already replaced.
//
// After the renames, Write removes changes.csv and criterion_*.csv files
// that this run did not write, so that no file of an earlier run passes
// for part of this one.
func Write(dir string, res *score.Result, opts Options) error {
	if res == nil {
		return errors.New("writing reports: no result to write")
	}
	rows := opts.SummaryRows
	if rows <= 0 {
		rows = DefaultSummaryRows
	}
	ts := tables(res, opts.Changes)
	files := []File{{fileBook, func(w io.Writer) error { return writeWorkbook(w, res, ts) }}}
	for _, t := range ts {
		files = append(files, File{t.fileName(), t.writeCSV})
	}
	files = append(files, File{fileSummary, func(w io.Writer) error {
		return writeSummary(w, res, opts.Changes, rows)
	}})
	files = append(files, opts.Extra...)
	if err := checkNames(files); err != nil {
		return err
	}
	if err := commit(dir, files); err != nil {
		return err
	}
	return removeStale(dir, files)
}

// checkNames rejects file names that are not plain or not unique.
func checkNames(files []File) error {
	seen := make(map[string]bool, len(files))
	for _, f := range files {
		name := strings.ToLower(f.Name)
		switch {
		case f.Name == "" || f.Name == "." || f.Name == ".." ||
			strings.ContainsAny(f.Name, `/\`) || f.Name != filepath.Base(f.Name):
			return fmt.Errorf("writing reports: %q is not a plain file name", f.Name)
		case seen[name]:
			return fmt.Errorf("writing reports: two files are named %q", f.Name)
		case f.Write == nil:
			return fmt.Errorf("writing reports: file %q has no content", f.Name)
		}
		seen[name] = true
	}
	return nil
}

// commit writes every file to a temporary name in dir, then renames them
// all into place.
func commit(dir string, files []File) (err error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return explain(fmt.Errorf("creating output directory %s: %w", dir, err), dir)
	}
	temps := make([]string, 0, len(files))
	defer func() {
		if err != nil {
			for _, t := range temps {
				_ = os.Remove(t)
			}
		}
	}()
	for _, f := range files {
		tmp, err := writeTemp(dir, f)
		if tmp != "" {
			temps = append(temps, tmp)
		}
		if err != nil {
			return explain(fmt.Errorf("writing %s: %w", filepath.Join(dir, f.Name), err), dir)
		}
	}
	for i, f := range files {
		if err := os.Rename(temps[i], filepath.Join(dir, f.Name)); err != nil {
			temps = temps[i:]
			return explain(fmt.Errorf("replacing %s (the files before it in the list "+
				"were already replaced): %w", filepath.Join(dir, f.Name), err), dir)
		}
	}
	return syncDir(dir)
}

// writeTemp writes f to a new temporary file in dir and syncs it. It
// returns the temporary file's name whenever it created one, even on error.
func writeTemp(dir string, f File) (string, error) {
	tf, err := os.CreateTemp(dir, "."+f.Name+".tmp-*")
	if err != nil {
		return "", err
	}
	bw := bufio.NewWriterSize(tf, 1<<16)
	err = f.Write(bw)
	if err == nil {
		err = bw.Flush()
	}
	if err == nil {
		err = tf.Chmod(0o644)
	}
	if err == nil {
		err = tf.Sync()
	}
	if cerr := tf.Close(); err == nil {
		err = cerr
	}
	return tf.Name(), err
}

// syncDir makes the renames in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("syncing %s: %w", dir, err)
	}
	defer d.Close()
	// Some systems cannot sync a directory; the files themselves are
	// synced, so that is not worth failing the run for.
	if err := d.Sync(); err != nil && !errors.Is(err, syscall.EINVAL) &&
		!errors.Is(err, errors.ErrUnsupported) {
		return fmt.Errorf("syncing %s: %w", dir, err)
	}
	return nil
}

// explain adds to err what the user can do about its most common causes.
func explain(err error, dir string) error {
	switch {
	case errors.Is(err, syscall.ENOSPC), errors.Is(err, syscall.EDQUOT):
		return fmt.Errorf("%w: the disk is full; free some space or choose another "+
			"output directory, then run again", err)
	case errors.Is(err, fs.ErrPermission), errors.Is(err, syscall.EROFS):
		return fmt.Errorf("%w: %s cannot be written; fix its permissions or choose "+
			"another output directory", err, dir)
	case errors.Is(err, syscall.ENOTDIR), errors.Is(err, fs.ErrExist):
		return fmt.Errorf("%w: %s must be a directory", err, dir)
	}
	return err
}

// removeStale removes the changes.csv and criterion_*.csv files of dir
// that are not among files.
func removeStale(dir string, files []File) error {
	written := make(map[string]bool, len(files))
	for _, f := range files {
		written[f.Name] = true
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("listing %s: %w", dir, err)
	}
	var stale []string
	for _, e := range entries {
		n := e.Name()
		if n == fileChanges || strings.HasPrefix(n, "criterion_") && strings.HasSuffix(n, ".csv") {
			stale = append(stale, filepath.Join(dir, n))
		}
	}
	for _, p := range stale {
		if written[filepath.Base(p)] {
			continue
		}
		if err := os.Remove(p); err != nil {
			return fmt.Errorf("removing %s of an earlier run: %w", p, err)
		}
	}
	return nil
}
