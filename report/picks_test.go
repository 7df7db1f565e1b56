package report

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"github.com/spacejudge/spacejudge/score"
)

// TestPickRows wants one row per pick, in Result order, with the Space
// linked when res.Spaces knows its URL and plain otherwise.
func TestPickRows(t *testing.T) {
	res := &score.Result{
		Spaces: []score.SpaceInfo{
			{ID: "Org/a", URL: "https://huggingface.co/spaces/Org/a"},
			{ID: "Org/b"},
			{ID: "Org/unpicked", URL: "https://huggingface.co/spaces/Org/unpicked"},
		},
		Picks: []score.Pick{
			{Line: 3, Criterion: "staff", Picker: "ann", SpaceID: "Org/a", Note: "=1+1"},
			{Line: 2, Criterion: "ceo", Picker: "bo", SpaceID: "Org/gone"},
			{Line: 4, Criterion: "staff", Picker: "cy", SpaceID: "Org/b"},
			{Line: 5, Criterion: "staff", Picker: "bo", SpaceID: "Org/a"},
		},
	}
	want := []pickRow{
		{Line: 3, Criterion: "staff", Picker: "ann",
			Space: spaceLink{id: "Org/a", url: "https://huggingface.co/spaces/Org/a"},
			Note:  "=1+1"},
		{Line: 2, Criterion: "ceo", Picker: "bo", Space: spaceLink{id: "Org/gone"}},
		{Line: 4, Criterion: "staff", Picker: "cy", Space: spaceLink{id: "Org/b"}},
		{Line: 5, Criterion: "staff", Picker: "bo",
			Space: spaceLink{id: "Org/a", url: "https://huggingface.co/spaces/Org/a"}},
	}
	got := slices.Collect(pickRows(res))
	if diff := cmp.Diff(want, got, cmp.AllowUnexported(spaceLink{})); diff != "" {
		t.Errorf("pickRows() (-want +got):\n%s", diff)
	}

	dir := t.TempDir()
	if err := Write(dir, res, Options{}); err != nil {
		t.Fatal(err)
	}
	wantCSV := [][]string{
		{"line", "criterion", "picker", "space", "note"},
		{"3", "staff", "ann", "Org/a", "'=1+1"},
		{"2", "ceo", "bo", "Org/gone", ""},
		{"4", "staff", "cy", "Org/b", ""},
		{"5", "staff", "bo", "Org/a", ""},
	}
	if diff := cmp.Diff(wantCSV, readCSV(t, filepath.Join(dir, "picks.csv"))); diff != "" {
		t.Errorf("picks.csv (-want +got):\n%s", diff)
	}
	f, err := excelize.OpenFile(filepath.Join(dir, fileBook))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for ref, formula := range map[string]string{
		"D2": `HYPERLINK("https://huggingface.co/spaces/Org/a","Org/a")`,
		"D3": "", "D4": "",
		"D5": `HYPERLINK("https://huggingface.co/spaces/Org/a","Org/a")`,
	} {
		got, err := f.GetCellFormula(sheetPicks, ref)
		if err != nil || got != formula {
			t.Errorf("Picks!%s formula = %q, %v; want %q", ref, got, err, formula)
		}
	}
}

// TestPicksSheetOrder wants the Picks sheet after Prizes, before Ballots,
// and a criterion named Picks to get a sheet of its own.
func TestPicksSheetOrder(t *testing.T) {
	res := &score.Result{Criteria: []score.CriterionInfo{{ID: "p", Name: "Picks"}},
		Rankings: []score.Ranking{{}}}
	var names []string
	for _, tb := range tables(res, nil) {
		names = append(names, tb.sheetName())
	}
	want := []string{sheetWinners, sheetLeaderboard, "Picks (2)", sheetPrizes, sheetPicks,
		sheetBallots, sheetIneligible, sheetParticipants}
	if diff := cmp.Diff(want, names); diff != "" {
		t.Errorf("sheets (-want +got):\n%s", diff)
	}
}

// TestPicksEmpty wants picks.csv and the Picks sheet written with their
// header alone when there are no picks, as ballots.csv is.
func TestPicksEmpty(t *testing.T) {
	dir := t.TempDir()
	if err := Write(dir, &score.Result{}, Options{}); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(dir, "picks.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if want := bom + "line,criterion,picker,space,note\r\n"; string(data) != want {
		t.Errorf("picks.csv = %q, want %q", data, want)
	}
	f, err := excelize.OpenFile(filepath.Join(dir, fileBook))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(sheetPicks)
	want := [][]string{{"Line", "Criterion", "Picker", "Space", "Note"}}
	if diff := cmp.Diff(want, rows); err != nil || diff != "" {
		t.Errorf("Picks sheet = %v (-want +got):\n%s", err, diff)
	}
}
