package score

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// A badPick is a pick that judging refuses, with the problem its error
// must name.
type badPick struct {
	name   string
	pick   Pick
	reason string
}

// badPicks are picks that no snapshot can make valid.
var badPicks = []badPick{
	{"unknown criterion", Pick{Line: 4, Criterion: "ceo", Picker: "x", SpaceID: "a"},
		`unknown criterion "ceo" (picks criteria: pick)`},
	{"criterion of another kind", Pick{Line: 2, Criterion: "likes", Picker: "x", SpaceID: "a"},
		"criterion likes is a likes criterion, not a picks one (picks criteria: pick)"},
	{"empty picker", Pick{Line: 7, Criterion: "pick", SpaceID: "a"}, "field picker is empty"},
	{"empty criterion", Pick{Line: 3, Picker: "x", SpaceID: "a"}, "field criterion is empty"},
	{"empty space", Pick{Line: 5, Criterion: "pick", Picker: "x"}, "field space is empty"},
}

func TestCheckPicks(t *testing.T) {
	good := []Pick{
		{Line: 1, Criterion: "pick", Picker: "x", SpaceID: "a"},
		// The Space cannot be checked without a snapshot.
		{Line: 2, Criterion: " PICK ", Picker: "y", SpaceID: "Org/created-later"},
	}
	if err := CheckPicks(testRules(), good, "picks.csv"); err != nil {
		t.Errorf("CheckPicks(good picks) error: %v", err)
	}
	if err := CheckPicks(testRules(), nil, "picks.csv"); err != nil {
		t.Errorf("CheckPicks(no picks) error: %v", err)
	}
	for _, tt := range badPicks {
		t.Run(tt.name, func(t *testing.T) {
			picks := append(good[:1:1], tt.pick, Pick{Line: 99, Criterion: "ceo"})
			err := CheckPicks(testRules(), picks, "picks.csv")
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Fatalf("CheckPicks() error = %v, want an *InputError", err)
			}
			if ie.File != "picks.csv" || ie.Line != tt.pick.Line ||
				!strings.Contains(err.Error(), tt.reason) {
				t.Errorf("CheckPicks() error = %q, want picks.csv:%d and %q", err, tt.pick.Line,
					tt.reason)
			}
		})
	}
}

// TestCheckPicksAsJudge checks that CheckPicks refuses a pick with exactly
// the error Judge gives for it.
func TestCheckPicksAsJudge(t *testing.T) {
	snap := testSnapshot(testSpace("a", "alice", 1))
	for _, file := range []string{"picks.csv", ""} {
		for _, tt := range badPicks {
			picks := []Pick{tt.pick}
			checked := CheckPicks(testRules(), picks, file)
			_, judged := Judge(testRules(), Input{Snapshot: snap, Picks: picks, HavePicks: true,
				PicksFile: file})
			if checked == nil || judged == nil || checked.Error() != judged.Error() {
				t.Errorf("%s, file %q: CheckPicks() error = %v, Judge() error = %v, "+
					"want the same error", tt.name, file, checked, judged)
			}
		}
	}
	err := CheckPicks(testRules(), []Pick{badPicks[0].pick}, "")
	if !strings.HasPrefix(err.Error(), "picks:4: ") {
		t.Errorf("CheckPicks(file \"\") error = %q, want it to name picks:4", err)
	}
}

