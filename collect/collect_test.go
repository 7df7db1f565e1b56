package collect

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/spacejudge/spacejudge/collect/hubtest"
)

const testOrg = "Gradio-Blocks"

var testNow = time.Date(2022, 6, 1, 0, 0, 0, 0, time.UTC)

const blocksApp = "import gradio as gr\n\nwith gr.Blocks() as demo:\n" +
	"    gr.Markdown('hi')\n\ndemo.launch()\n"

// sha returns a distinct 40-hex-digit commit hash for a name.
func sha(name string) string {
	s := fmt.Sprintf("%x", name)
	return (s + strings.Repeat("0", 40))[:40]
}

// newSpace returns a gradio Space with a Blocks app, two commits by
// "user-NAME" and "system", and the given number of likers.
func newSpace(name string, likes int) hubtest.Space {
	created := time.Date(2022, 5, 17, 10, 0, 0, 0, time.UTC)
	user := "user-" + name
	sp := hubtest.Space{
		ID: testOrg + "/" + name, SHA: sha(name), SDK: "gradio", Stage: "RUNNING",
		CreatedAt: created, LastModified: created.Add(time.Hour),
		Card: map[string]any{
			"title": "Title of " + name, "sdk": "gradio", "license": []any{"mit"},
		},
		Files: map[string]string{"app.py": blocksApp, "README.md": "---\n---\n"},
		Commits: []hubtest.Commit{
			{ID: sha(name), Title: "app", Authors: []string{user, user}},
			{ID: sha(name + "0"), Title: "initial commit", Authors: []string{"system"}},
		},
	}
	for i := range likes {
		sp.Likers = append(sp.Likers, fmt.Sprintf("fan-%02d", i))
	}
	return sp
}

// manySpaces returns a dataset of n Spaces, every third one liked.
func manySpaces(n int) *hubtest.Dataset {
	ds := &hubtest.Dataset{Org: testOrg, Members: []string{"abidlabs", "osanseviero"}}
	for i := range n {
		ds.Spaces = append(ds.Spaces, newSpace(fmt.Sprintf("space-%03d", i), (i%3)*i%5))
	}
	return ds
}

func testOptions(hub *hubtest.Server) Options {
	return Options{
		Endpoint: hub.URL, Org: testOrg, Concurrency: 8, AppSDKs: []string{"gradio"},
		Now:     func() time.Time { return testNow },
		MinWait: time.Millisecond, MaxWait: 5 * time.Millisecond, Timeout: 5 * time.Second,
	}
}

func collect(t *testing.T, o Options) *Snapshot {
	t.Helper()
	snap, err := Collect(context.Background(), o)
	if err != nil {
		t.Fatalf("Collect() error = %v", err)
	}
	return snap
}

// kindsDataset has one Space of each kind whose requests differ.
func kindsDataset() *hubtest.Dataset {
	plain := newSpace("plain", 0)
	liked := newSpace("liked", 3)
	many := newSpace("many-likers", 7) // over two pages of 3
	streamlit := newSpace("streamlit", 0)
	streamlit.SDK = "streamlit"
	streamlitLiked := newSpace("streamlit-liked", 2)
	streamlitLiked.SDK = "streamlit"
	disabled := newSpace("disabled", 1)
	disabled.Disabled = true
	noApp := newSpace("no-app", 0)
	delete(noApp.Files, "app.py")
	custom := newSpace("custom-app", 0)
	custom.Card["app_file"] = "src/main.py"
	custom.Files = map[string]string{
		"src/main.py": "import gradio as gr\ngr.Interface(f).launch()\n",
	}
	history := newSpace("long-history", 0)
	for i := range 5 {
		history.Commits = append(history.Commits, hubtest.Commit{
			ID: sha(fmt.Sprintf("h%d", i)), Authors: []string{fmt.Sprintf("dev-%d", i%2)},
		})
	}
	split := newSpace("split-app", 0)
	split.Files = map[string]string{
		"app.py": "from ui import demo\nimport numpy as np\n\ndemo.launch()\n",
		"ui.py":  blocksApp,
	}
	splitNone := newSpace("split-none", 0)
	splitNone.Card["app_file"] = "src/main.py"
	splitNone.Files = map[string]string{
		"src/main.py":    "import gradio as gr\nfrom helpers import build\nbuild().launch()\n",
		"src/helpers.py": "import gradio as gr\ndef build():\n    return gr.Interface(f)\n",
	}
	return &hubtest.Dataset{
		Org: testOrg, Members: []string{"m1", "m2", "m3", "m4"},
		Spaces: []hubtest.Space{
			plain, liked, many, streamlit, streamlitLiked, disabled, noApp, custom, history,
			split, splitNone,
			newSpace("elsewhere", 0), // tests move it to another owner
		},
	}
}

