package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/spacejudge/spacejudge/collect/hubtest"
)

// startHub serves the demo organization on loopback with opts, for runs of
// the binary against a Hub that the test controls.
func startHub(t *testing.T, opts hubtest.Options) *hubtest.Server {
	t.Helper()
	srv := hubtest.NewServer(hubtest.Demo(), opts)
	t.Cleanup(srv.Close)
	return srv
}

func TestRunAgainstHubWithTransientFaults(t *testing.T) {
	// A short window: a 429 announces its reset, and the client waits for it.
	srv := startHub(t, hubtest.Options{PageSize: 50, Window: 2 * time.Second})
	// Every kind of transient trouble, once each: the run must still
	// collect everything.
	srv.Inject(hubtest.Fault{Route: hubtest.RouteList, Times: 1, Status: 503})
	srv.Inject(hubtest.Fault{Route: hubtest.RouteCommits, Times: 3, Status: 429, RetryAfter: 1})
	srv.Inject(hubtest.Fault{Route: hubtest.RouteLikers, Times: 2, Truncate: true})
	srv.Inject(hubtest.Fault{Route: hubtest.RouteResolve, Times: 2, Status: 500})
	dir := t.TempDir()
	run(t, dir, nil, exitOK, "run", "--endpoint", srv.URL, "--now", fixedNow)
	snap := readFile(t, filepath.Join(dir, "out", "snapshot.json"))
	if bytes.Contains(snap, []byte(`"error"`)) {
		t.Error("a transient fault left an error in the snapshot")
	}
	// --now judges as of a time; it never falsifies when a live
	// collection happened.
	if bytes.Contains(snap, []byte(`"collected_at": "`+fixedNow)) {
		t.Errorf("--now %s was recorded as the time of a live collection", fixedNow)
	}
}

func TestRunWithAFailingSpaceExits3(t *testing.T) {
	srv := startHub(t, hubtest.Options{})
	failing := "Gradio-Blocks/ViTPose"
	srv.Inject(hubtest.Fault{Route: hubtest.RouteCommits, Space: failing, Status: 500})
	dir := t.TempDir()
	r := run(t, dir, nil, exitPartial,
		"run", "--endpoint", srv.URL, "--now", fixedNow, "--retries", "1")
	if !strings.Contains(r.stderr, failing) {
		t.Errorf("stderr does not name the Space that failed:\n%s", r.stderr)
	}
	ineligible := readFile(t, filepath.Join(dir, "out", "ineligible.csv"))
	if !bytes.Contains(ineligible, []byte(failing)) ||
		!bytes.Contains(ineligible, []byte("not collected")) {
		t.Errorf("ineligible.csv does not list %s as not collected:\n%s", failing, ineligible)
	}
	summary := readFile(t, filepath.Join(dir, "out", "summary.md"))
	if !bytes.Contains(summary, []byte(failing)) {
		t.Errorf("summary.md does not warn about %s", failing)
	}
}

func TestFailedListingKeepsThePreviousResults(t *testing.T) {
	srv := startHub(t, hubtest.Options{})
	dir := t.TempDir()
	run(t, dir, nil, exitOK, "run", "--endpoint", srv.URL, "--now", fixedNow)
	before := textOutputs(t, filepath.Join(dir, "out"))
	beforeXLSX := readFile(t, filepath.Join(dir, "out", "results.xlsx"))

	srv.Inject(hubtest.Fault{Route: hubtest.RouteList, Status: 500})
	r := run(t, dir, nil, exitFailure, "run", "--endpoint", srv.URL, "--now", fixedNow,
		"--retries", "1")
	if !strings.Contains(r.stderr, "500") {
		t.Errorf("stderr does not say what the Hub answered:\n%s", r.stderr)
	}
	after := textOutputs(t, filepath.Join(dir, "out"))
	for name, data := range before {
		if !bytes.Equal(after[name], data) {
			t.Errorf("a failed run changed %s", name)
		}
	}
	if !bytes.Equal(beforeXLSX, readFile(t, filepath.Join(dir, "out", "results.xlsx"))) {
		t.Error("a failed run changed results.xlsx")
	}
}

func TestTokenIsSentButNeverWritten(t *testing.T) {
	const token = "hf_e2eSecretTokenDoNotLeak42"
	tests := []struct {
		name string
		env  func(dir string) []string
	}{
		{"HF_TOKEN", func(string) []string { return []string{"HF_TOKEN=" + token} }},
		{"HF_HOME token file", func(dir string) []string {
			home := filepath.Join(dir, "hf")
			if err := os.MkdirAll(home, 0o700); err != nil {
				t.Fatal(err)
			}
			writeFile(t, filepath.Join(home, "token"), token+"\n")
			return []string{"HF_HOME=" + home}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := startHub(t, hubtest.Options{Token: token})
			dir := t.TempDir()
			r := run(t, dir, tt.env(dir), exitOK,
				"run", "--endpoint", srv.URL, "--now", fixedNow, "--verbose")
			if strings.Contains(r.stderr+r.stdout, token) {
				t.Error("the token appears in the logs")
			}
			files, _ := filepath.Glob(filepath.Join(dir, "out", "*"))
			for _, f := range files {
				if bytes.Contains(readFile(t, f), []byte(token)) {
					t.Errorf("the token appears in %s", filepath.Base(f))
				}
			}
			for _, req := range srv.Log() {
				if req.Authorization != "Bearer "+token {
					t.Fatalf("%s %s was sent without the token", req.Method, req.Path)
				}
			}
			// Private Spaces are seen only with the token: that proves it
			// was the one the Hub accepted.
			if !bytes.Contains(readFile(t, filepath.Join(dir, "out", "snapshot.json")),
				[]byte(`"private": true`)) {
				t.Error("no private Space was collected with the token")
			}
		})
	}
}

