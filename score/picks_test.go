package score

import (
	"encoding/csv"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestReadPicks(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []Pick
	}{
		{"empty", "", nil},
		{"header only", "Criterion,Picker,Space,Note\n", nil},
		{"no header", "pick,osanseviero,Org/a\r\npick,abidlabs, a ,\"nice, really\"\r\n",
			[]Pick{
				{Line: 1, Criterion: "pick", Picker: "osanseviero", SpaceID: "Org/a"},
				{Line: 2, Criterion: "pick", Picker: "abidlabs", SpaceID: "a",
					Note: "nice, really"},
			}},
		{"header of three", "\uFEFFcriterion,picker,space\n\npick,x,Org/a\n",
			[]Pick{{Line: 3, Criterion: "pick", Picker: "x", SpaceID: "Org/a"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ReadPicks(strings.NewReader(tt.in), "picks.csv")
			if err != nil {
				t.Fatalf("ReadPicks() error: %v", err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ReadPicks() mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestReadPicksErrors(t *testing.T) {
	tests := []struct {
		name string
		in   string
		line int
		want string
	}{
		{"two fields", "pick,x,Org/a\npick,x\n", 2, "2 fields"},
		{"five fields", "pick,x,Org/a,note,more\n", 1, "5 fields"},
		{"empty criterion", " ,x,Org/a\n", 1, "field criterion is empty"},
		{"empty picker", "pick,@,Org/a\n", 1, "field picker is empty"},
		{"empty space", "pick,x,\n", 1, "field space is empty"},
		{"bad quote", "pick,x,Org/a\npick,x\"y,Org/b\n", 2, "not valid CSV"},
		{"not UTF-8", "pick,\xfe,Org/a\n", 1, "not valid UTF-8"},
		{"header in the middle is data", "pick,x,Org/a\ncriterion,picker\n", 2, "2 fields"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadPicks(strings.NewReader(tt.in), "picks.csv")
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Fatalf("ReadPicks() error = %v, want an *InputError", err)
			}
			if ie.File != "picks.csv" || ie.Line != tt.line ||
				!strings.Contains(err.Error(), tt.want) {
				t.Errorf("ReadPicks() error = %q, want picks.csv line %d and %q", err, tt.line,
					tt.want)
			}
		})
	}
}

// TestReadPicksParseError checks that a CSV syntax error stays reachable
// under the *InputError, for callers that want its line and column.
func TestReadPicksParseError(t *testing.T) {
	_, err := ReadPicks(strings.NewReader("pick,x,Org/a\npick,x\"y,Org/b\n"), "picks.csv")
	var ie *InputError
	var pe *csv.ParseError
	if !errors.As(err, &ie) || !errors.As(err, &pe) {
		t.Fatalf("ReadPicks() error = %v, want an *InputError wrapping a *csv.ParseError", err)
	}
	if pe.StartLine != 2 || ie.Line != 2 {
		t.Errorf("ReadPicks() error at line %d (*csv.ParseError line %d), want 2", ie.Line,
			pe.StartLine)
	}
}