func TestCollectRequestsPerSpace(t *testing.T) {
	// Requests per Space: commits (pages of 3), the app file only for
	// gradio Spaces that are not disabled, and likers (pages of 3) only
	// when asked for and liked.
	want := map[string]int{
		"plain":           1 + 1,
		"liked":           1 + 1,
		"many-likers":     1 + 1,
		"streamlit":       1,
		"streamlit-liked": 1,
		"disabled":        1,
		"no-app":          1 + 1,
		"custom-app":      1 + 1,
		"long-history":    3 + 1,
		"split-app":       1 + 2,
		"split-none":      1 + 2,
	}
	likers := map[string]int{"liked": 1, "many-likers": 3, "streamlit-liked": 1, "disabled": 1}
	t.Run("without likers", func(t *testing.T) {
		snap, hub := collectKinds(t, false, want)
		if n := hub.Requests(hubtest.RouteLikers); n != 0 {
			t.Errorf("likers requests = %d, want none", n)
		}
		for _, sp := range snap.Spaces {
			if sp.Likers != nil {
				t.Errorf("%s has likers %v, want nil when not asked for", sp.ID, sp.Likers)
			}
		}
	})
	t.Run("with likers", func(t *testing.T) {
		withLikers := maps.Clone(want)
		for name, n := range likers {
			withLikers[name] += n
		}
		collectKinds(t, true, withLikers)
	})
}

// collectKinds collects kindsDataset, with or without likers, checks the
// requests made for each Space and what the snapshot holds, and returns
// the snapshot and the server for further checks.
func collectKinds(t *testing.T, likers bool, want map[string]int) (*Snapshot, *hubtest.Server) {
	t.Helper()
	ds := kindsDataset()
	ds.Spaces[len(ds.Spaces)-1].ID = "someone-else/elsewhere" // not listed
	hub := hubtest.NewServer(ds, hubtest.Options{PageSize: 3})
	t.Cleanup(hub.Close)
	o := testOptions(hub)
	o.Members, o.Likers = true, likers
	snap := collect(t, o)

	for name, n := range want {
		if got := hub.RequestsFor(testOrg + "/" + name); got != n {
			t.Errorf("requests for %s = %d, want %d", name, got, n)
		}
	}
	if got := hub.Requests(hubtest.RouteList); got != 4 { // 11 Spaces in pages of 3
		t.Errorf("list requests = %d, want 4", got)
	}
	if got := hub.Requests(hubtest.RouteMembers); got != 2 { // 4 members in pages of 3
		t.Errorf("members requests = %d, want 2", got)
	}
	if got := hub.RequestsFor("someone-else/elsewhere"); got != 0 {
		t.Errorf("requests for another owner's Space = %d, want 0", got)
	}
	checkRequestShapes(t, hub.Log(), snap)

	// The snapshot holds what those requests found.
	byID := map[string]Space{}
	for _, sp := range snap.Spaces {
		byID[strings.TrimPrefix(sp.ID, testOrg+"/")] = sp
	}
	if len(snap.Spaces) != 11 || len(snap.Failed()) != 0 {
		t.Fatalf("snapshot has %d Spaces, failed %v; want 11 and none",
			len(snap.Spaces), snap.Failed())
	}
	checks := []struct {
		name string
		got  any
		want any
	}{
		{"members", snap.Members, []string{"m1", "m2", "m3", "m4"}},
		{"plain authors", byID["plain"].Authors, []string{"system", "user-plain"}},
		{"plain app", byID["plain"].App, &AppCheck{File: "app.py", Found: true, Blocks: true,
			Line: 3, Evidence: "with gr.Blocks() as demo:"}},

		{"streamlit app", byID["streamlit"].App, (*AppCheck)(nil)},
		{"disabled app", byID["disabled"].App, &AppCheck{File: "app.py",
			Evidence: "the Space is disabled; its app file was not read"}},
		{"no-app app", byID["no-app"].App, &AppCheck{File: "app.py",
			Evidence: "app.py does not exist at " + sha("no-app")}},
		{"custom app", byID["custom-app"].App, &AppCheck{File: "src/main.py", Found: true,
			Evidence: "gradio is imported (line 1) but Blocks is never called"}},
		{"history authors", byID["long-history"].Authors, []string{
			"dev-0", "dev-1", "system", "user-long-history"}},
		{"split app", byID["split-app"].App, &AppCheck{File: "app.py", Found: true, Blocks: true,
			Line: 3, Evidence: "with gr.Blocks() as demo:", Source: "ui.py"}},
		{"split none", byID["split-none"].App, &AppCheck{File: "src/main.py", Found: true,
			Evidence: "gradio is imported (line 1) but Blocks is never called; " +
				"nor in src/helpers.py"}},
		{"title", byID["liked"].Title, "Title of liked"},
		{"likes", byID["liked"].Likes, 3},
		{"stage", byID["liked"].Stage, "RUNNING"},
	}
	if likers {
		checks = append(checks, struct {
			name string
			got  any
			want any
		}{"many likers", byID["many-likers"].Likers, []string{
			"fan-00", "fan-01", "fan-02", "fan-03", "fan-04", "fan-05", "fan-06"}})
	}
	for _, c := range checks {
		if diff := cmp.Diff(c.want, c.got); diff != "" {
			t.Errorf("%s mismatch (-want +got):\n%s", c.name, diff)
		}
	}
	return snap, hub
}

