package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/spacejudge/spacejudge/collect"
	"github.com/spacejudge/spacejudge/collect/hubtest"
	"github.com/spacejudge/spacejudge/score"
)

// A job is a checked judging job: everything read from the command line,
// the config and the input files, before any network traffic.
type job struct {
	flags *jobFlags
	cfg   *config
	// votes and picks are nil when no file was given.
	votes []score.Ballot
	picks []score.Pick
	// picksFile names the picks file in messages.
	picksFile string
	// previous is the snapshot of --previous, nil without it.
	previous *collect.Snapshot
}

// prepare loads and checks the config and every input file that the job
// names. It touches no network and writes nothing: every mistake it can find
// is reported before collection starts.
func prepare(e *env, f *jobFlags) (*job, error) {
	cfg, err := loadConfig(f.config)
	if err != nil {
		return nil, asUsage(err)
	}
	if f.org != "" {
		cfg.Rules.Event.Org = f.org
	}
	if f.demo && cfg.Rules.Event.Org != hubtest.DemoOrg {
		return nil, usagef("--demo serves only the organization %s, not %s",
			hubtest.DemoOrg, cfg.Rules.Event.Org)
	}
	j := &job{flags: f, cfg: cfg}
	if err := j.readInputs(); err != nil {
		return nil, err
	}
	if f.previous != "" {
		prev, err := readSnapshotOrDir(f.previous)
		if err != nil {
			return nil, usagef("--previous %s: %w; name an earlier snapshot.json or output"+
				" directory", f.previous, err)
		}
		if !sameOrg(prev.Org, cfg.Rules.Event.Org) {
			return nil, usagef("--previous %s is a snapshot of %s, not of %s",
				f.previous, prev.Org, cfg.Rules.Event.Org)
		}
		j.previous = prev
	}
	e.log.Debug("job checked", "config", cfg.Source, "org", cfg.Rules.Event.Org)
	return j, nil
}

// readInputs reads the votes and picks files, or the demo's when --demo
// names none.
func (j *job) readInputs() error {
	votes, name, err := openInput("--votes", j.flags.votes, j.flags.demo, hubtest.DemoVotes,
		"demo votes")
	if err != nil {
		return err
	}
	if votes != nil {
		j.votes, err = score.ReadVotes(votes, name, j.cfg.Rules.Voting.Columns)
		if err != nil {
			return asUsage(err)
		}
		if j.votes == nil {
			j.votes = []score.Ballot{}
		}
	}
	picks, name, err := openInput("--picks", j.flags.picks, j.flags.demo, hubtest.DemoPicks,
		"demo picks")
	if err != nil {
		return err
	}
	if picks != nil {
		j.picksFile = name
		j.picks, err = score.ReadPicks(picks, name)
		if err != nil {
			return asUsage(err)
		}
		// What needs no Spaces to check is checked now, before collecting.
		if err := score.CheckPicks(j.cfg.Rules, j.picks, name); err != nil {
			return asUsage(err)
		}
		if j.picks == nil {
			j.picks = []score.Pick{}
		}
	}
	return nil
}

// openInput returns the contents of the input file that flag names: path
// when given, else the demo's when demo is set, else nil.
func openInput(flag, path string, demo bool, demoData func() []byte, demoName string) (
	io.Reader, string, error) {
	switch {
	case path != "":
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, "", usagef("%s %s cannot be read: %w; check the path", flag, path, err)
		}
		return bytes.NewReader(data), path, nil
	case demo:
		return bytes.NewReader(demoData()), demoName, nil
	}
	return nil, "", nil
}

// readSnapshotOrDir reads a snapshot file, or the snapshot.json of an output
// directory.
func readSnapshotOrDir(path string) (*collect.Snapshot, error) {
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		path = filepath.Join(path, "snapshot.json")
	}
	return collect.ReadSnapshot(path)
}

