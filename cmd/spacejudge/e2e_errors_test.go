package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spacejudge/spacejudge/collect/hubtest"
)

// TestBadUsageAndInputs checks that every bad command line, config and
// input file exits 2 with a message that names the problem, before any
// request reaches the Hub and without writing anything.
func TestBadUsageAndInputs(t *testing.T) {
	srv := startHub(t, hubtest.Options{})
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "typo.yaml"),
		"event:\n  name: X\n  org: Gradio-Blocks\n  opens: 2022-05-16T00:00:00Z\n"+
			"  closes: 2022-06-01T00:00:00Z\n  colses: 2022-06-01T00:00:00Z\n")
	writeFile(t, filepath.Join(dir, "noheader.csv"), "")
	writeFile(t, filepath.Join(dir, "nospace.csv"), "timestamp,voter,category\n")
	writeFile(t, filepath.Join(dir, "badpicks.csv"),
		"criterion,picker,space\nstaff_pick,ana,Gradio-Blocks/ViTPose\nstaff_pick,bo\n")
	writeFile(t, filepath.Join(dir, "badcrit.csv"),
		"criterion,picker,space\nstaf_pick,ana,Gradio-Blocks/ViTPose\n")
	writeFile(t, filepath.Join(dir, "snapshot.json"), `{"schema": 99}`)
	writeFile(t, filepath.Join(dir, "afile"), "not a directory")

	hub := []string{"--endpoint", srv.URL}
	tests := []struct {
		name string
		args []string
		want string // a fragment of the message on stderr
	}{
		{"no command", nil, "no command"},
		{"unknown command", []string{"judge"}, `unknown command "judge"`},
		{"unknown flag", []string{"run", "--colour"}, "colour"},
		{"concurrency 0", append([]string{"run", "--concurrency", "0"}, hub...), "1 or higher"},
		{"bad now", append([]string{"run", "--now", "yesterday"}, hub...), "RFC 3339"},
		{"bad endpoint", []string{"run", "--endpoint", "ftp://example.com"}, "http(s)"},
		{"demo and endpoint", []string{"run", "--demo", "--endpoint", srv.URL}, "conflict"},
		{"snapshot and demo", []string{"run", "--demo", "--snapshot", "snapshot.json"}, "conflict"},
		{"run arguments", append([]string{"run", "extra"}, hub...), "no arguments"},
		{"missing config", append([]string{"run", "--config", "nope.yaml"}, hub...), "nope.yaml"},
		{"config typo", append([]string{"run", "--config", "typo.yaml"}, hub...), "typo.yaml:6"},
		{"missing votes", append([]string{"run", "--votes", "nope.csv"}, hub...), "nope.csv"},
		{"empty votes", append([]string{"run", "--votes", "noheader.csv"}, hub...),
			"noheader.csv"},
		{"votes column", append([]string{"run", "--votes", "nospace.csv"}, hub...), "space"},
		{"bad picks", append([]string{"run", "--picks", "badpicks.csv"}, hub...),
			"badpicks.csv:3"},
		{"picks criterion", append([]string{"run", "--picks", "badcrit.csv"}, hub...),
			"badcrit.csv:2"},
		{"bad previous", append([]string{"run", "--previous", "nope"}, hub...), "nope"},
		{"bad snapshot", []string{"run", "--snapshot", "snapshot.json"}, "schema"},
		{"unwritable out", append([]string{"run", "--out", "afile"}, hub...), "afile"},
		{"diff arguments", []string{"diff", "one"}, "two arguments"},
		{"collect flag", append([]string{"collect", "--concurrency", "-1"}, hub...),
			"1 or higher"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv.ResetCounters()
			r := run(t, dir, nil, exitUsage, tt.args...)
			if !strings.Contains(r.stderr, tt.want) {
				t.Errorf("stderr does not contain %q:\n%s", tt.want, r.stderr)
			}
			if r.stdout != "" {
				t.Errorf("a mistake printed to stdout, which is for results only:\n%s", r.stdout)
			}
			if n := srv.Total(); n > 0 {
				t.Errorf("%d requests reached the Hub before the error", n)
			}
			if _, err := os.Stat(filepath.Join(dir, "out")); err == nil {
				t.Error("an output directory was written")
				os.RemoveAll(filepath.Join(dir, "out"))
			}
		})
	}
}

// TestUnknownPickedSpace checks a mistake that shows only once the Spaces
// are known: the run exits 2, leaves the previous results alone, and keeps
// what it collected so that fixing the picks costs no second collection.
func TestUnknownPickedSpace(t *testing.T) {
	dir := t.TempDir()
	run(t, dir, nil, exitOK, "run", "--demo", "--now", fixedNow)
	before := textOutputs(t, filepath.Join(dir, "out"))
	picks := writeFile(t, filepath.Join(dir, "picks.csv"),
		"criterion,picker,space\nstaff_pick,ana,Gradio-Blocks/no-such-space\n")

	r := run(t, dir, nil, exitUsage, "run", "--demo", "--picks", picks, "--now", fixedNow)
	if !strings.Contains(r.stderr, "picks.csv:2") || !strings.Contains(r.stderr, "no-such-space") {
		t.Errorf("stderr does not name the file, line and Space:\n%s", r.stderr)
	}
	after := textOutputs(t, filepath.Join(dir, "out"))
	for name, data := range before {
		if !bytes.Equal(after[name], data) {
			t.Errorf("a run with a bad pick changed %s", name)
		}
	}
	saved := filepath.Join("out", unjudgedName)
	if !strings.Contains(r.stderr, saved) {
		t.Errorf("stderr does not say where the collected Spaces are:\n%s", r.stderr)
	}

	// Fixed picks judge the saved Spaces without collecting again.
	writeFile(t, picks, "criterion,picker,space\nstaff_pick,ana,Gradio-Blocks/ViTPose\n")
	run(t, dir, nil, exitOK, "run", "--snapshot", saved, "--picks", picks, "--out", "fixed")
}

func TestBadFlagPrintsNoHelp(t *testing.T) {
	r := run(t, t.TempDir(), nil, exitUsage, "run", "--colour")
	if r.stdout != "" {
		t.Errorf("a bad flag printed to stdout:\n%s", r.stdout)
	}
	if n := strings.Count(r.stderr, "colour"); n != 1 {
		t.Errorf("stderr names the bad flag %d times, want once:\n%s", n, r.stderr)
	}
}