func TestJudgeSkipUnknownPickedSpaces(t *testing.T) {
	snap := testSnapshot(testSpace("a", "alice", 1), testSpace("b", "bob", 1))
	picks := []Pick{
		{Line: 2, Criterion: "pick", Picker: "x", SpaceID: "a"},
		{Line: 3, Criterion: "pick", Picker: "x", SpaceID: "Org/new"},
		{Line: 4, Criterion: "pick", Picker: "y", SpaceID: "https://hf.co/spaces/Org/newer"},
		{Line: 5, Criterion: "pick", Picker: "y", SpaceID: "Org/new"},
		{Line: 6, Criterion: "pick", Picker: "y", SpaceID: "Org/b"},
	}
	in := Input{Snapshot: snap, Picks: picks, HavePicks: true, PicksFile: "picks.csv",
		HaveVotes: true}

	t.Run("without", func(t *testing.T) {
		_, err := Judge(testRules(), in)
		var ie *InputError
		if !errors.As(err, &ie) || ie.File != "picks.csv" || ie.Line != 3 ||
			!strings.Contains(err.Error(), `Space "Org/new": no such Space`) {
			t.Errorf("Judge() error = %v, want picks.csv:3 naming Org/new", err)
		}
	})

	t.Run("with", func(t *testing.T) {
		in := in
		in.SkipUnknownPickedSpaces = true
		res := judge(t, testRules(), in)
		var lines []int
		for _, p := range res.Picks {
			lines = append(lines, p.Line)
		}
		if want := []int{2, 6}; !cmp.Equal(lines, want) {
			t.Errorf("Result.Picks lines = %v, want %v", lines, want)
		}
		values := map[string]int{}
		for _, e := range res.Rankings[0].Entries {
			values[e.Space.ID] = e.Values[0]
		}
		if want := map[string]int{"Org/a": 1, "Org/b": 1}; !cmp.Equal(values, want) {
			t.Errorf("pick values = %v, want %v", values, want)
		}
		want := "3 picks name Spaces that are not in the snapshot and are left out " +
			"(picks.csv, lines 3, 4, 5): Org/new, https://hf.co/spaces/Org/newer"
		if !cmp.Equal(res.Warnings[:1], []string{want}) {
			t.Errorf("Warnings = %q, want %q first", res.Warnings, want)
		}
	})

	t.Run("one pick", func(t *testing.T) {
		in := Input{Snapshot: snap, Picks: picks[1:2], HavePicks: true, HaveVotes: true,
			SkipUnknownPickedSpaces: true}
		res := judge(t, testRules(), in)
		want := "1 pick names a Space that is not in the snapshot and is left out " +
			"(picks, line 3): Org/new"
		if !cmp.Equal(res.Warnings[:1], []string{want}) || len(res.Picks) != 0 {
			t.Errorf("Warnings = %q, Picks = %v, want %q first and no picks", res.Warnings,
				res.Picks, want)
		}
	})
}

// TestJudgeSkipUnknownPickedSpacesStillChecks checks that the option
// leaves out only the picks of Spaces missing from the snapshot: every
// other bad pick still stops judging.
func TestJudgeSkipUnknownPickedSpacesStillChecks(t *testing.T) {
	other := testSpace("beta", "bob", 1)
	other.ID = "Other/beta"
	snap := testSnapshot(testSpace("beta", "alice", 1), other)
	tests := []badPick{
		{"foreign URL", Pick{Line: 8, Criterion: "pick", Picker: "x",
			SpaceID: "https://example.com/spaces/Org/new"}, "not a Space URL on the Hub"},
		{"ambiguous name", Pick{Line: 9, Criterion: "pick", Picker: "x", SpaceID: "beta"},
			"shared by Spaces of several owners"},
	}
	tests = append(tests, badPicks...)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			picks := []Pick{
				{Line: 1, Criterion: "pick", Picker: "x", SpaceID: "Org/new"},
				tt.pick,
			}
			_, err := Judge(testRules(), Input{Snapshot: snap, Picks: picks, HavePicks: true,
				PicksFile: "picks.csv", SkipUnknownPickedSpaces: true})
			var ie *InputError
			if !errors.As(err, &ie) || ie.Line != tt.pick.Line ||
				!strings.Contains(err.Error(), tt.reason) {
				t.Errorf("Judge() error = %v, want picks.csv:%d and %q", err, tt.pick.Line,
					tt.reason)
			}
		})
	}
}
