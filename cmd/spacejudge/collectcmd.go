package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/spacejudge/spacejudge/collect"
)

const collectUsage = `Usage: spacejudge collect [flags]

Collect lists every Space of the event's organization on the Hub with what
judging needs (likes and likers, commit authors, creation time, SDK,
runtime stage, card, and whether the app builds a gradio Blocks app), and
writes it to OUT/snapshot.json. "spacejudge run --snapshot OUT/snapshot.json"
judges it later, offline.

With --previous PATH, Spaces whose commit has not changed keep their
authors and app check, and likers are fetched again only for Spaces whose
like count changed. With --demo, collect reads the built-in demo
organization on loopback instead of the Hub.

Exit status: 0 success; 1 failure (the listing failed; nothing written);
2 bad usage or config; 3 snapshot written, but some Spaces could not be
collected (they are recorded with their error).
`

// runCollect is "spacejudge collect": collect only.
func runCollect(ctx context.Context, e *env, args []string) error {
	var f jobFlags
	fs := newFlagSet("collect")
	f.register(fs, e)
	pos, err := parseFlags(e, fs, collectUsage, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("collect takes no arguments, got %q (see spacejudge collect --help)", pos)
	}
	if err := f.check(e, setFlags(fs)); err != nil {
		return err
	}
	j, err := prepare(e, &f)
	if err != nil {
		return err
	}
	if err := checkOutDir(f.out); err != nil {
		return err
	}

	snap, err := j.collectSnapshot(ctx, e)
	if err != nil {
		return err
	}
	path := filepath.Join(f.out, "snapshot.json")
	if err := os.MkdirAll(f.out, 0o755); err != nil {
		return fmt.Errorf("creating the output directory: %w", err)
	}
	if err := collect.WriteSnapshot(path, snap); err != nil {
		return fmt.Errorf("writing the snapshot: %w", err)
	}
	e.log.Info("snapshot written", "path", path, "spaces", len(snap.Spaces))
	if failed := snap.Failed(); len(failed) > 0 {
		e.log.Warn("some Spaces could not be collected; run again to retry them",
			"count", len(failed), "spaces", failed)
		return errPartial
	}
	return nil
}