// checkRequestShapes asserts the method and query of every request: the
// listing names its fields, commits and files are read at the listed SHA.
func checkRequestShapes(t *testing.T, log []hubtest.Request, snap *Snapshot) {
	t.Helper()
	shas := map[string]string{}
	for _, sp := range snap.Spaces {
		shas[sp.ID] = sp.SHA
	}
	for _, r := range log {
		q, _ := url.ParseQuery(r.RawQuery)
		if r.Method != http.MethodGet {
			t.Errorf("%s %s: want GET", r.Method, r.Path)
		}
		switch r.Route {
		case hubtest.RouteList:
			if q.Get("author") != testOrg || q.Get("sort") != "createdAt" ||
				q.Get("limit") != "100" || !slices.Equal(q["expand"], listExpand) ||
				q.Has("full") {
				t.Errorf("list query %q: want author, sort=createdAt, limit=100 and the "+
					"expand list", r.RawQuery)
			}
		case hubtest.RouteCommits:
			if !strings.HasSuffix(r.Path, "/commits/"+shas[r.Space]) || q.Get("limit") != "1000" {
				t.Errorf("commits request %s?%s: want the listed sha and limit=1000",
					r.Path, r.RawQuery)
			}
		case hubtest.RouteResolve:
			if !strings.Contains(r.Path, "/resolve/"+shas[r.Space]+"/") {
				t.Errorf("resolve request %s: want the listed sha", r.Path)
			}
		case hubtest.RouteLikers, hubtest.RouteMembers:
		default:
			t.Errorf("unexpected request %s %s", r.Route, r.Path)
		}
	}
}

func TestCollectGolden(t *testing.T) {
	ds := kindsDataset()
	ds.Spaces = ds.Spaces[:len(ds.Spaces)-1]
	broken := newSpace("broken", 0)
	broken.CreatedAt = time.Time{}
	ds.Spaces = append(ds.Spaces, broken)
	hub := hubtest.NewServer(ds, hubtest.Options{PageSize: 4})
	defer hub.Close()
	o := testOptions(hub)
	o.Members, o.Likers = true, true
	snap := collect(t, o)
	snap.Endpoint = "http://hubtest" // the port changes from run to run

	var buf bytes.Buffer
	if err := EncodeSnapshot(&buf, snap); err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "collect.golden", buf.Bytes())
}

