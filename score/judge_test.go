package score

import (
	"errors"
	"math/big"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/spacejudge/spacejudge/collect"
)

func TestJudgeInputErrors(t *testing.T) {
	snap := testSnapshot(testSpace("a", "alice", 1), testSpace("b", "bob", 1))
	tests := []struct {
		name   string
		rules  func(r *Rules)
		in     Input
		file   string
		line   int
		reason string
	}{
		{name: "unknown criterion",
			in:   Input{Picks: []Pick{{Line: 4, Criterion: "ceo", Picker: "x", SpaceID: "a"}}},
			file: "picks.csv", line: 4, reason: `unknown criterion "ceo" (picks criteria: pick)`},
		{name: "criterion of another kind",
			in:   Input{Picks: []Pick{{Line: 2, Criterion: "likes", Picker: "x", SpaceID: "a"}}},
			file: "picks.csv", line: 2, reason: "criterion likes is a likes criterion"},
		{name: "unknown Space",
			in: Input{Picks: []Pick{
				{Line: 2, Criterion: "pick", Picker: "x", SpaceID: "a"},
				{Line: 3, Criterion: "PICK", Picker: "x", SpaceID: "Org/zz"},
			}},
			file: "picks.csv", line: 3, reason: `Space "Org/zz": no such Space`},
		{name: "empty picker",
			in:   Input{Picks: []Pick{{Line: 7, Criterion: "pick", SpaceID: "a"}}},
			file: "picks.csv", line: 7, reason: "field picker is empty"},
		{name: "invalid rules", rules: func(r *Rules) { r.TieBreak = []string{"age"} },
			file: "test", reason: `tie_break[0]: "age"`},
		{name: "Space listed twice",
			in:   Input{Snapshot: testSnapshot(testSpace("a", "x", 0), testSpace("A", "y", 0))},
			file: "snapshot", reason: "Space Org/a is listed twice"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := testRules()
			if tt.rules != nil {
				tt.rules(&r)
			}
			in := tt.in
			if in.Snapshot == nil {
				in.Snapshot = snap
			}
			in.PicksFile, in.HavePicks = "picks.csv", true
			_, err := Judge(r, in)
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Fatalf("Judge() error = %v, want an *InputError", err)
			}
			if ie.File != tt.file || ie.Line != tt.line ||
				!strings.Contains(err.Error(), tt.reason) {
				t.Errorf("Judge() error = %q (%s:%d), want %s:%d and %q", err, ie.File, ie.Line,
					tt.file, tt.line, tt.reason)
			}
		})
	}
}

func TestJudgeNoSnapshot(t *testing.T) {
	if _, err := Judge(testRules(), Input{}); err == nil {
		t.Error("Judge(no snapshot) succeeded, want an error")
	}
}

func TestJudgePicks(t *testing.T) {
	snap := testSnapshot(testSpace("a", "alice", 0), testSpace("b", "bob", 0))
	picks := []Pick{
		{Line: 1, Criterion: "pick", Picker: "Osanseviero", SpaceID: "a"},
		{Line: 2, Criterion: "pick", Picker: "osanseviero", SpaceID: "https://hf.co/spaces/Org/a"},
		{Line: 3, Criterion: "pick", Picker: "abidlabs", SpaceID: "Org/A"},
		{Line: 4, Criterion: "pick", Picker: "abidlabs", SpaceID: "b", Note: "n"},
	}
	res := judge(t, testRules(), Input{Snapshot: snap, Picks: picks, HavePicks: true})
	got := map[string]int{}
	for _, e := range res.Rankings[0].Entries {
		got[e.Space.ID] = e.Values[0]
	}
	if want := map[string]int{"Org/a": 2, "Org/b": 1}; !cmp.Equal(got, want) {
		t.Errorf("picks = %v, want %v (distinct pickers)", got, want)
	}
	ids := []string{}
	for _, p := range res.Picks {
		ids = append(ids, p.SpaceID)
	}
	if want := []string{"Org/a", "Org/a", "Org/a", "Org/b"}; !cmp.Equal(ids, want) {
		t.Errorf("Result.Picks Space ids = %q, want %q", ids, want)
	}
	if picks[1].SpaceID != "https://hf.co/spaces/Org/a" {
		t.Errorf("Judge() changed its input picks: %+v", picks[1])
	}
}

