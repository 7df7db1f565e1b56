package hubtest_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode"

	"github.com/google/go-cmp/cmp"
	"github.com/spacejudge/spacejudge/collect/hubtest"
	"github.com/spacejudge/spacejudge/collect/hubtest/internal/demogen"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden files")

// generated runs the demo generator once for all the tests that need it.
func generated(t *testing.T) *demogen.Output {
	t.Helper()
	out, err := demogen.Generate()
	if err != nil {
		t.Fatalf("Generate() error: %v", err)
	}
	return out
}

func TestDemoFilesAreGenerated(t *testing.T) {
	out := generated(t)
	files := []struct {
		name     string
		got      []byte
		embedded []byte
	}{
		{"dataset.json", out.Dataset, nil},
		{"votes.csv", out.Votes, hubtest.DemoVotes()},
		{"picks.csv", out.Picks, hubtest.DemoPicks()},
	}
	for _, f := range files {
		disk, err := os.ReadFile(filepath.Join("demo", f.name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(f.got, disk) {
			t.Errorf("demo/%s differs from what the generator writes; run go generate "+
				"./collect/hubtest", f.name)
		}
		if f.embedded != nil && !bytes.Equal(f.embedded, disk) {
			t.Errorf("embedded %s differs from demo/%s", f.name, f.name)
		}
	}
	again := generated(t)
	if !bytes.Equal(out.Dataset, again.Dataset) || !bytes.Equal(out.Votes, again.Votes) ||
		!bytes.Equal(out.Picks, again.Picks) {
		t.Error("two generations differ")
	}
	var ds hubtest.Dataset
	if err := json.Unmarshal(out.Dataset, &ds); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(&ds, hubtest.Demo()); diff != "" {
		t.Errorf("Demo() differs from the generated dataset (-generated +Demo):\n%s", diff)
	}
}

func TestDemoIsAFreshCopy(t *testing.T) {
	a := hubtest.Demo()
	a.Spaces[0].Likers[0] = "changed"
	a.Spaces[0].Card["title"] = "changed"
	a.Spaces[0].Files["README.md"] = "changed"
	a.Spaces[0].Commits[0].Authors[0] = "changed"
	a.Members[0] = "changed"
	b := hubtest.Demo()
	if b.Spaces[0].Likers[0] == "changed" || b.Spaces[0].Card["title"] == "changed" ||
		b.Spaces[0].Files["README.md"] == "changed" ||
		b.Spaces[0].Commits[0].Authors[0] == "changed" || b.Members[0] == "changed" {
		t.Error("a change to one Demo() copy shows in the next")
	}
	v := hubtest.DemoVotes()
	v[0] = 'x'
	if hubtest.DemoVotes()[0] == 'x' {
		t.Error("DemoVotes() hands out the embedded bytes")
	}
}

// demoFacts pairs each demo Space with its manifest entry.
type demoFacts struct {
	ds    *hubtest.Dataset
	facts map[string]demogen.SpaceFacts
	byID  map[string]*hubtest.Space
	out   *demogen.Output
}

// generatedOnce is the generator's output shared by the tests that only
// read it.
var generatedOnce = sync.OnceValues(demogen.Generate)

func loadDemo(t *testing.T) *demoFacts {
	t.Helper()
	out, err := generatedOnce()
	if err != nil {
		t.Fatalf("Generate() error: %v", err)
	}
	d := &demoFacts{ds: hubtest.Demo(), facts: map[string]demogen.SpaceFacts{},
		byID: map[string]*hubtest.Space{}, out: out}
	for _, f := range d.out.Manifest.Spaces {
		d.facts[f.ID] = f
	}
	for i := range d.ds.Spaces {
		d.byID[d.ds.Spaces[i].ID] = &d.ds.Spaces[i]
	}
	if len(d.facts) != len(d.ds.Spaces) || len(d.byID) != len(d.ds.Spaces) {
		t.Fatalf("manifest has %d Spaces, dataset %d (%d distinct)", len(d.facts),
			len(d.ds.Spaces), len(d.byID))
	}
	return d
}

// inOrg reports whether a Space belongs to the demo organization.
func inOrg(sp *hubtest.Space) bool {
	return strings.HasPrefix(sp.ID, demogen.Org+"/")
}

// appFile returns the path of a Space's app file: the card's app_file,
// or the SDK's default.
func appFile(sp *hubtest.Space) string {
	if f, ok := sp.Card["app_file"].(string); ok {
		return f
	}
	if sp.SDK == "static" {
		return "index.html"
	}
	return "app.py"
}

// dataReasons works out from the data alone why a Space is ineligible
// under the default rules; whether an app builds Blocks comes from its
// style, which TestDemoAppStyles checks against the source.
func dataReasons(sp *hubtest.Space, style string) []string {
	var r []string
	add := func(cond bool, reason string) {
		if cond {
			r = append(r, reason)
		}
	}
	_, hasApp := sp.Files[appFile(sp)]
	_, dup := sp.Card["duplicated_from"]
	add(sp.ID == demogen.Org+"/README" || sp.ID == demogen.Org+"/Leaderboard",
		demogen.ReasonExcluded)
	add(sp.Private, demogen.ReasonPrivate)
	add(sp.Disabled, demogen.ReasonDisabled)
	add(sp.CreatedAt.Before(demogen.Opens) || !sp.CreatedAt.Before(demogen.Closes),
		demogen.ReasonCreated)
	add(sp.SDK != "gradio", demogen.ReasonSDK)
	add(sp.SDK == "gradio" && !hasApp, demogen.ReasonNoApp)
	add(sp.SDK == "gradio" && hasApp && !demogen.BlocksStyle(style), demogen.ReasonNotBlocks)
	add(slices.Contains(demogen.BrokenStages, sp.Stage), demogen.ReasonBroken)
	add(dup, demogen.ReasonDuplicate)
	return r
}

// people returns the distinct commit authors of sp other than system and
// the organization.
func people(sp *hubtest.Space) []string {
	var out []string
	for _, c := range sp.Commits {
		for _, a := range c.Authors {
			if a != "system" && a != demogen.Org && !slices.Contains(out, a) {
				out = append(out, a)
			}
		}
	}
	slices.Sort(out)
	return out
}

// hostile reports whether a title is one a spreadsheet or terminal must be
// protected from.
func hostile(title string) bool {
	if title == "" || len(title) > 500 || strings.ContainsAny(title, "|\n") {
		return true
	}
	if strings.ContainsAny(title[:1], "=+-@") {
		return true
	}
	return strings.ContainsFunc(title, func(r rune) bool {
		return unicode.IsControl(r) || r == '\u202e'
	})
}

func TestDemoVariety(t *testing.T) {
	d := loadDemo(t)
	count := map[string]int{}
	participants := map[string]bool{}
	staff := map[string]bool{}
	for _, m := range []string{"hollis-gradio", "mira-ogunleye", "tobias-lindqvist",
		"yuki-hartmann", "dana-okoro"} {
		staff[m] = true
	}
	lower := map[string]string{}
	for i := range d.ds.Spaces {
		sp := &d.ds.Spaces[i]
		f := d.facts[sp.ID]
		if prev, ok := lower[strings.ToLower(sp.ID)]; ok {
			t.Errorf("%s and %s differ only in case", prev, sp.ID)
		}
		lower[strings.ToLower(sp.ID)] = sp.ID
		checkHistory(t, sp)
		if !slices.Equal(people(sp), f.Authors) {
			t.Errorf("%s: authors %v, manifest says %v", sp.ID, people(sp), f.Authors)
		}
		if co := slices.Contains(f.Kinds, demogen.KindCoAuthored); co != (len(f.Authors) > 1) {
			t.Errorf("%s: co-authored %v, but %d authors", sp.ID, co, len(f.Authors))
		}
		if !inOrg(sp) {
			count["outside the org"]++
			continue
		}
		if got := dataReasons(sp, f.Style); !slices.Equal(got, f.Reasons) {
			t.Errorf("%s: data says ineligible for %q, manifest %q", sp.ID, got, f.Reasons)
		}
		tally(count, sp, f, staff)
		if sp.ID != demogen.Org+"/README" && sp.ID != demogen.Org+"/Leaderboard" {
			for _, a := range f.Authors {
				participants[a] = true
			}
		}
	}

	// Members: every staff member and about 60% of the participants.
	members := map[string]bool{}
	for _, m := range d.ds.Members {
		members[m] = true
	}
	for s := range staff {
		if !members[s] {
			t.Errorf("staff member %s is not an org member", s)
		}
		delete(participants, s)
	}
	for p := range participants {
		if members[p] {
			count["participants who are members"]++
		}
	}
	count["participants"] = len(participants)
	count["members"] = len(members)

	want := map[string]int{
		"spaces": 300, "outside the org": 1, "eligible": 209,
		"sdk gradio": 288, "sdk streamlit": 8, "sdk static": 4,
		"stage RUNNING": 227, "stage SLEEPING": 47, "stage PAUSED": 4, "stage STOPPED": 4,
		"stage BUILDING": 1, "stage APP_STARTING": 1, "stage RUNNING_BUILDING": 1,
		"stage BUILD_ERROR": 5, "stage RUNTIME_ERROR": 6, "stage CONFIG_ERROR": 2,
		"stage NO_APP_FILE":     2,
		"created before 16 May": 11, "created on 16 May": 29, "created on or after 1 June": 10,
		"hundreds of likes": 5, "no likes": 84, "self-liked": 18,
		"private": 3, "disabled": 2, "duplicated": 2, "hostile titles": 7,
		"card app_file not app.py": 3, "no app_file in card": 45, "app file missing": 3,
		"co-authored": 67, "commits with co-authors": 28, "staff-authored": 8,
		"org as commit author": 2, "more than 100 commits": 1, "more than 300 likers": 1,
		"participants": 167, "participants who are members": 100, "members": 117,
	}
	for style, n := range styleCounts(d) {
		count["style "+style] = n
	}
	for style, n := range map[string]int{
		demogen.StyleWith: 183, demogen.StyleWithArgs: 27, demogen.StyleAssign: 16,
		demogen.StyleModule: 6, demogen.StyleFromImport: 4, demogen.StyleAlias: 3,
		demogen.StyleInFunction: 4, demogen.StyleBlocksDecoyed: 1,
		demogen.StyleInterface: 24, demogen.StyleTabbed: 3, demogen.StyleLoad: 3,
		demogen.StyleComment: 3, demogen.StyleString: 3, demogen.StyleDocstring: 2,
		demogen.StyleCommentedOut: 2, demogen.StyleOtherFile: 1, demogen.StyleMissing: 3,
		demogen.StyleStreamlit: 8, demogen.StyleStatic: 4,
	} {
		want["style "+style] = n
	}
	logCounts(t, "demo Spaces", count)
	if diff := cmp.Diff(want, count); diff != "" {
		t.Errorf("demo variety (-want +got):\n%s", diff)
	}
	share := float64(count["participants who are members"]) / float64(count["participants"])
	if share < 0.55 || share > 0.65 {
		t.Errorf("%.2f of the participants are members, want about 0.6", share)
	}
	checkTwins(t, d)
}

// tally counts the varieties of one organization Space.
func tally(count map[string]int, sp *hubtest.Space, f demogen.SpaceFacts, staff map[string]bool) {
	count["spaces"]++
	inc := func(cond bool, key string) {
		if cond {
			count[key]++
		}
	}
	authors := people(sp)
	title, _ := sp.Card["title"].(string)
	appName, named := sp.Card["app_file"].(string)
	_, hasApp := sp.Files[appFile(sp)]
	_, dup := sp.Card["duplicated_from"]
	inc(len(f.Reasons) == 0, "eligible")
	count["sdk "+sp.SDK]++
	count["stage "+sp.Stage]++
	inc(sp.CreatedAt.Before(demogen.Opens), "created before 16 May")
	inc(!sp.CreatedAt.Before(demogen.Opens) &&
		sp.CreatedAt.Before(demogen.Opens.Add(24*time.Hour)), "created on 16 May")
	inc(!sp.CreatedAt.Before(demogen.Closes), "created on or after 1 June")
	inc(len(sp.Likers) >= 100, "hundreds of likes")
	inc(len(sp.Likers) == 0, "no likes")
	inc(slices.ContainsFunc(sp.Likers, func(u string) bool { return slices.Contains(authors, u) }),
		"self-liked")
	inc(sp.Private, "private")
	inc(sp.Disabled, "disabled")
	inc(dup, "duplicated")
	inc(hostile(title), "hostile titles")
	inc(named && appName != "app.py" && sp.SDK != "static", "card app_file not app.py")
	inc(!named && sp.SDK != "static", "no app_file in card")
	inc(!hasApp, "app file missing")
	inc(len(authors) > 1, "co-authored")
	for _, c := range sp.Commits {
		inc(len(c.Authors) > 1, "commits with co-authors")
	}
	inc(slices.ContainsFunc(authors, func(a string) bool { return staff[a] }), "staff-authored")
	inc(slices.ContainsFunc(sp.Commits, func(c hubtest.Commit) bool {
		return slices.Contains(c.Authors, demogen.Org)
	}), "org as commit author")
	inc(len(sp.Commits) > 100, "more than 100 commits")
	inc(len(sp.Likers) > 300, "more than 300 likers")
}

// checkHistory checks the commits of a Space: newest first, the head is
// the Space's sha and date, and the oldest is the system's initial commit.
func checkHistory(t *testing.T, sp *hubtest.Space) {
	t.Helper()
	c := sp.Commits
	if len(c) == 0 || sp.SHA != c[0].ID || !sp.LastModified.Equal(c[0].Date) {
		t.Errorf("%s: head %s at %v does not match its newest commit", sp.ID, sp.SHA,
			sp.LastModified)
		return
	}
	first := c[len(c)-1]
	if first.Title != "initial commit" || !slices.Equal(first.Authors, []string{"system"}) ||
		!first.Date.Equal(sp.CreatedAt) {
		t.Errorf("%s: first commit %+v", sp.ID, first)
	}
	for i := 1; i < len(c); i++ {
		if c[i].Date.After(c[i-1].Date) {
			t.Errorf("%s: commits not newest first at %d", sp.ID, i)
		}
	}
	if len(sp.MongoID) != 0 {
		t.Errorf("%s: MongoID %q is set; demo ids must come from the server", sp.ID, sp.MongoID)
	}
}

// checkTwins checks that the twins are equal on every ranking key.
func checkTwins(t *testing.T, d *demoFacts) {
	var twins []*hubtest.Space
	for _, f := range d.out.Manifest.Spaces {
		if slices.Contains(f.Kinds, demogen.KindTwin) {
			twins = append(twins, d.byID[f.ID])
			if len(f.Reasons) > 0 {
				t.Errorf("twin %s is ineligible: %v", f.ID, f.Reasons)
			}
		}
	}
	if len(twins) != 2 {
		t.Fatalf("%d twins, want 2", len(twins))
	}
	a, b := twins[0], twins[1]
	if !a.CreatedAt.Equal(b.CreatedAt) || !slices.Equal(a.Likers, b.Likers) {
		t.Errorf("twins %s and %s differ in creation or likers", a.ID, b.ID)
	}
	for _, sp := range twins {
		for _, au := range people(sp) {
			if slices.Contains(sp.Likers, au) {
				t.Errorf("twin %s is liked by its author %s", sp.ID, au)
			}
		}
	}
}

// logCounts logs a table of counts, sorted by key.
func logCounts(t *testing.T, title string, count map[string]int) {
	var b strings.Builder
	keys := make([]string, 0, len(count))
	for k := range count {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Fprintf(&b, "\n  %-34s %5d", k, count[k])
	}
	t.Logf("%s:%s", title, b.String())
}

// styleCounts counts the organization Spaces of each app style.
func styleCounts(d *demoFacts) map[string]int {
	n := map[string]int{}
	for _, sp := range d.ds.Spaces {
		if inOrg(&sp) {
			n[d.facts[sp.ID].Style]++
		}
	}
	return n
}

// blocksLines returns the lines of src that call Blocks, which a title
// such as "Emoji Predictor Blocks" does not.
func blocksLines(src string) []string {
	var out []string
	for l := range strings.Lines(src) {
		if strings.Contains(l, "Blocks(") {
			out = append(out, strings.TrimRight(l, "\n"))
		}
	}
	return out
}

// styleChecks says what the app file of each style looks like: what it
// holds, how many of its lines call Blocks(, and how those lines start.
var styleChecks = map[string]struct {
	has   []string
	calls int
	start string
}{
	demogen.StyleWith:          {[]string{"\nwith gr.Blocks() as demo:\n"}, 1, "with"},
	demogen.StyleWithArgs:      {[]string{"\nwith gr.Blocks(css="}, 1, "with"},
	demogen.StyleAssign:        {[]string{"\ndemo = gr.Blocks("}, 1, "demo ="},
	demogen.StyleModule:        {[]string{"import gradio\n", "with gradio.Blocks() as"}, 1, "with"},
	demogen.StyleFromImport:    {[]string{"from gradio import Blocks", "\nwith Blocks("}, 1, "with"},
	demogen.StyleAlias:         {[]string{"import gradio as grd\n", "with grd.Blocks("}, 1, "with"},
	demogen.StyleInFunction:    {[]string{"\n    with gr.Blocks() as demo:\n"}, 1, "with"},
	demogen.StyleBlocksDecoyed: {[]string{"with gr.Blocks() as demo:"}, 1, "with"},
	demogen.StyleInterface:     {[]string{"gr.Interface("}, 0, ""},
	demogen.StyleTabbed:        {[]string{"gr.TabbedInterface("}, 0, ""},
	demogen.StyleLoad:          {[]string{"gr.Interface.load("}, 0, ""},
	demogen.StyleComment:       {[]string{"gr.Interface("}, 1, "#"},
	demogen.StyleCommentedOut:  {[]string{"# with gr.Blocks() as demo:", "gr.Interface("}, 1, "#"},
	demogen.StyleString:        {[]string{"gr.Interface("}, 1, `article = "`},
	demogen.StyleDocstring:     {[]string{"gr.Interface("}, 1, "with"},
	demogen.StyleOtherFile:     {[]string{"from ui import demo"}, 0, ""},
	demogen.StyleStreamlit:     {[]string{"import streamlit as st\n"}, 0, ""},
	demogen.StyleStatic:        {[]string{"<!DOCTYPE html>"}, 0, ""},
}

func TestDemoAppStyles(t *testing.T) {
	d := loadDemo(t)
	for i := range d.ds.Spaces {
		sp := &d.ds.Spaces[i]
		style := d.facts[sp.ID].Style
		app, ok := sp.Files[appFile(sp)]
		if style == demogen.StyleMissing {
			if ok {
				t.Errorf("%s: style %s, but %s exists", sp.ID, style, appFile(sp))
			}
			continue
		}
		check, known := styleChecks[style]
		if !known || !ok {
			t.Errorf("%s: style %q, app file %s found %v", sp.ID, style, appFile(sp), ok)
			continue
		}
		calls := blocksLines(app)
		good := len(calls) == check.calls
		for _, h := range check.has {
			good = good && strings.Contains(app, h)
		}
		for _, l := range calls {
			good = good && strings.HasPrefix(strings.TrimSpace(l), check.start)
		}
		if !good || !styleExtras(style, app, sp) {
			t.Errorf("%s: %s does not look like style %s:\n%s", sp.ID, appFile(sp), style, app)
		}
	}
}

// styleExtras checks what the styles with a second file or a docstring
// need beyond styleChecks.
func styleExtras(style, app string, sp *hubtest.Space) bool {
	switch style {
	case demogen.StyleBlocksDecoyed:
		return appFile(sp) != "app.py" && len(blocksLines(sp.Files["app.py"])) == 0 &&
			strings.Contains(sp.Files["app.py"], "gr.Interface(")
	case demogen.StyleOtherFile:
		return strings.Contains(sp.Files["ui.py"], "with gr.Blocks() as demo:")
	case demogen.StyleDocstring:
		// The only Blocks call is inside the module docstring.
		doc, rest, ok := strings.Cut(strings.TrimPrefix(app, `"""`), `"""`)
		return strings.HasPrefix(app, `"""`) && ok && len(blocksLines(doc)) == 1 &&
			len(blocksLines(rest)) == 0
	}
	return true
}

// vote is one parsed line of the votes file.
type vote struct {
	line     int
	fields   []string
	at       time.Time
	voter    string
	category string
	space    string // the resolved Space ID, "" when unknown
	form     string // how the Space was written: id, name, NAME, url
}

// resolveSpace finds the organization Space a ballot names, the way SPEC §4
// allows: an id, a bare name or a Hub URL, in any case.
func resolveSpace(d *demoFacts, ref string) (id, form string) {
	name, form := ref, "id"
	switch {
	case strings.HasPrefix(ref, "https://huggingface.co/spaces/"):
		name, form = strings.TrimPrefix(ref, "https://huggingface.co/spaces/"), "url"
	case !strings.Contains(ref, "/"):
		name, form = demogen.Org+"/"+ref, "name"
	}
	for _, sp := range d.ds.Spaces {
		if inOrg(&sp) && strings.EqualFold(sp.ID, name) {
			if form == "name" && sp.ID != name {
				form = "name, other case"
			}
			return sp.ID, form
		}
	}
	return "", form
}

// classify gives one vote the status and reason SPEC §4 gives it, apart
// from superseding, which needs all the votes.
func classify(d *demoFacts, v *vote) (string, string) {
	switch {
	case len(v.fields) != 4 || v.voter == "" || v.at.IsZero():
		return demogen.StatusRejected, demogen.VoteMalformed
	case v.at.Before(demogen.Opens) || !v.at.Before(demogen.Closes):
		return demogen.StatusRejected, demogen.VoteOutsideWindow
	case v.category != "community" && v.category != "creative":
		return demogen.StatusRejected, demogen.VoteUnknownCategory
	case v.space == "":
		return demogen.StatusRejected, demogen.VoteUnknownSpace
	case len(d.facts[v.space].Reasons) > 0:
		return demogen.StatusRejected, demogen.VoteIneligible
	case slices.Contains(d.facts[v.space].Authors, v.voter):
		return demogen.StatusRejected, demogen.VoteSelf
	}
	return demogen.StatusCounted, ""
}

func TestDemoVotes(t *testing.T) {
	d := loadDemo(t)
	raw := hubtest.DemoVotes()
	if !bytes.HasPrefix(raw, []byte("\ufeff")) {
		t.Error("votes file has no byte order mark")
	}
	lines := strings.SplitAfter(string(raw), "\n")
	lines = lines[:len(lines)-1]
	for i, l := range lines {
		if !strings.HasSuffix(l, "\r\n") {
			t.Errorf("line %d does not end in CRLF: %q", i+1, l)
		}
	}
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(raw, []byte("\ufeff"))))
	r.FieldsPerRecord = -1
	records, err := r.ReadAll()
	if err != nil {
		t.Fatalf("votes file does not parse as CSV: %v", err)
	}
	if !slices.Equal(records[0], []string{"timestamp", "voter", "category", "space"}) {
		t.Errorf("header = %q", records[0])
	}
	if len(records) != len(lines) || len(records)-1 != len(d.out.Manifest.Votes) {
		t.Fatalf("%d records, %d lines, %d manifest entries", len(records), len(lines),
			len(d.out.Manifest.Votes))
	}

	// Classify every line independently and compare with the intent.
	votes := make([]*vote, 0, len(records)-1)
	for i, rec := range records[1:] {
		v := &vote{line: i + 2, fields: rec}
		if len(rec) == 4 {
			v.at, _ = time.Parse(time.RFC3339, rec[0])
			v.voter, v.category = rec[1], rec[2]
			v.space, v.form = resolveSpace(d, rec[3])
		}
		votes = append(votes, v)
	}
	status := make([]string, len(votes))
	reason := make([]string, len(votes))
	latest := map[string]*vote{}
	for i, v := range votes {
		status[i], reason[i] = classify(d, v)
		key := v.voter + "\x00" + v.category
		valid := status[i] == demogen.StatusCounted
		if valid && (latest[key] == nil || !v.at.Before(latest[key].at)) {
			latest[key] = v
		}
	}
	count := map[string]int{}
	members := map[string]bool{}
	for _, m := range d.ds.Members {
		members[m] = true
	}
	counted := map[string]int{}
	for i, v := range votes {
		if status[i] == demogen.StatusCounted && latest[v.voter+"\x00"+v.category] != v {
			status[i] = demogen.StatusSuperseded
		}
		m := d.out.Manifest.Votes[i]
		if m.Line != v.line || m.Status != status[i] ||
			(status[i] == demogen.StatusRejected && m.Reason != reason[i]) {
			t.Errorf("line %d %q: classified %s (%s), manifest says %s (%s)", v.line,
				v.fields, status[i], reason[i], m.Status, m.Reason)
		}
		count["status "+status[i]]++
		if reason[i] != "" {
			count["reason "+reason[i]]++
		}
		if v.form != "" && len(v.fields) == 4 {
			count["space written as "+v.form]++
		}
		if status[i] == demogen.StatusCounted {
			counted[v.category+" "+v.space]++
			if members[v.voter] {
				count["counted from members"]++
			} else {
				count["counted from non-members"]++
			}
		}
	}
	count["rows"] = len(votes)
	logCounts(t, "demo votes", count)
	want := map[string]int{
		"rows": 1456, "status counted": 1238, "status superseded": 79, "status rejected": 139,
		"reason malformed row": 14, "reason outside the voting window": 22,
		"reason unknown category": 28, "reason unknown Space": 12,
		"reason ineligible Space": 43, "reason self-vote": 20,
		"space written as id": 886, "space written as name": 211,
		"space written as name, other case": 139, "space written as url": 216,
		"counted from members": 133, "counted from non-members": 1105,
	}
	if diff := cmp.Diff(want, count); diff != "" {
		t.Errorf("demo votes (-want +got):\n%s", diff)
	}

	// The twins got the same counted votes.
	for _, cat := range []string{"community", "creative"} {
		a := counted[cat+" "+demogen.Org+"/haiku-garden"]
		b := counted[cat+" "+demogen.Org+"/haiku-forest"]
		if a != b || a == 0 {
			t.Errorf("twins have %d and %d counted %s votes, want equal and positive", a, b, cat)
		}
	}
}