func TestCollectPacing(t *testing.T) {
	// A small quota and a short window: without pacing, eight requests in
	// flight would run into 429s within the first window.
	hub := hubtest.NewServer(manySpaces(30),
		hubtest.Options{Quota: 15, ResolverQuota: 10, Window: time.Second})
	defer hub.Close()
	o := testOptions(hub)
	o.MaxRetries = -1 // a 429 would fail a Space rather than be retried away
	snap := collect(t, o)
	if n := hub.TooMany(); n != 0 {
		t.Errorf("hub sent %d 429s, want none", n)
	}
	if failed := snap.Failed(); len(failed) != 0 {
		t.Errorf("failed Spaces %v, want none", failed)
	}
	if len(snap.Spaces) != 30 {
		t.Errorf("collected %d Spaces, want 30", len(snap.Spaces))
	}
	if n := hub.MaxInFlight(); n > 8 {
		t.Errorf("hub saw %d requests in flight, want at most 8", n)
	}
}

func TestCollectListingDrift(t *testing.T) {
	// After the first page, the least liked Space becomes the most liked.
	// Sorted by likes, it would jump over the cursor and go unlisted.
	ds := &hubtest.Dataset{Org: testOrg}
	for i, name := range []string{"a", "b", "c", "d", "e", "f"} {
		sp := newSpace(name, 5-i)
		sp.CreatedAt = sp.CreatedAt.Add(time.Duration(i%3) * time.Hour) // ties too
		ds.Spaces = append(ds.Spaces, sp)
	}
	hub := hubtest.NewServer(ds, hubtest.Options{PageSize: 2})
	defer hub.Close()
	hub.Inject(hubtest.Fault{Route: hubtest.RouteList, Times: 1, Change: func(ds *hubtest.Dataset) {
		for i := range 9 {
			ds.Spaces[5].Likers = append(ds.Spaces[5].Likers, fmt.Sprintf("late-%d", i))
		}
	}})
	snap := collect(t, testOptions(hub))
	var got []string
	for _, sp := range snap.Spaces {
		got = append(got, strings.TrimPrefix(sp.ID, testOrg+"/"))
	}
	if want := []string{"a", "b", "c", "d", "e", "f"}; !slices.Equal(got, want) {
		t.Errorf("listed %v, want %v", got, want)
	}
	if n := hub.Requests(hubtest.RouteList); n != 3 {
		t.Errorf("list requests = %d, want 3 pages of 2", n)
	}
}

func TestCollectResetRoundedDown(t *testing.T) {
	// A Hub that rounds t down ends its window up to a second after
	// received + t; trusting t to the second would send the next window's
	// first requests into the spent one.
	hub := hubtest.NewServer(manySpaces(12), hubtest.Options{
		Quota: 8, Window: 2 * time.Second, RoundResetDown: true,
	})
	defer hub.Close()
	o := testOptions(hub)
	o.MaxRetries = -1 // a 429 would fail a Space rather than be retried away
	snap := collect(t, o)
	if n := hub.TooMany(); n != 0 {
		t.Errorf("hub sent %d 429s, want none", n)
	}
	if failed := snap.Failed(); len(failed) != 0 || len(snap.Spaces) != 12 {
		t.Errorf("collected %d Spaces, failed %v; want 12 and none", len(snap.Spaces), failed)
	}
}

