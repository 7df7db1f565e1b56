package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spacejudge/spacejudge/collect/hubtest"
)

// fixedNow pins the collection time of test runs, after the event closed.
const fixedNow = "2022-06-01T12:00:00Z"

// outputFiles are the files every successful run writes, whatever the config.
var outputFiles = []string{
	"results.xlsx", "winners.csv", "leaderboard.csv", "prizes.csv", "ballots.csv",
	"ineligible.csv", "participants.csv", "summary.md", "snapshot.json",
}

// textOutputs returns the CSV and Markdown files of an output directory, by
// name: the files that must be byte-identical between equal runs.
func textOutputs(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	files := make(map[string][]byte)
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".csv") || strings.HasSuffix(e.Name(), ".md") {
			files[e.Name()] = readFile(t, filepath.Join(dir, e.Name()))
		}
	}
	return files
}

// TestRunDemo runs the README's "see it work" command under both shipped
// rule sets. Its results are golden, so that any change to what the demo
// shows is deliberate.
func TestRunDemo(t *testing.T) {
	tests := []struct {
		config string
		golden string
	}{
		{"", "demo"},
		{"gradio-blocks-party-revised", "demo-revised"},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			dir := t.TempDir()
			args := []string{"run", "--demo", "--now", fixedNow}
			if tt.config != "" {
				args = append(args, "--config", tt.config)
			}
			r := run(t, dir, nil, exitOK, args...)
			if r.stdout != "" {
				t.Errorf("run --demo wrote to stdout, which is for results only:\n%s", r.stdout)
			}
			out := filepath.Join(dir, "out")
			for _, name := range outputFiles {
				if _, err := os.Stat(filepath.Join(out, name)); err != nil {
					t.Errorf("run --demo did not write %s: %v", name, err)
				}
			}
			for name, data := range textOutputs(t, out) {
				golden(t, filepath.Join(tt.golden, name+".golden"), data)
			}
			leftovers, _ := filepath.Glob(filepath.Join(out, ".*"))
			if len(leftovers) > 0 {
				t.Errorf("run --demo left temporary files: %q", leftovers)
			}
		})
	}
}

func TestRunSnapshotReproducesTheRun(t *testing.T) {
	dir := t.TempDir()
	run(t, dir, nil, exitOK, "run", "--demo", "--now", fixedNow, "--out", "first")
	votes := writeFile(t, filepath.Join(dir, "votes.csv"), string(hubtest.DemoVotes()))
	picks := writeFile(t, filepath.Join(dir, "picks.csv"), string(hubtest.DemoPicks()))

	run(t, dir, nil, exitOK, "run", "--snapshot", "first/snapshot.json",
		"--votes", votes, "--picks", picks, "--out", "second")

	first := textOutputs(t, filepath.Join(dir, "first"))
	second := textOutputs(t, filepath.Join(dir, "second"))
	if len(first) == 0 {
		t.Fatal("the first run wrote no CSV or Markdown file")
	}
	for name, want := range first {
		if !bytes.Equal(second[name], want) {
			t.Errorf("run --snapshot wrote a different %s than the run that made the snapshot",
				name)
		}
	}
	if len(second) != len(first) {
		t.Errorf("run --snapshot wrote %d text files, the first run %d", len(second), len(first))
	}
	a := readFile(t, filepath.Join(dir, "first", "snapshot.json"))
	b := readFile(t, filepath.Join(dir, "second", "snapshot.json"))
	if !bytes.Equal(a, b) {
		t.Error("run --snapshot rewrote the snapshot differently")
	}
}

func TestInit(t *testing.T) {
	dir := t.TempDir()
	run(t, dir, nil, exitOK, "init")
	written := readFile(t, filepath.Join(dir, "spacejudge.yaml"))
	if !bytes.Equal(written, defaultConfigText()) {
		t.Error("init wrote something else than the default config")
	}
	r := run(t, dir, nil, exitUsage, "init")
	if !strings.Contains(r.stderr, "--force") {
		t.Errorf("init over an existing file: stderr does not suggest --force:\n%s", r.stderr)
	}
	run(t, dir, nil, exitOK, "init", "--force")
	r = run(t, dir, nil, exitOK, "init", "-")
	if r.stdout != string(defaultConfigText()) {
		t.Error("init - did not print the default config")
	}
	// What init writes is a working config.
	run(t, dir, nil, exitOK, "run", "--demo", "--config", "spacejudge.yaml", "--now", fixedNow)
}

func TestVersionAndHelp(t *testing.T) {
	dir := t.TempDir()
	r := run(t, dir, nil, exitOK, "version")
	if !strings.HasPrefix(r.stdout, "spacejudge ") {
		t.Errorf("version printed %q", r.stdout)
	}
	r = run(t, dir, nil, exitOK, "--help")
	if !strings.Contains(r.stdout, "Exit status") {
		t.Errorf("--help does not print the manual:\n%s", r.stdout)
	}
	for _, cmd := range []string{"run", "collect", "diff", "init", "version"} {
		r := run(t, dir, nil, exitOK, cmd, "--help")
		if !strings.Contains(r.stdout, "Usage: spacejudge "+cmd) {
			t.Errorf("%s --help printed:\n%s", cmd, r.stdout)
		}
	}
}