func TestJudgeScoreAndRanks(t *testing.T) {
	// likes (weight 1) and votes (weight 2); picks absent.
	snap := testSnapshot(
		testSpace("a", "alice", 10), // 10/10 + 2*0/2 = 1
		testSpace("b", "bob", 5),    // 5/10 + 2*1/1 = 5/2
		testSpace("c", "carol", 5),  // 5/10 + 2*1/1 = 5/2, tied with b
		testSpace("d", "dave", 0),   // 0
	)
	votes := []Ballot{
		ballot(2, "2022-05-20 10:00:00", "v1", "vote", "b"),
		ballot(3, "2022-05-20 10:00:00", "v2", "vote", "c"),
	}
	r := testRules()
	r.TieBreak = []string{"likes"}
	res := judge(t, r, Input{Snapshot: snap, Votes: votes, HaveVotes: true})
	type row struct {
		Rank   int
		Tied   bool
		ID     string
		Score  string
		Prizes []string
	}
	var got []row
	for _, e := range res.Leaderboard {
		got = append(got, row{e.Rank, e.Tied, e.Space.ID, e.Score.RatString(), e.Prizes})
	}
	want := []row{
		{1, true, "Org/b", "5/2", []string{"Gold", "Top 3"}},
		{1, true, "Org/c", "5/2", []string{"Gold", "Top 3"}},
		{3, false, "Org/a", "1", []string{"Top 3"}},
		{4, false, "Org/d", "0", nil},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Leaderboard mismatch (-want +got):\n%s", diff)
	}
	wantTies := []Tie{{Prize: "Gold", By: Overall, Rank: 1, Spaces: []string{"Org/b", "Org/c"}}}
	if diff := cmp.Diff(wantTies, res.Ties); diff != "" {
		t.Errorf("Ties mismatch (-want +got):\n%s", diff)
	}
	if w := res.Winners[0]; w.Tie != "tied at rank 1 with 1 other" || w.By != Overall {
		t.Errorf("Winners[0] = %+v, want a tie note on the overall ranking", w)
	}
	if c := res.Criteria[1]; c.Max != 10 || c.Weight.RatString() != "1" {
		t.Errorf("Criteria[1] = %+v, want max 10 and weight 1", c)
	}
}

func TestJudgeCriterionPrize(t *testing.T) {
	snap := testSnapshot(testSpace("a", "alice", 3), testSpace("b", "bob", 7),
		testSpace("c", "carol", 0))
	r := testRules()
	r.Prizes = []Prize{
		{Name: "Liked", By: "LIKES", From: 1, To: 3},
		{Name: "Gold", By: Overall, From: 1, To: 1},
	}
	res := judge(t, r, Input{Snapshot: snap})
	var got []string
	for _, w := range res.Winners {
		got = append(got, w.By+" "+w.Space.ID+" "+strings.Join(w.Prizes, "+"))
	}
	// Org/c has no likes, so it wins nothing although it ranks third.
	want := []string{"likes Org/b Liked", "likes Org/a Liked", "overall Org/b Gold"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Winners mismatch (-want +got):\n%s", diff)
	}
}

