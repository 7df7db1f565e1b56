package main

import (
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spacejudge/spacejudge/collect"
)

// defaultEndpoint is the Hub's base URL.
const defaultEndpoint = "https://huggingface.co"

// jobFlags are the flags that run and collect share (SPEC §2).
type jobFlags struct {
	config      string
	org         string
	endpoint    string
	out         string
	votes       string
	picks       string
	previous    string
	concurrency int
	retries     int
	now         string
	demo        bool
	verbose     bool

	// nowTime is --now parsed; zero means the wall clock.
	nowTime time.Time
}

// register adds the job flags to fs.
func (f *jobFlags) register(fs *flag.FlagSet, e *env) {
	fs.StringVar(&f.config, "config", "",
		"event config: a YAML `file`, or a built-in name ("+strings.Join(builtinNames(), ", ")+
			"); default: the built-in Gradio Blocks Party")
	fs.StringVar(&f.org, "org", "", "`organization` to judge; overrides the config")
	fs.StringVar(&f.endpoint, "endpoint", "",
		"Hub base `URL` (env HF_ENDPOINT; default "+defaultEndpoint+")")
	fs.StringVar(&f.out, "out", "out", "output `directory`")
	fs.StringVar(&f.votes, "votes", "", "ballots CSV `file` (default: none, vote criteria score 0)")
	fs.StringVar(&f.picks, "picks", "",
		"staff picks CSV `file` (default: none, pick criteria score 0)")
	fs.StringVar(&f.previous, "previous", "",
		"an earlier snapshot or output directory (`path`): reuse unchanged data, report changes")
	fs.IntVar(&f.concurrency, "concurrency", 8, "Space detail fetches in `flight`")
	fs.IntVar(&f.retries, "retries", 5,
		"how many `times` a request that failed for a passing reason is tried again")
	fs.StringVar(&f.now, "now", "",
		"judge as of this `time` (RFC 3339); default: when the snapshot was collected")
	fs.BoolVar(&f.demo, "demo", false,
		"collect from the built-in demo organization on loopback, with demo votes and picks")
	fs.BoolVar(&f.verbose, "verbose", false, "log every request and retry")
}

// check rejects invalid or conflicting job flags before any network traffic.
// set holds the names of the flags given on the command line.
func (f *jobFlags) check(e *env, set map[string]bool) error {
	if f.verbose {
		e.level.Set(slog.LevelDebug)
	}
	if f.concurrency < 1 {
		return usagef("--concurrency is %d, want 1 or higher", f.concurrency)
	}
	if f.retries < 0 {
		return usagef("--retries is %d, want 0 or higher", f.retries)
	}
	if f.now != "" {
		t, err := time.Parse(time.RFC3339, f.now)
		if err != nil {
			return usagef("--now %q is not an RFC 3339 time such as 2022-06-01T00:00:00Z", f.now)
		}
		f.nowTime = t.UTC()
	}
	if f.demo && set["endpoint"] {
		return usagef("--demo and --endpoint conflict: the demo has its own built-in Hub")
	}
	if f.out == "" {
		return usagef("--out is empty: name the output directory")
	}
	if f.demo {
		return nil
	}
	if f.endpoint == "" {
		f.endpoint = e.getenv("HF_ENDPOINT")
	}
	return f.checkEndpoint()
}

// setFlags returns the names of the flags that the command line set.
func setFlags(fs *flag.FlagSet) map[string]bool {
	set := make(map[string]bool)
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	return set
}

// checkEndpoint validates --endpoint (or HF_ENDPOINT) and applies the default.
func (f *jobFlags) checkEndpoint() error {
	if f.endpoint == "" {
		f.endpoint = defaultEndpoint
	}
	f.endpoint = strings.TrimRight(f.endpoint, "/")
	u, err := url.Parse(f.endpoint)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return usagef("--endpoint %q is not an http(s) URL such as %s", f.endpoint, defaultEndpoint)
	}
	if u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return usagef("--endpoint %q must be a plain base URL, without credentials or query",
			f.endpoint)
	}
	return nil
}

// collectionClock returns the clock whose time the collector records as
// the collection time. It is the wall clock: the snapshot is evidence, and a
// live collection must not claim another time. The demo replays a 2022
// event, so there --now pins the recorded time and the demo's outputs are
// reproducible.
func (f *jobFlags) collectionClock() func() time.Time {
	if f.demo && !f.nowTime.IsZero() {
		return func() time.Time { return f.nowTime }
	}
	return func() time.Time { return time.Now().UTC() }
}

// judgingTime returns the time a snapshot is judged at: --now when given,
// else the snapshot's collection time, so that judging a saved snapshot
// again gives the same result whenever it is done.
func (f *jobFlags) judgingTime(snap *collect.Snapshot) time.Time {
	if !f.nowTime.IsZero() {
		return f.nowTime
	}
	return snap.CollectedAt
}

// checkOutDir checks, before any network traffic, that the output
// directory can be written: that it takes a file if it exists, or that its
// nearest existing parent does. It creates nothing, so that a run that
// fails later leaves no empty directory behind.
func checkOutDir(dir string) error {
	probeDir := dir
	for {
		fi, err := os.Stat(probeDir)
		if err == nil && !fi.IsDir() {
			return usagef("--out %s: %s is not a directory; choose another --out", dir, probeDir)
		}
		if err == nil {
			break
		}
		parent := filepath.Dir(probeDir)
		if !errors.Is(err, fs.ErrNotExist) || parent == probeDir {
			return usagef("--out %s cannot be used: %w; choose another --out", dir, err)
		}
		probeDir = parent
	}
	probe, err := os.CreateTemp(probeDir, ".spacejudge-probe-*")
	if err != nil {
		return usagef("--out %s cannot be written: %w; choose another --out", dir, err)
	}
	name := probe.Name()
	probe.Close()
	if err := os.Remove(name); err != nil {
		return fmt.Errorf("removing the probe file %s: %w", name, err)
	}
	return nil
}