func TestCollectDisabledRefused(t *testing.T) {
	// A Space the listing says is disabled may be refused with any 403:
	// that is a fact about it. The same 403 for another Space fails it.
	ds := manySpaces(4)
	ds.Spaces[2].Disabled = true
	hub := hubtest.NewServer(ds, hubtest.Options{})
	defer hub.Close()
	for _, i := range []int{1, 2} {
		id := ds.Spaces[i].ID
		hub.Inject(hubtest.Fault{Route: hubtest.RouteCommits, Space: id, Status: 403})
		hub.Inject(hubtest.Fault{Route: hubtest.RouteLikers, Space: id, Status: 403})
	}
	o := testOptions(hub)
	o.Likers = true
	snap := collect(t, o)
	if got, want := snap.Failed(), []string{ds.Spaces[1].ID}; !slices.Equal(got, want) {
		t.Errorf("Failed() = %v, want %v", got, want)
	}
	if sp := snap.Spaces[1]; !strings.Contains(sp.Error, "403 Forbidden") {
		t.Errorf("%s error = %q, want the 403", sp.ID, sp.Error)
	}
	sp := snap.Spaces[2]
	if sp.Error != "" || sp.Authors != nil || sp.Likers != nil || sp.Likes == 0 {
		t.Errorf("disabled %s = %+v, want no error, authors or likers, and its likes", sp.ID, sp)
	}
	// The other Space failed at its commits, before its likers.
	if n := hub.RequestsFor(sp.ID); n != 2 || hub.Requests(hubtest.RouteLikers) != 1 {
		t.Errorf("requests for %s = %d, likers requests %d; want its commits and likers",
			sp.ID, n, hub.Requests(hubtest.RouteLikers))
	}
}

func TestCollectPrevious(t *testing.T) {
	hub := hubtest.NewServer(manySpaces(12), hubtest.Options{})
	defer hub.Close()
	o := testOptions(hub)
	o.Members, o.Likers = true, true
	first := collect(t, o)

	// Nothing changed: only the listing and the members are fetched, and
	// the snapshot is the same.
	hub.ResetCounters()
	o.Previous = first
	second := collect(t, o)
	if got, want := hub.Total(), 2; got != want {
		t.Errorf("re-run made %d requests, want %d (list and members): %v", got, want, hub.Log())
	}
	if diff := cmp.Diff(first, second); diff != "" {
		t.Errorf("re-run snapshot differs (-first +second):\n%s", diff)
	}

	// A new commit refetches commits and the app file; a new like
	// refetches the likers only.
	hub.Update(func(ds *hubtest.Dataset) {
		sp := &ds.Spaces[1]
		sp.SHA = sha("new")
		head := hubtest.Commit{ID: sp.SHA, Authors: []string{"newcomer"}}
		sp.Commits = append([]hubtest.Commit{head}, sp.Commits...)
		ds.Spaces[2].Likers = append(ds.Spaces[2].Likers, "late-fan")
	})
	hub.ResetCounters()
	o.Previous = second
	third := collect(t, o)
	if got := hub.RequestsFor(testOrg + "/space-001"); got != 2 {
		t.Errorf("requests for the Space with a new commit = %d, want commits and resolve", got)
	}
	got := hub.RequestsFor(testOrg + "/space-002")
	if got != 1 || hub.Requests(hubtest.RouteLikers) != 1 {
		t.Errorf("requests for the Space with a new like = %d, want likers only", got)
	}
	if got := hub.Total(); got != 2+2+1 {
		t.Errorf("third run made %d requests, want 5", got)
	}
	if sp := third.Spaces[1]; !slices.Contains(sp.Authors, "newcomer") {
		t.Errorf("authors of %s = %v, want newcomer among them", sp.ID, sp.Authors)
	}
	if sp := third.Spaces[2]; !slices.Contains(sp.Likers, "late-fan") {
		t.Errorf("likers of %s = %v, want late-fan among them", sp.ID, sp.Likers)
	}
}

func TestCollectPreviousNeedsApp(t *testing.T) {
	// A previous run that did not check app files cannot stand in for one
	// that does.
	hub := hubtest.NewServer(manySpaces(3), hubtest.Options{})
	defer hub.Close()
	o := testOptions(hub)
	o.AppSDKs = nil
	first := collect(t, o)
	hub.ResetCounters()
	o.AppSDKs, o.Previous = []string{"Gradio"}, first
	second := collect(t, o)
	resolves, commits := hub.Requests(hubtest.RouteResolve), hub.Requests(hubtest.RouteCommits)
	if resolves != 3 || commits != 0 {
		t.Errorf("resolve requests = %d, commits = %d; want 3 and 0", resolves, commits)
	}
	if second.Spaces[0].App == nil || !second.Spaces[0].App.Blocks {
		t.Errorf("app check = %+v, want Blocks", second.Spaces[0].App)
	}
}