func TestJudgeAwardsAndParticipants(t *testing.T) {
	a := testSpace("a", "alice", 9)
	a.Authors = []string{"alice", "Staff"}
	b := testSpace("b", "alice", 8)
	c := testSpace("c", "carol", 7)
	staffOnly := testSpace("s", "staff", 6) // included, so it wins for nobody
	excluded := testSpace("x", "xavier", 0)
	private := testSpace("p", "paula", 0)
	private.Private = true
	failed := collect.Space{ID: "Org/f", Error: "timeout", Authors: []string{"fred"}}
	snap := testSnapshot(a, b, c, staffOnly, excluded, private, failed)

	r := testRules()
	r.Eligibility.IneligibleAuthors = []string{"STAFF"}
	r.Eligibility.Include = []string{"Org/s"}
	r.Eligibility.Exclude = []string{"Org/x"}
	r.Prizes = []Prize{
		{Name: "Top 4", By: Overall, From: 1, To: 4},
		{Name: "Badge", ToParticipants: true},
		{Name: "Sticker", ToParticipants: true},
	}
	res := judge(t, r, Input{Snapshot: snap})

	wantAwards := []Award{
		{User: "alice", Prize: "Top 4", Spaces: []string{"Org/a", "Org/b"}},
		{User: "alice", Prize: "Badge", Spaces: []string{"Org/a", "Org/b"}},
		{User: "alice", Prize: "Sticker", Spaces: []string{"Org/a", "Org/b"}},
		{User: "carol", Prize: "Top 4", Spaces: []string{"Org/c"}},
		{User: "carol", Prize: "Badge", Spaces: []string{"Org/c"}},
		{User: "carol", Prize: "Sticker", Spaces: []string{"Org/c"}},
		{User: "paula", Prize: "Badge", Spaces: []string{"Org/p"}},
		{User: "paula", Prize: "Sticker", Spaces: []string{"Org/p"}},
	}
	if diff := cmp.Diff(wantAwards, res.Awards); diff != "" {
		t.Errorf("Awards mismatch (-want +got):\n%s", diff)
	}
	badges := []string{"Badge", "Sticker"}
	wantParts := []Participant{
		{User: "alice", Spaces: []string{"Org/a", "Org/b"},
			EligibleSpaces: []string{"Org/a", "Org/b"}, Badges: badges},
		{User: "carol", Spaces: []string{"Org/c"}, EligibleSpaces: []string{"Org/c"},
			Badges: badges},
		{User: "paula", Spaces: []string{"Org/p"}, Badges: badges},
		{User: "staff", Spaces: []string{"Org/a", "Org/s"},
			EligibleSpaces: []string{"Org/a", "Org/s"}},
	}
	if diff := cmp.Diff(wantParts, res.Participants); diff != "" {
		t.Errorf("Participants mismatch (-want +got):\n%s", diff)
	}
	if !slices.ContainsFunc(res.Warnings, func(w string) bool {
		return strings.HasPrefix(w, "Org/s won prizes that go to nobody")
	}) {
		t.Errorf("Warnings = %q, want one about Org/s's prizes going to nobody", res.Warnings)
	}
	if s := res.Spaces[slices.IndexFunc(res.Spaces, func(s SpaceInfo) bool {
		return s.ID == "Org/s"
	})]; !s.Eligible || !strings.Contains(s.Note, "every author is ineligible (staff)") {
		t.Errorf("Org/s = %+v, want it eligible with a note keeping the overridden reason", s)
	}
}

func TestJudgeIneligibleList(t *testing.T) {
	failed := collect.Space{ID: "Org/f", CreatedAt: testDuring, SDK: "gradio", Error: "timeout"}
	private := testSpace("p", "paula", 0)
	private.Private = true
	snap := testSnapshot(testSpace("a", "alice", 0), failed, private)
	res := judge(t, testRules(), Input{Snapshot: snap})
	var got []string
	for _, in := range res.Ineligible {
		got = append(got, in.Space.ID+": "+strings.Join(in.Reasons, "; "))
	}
	want := []string{"Org/f: not collected: timeout", "Org/p: private"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Ineligible mismatch (-want +got):\n%s", diff)
	}
	if len(res.Spaces) != 3 || res.Spaces[1].Collected || res.Spaces[1].Error != "timeout" {
		t.Errorf("Spaces = %+v, want all three, Org/f not collected", res.Spaces)
	}
}

