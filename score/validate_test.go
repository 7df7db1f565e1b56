package score

import (
	"errors"
	"fmt"
	"math/big"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestValidate(t *testing.T) {
	tests := []struct {
		name   string
		change func(r *Rules)
		want   string // empty when the rules are valid
	}{
		{"default", func(r *Rules) {}, ""},
		{"empty options mean defaults", func(r *Rules) {
			r.Eligibility.Duplicates, r.Voting.Method, r.Voting.Voters = "", "", ""
		}, ""},
		{"open windows", func(r *Rules) { r.Event = Event{}; r.Voting = Voting{} }, ""},
		{"event backwards", func(r *Rules) { r.Event.Closes = r.Event.Opens },
			"event.closes (2022-05-16 00:00 UTC) is not after event.opens"},
		{"voting backwards", func(r *Rules) { r.Voting.Opens = r.Voting.Closes.Add(time.Hour) },
			"voting.closes"},
		{"no criteria", func(r *Rules) { r.Criteria = nil; r.TieBreak = nil; r.Prizes = nil },
			"criteria: none given"},
		{"empty id", func(r *Rules) { r.Criteria[0].ID = "" }, "criteria[0]: id is empty"},
		{"reserved id", func(r *Rules) { r.Criteria[0].ID = "overall" },
			`id "overall" is reserved`},
		{"duplicate id", func(r *Rules) { r.Criteria[1].ID = "PICK" }, "used by another criterion"},
		{"unknown kind", func(r *Rules) { r.Criteria[0].Kind = "jury" },
			`kind "jury" is not one of`},
		{"negative weight", func(r *Rules) { r.Criteria[0].Weight = big.NewRat(-1, 2) },
			"weight -1/2 is below 0"},
		{"zero weight", func(r *Rules) { r.Criteria[0].Weight = new(big.Rat) }, ""},
		{"self likes on votes", func(r *Rules) { r.Criteria[2].ExcludeSelfLikes = true },
			"exclude_self_likes applies to likes criteria only"},
		{"unknown tie-break", func(r *Rules) { r.TieBreak = append(r.TieBreak, "age") },
			`tie_break[2]: "age" is neither created_at nor a criterion id`},
		{"tie-break case", func(r *Rules) { r.TieBreak = []string{"LIKES"} }, ""},
		{"prize by unknown", func(r *Rules) { r.Prizes[0].By = "hats" },
			`prizes[0] (Gold): by "hats" is neither overall nor a criterion id`},
		{"prize without by", func(r *Rules) { r.Prizes[0].By = "" }, "is neither overall"},
		{"prize ranks from 0", func(r *Rules) { r.Prizes[0].From = 0 }, "ranks 0-1"},
		{"prize ranks backwards", func(r *Rules) { r.Prizes[1].From = 4 }, "ranks 4-3"},
		{"prize without name", func(r *Rules) { r.Prizes[1].Name = " " },
			"prizes[1]: name is empty"},
		{"participant prize with ranks", func(r *Rules) { r.Prizes[2].From = 1 },
			"a prize to participants has no by or ranks"},
		{"duplicates", func(r *Rules) { r.Eligibility.Duplicates = "keep" },
			`eligibility.duplicates: "keep" is not one of exclude, allow`},
		{"method", func(r *Rules) { r.Voting.Method = "ranked" }, `voting.method: "ranked"`},
		{"voters", func(r *Rules) { r.Voting.Voters = "members" }, `voting.voters: "members"`},
		{"columns good", func(r *Rules) {
			r.Voting.Columns = &Columns{Timestamp: "T", Voter: "V",
				Categories: map[string]string{"vote": "C"}}
		}, ""},
		{"columns name no votes criterion", func(r *Rules) {
			r.Voting.Columns = &Columns{Timestamp: "T", Voter: "V",
				Categories: map[string]string{"likes": "C"}}
		}, `voting.columns.categories: "likes" is not a votes criterion`},
		{"columns share a header", func(r *Rules) {
			r.Voting.Columns = &Columns{Timestamp: "T", Voter: "V",
				Categories: map[string]string{"vote": "t"}}
		}, `column "t" is also mapped to timestamp`},
		{"columns empty", func(r *Rules) { r.Voting.Columns = &Columns{} },
			"timestamp and voter must both name a column"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := testRules()
			tt.change(&r)
			err := r.Validate()
			if tt.want == "" {
				if err != nil {
					t.Fatalf("Validate() error: %v", err)
				}
				return
			}
			var ie *InputError
			if !errors.As(err, &ie) || ie.File != "test" {
				t.Fatalf("Validate() error = %v, want an *InputError for test", err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Validate() error = %q, want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestValidateListsEveryProblem(t *testing.T) {
	r := testRules()
	r.Criteria[0].Kind = "jury"
	r.Prizes[0].By = "hats"
	err := r.Validate()
	if err == nil || !strings.Contains(err.Error(), "jury") ||
		!strings.Contains(err.Error(), "hats") {
		t.Errorf("Validate() error = %v, want both problems", err)
	}
}

func TestReservedIDs(t *testing.T) {
	// The words the reports use as keys or column names next to criterion
	// ids must all be reserved.
	for _, w := range []string{Overall, TieBreakCreatedAt, "rank", "space", "title", "authors",
		"score", "value", "url", "tied", "prizes", "tie", "by"} {
		if !slices.Contains(ReservedIDs, w) {
			t.Errorf("ReservedIDs = %q, want it to hold %q", ReservedIDs, w)
		}
	}
	for _, w := range ReservedIDs {
		for _, id := range []string{w, strings.ToUpper(w), " " + w} {
			r := testRules()
			r.Criteria[1].ID = id
			r.TieBreak = nil
			err := r.Validate()
			want := fmt.Sprintf("criteria[1] (%s): id %q is reserved", id, id)
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("Validate(criterion id %q) error = %v, want %q", id, err, want)
			}
		}
	}
	for _, id := range []string{"scores", "ranking", "space_pick", "likes"} {
		r := testRules()
		r.Criteria[1].ID = id
		r.TieBreak = []string{id}
		if err := r.Validate(); err != nil {
			t.Errorf("Validate(criterion id %q) error: %v", id, err)
		}
	}
}