func TestDemoPicks(t *testing.T) {
	d := loadDemo(t)
	r := csv.NewReader(bytes.NewReader(hubtest.DemoPicks()))
	records, err := r.ReadAll()
	if err != nil {
		t.Fatalf("picks file does not parse as CSV: %v", err)
	}
	if !slices.Equal(records[0], []string{"criterion", "picker", "space", "note"}) {
		t.Errorf("header = %q", records[0])
	}
	pickers := map[string]map[string]int{} // space -> picker -> rows
	comma := false
	for _, rec := range records[1:] {
		criterion, picker, space, note := rec[0], rec[1], rec[2], rec[3]
		if criterion != "staff_pick" {
			t.Errorf("criterion %q", criterion)
		}
		if f, ok := d.facts[space]; !ok || len(f.Reasons) > 0 {
			t.Errorf("pick of %s, which is unknown or ineligible", space)
		}
		if !slices.Contains(d.ds.Members, picker) {
			t.Errorf("picker %s is not an org member", picker)
		}
		if pickers[space] == nil {
			pickers[space] = map[string]int{}
		}
		pickers[space][picker]++
		comma = comma || strings.Contains(note, ",")
	}
	names := map[string]bool{}
	overlap, repeated := 0, 0
	for _, by := range pickers {
		for p, n := range by {
			names[p] = true
			if n > 1 {
				repeated++
			}
		}
		if len(by) > 1 {
			overlap++
		}
	}
	if n := len(records) - 1; n < 18 || n > 22 || len(names) != 3 || overlap < 3 ||
		repeated != 1 || !comma {
		t.Errorf("%d picks by %d pickers, %d Spaces picked by several, %d repeated, "+
			"note with a comma %v", n, len(names), overlap, repeated, comma)
	}
}