func TestJudgeWarnings(t *testing.T) {
	early := testSnapshot(testSpace("a", "alice", 0), collect.Space{ID: "Org/f", Error: "503"})
	early.CollectedAt = testDuring
	tests := []struct {
		name  string
		rules func(r *Rules)
		in    Input
		want  []string
	}{
		{name: "interim, no inputs",
			in: Input{Snapshot: early, Now: testDuring},
			want: []string{
				"collected 2022-05-20 12:00 UTC, before the event closed (2022-06-01 00:00 UTC): " +
					"this is an interim result",
				"voting is open until 2022-06-01 00:00 UTC: the votes may still change",
				"no votes file given: vote score 0 for every Space",
				"no picks file given: pick score 0 for every Space",
				"1 Space could not be collected and is not judged: Org/f",
				"prize Gold (overall, ranks 1-1): no Space with a value above 0 " +
					"holds those ranks, so nobody wins it",
				"prize Top 3 (overall, ranks 1-3): no Space with a value above 0 " +
					"holds those ranks, so nobody wins it",
			}},
		{name: "empty inputs and unknown names",
			rules: func(r *Rules) {
				r.Voting.Voters = VotersOrgMembers
				r.Criteria = append(r.Criteria, Criterion{ID: "vote2", Kind: KindVotes})
				r.Voting.Columns = &Columns{Timestamp: "T", Voter: "V",
					Categories: map[string]string{"vote2": "C"}}
				r.Eligibility.Include = []string{"Org/zz"}
				r.Eligibility.Exclude = []string{"Org/yy"}
				r.Prizes = nil
			},
			in: Input{Snapshot: testSnapshot(testSpace("a", "alice", 1)), HaveVotes: true,
				HavePicks: true},
			want: []string{
				"voters: org_members, but the members of Org are unknown (not collected): " +
					"every ballot is rejected",
				"voting.columns maps no column to vote: it gets no votes",
				"eligibility.include names Org/zz, which is not a Space of the snapshot",
				"eligibility.exclude names Org/yy, which is not a Space of the snapshot",
				"no picks of an eligible Space for pick",
				"no counted ballots for vote",
				"no counted ballots for vote2",
			}},
		{name: "another organization",
			rules: func(r *Rules) { r.Event.Org = "Gradio-Blocks"; r.Prizes = nil },
			in:    Input{Snapshot: testSnapshot(testSpace("a", "alice", 1)), Now: testCloses},
			want: []string{
				"the snapshot is of Org, but the rules are for Gradio-Blocks",
				"no votes file given: vote score 0 for every Space",
				"no picks file given: pick score 0 for every Space",
			}},
		{name: "nothing eligible",
			rules: func(r *Rules) { r.Prizes = nil },
			in: Input{Snapshot: testSnapshot(), HaveVotes: true, HavePicks: true,
				Now: testCloses},
			want: []string{
				"no picks of an eligible Space for pick",
				"no counted ballots for vote",
				"no Space is eligible: nobody wins a rank prize",
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := testRules()
			if tt.rules != nil {
				tt.rules(&r)
			}
			res := judge(t, r, tt.in)
			if diff := cmp.Diff(tt.want, res.Warnings); diff != "" {
				t.Errorf("Warnings mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestJudgeDeterministic judges the same Spaces and ballots in shuffled
// orders and checks that the results are equal: nothing may depend on the
// order of the snapshot or on map iteration.
func TestJudgeDeterministic(t *testing.T) {
	r := goldenRules(t)
	in := readGoldenInput(t, "testdata/event")
	want := judge(t, r, in)
	rng := rand.New(rand.NewPCG(1, 2))
	for range 5 {
		snap := *in.Snapshot
		snap.Spaces = slices.Clone(snap.Spaces)
		rng.Shuffle(len(snap.Spaces), func(i, j int) {
			snap.Spaces[i], snap.Spaces[j] = snap.Spaces[j], snap.Spaces[i]
		})
		shuffled := in
		shuffled.Snapshot = &snap
		got := judge(t, r, shuffled)
		if diff := cmp.Diff(want, got, cmp.Comparer(func(a, b *big.Rat) bool {
			return a.Cmp(b) == 0
		})); diff != "" {
			t.Fatalf("Judge() differs with the Spaces shuffled (-want +got):\n%s", diff)
		}
	}
}

func TestJudgeURLs(t *testing.T) {
	snap := testSnapshot(testSpace("a", "alice", 0))
	snap.Endpoint = "http://127.0.0.1:9999/"
	res := judge(t, testRules(), Input{Snapshot: snap})
	if got, want := res.Spaces[0].URL, "http://127.0.0.1:9999/spaces/Org/a"; got != want {
		t.Errorf("URL = %q, want %q", got, want)
	}
	if res.CollectedAt != snap.CollectedAt || res.Org != "Org" || res.RuleSet != "test" ||
		!res.Event.Closes.Equal(testCloses) || res.Endpoint != snap.Endpoint {
		t.Errorf("Result header = %+v, want the snapshot's and the rules'", res)
	}
}

func TestJudgeTieBreakByCreation(t *testing.T) {
	early, late := testSpace("z-early", "alice", 5), testSpace("a-late", "bob", 5)
	early.CreatedAt, late.CreatedAt = testDuring, testDuring.Add(time.Hour)
	res := judge(t, testRules(), Input{Snapshot: testSnapshot(late, early)})
	lb := res.Leaderboard
	if lb[0].Space.ID != "Org/z-early" || lb[0].Rank != 1 || lb[1].Rank != 2 || lb[0].Tied {
		t.Errorf("Leaderboard = %+v, want the earlier Space first and no tie", lb)
	}
}
