package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/spacejudge/spacejudge/collect"
	"github.com/spacejudge/spacejudge/report"
	"github.com/spacejudge/spacejudge/score"
)

const runUsage = `Usage: spacejudge run [flags]

Run collects every Space of the event's organization from the Hub, judges
them under the event's rules and writes the results to --out:
results.xlsx, winners.csv, leaderboard.csv, prizes.csv, picks.csv, ballots.csv,
ineligible.csv, participants.csv, one CSV per criterion, summary.md and
snapshot.json. Files are replaced only when all of them are complete.

With --snapshot FILE, run judges a saved snapshot instead of collecting:
offline, and exactly reproducible. With --previous PATH (an earlier
snapshot, or an earlier output directory), run reuses what has not changed
on the Hub and reports what has: rank movements, new and removed Spaces,
like deltas and new ballots.

With --demo, run judges a built-in demo organization modelled on the
Gradio Blocks Party, with demo votes and picks, without network or token.

Exit status: 0 success; 1 failure (no output replaced); 2 bad usage, config
or input (nothing written); 3 results written, but some Spaces could not be
collected (they are listed as not collected).
`

// runRun is "spacejudge run": collect, score and report.
func runRun(ctx context.Context, e *env, args []string) error {
	// Parse and check the command line.
	var f jobFlags
	var snapshotPath string
	fs := newFlagSet("run")
	f.register(fs, e)
	fs.StringVar(&snapshotPath, "snapshot", "",
		"judge this saved snapshot `file` offline instead of collecting")
	pos, err := parseFlags(e, fs, runUsage, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("run takes no arguments, got %q (see spacejudge run --help)", pos)
	}
	set := setFlags(fs)
	if err := checkSnapshotFlags(snapshotPath, set); err != nil {
		return err
	}
	if err := f.check(e, set); err != nil {
		return err
	}

	// Read the config and every input before any network traffic.
	j, err := prepare(e, &f)
	if err != nil {
		return err
	}

	// Read the saved snapshot, or collect one once the output directory is
	// known to be writable.
	var snap *collect.Snapshot
	if snapshotPath != "" {
		if snap, err = j.readSnapshot(snapshotPath); err != nil {
			return err
		}
	}
	if err := checkOutDir(f.out); err != nil {
		return err
	}
	if snap == nil {
		if snap, err = j.collectSnapshot(ctx, e); err != nil {
			return err
		}
	}

	// Judge, and compare with the previous run.
	res, err := j.judge(snap, f.judgingTime(snap))
	if err != nil {
		if snapshotPath == "" {
			err = keepUnjudged(f.out, snap, err)
		}
		return err
	}
	changes, err := j.changes(res)
	if err != nil {
		return err
	}

	// Write every output, all or nothing.
	if err := writeResults(f.out, res, snap, changes); err != nil {
		return err
	}
	logResult(e, f.out, res)
	if failed := snap.Failed(); len(failed) > 0 {
		e.log.Warn("some Spaces could not be collected: they are listed as not collected;"+
			" run again to retry them", "count", len(failed), "spaces", failed)
		return errPartial
	}
	return nil
}

// checkSnapshotFlags rejects flags that make no sense when judging a saved
// snapshot offline.
func checkSnapshotFlags(snapshotPath string, set map[string]bool) error {
	if snapshotPath == "" {
		return nil
	}
	for _, name := range []string{"demo", "endpoint", "concurrency", "retries", "org"} {
		if set[name] {
			return usagef("--snapshot and --%s conflict: a saved snapshot is judged offline,"+
				" as it was collected", name)
		}
	}
	return nil
}

// readSnapshot reads a saved snapshot and checks that it is of the
// organization the config judges.
func (j *job) readSnapshot(path string) (*collect.Snapshot, error) {
	snap, err := collect.ReadSnapshot(path)
	if err != nil {
		return nil, asUsage(err)
	}
	if !sameOrg(snap.Org, j.cfg.Rules.Event.Org) {
		return nil, usagef("snapshot %s is of the organization %s, but the config judges %s",
			path, snap.Org, j.cfg.Rules.Event.Org)
	}
	return snap, nil
}

// changes judges the previous snapshot, with the ballots cast before it was
// collected, and compares the two results. It returns nil without
// --previous.
func (j *job) changes(cur *score.Result) (*report.Changes, error) {
	if j.previous == nil {
		return nil, nil
	}
	prev, err := j.judgeEarlier(j.previous)
	if err != nil {
		return nil, fmt.Errorf("judging the previous snapshot %s: %w", j.flags.previous, err)
	}
	return report.Compare(prev, cur), nil
}

// unjudgedName is the file that keeps a collected snapshot when an input
// turns out to be wrong only once the Spaces are known.
const unjudgedName = "unjudged-snapshot.json"

// keepUnjudged saves a freshly collected snapshot that could not be judged
// because of a mistake in an input (a pick of an unknown Space), so that
// fixing the input does not cost another collection. It is written beside
// the results under its own name: the previous results stay as they were.
func keepUnjudged(dir string, snap *collect.Snapshot, judgeErr error) error {
	if !errors.As(judgeErr, new(*usageError)) {
		return judgeErr
	}
	path := filepath.Join(dir, unjudgedName)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return judgeErr
	}
	if err := collect.WriteSnapshot(path, snap); err != nil {
		return judgeErr
	}
	return usagef("%w\nThe collected Spaces are saved in %s: fix the input, then judge them"+
		" without collecting again with spacejudge run --snapshot %s (and the same flags)",
		judgeErr, path, path)
}

// writeResults writes the reports and the snapshot into dir, all or nothing.
func writeResults(dir string, res *score.Result, snap *collect.Snapshot,
	changes *report.Changes) error {
	snapshotFile := report.File{
		Name:  "snapshot.json",
		Write: func(w io.Writer) error { return collect.EncodeSnapshot(w, snap) },
	}
	return report.Write(dir, res, report.Options{
		Changes: changes,
		Extra:   []report.File{snapshotFile},
	})
}

// logResult tells the user where the results are and what they say.
func logResult(e *env, dir string, res *score.Result) {
	e.log.Info("results written", "out", dir, "spaces", len(res.Spaces),
		"eligible", len(res.Leaderboard), "winners", len(res.Winners),
		"participants", len(res.Participants))
	for _, w := range res.Warnings {
		e.log.Warn(w)
	}
}