func TestDemoServed(t *testing.T) {
	ids := func() []string {
		s := start(t, hubtest.Demo(), hubtest.Options{PageSize: 40})
		items, resps := collect(t, s.URL+"/api/spaces?author="+demogen.Org+"&expand=likes")
		if len(items) != 300 || len(resps) != 8 {
			t.Errorf("listing gave %d Spaces in %d pages, want 300 in 8", len(items), len(resps))
		}
		var out []string
		for _, it := range items {
			out = append(out, it["id"].(string)+" "+it["_id"].(string))
		}
		slices.Sort(out)
		return out
	}
	got := ids()
	if again := ids(); !slices.Equal(got, again) {
		t.Error("two servers give the demo Spaces different _id")
	}
	golden := filepath.Join("testdata", "demo-ids.golden")
	text := strings.Join(got, "\n") + "\n"
	if *update {
		t.Logf("rewriting %s", golden)
		if err := os.WriteFile(golden, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(want), text); diff != "" {
		t.Errorf("demo ids changed (-%s +served); run with -update if intended:\n%s", golden, diff)
	}

	// The Spaces meant to need several pages do need them at small sizes.
	s := start(t, hubtest.Demo(), hubtest.Options{PageSize: 100})
	for _, p := range []string{"StyleGAN-Human/likers", "Codex_OpenAI/commits/main"} {
		_, resps := collect(t, s.URL+"/api/spaces/"+demogen.Org+"/"+p)
		if len(resps) < 3 {
			t.Errorf("%s took %d pages of 100", p, len(resps))
		}
	}
	resp, _ := get(t, s.URL+"/api/spaces/"+demogen.Org+"/README")
	if resp.StatusCode != http.StatusOK {
		t.Errorf("README Space: %d", resp.StatusCode)
	}
}