func TestCollectPreviousLikers(t *testing.T) {
	hub := hubtest.NewServer(manySpaces(6), hubtest.Options{})
	defer hub.Close()
	liked := 0
	for _, sp := range hub.Dataset().Spaces {
		if len(sp.Likers) > 0 {
			liked++
		}
	}
	if liked < 2 {
		t.Fatalf("dataset has %d liked Spaces, want 2 or more", liked)
	}
	o := testOptions(hub)
	first := collect(t, o)

	// A run without likers cannot stand in for one with them.
	hub.ResetCounters()
	o.Likers, o.Previous = true, first
	second := collect(t, o)
	if got := hub.Requests(hubtest.RouteLikers); got != liked || hub.Total() != 1+liked {
		t.Errorf("made %d likers requests of %d, want %d and the listing",
			got, hub.Total(), liked)
	}
	// With them, it can.
	hub.ResetCounters()
	o.Previous = second
	third := collect(t, o)
	if got := hub.Total(); got != 1 {
		t.Errorf("re-run made %d requests, want the listing only: %v", got, hub.Log())
	}
	if diff := cmp.Diff(second, third); diff != "" {
		t.Errorf("re-run snapshot differs (-second +third):\n%s", diff)
	}

	// A Space disabled since keeps its SHA and likes, but not its
	// likers: the Hub may now refuse them.
	var id string
	hub.Update(func(ds *hubtest.Dataset) {
		for i := range ds.Spaces {
			if len(ds.Spaces[i].Likers) > 0 {
				ds.Spaces[i].Disabled, id = true, ds.Spaces[i].ID
				return
			}
		}
	})
	hub.ResetCounters()
	o.Previous = third
	collect(t, o)
	if got := hub.Requests(hubtest.RouteLikers); got != 1 || hub.RequestsFor(id) != 2 {
		t.Errorf("for %s, disabled since, made %d requests (%d likers), "+
			"want its commits and likers", id, hub.RequestsFor(id), got)
	}
}

func TestCollectTokenNeverLeaks(t *testing.T) {
	const token = "hf_TopSecretTokenForTests"
	var foreign atomic.Int64
	elsewhere := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		foreign.Add(1)
	}))
	defer elsewhere.Close()

	hub := hubtest.NewServer(manySpaces(6), hubtest.Options{Token: token, Quota: 100})
	defer hub.Close()
	// Retries, failures, and a next link that leaves the endpoint.
	hub.Inject(hubtest.Fault{Route: hubtest.RouteCommits, Space: testOrg + "/space-000",
		Status: 503, Times: 1})
	hub.Inject(hubtest.Fault{Route: hubtest.RouteCommits, Space: testOrg + "/space-001",
		Status: 401})
	hub.Inject(hubtest.Fault{Route: hubtest.RouteLikers, ForeignNext: elsewhere.URL})
	hub.Inject(hubtest.Fault{Route: hubtest.RouteMembers, Status: 500})

	var logs bytes.Buffer
	o := testOptions(hub)
	o.Token, o.Members, o.Likers = token, true, true
	o.Logger = slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	snap := collect(t, o)
	var out bytes.Buffer
	if err := EncodeSnapshot(&out, snap); err != nil {
		t.Fatal(err)
	}
	if len(snap.Failed()) == 0 || snap.MembersError == "" {
		t.Fatalf("want failures to look into; got failed %v, members error %q",
			snap.Failed(), snap.MembersError)
	}
	for what, text := range map[string]string{"logs": logs.String(), "snapshot": out.String()} {
		if strings.Contains(text, token) {
			t.Errorf("the token appears in the %s:\n%s", what, text)
		}
	}
	for _, r := range hub.Log() {
		if r.Authorization != "Bearer "+token {
			t.Errorf("hub request %s had Authorization %q, want the token", r.Path, r.Authorization)
		}
	}
	if n := foreign.Load(); n != 0 {
		t.Errorf("the foreign host got %d requests, want 0", n)
	}
	if !strings.Contains(out.String(), "pagination link leaves the endpoint") {
		t.Errorf("snapshot does not explain the foreign link:\n%s", out.String())
	}

	// Nor in the error of a run that fails.
	hub.Inject(hubtest.Fault{Route: hubtest.RouteList, Status: 401})
	_, err := Collect(context.Background(), o)
	if err == nil || strings.Contains(err.Error(), token) {
		t.Errorf("failed run error = %v, want an error without the token", err)
	}
}