// collectSnapshot collects the organization's Spaces from the Hub, or from
// the built-in demo Hub with --demo.
func (j *job) collectSnapshot(ctx context.Context, e *env) (*collect.Snapshot, error) {
	f := j.flags
	endpoint, token := f.endpoint, ""
	if f.demo {
		srv := hubtest.NewServer(hubtest.Demo(), hubtest.Options{})
		defer srv.Close()
		endpoint = srv.URL
	} else {
		var err error
		if token, err = collect.TokenFromEnv(); err != nil {
			return nil, asUsage(err)
		}
		if token == "" {
			e.log.Warn("no token: set HF_TOKEN to see private Spaces and get a larger rate limit")
		}
	}
	bar := newProgress(e)
	defer bar.Finish()
	rules := j.cfg.Rules
	snap, err := collect.Collect(ctx, collect.Options{
		Endpoint:    endpoint,
		Token:       token,
		Org:         rules.Event.Org,
		Concurrency: f.concurrency,
		MaxRetries:  maxRetries(f.retries),
		AppSDKs:     appSDKs(rules),
		Likers:      needsLikers(rules),
		Members:     rules.Voting.Voters == score.VotersOrgMembers,
		Previous:    j.previous,
		UserAgent:   userAgent(),
		Logger:      e.log,
		Progress:    bar.set,
		Now:         f.collectionClock(),
	})
	if err != nil {
		return nil, fmt.Errorf("collecting %s from %s: %w", rules.Event.Org, endpoint, err)
	}
	if f.demo {
		// The demo replays an organization modelled on a real one: point
		// its links at the real Hub rather than at a loopback port that is
		// gone when the run ends.
		snap.Endpoint = defaultEndpoint
	}
	return snap, nil
}

// maxRetries converts --retries to collect.Options.MaxRetries, where zero
// means the default and a negative value no retries.
func maxRetries(n int) int {
	if n == 0 {
		return -1
	}
	return n
}

// needsLikers reports whether the rules need to know who liked a Space:
// only to take likes by the Space's own authors away.
func needsLikers(r score.Rules) bool {
	for _, c := range r.Criteria {
		if c.Kind == score.KindLikes && c.ExcludeSelfLikes {
			return true
		}
	}
	return false
}

// appSDKs returns the SDKs whose app file the collector must check: only
// those the rules look at, and none when the rules do not require Blocks.
func appSDKs(r score.Rules) []string {
	if !r.Eligibility.RequireBlocks {
		return nil
	}
	return r.Eligibility.SDKs
}

// judge judges snap under the job's rules and inputs, as of now.
func (j *job) judge(snap *collect.Snapshot, now time.Time) (*score.Result, error) {
	return j.judgeWith(score.Input{Snapshot: snap, Votes: j.votes, Now: now})
}

// judgeEarlier judges an earlier snapshot, as of when it was collected,
// with the ballots cast by then. Picks of Spaces created since are left out:
// they could not have been picked then.
func (j *job) judgeEarlier(snap *collect.Snapshot) (*score.Result, error) {
	return j.judgeWith(score.Input{
		Snapshot:                snap,
		Votes:                   score.CastBefore(j.votes, snap.CollectedAt),
		Now:                     snap.CollectedAt,
		SkipUnknownPickedSpaces: true,
	})
}

// judgeWith completes in with the job's picks and judges it. An error in
// the inputs is a usage error.
func (j *job) judgeWith(in score.Input) (*score.Result, error) {
	in.HaveVotes = in.Votes != nil
	in.Picks, in.HavePicks, in.PicksFile = j.picks, j.picks != nil, j.picksFile
	res, err := score.Judge(j.cfg.Rules, in)
	var ie *score.InputError
	if errors.As(err, &ie) {
		return nil, asUsage(err)
	}
	return res, err
}

// sameOrg reports whether two organization names are the same on the Hub,
// which compares them case-insensitively.
func sameOrg(a, b string) bool {
	return strings.EqualFold(a, b)
}

// progress shows a progress bar on a terminal and nothing elsewhere, so that
// logs in CI stay readable.
type progress struct {
	bar *progressbar.ProgressBar
}

// newProgress returns a progress bar on e's stderr when it is a terminal.
func newProgress(e *env) *progress {
	if !e.isTerminal {
		return &progress{}
	}
	return &progress{bar: progressbar.NewOptions(-1,
		progressbar.OptionSetWriter(e.stderr),
		progressbar.OptionSetDescription("collecting Spaces"),
		progressbar.OptionShowCount(),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionClearOnFinish(),
	)}
}

// set records that done of total Spaces are collected.
func (p *progress) set(done, total int) {
	if p.bar == nil {
		return
	}
	if p.bar.GetMax() != total {
		p.bar.ChangeMax(total)
	}
	_ = p.bar.Set(done)
}

// Finish removes the bar from the terminal.
func (p *progress) Finish() {
	if p.bar != nil {
		_ = p.bar.Finish()
	}
}
