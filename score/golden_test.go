package score

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/spacejudge/spacejudge/collect"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden files")

// mustTime parses an RFC 3339 time for tests.
func mustTime(t testing.TB, s string) time.Time {
	t.Helper()
	at, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatal(err)
	}
	return at
}

// goldenRules are the rules of the golden event: the Blocks Party's, with
// an include, an ineligible author, a half weight and org-member voting,
// so that every rule has something to decide.
func goldenRules(t testing.TB) Rules {
	opens, closes := mustTime(t, "2022-05-16T00:00:00Z"), mustTime(t, "2022-06-01T00:00:00Z")
	return Rules{
		Name: "golden",
		Event: Event{Name: "Gradio Blocks Party", Org: "Gradio-Blocks", Opens: opens,
			Closes: closes},
		Eligibility: Eligibility{
			SDKs:              []string{"gradio"},
			RequireBlocks:     true,
			Exclude:           []string{"Gradio-Blocks/README", "Gradio-Blocks/Leaderboard"},
			Include:           []string{"gradio-blocks/zeta", "Gradio-Blocks/missing"},
			IneligibleAuthors: []string{"Gradio-Staff"},
			IgnoreAuthors:     []string{"system"},
			BrokenStages: []string{"BUILD_ERROR", "RUNTIME_ERROR", "CONFIG_ERROR",
				"NO_APP_FILE"},
			Duplicates: DuplicatesExclude,
		},
		Criteria: []Criterion{
			{ID: "staff_pick", Name: "Staff Picks", Kind: KindPicks},
			{ID: "likes", Name: "Most liked Spaces", Kind: KindLikes, ExcludeSelfLikes: true,
				Weight: big.NewRat(1, 1)},
			{ID: "community", Name: "Community Pick", Kind: KindVotes, Weight: big.NewRat(1, 1)},
			{ID: "creative", Name: "Most Creative Space", Kind: KindVotes,
				Weight: big.NewRat(1, 2)},
		},
		Voting: Voting{Opens: opens, Closes: closes, Method: MethodPlurality,
			Voters: VotersOrgMembers},
		TieBreak: []string{"likes", "community", "creative", "created_at"},
		Prizes: []Prize{
			{Name: "Hugging Face PRO, 1 year", By: Overall, From: 1, To: 1},
			{Name: "Swag", By: Overall, From: 1, To: 5},
			{Name: "Most liked", By: "likes", From: 1, To: 2},
			{Name: "Creative award", By: "creative", From: 1, To: 1},
			{Name: "Gradio badge", ToParticipants: true},
		},
	}
}

// readGoldenInput reads the snapshot, votes and picks of dir.
func readGoldenInput(t *testing.T, dir string) Input {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, "snapshot.json"))
	if err != nil {
		t.Fatal(err)
	}
	var snap collect.Snapshot
	if err := json.Unmarshal(data, &snap); err != nil {
		t.Fatal(err)
	}
	in := Input{Snapshot: &snap, Now: mustTime(t, "2022-06-02T10:00:00Z")}
	if f, err := os.Open(filepath.Join(dir, "votes.csv")); err == nil {
		defer f.Close()
		in.Votes, err = ReadVotes(f, "votes.csv", nil)
		if err != nil {
			t.Fatal(err)
		}
		in.HaveVotes = true
	}
	if f, err := os.Open(filepath.Join(dir, "picks.csv")); err == nil {
		defer f.Close()
		in.Picks, err = ReadPicks(f, "picks.csv")
		if err != nil {
			t.Fatal(err)
		}
		in.HavePicks, in.PicksFile = true, "picks.csv"
	}
	return in
}

func TestJudgeGolden(t *testing.T) {
	dir := filepath.Join("testdata", "event")
	res, err := Judge(goldenRules(t), readGoldenInput(t, dir))
	if err != nil {
		t.Fatalf("Judge() error: %v", err)
	}
	got := dumpResult(res)
	golden := filepath.Join(dir, "result.golden")
	if *update {
		t.Logf("rewriting %s", golden)
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("Judge() result differs from %s (-want +got):\n%s", golden, diff)
	}
}