func TestCollectSpaceFailures(t *testing.T) {
	ds := manySpaces(6)
	ds.Spaces[3].Card["app_file"] = "../../etc/passwd"
	ds.Spaces[4].CreatedAt = time.Time{}
	// A one-second window keeps the wait after the 429 (which announces
	// r=0 until the window ends) short.
	hub := hubtest.NewServer(ds, hubtest.Options{Window: time.Second})
	defer hub.Close()
	space := func(i int) string { return fmt.Sprintf("%s/space-%03d", testOrg, i) }
	hub.Inject(hubtest.Fault{Route: hubtest.RouteCommits, Space: space(0), Status: 503})
	hub.Inject(hubtest.Fault{
		Route: hubtest.RouteResolve, Space: space(1), Truncate: true, Times: 1,
	})
	hub.Inject(hubtest.Fault{Route: hubtest.RouteCommits, Space: space(2), Malformed: true})
	hub.Inject(hubtest.Fault{Route: hubtest.RouteResolve, Space: space(5), Status: 429, Times: 1})
	o := testOptions(hub)
	o.MaxRetries = 2
	snap := collect(t, o)

	// Each failure names the Space, the request and what went wrong.
	wantErr := map[string][]string{
		"space-000": {"fetching the commits of Gradio-Blocks/space-000: GET " + hub.URL +
			"/api/spaces/Gradio-Blocks/space-000/commits/" + sha("space-000") +
			"?limit=1000: 503 Service Unavailable after 3 attempts"},
		"space-001": nil,
		"space-002": {"fetching the commits of Gradio-Blocks/space-002: GET " + hub.URL +
			"/api/spaces/Gradio-Blocks/space-002/commits/",
			": malformed response: invalid character"},
		"space-003": {`listing gave Gradio-Blocks/space-003: ` +
			`app_file "../../etc/passwd" is not a path inside the Space`},
		"space-004": {"listing gave Gradio-Blocks/space-004: createdAt: missing"},
		"space-005": nil,
	}
	for _, sp := range snap.Spaces {
		want := wantErr[strings.TrimPrefix(sp.ID, testOrg+"/")]
		if (sp.Error == "") != (len(want) == 0) || !containsAll(sp.Error, want) {
			t.Errorf("%s error:\ngot  %q\nwant %q", sp.ID, sp.Error, want)
		}
	}
	if got, want := snap.Failed(), []string{testOrg + "/space-000", testOrg + "/space-002",
		testOrg + "/space-003", testOrg + "/space-004"}; !slices.Equal(got, want) {
		t.Errorf("Failed() = %v, want %v", got, want)
	}
	if sp := snap.Spaces[1]; sp.App == nil || !sp.App.Blocks {
		t.Errorf("Space with a cut answer recovered to %+v, want a Blocks app", sp.App)
	}
	// Retried: the 503s (up to the limit), the cut answer and the 429.
	// Not retried: the malformed answer. Not sent: anything for a Space
	// the listing already condemned.
	requests := map[string]int{"space-000": 3, "space-001": 1 + 2, "space-002": 1,
		"space-003": 0, "space-004": 0, "space-005": 1 + 2}
	for name, n := range requests {
		if got := hub.RequestsFor(testOrg + "/" + name); got != n {
			t.Errorf("requests for %s = %d, want %d", name, got, n)
		}
	}
}