func TestPreviousRun(t *testing.T) {
	srv := startHub(t, hubtest.Options{})
	dir := t.TempDir()
	run(t, dir, nil, exitOK, "run", "--endpoint", srv.URL, "--now", fixedNow, "--out", "one")

	// Nothing changed on the Hub: only the listing is requested again.
	srv.ResetCounters()
	run(t, dir, nil, exitOK, "run", "--endpoint", srv.URL, "--now", fixedNow,
		"--previous", "one", "--out", "two")
	if total, list := srv.Total(), srv.Requests(hubtest.RouteList); total != list {
		t.Errorf("a re-run with nothing changed made %d requests, %d of them listing",
			total, list)
	}

	// Likes change and a Space appears: the changes are reported.
	srv.Update(func(ds *hubtest.Dataset) {
		for i := range ds.Spaces {
			if ds.Spaces[i].ID == "Gradio-Blocks/HairCLIP" {
				ds.Spaces[i].Likers = append(ds.Spaces[i].Likers, "newfan1", "newfan2")
			}
		}
		fresh := ds.Spaces[0]
		fresh.ID = "Gradio-Blocks/brand-new-space"
		fresh.MongoID = ""
		ds.Spaces = append(ds.Spaces, fresh)
	})
	run(t, dir, nil, exitOK, "run", "--endpoint", srv.URL, "--now", fixedNow,
		"--previous", "two/snapshot.json", "--out", "three")
	summary := string(readFile(t, filepath.Join(dir, "three", "summary.md")))
	for _, want := range []string{"brand-new-space", "HairCLIP"} {
		if !strings.Contains(summary, want) {
			t.Errorf("summary.md does not report the change to %s:\n%s", want, summary)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "three", "changes.csv")); err != nil {
		t.Errorf("no changes.csv with --previous: %v", err)
	}

	r := run(t, dir, nil, exitOK, "diff", "two", "three")
	if !strings.Contains(r.stdout, "brand-new-space") {
		t.Errorf("diff does not report the new Space:\n%s", r.stdout)
	}
}

func TestInterruptKeepsThePreviousResults(t *testing.T) {
	srv := startHub(t, hubtest.Options{})
	dir := t.TempDir()
	run(t, dir, nil, exitOK, "run", "--endpoint", srv.URL, "--now", fixedNow)
	before := textOutputs(t, filepath.Join(dir, "out"))

	// A slow Hub, so that the run is still collecting when it is
	// interrupted.
	srv.Inject(hubtest.Fault{Route: hubtest.RouteCommits, Latency: time.Minute})
	srv.ResetCounters()
	cmd := exec.Command(binary, "run", "--endpoint", srv.URL, "--now", fixedNow)
	cmd.Dir = dir
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + dir}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	waitFor(t, func() bool { return srv.Requests(hubtest.RouteCommits) > 0 })
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	err := cmd.Wait()
	if code := cmd.ProcessState.ExitCode(); code != exitInterrupted {
		t.Fatalf("interrupted run: exit %d (%v), want %d\n%s", code, err, exitInterrupted,
			stderr.String())
	}
	after := textOutputs(t, filepath.Join(dir, "out"))
	for name, data := range before {
		if !bytes.Equal(after[name], data) {
			t.Errorf("an interrupted run changed %s", name)
		}
	}
}

// waitFor polls cond until it holds, failing the test after a generous
// while: it waits for another process, not for a duration to elapse.
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	for range 600 {
		if cond() {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatal("the condition never held")
}

func TestCollectThenJudgeOffline(t *testing.T) {
	srv := startHub(t, hubtest.Options{})
	failing := "Gradio-Blocks/HairCLIP"
	srv.Inject(hubtest.Fault{Route: hubtest.RouteCommits, Space: failing, Status: 503})
	dir := t.TempDir()

	// A Space that keeps failing is recorded with its error: exit 3.
	r := run(t, dir, nil, exitPartial, "collect", "--endpoint", srv.URL, "--retries", "1",
		"--out", "snap")
	if !strings.Contains(r.stderr, failing) {
		t.Errorf("collect does not name the Space that failed:\n%s", r.stderr)
	}
	entries, err := os.ReadDir(filepath.Join(dir, "snap"))
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 || entries[0].Name() != "snapshot.json" {
		t.Errorf("collect wrote %v, want snapshot.json alone", entries)
	}

	// Once the Hub recovers, collect again and judge the snapshot offline.
	srv.ClearFaults()
	run(t, dir, nil, exitOK, "collect", "--endpoint", srv.URL, "--out", "snap")
	srv.ResetCounters()
	run(t, dir, nil, exitOK, "run", "--snapshot", "snap/snapshot.json", "--out", "results")
	if n := srv.Total(); n != 0 {
		t.Errorf("run --snapshot made %d requests to the Hub, want none", n)
	}
	winners := readFile(t, filepath.Join(dir, "results", "winners.csv"))
	if !bytes.Contains(winners, []byte(failing)) {
		t.Errorf("winners.csv does not list %s once it was collected:\n%s", failing, winners)
	}
}

func TestCollectDemo(t *testing.T) {
	dir := t.TempDir()
	run(t, dir, nil, exitOK, "collect", "--demo", "--now", fixedNow)
	snap := readFile(t, filepath.Join(dir, "out", "snapshot.json"))
	for _, want := range []string{`"schema": 1`, `"org": "Gradio-Blocks"`,
		`"collected_at": "` + fixedNow + `"`, `"Gradio-Blocks/ViTPose"`} {
		if !bytes.Contains(snap, []byte(want)) {
			t.Errorf("collect --demo snapshot lacks %s", want)
		}
	}
}