// dumpResult writes every field of a Result as readable text, so that a
// golden file shows what the reports will show.
func dumpResult(r *Result) string {
	var b bytes.Buffer
	p := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }
	p("rule set: %s", r.RuleSet)
	p("event: %s (%s), %s to %s", r.Event.Name, r.Event.Org, fmtTime(r.Event.Opens),
		fmtTime(r.Event.Closes))
	p("collected: %s from %s, org %s", fmtTime(r.CollectedAt), r.Endpoint, r.Org)

	p("\ncriteria:")
	for _, c := range r.Criteria {
		p("  %s %q %s weight %s max %d", c.ID, c.Name, c.Kind, c.Weight.RatString(), c.Max)
	}
	p("\nspaces:")
	for _, s := range r.Spaces {
		p("  %s", dumpSpace(s))
		if s.Note != "" {
			p("    note: %s", s.Note)
		}
	}
	p("\nleaderboard:")
	dumpEntries(&b, r.Leaderboard)
	for _, rk := range r.Rankings {
		p("\nranking %s (max %d):", rk.Criterion.ID, rk.Criterion.Max)
		dumpEntries(&b, rk.Entries)
	}
	p("\nineligible:")
	for _, in := range r.Ineligible {
		p("  %s: %s", in.Space.ID, strings.Join(in.Reasons, "; "))
	}
	p("\nwinners:")
	for _, w := range r.Winners {
		p("  %s #%d %s score %s prizes [%s] tie %q", w.By, w.Rank, w.Space.ID, dumpRat(w.Score),
			strings.Join(w.Prizes, "; "), w.Tie)
	}
	p("\nties:")
	for _, t := range r.Ties {
		p("  %s (%s) at rank %d: %s", t.Prize, t.By, t.Rank, strings.Join(t.Spaces, ", "))
	}
	p("\nawards:")
	for _, a := range r.Awards {
		p("  %s: %s (%s)", a.User, a.Prize, strings.Join(a.Spaces, ", "))
	}
	p("\nparticipants:")
	for _, pt := range r.Participants {
		p("  %s spaces [%s] eligible [%s] badges [%s]", pt.User, strings.Join(pt.Spaces, ", "),
			strings.Join(pt.EligibleSpaces, ", "), strings.Join(pt.Badges, "; "))
	}
	p("\nballots:")
	for _, bl := range r.Ballots {
		p("  %d %q %q %q %q -> %q %s: %s", bl.Line, bl.Timestamp, bl.Voter, bl.Category,
			bl.Space, bl.SpaceID, bl.Status, bl.Reason)
	}
	p("\npicks:")
	for _, pk := range r.Picks {
		p("  %d %s %s %s %q", pk.Line, pk.Criterion, pk.Picker, pk.SpaceID, pk.Note)
	}
	p("\nwarnings:")
	for _, w := range r.Warnings {
		p("  %s", w)
	}
	return b.String()
}

func dumpSpace(s SpaceInfo) string {
	state := "ineligible"
	if s.Eligible {
		state = "eligible"
	}
	if !s.Collected {
		state += ", not collected: " + s.Error
	}
	return fmt.Sprintf("%s %q %s authors [%s] created %s likes %d %s", s.ID, s.Title, s.URL,
		strings.Join(s.Authors, ", "), fmtTime(s.CreatedAt), s.Likes, state)
}

func dumpEntries(b *bytes.Buffer, es []Entry) {
	for _, e := range es {
		tied := ""
		if e.Tied {
			tied = " (tied)"
		}
		fmt.Fprintf(b, "  %d%s %s score %s values %v prizes [%s]\n", e.Rank, tied, e.Space.ID,
			dumpRat(e.Score), e.Values, strings.Join(e.Prizes, "; "))
	}
}

// dumpRat shows a score as reports round it and as it is.
func dumpRat(r *big.Rat) string {
	return fmt.Sprintf("%s (%s)", r.FloatString(4), r.RatString())
}
