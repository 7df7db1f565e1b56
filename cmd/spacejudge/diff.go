package main

import (
	"context"
	"fmt"

	"github.com/spacejudge/spacejudge/report"
)

const diffUsage = `Usage: spacejudge diff [flags] OLD NEW

Diff prints what changed between two runs: rank movements, new and removed
Spaces, like deltas and new ballots. OLD and NEW are snapshot files or
output directories (their snapshot.json is read). Both are judged under the
same config and inputs, so that only what changed on the Hub shows.
`

// runDiff is "spacejudge diff OLD NEW".
func runDiff(ctx context.Context, e *env, args []string) error {
	var f jobFlags
	fs := newFlagSet("diff")
	fs.StringVar(&f.config, "config", "", "event config `file` or built-in name")
	fs.StringVar(&f.votes, "votes", "", "ballots CSV `file`")
	fs.StringVar(&f.picks, "picks", "", "staff picks CSV `file`")
	pos, err := parseFlags(e, fs, diffUsage, args)
	if err != nil {
		return err
	}
	if len(pos) != 2 {
		return usagef("diff takes two arguments, OLD and NEW, got %d (see spacejudge diff --help)",
			len(pos))
	}
	cfg, err := loadConfig(f.config)
	if err != nil {
		return asUsage(err)
	}
	j := &job{flags: &f, cfg: cfg}
	if err := j.readInputs(); err != nil {
		return err
	}

	oldSnap, err := readSnapshotOrDir(pos[0])
	if err != nil {
		return asUsage(err)
	}
	newSnap, err := readSnapshotOrDir(pos[1])
	if err != nil {
		return asUsage(err)
	}
	if !sameOrg(oldSnap.Org, newSnap.Org) {
		return usagef("%s is of %s but %s is of %s: compare runs of one organization",
			pos[0], oldSnap.Org, pos[1], newSnap.Org)
	}
	// Judge each under the config, but for the organization the runs are of.
	j.cfg.Rules.Event.Org = newSnap.Org

	oldRes, err := j.judgeEarlier(oldSnap)
	if err != nil {
		return fmt.Errorf("judging %s: %w", pos[0], err)
	}
	newRes, err := j.judgeEarlier(newSnap)
	if err != nil {
		return fmt.Errorf("judging %s: %w", pos[1], err)
	}
	return report.WriteChanges(e.stdout, report.Compare(oldRes, newRes))
}
