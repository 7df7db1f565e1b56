package report

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/spacejudge/spacejudge/score"
)

func TestCriterionSheets(t *testing.T) {
	cs := []score.CriterionInfo{
		{ID: "a", Name: "Most liked Spaces"},
		{ID: "b", Name: "CEO's pick: [best]/of*all?"},
		{ID: "c", Name: "A name far longer than thirty-one characters"},
		{ID: "d", Name: "A name far longer than thirty-one characters too"},
		{ID: "e", Name: "winners"},
		{ID: "f", Name: "History"},
		{ID: "g", Name: "'quoted'"},
		{ID: "staff", Name: " :/?*[] "},
		{ID: "", Name: ""},
		{ID: "h", Name: "most liked spaces"},
		{ID: "i", Name: "Ligne\nnouvelle\x07"},
	}
	want := []string{
		"Most liked Spaces",
		"CEO’s pick best of all",
		"A name far longer than thirty-o",
		"A name far longer than thir (2)",
		"winners (2)",
		"History (2)",
		"’quoted’",
		"staff",
		"Criterion 9",
		"most liked spaces (2)",
		"Ligne nouvelle",
	}
	if diff := cmp.Diff(want, criterionSheets(cs)); diff != "" {
		t.Errorf("criterionSheets() (-want +got):\n%s", diff)
	}
}

func TestCriterionFiles(t *testing.T) {
	cs := []score.CriterionInfo{{ID: "likes"}, {ID: "../../etc/passwd"}, {ID: "Likes"},
		{ID: "ceo's pick"}, {ID: "ceo_s_pick"}}
	want := []string{"criterion_likes.csv", "criterion_______etc_passwd.csv",
		"criterion_Likes_2.csv", "criterion_ceo_s_pick.csv", "criterion_ceo_s_pick_2.csv"}
	if diff := cmp.Diff(want, criterionFiles(cs)); diff != "" {
		t.Errorf("criterionFiles() (-want +got):\n%s", diff)
	}
}