func TestCollectListingFails(t *testing.T) {
	tests := []struct {
		name  string
		fault hubtest.Fault
		want  error
	}{
		{"server error", hubtest.Fault{Route: hubtest.RouteList, Status: 500}, ErrServer},
		{"not found", hubtest.Fault{Route: hubtest.RouteList, Status: 404}, ErrNotFound},
		{"malformed", hubtest.Fault{Route: hubtest.RouteList, Malformed: true}, ErrBadResponse},
		{"loop", hubtest.Fault{Route: hubtest.RouteList, RepeatNext: true}, ErrLinkLoop},
		{"foreign", hubtest.Fault{Route: hubtest.RouteList,
			ForeignNext: "http://127.0.0.1:1"}, ErrForeignLink},
		{"foreign scheme", hubtest.Fault{Route: hubtest.RouteList,
			ForeignNext: "https://127.0.0.1"}, ErrForeignLink},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hub := hubtest.NewServer(manySpaces(4), hubtest.Options{PageSize: 2})
			defer hub.Close()
			hub.Inject(tt.fault)
			o := testOptions(hub)
			o.MaxRetries = 1
			snap, err := Collect(context.Background(), o)
			if !errors.Is(err, tt.want) || snap != nil {
				t.Errorf("Collect() = %v, %v; want nil, %v", snap, err, tt.want)
			}
			const prefix = "listing the spaces of Gradio-Blocks: "
			if err != nil && !strings.HasPrefix(err.Error(), prefix) {
				t.Errorf("error %q does not say what failed", err)
			}
			if n := hub.Requests(hubtest.RouteCommits); n != 0 {
				t.Errorf("made %d commits requests after the listing failed", n)
			}
		})
	}
}

func TestCollectMembersFail(t *testing.T) {
	hub := hubtest.NewServer(manySpaces(2), hubtest.Options{})
	defer hub.Close()
	hub.Inject(hubtest.Fault{Route: hubtest.RouteMembers, Status: 404})
	o := testOptions(hub)
	o.Members = true
	snap := collect(t, o)
	want := "fetching the members of Gradio-Blocks: GET " + hub.URL +
		"/api/organizations/Gradio-Blocks/members: 404 Not Found"
	if snap.MembersError != want || snap.Members != nil || len(snap.Spaces) != 2 {
		t.Errorf("members error = %q, members %v; want %q and the Spaces",
			snap.MembersError, snap.Members, want)
	}
}

func TestCollectCancelled(t *testing.T) {
	hub := hubtest.NewServer(manySpaces(40), hubtest.Options{Latency: 5 * time.Millisecond})
	defer hub.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	o := testOptions(hub)
	o.Progress = func(done, total int) {
		if done == 5 {
			cancel()
		}
	}
	snap, err := Collect(ctx, o)
	if err != context.Canceled || snap != nil {
		t.Errorf("Collect() after cancel = %v, %v; want nil, context.Canceled", snap, err)
	}
	if n := hub.Requests(hubtest.RouteCommits); n >= 40 {
		t.Errorf("made %d commits requests after cancel, want fewer than 40", n)
	}
}

func TestCollectProgress(t *testing.T) {
	hub := hubtest.NewServer(manySpaces(10), hubtest.Options{})
	defer hub.Close()
	o := testOptions(hub)
	var calls, last atomic.Int64
	o.Progress = func(done, total int) {
		calls.Add(1)
		if total != 10 {
			t.Errorf("Progress total = %d, want 10", total)
		}
		if done == 10 {
			last.Store(1)
		}
	}
	collect(t, o)
	if calls.Load() != 10 || last.Load() != 1 {
		t.Errorf("Progress called %d times (reached 10: %v), want 10 ending at 10",
			calls.Load(), last.Load() == 1)
	}
}

func TestCollectEmptyOrg(t *testing.T) {
	hub := hubtest.NewServer(&hubtest.Dataset{Org: testOrg}, hubtest.Options{})
	defer hub.Close()
	snap := collect(t, testOptions(hub))
	if len(snap.Spaces) != 0 || snap.Org != testOrg || !snap.CollectedAt.Equal(testNow) ||
		snap.Schema != 1 {
		t.Errorf("Collect() of an empty org = %+v", snap)
	}
}

func containsAll(s string, parts []string) bool {
	for _, p := range parts {
		if !strings.Contains(s, p) {
			return false
		}
	}
	return true
}

func TestCollectNoMembers(t *testing.T) {
	hub := hubtest.NewServer(&hubtest.Dataset{Org: testOrg}, hubtest.Options{})
	defer hub.Close()
	o := testOptions(hub)
	o.Members = true
	snap := collect(t, o)
	want := "fetching the members of Gradio-Blocks: the Hub listed none"
	if snap.MembersError != want {
		t.Errorf("members error = %q, want %q", snap.MembersError, want)
	}
}
