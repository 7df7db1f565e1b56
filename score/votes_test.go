package score

import (
	"encoding/csv"
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/google/go-cmp/cmp"
)

func TestReadVotesLong(t *testing.T) {
	in := "\uFEFFSpace, Timestamp ,VOTER,category,extra\r\n" +
		"Org/a,2022-05-20 10:00:00,alice,vote,x\r\n" +
		"\"Org/b\",\"2022-05-20 11:00:00\",\"bob\",\"vote\",\"y, z\"\r\n" +
		"\r\n" +
		"Org/c,2022-05-20 12:00:00,carol,vote\r\n" +
		"Org/d,never,dave,vote,\r\n" +
		",2022-05-20 12:00:00,erin,vote,\r\n" +
		"Org/e,2022-05-20 12:00:00,erin,,\r\n" +
		"Org/f,2022-05-20 12:00:00, ,vote,\r\n" +
		"Org/g,,gina,vote,\r\n" +
		"\"Org/h\nsecond line\",2022-05-20 12:00:00,hal,vote,\n" +
		"Org/i,2022-05-20 12:00:00,ivy,vote,a\"b\n" +
		"Org/j,2022-05-20 12:00:00,jo,vote,"
	got, err := ReadVotes(strings.NewReader(in), "votes.csv", nil)
	if err != nil {
		t.Fatalf("ReadVotes() error: %v", err)
	}
	rejected := func(line int, ts, voter, cat, space, reason string) Ballot {
		return Ballot{Line: line, Timestamp: ts, Voter: voter, Category: cat, Space: space,
			Status: StatusRejected, Reason: reason}
	}
	want := []Ballot{
		{Line: 2, Timestamp: "2022-05-20 10:00:00", Voter: "alice", Category: "vote",
			Space: "Org/a"},
		{Line: 3, Timestamp: "2022-05-20 11:00:00", Voter: "bob", Category: "vote", Space: "Org/b"},
		rejected(5, "2022-05-20 12:00:00", "carol", "vote", "Org/c",
			"line 5: 4 fields, but the header has 5"),
		rejected(6, "never", "dave", "vote", "Org/d",
			`line 6, field timestamp: "never" is `+errBadTime.Error()),
		rejected(7, "2022-05-20 12:00:00", "erin", "vote", "", "line 7, field space: empty"),
		rejected(8, "2022-05-20 12:00:00", "erin", "", "Org/e", "line 8, field category: empty"),
		rejected(9, "2022-05-20 12:00:00", " ", "vote", "Org/f", "line 9, field voter: empty"),
		rejected(10, "", "gina", "vote", "Org/g", "line 10, field timestamp: empty"),
		{Line: 11, Timestamp: "2022-05-20 12:00:00", Voter: "hal", Category: "vote",
			Space: "Org/h\nsecond line"},
		rejected(13, "2022-05-20 12:00:00", "ivy", "vote", "Org/i",
			`line 13: not valid CSV (bare " in non-quoted-field at column 37)`),
		{Line: 14, Timestamp: "2022-05-20 12:00:00", Voter: "jo", Category: "vote", Space: "Org/j"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ReadVotes() mismatch (-want +got):\n%s", diff)
	}
}

func TestReadVotesUnterminatedQuote(t *testing.T) {
	in := "timestamp,voter,category,space\n" +
		"2022-05-20 10:00:00,alice,vote,Org/a\n" +
		"2022-05-20 10:00:00,bob,vote,\"Org/b\n" +
		"2022-05-20 10:00:00,carol,vote,Org/c\n"
	got, err := ReadVotes(strings.NewReader(in), "votes.csv", nil)
	if err != nil {
		t.Fatalf("ReadVotes() error: %v", err)
	}
	if len(got) != 2 || got[1].Status != StatusRejected ||
		!strings.Contains(got[1].Reason, "lines 3 to 4 were read as one row") {
		t.Errorf("ReadVotes() = %+v, want the second row rejected as spanning lines 3 to 4", got)
	}
}

func TestReadVotesWide(t *testing.T) {
	cols := &Columns{
		Timestamp: "Timestamp",
		Voter:     "Your Hugging Face username",
		Categories: map[string]string{
			"community": "Community Pick",
			"creative":  "Most Creative Space",
		},
	}
	in := "Timestamp,Most Creative Space,Your Hugging Face username ,Community Pick,Email\n" +
		"2022/05/20 10:00:00,Org/a,@Alice,Org/b,a@example.com\n" +
		"2022/05/20 11:00:00,,bob,Org/c,\n" +
		"2022/05/20 12:00:00,,carol,,\n" +
		"soon,Org/d,dave,Org/e,\n" +
		"2022/05/20 12:00:00,Org/f,erin\n"
	got, err := ReadVotes(strings.NewReader(in), "form.csv", cols)
	if err != nil {
		t.Fatalf("ReadVotes() error: %v", err)
	}
	badTime := `"soon" is ` + errBadTime.Error()
	want := []Ballot{
		{Line: 2, Timestamp: "2022/05/20 10:00:00", Voter: "@Alice", Category: "creative",
			Space: "Org/a"},
		{Line: 2, Timestamp: "2022/05/20 10:00:00", Voter: "@Alice", Category: "community",
			Space: "Org/b"},
		{Line: 3, Timestamp: "2022/05/20 11:00:00", Voter: "bob", Category: "community",
			Space: "Org/c"},
		{Line: 4, Timestamp: "2022/05/20 12:00:00", Voter: "carol", Status: StatusRejected,
			Reason: "line 4: no category answered"},
		{Line: 5, Timestamp: "soon", Voter: "dave", Category: "creative", Space: "Org/d",
			Status: StatusRejected, Reason: "line 5, field Timestamp: " + badTime},
		{Line: 5, Timestamp: "soon", Voter: "dave", Category: "community", Space: "Org/e",
			Status: StatusRejected, Reason: "line 5, field Timestamp: " + badTime},
		{Line: 6, Timestamp: "2022/05/20 12:00:00", Voter: "erin", Status: StatusRejected,
			Reason: "line 6: 3 fields, but the header has 5"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ReadVotes() mismatch (-want +got):\n%s", diff)
	}
}

func TestReadVotesFileErrors(t *testing.T) {
	wide := &Columns{Timestamp: "When", Voter: "Who", Categories: map[string]string{"vote": "Pick"}}
	tests := []struct {
		name string
		in   string
		cols *Columns
		line int
		want string
	}{
		{"empty", "", nil, 0, "empty file"},
		{"only a BOM", "\uFEFF", nil, 0, "empty file"},
		{"missing column", "timestamp,voter,space\n", nil, 1, `no column "category"`},
		{"two missing", "when,who\n", nil, 1, `no column "timestamp"`},
		{"column twice", "timestamp,voter,category,space,Space\n", nil, 1,
			`column "space" appears twice`},
		{"bad header CSV", "timestamp,\"voter\n", nil, 1, "reading the header"},
		{"header not UTF-8", "timestamp,voter,category,sp\xffce\n", nil, 1, "not valid UTF-8"},
		{"row not UTF-8", "timestamp,voter,category,space\n2022-05-20 10:00:00,\xff,v,a\n", nil,
			2, "not valid UTF-8"},
		{"wide column absent", "When,Who,Other\n", wide, 1, `no column "Pick"`},
		{"wide mapping empty", "When,Who\n", &Columns{Timestamp: "When"}, 1,
			"column mapping needs"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadVotes(strings.NewReader(tt.in), "votes.csv", tt.cols)
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Fatalf("ReadVotes() error = %v, want an *InputError", err)
			}
			if ie.File != "votes.csv" || ie.Line != tt.line ||
				!strings.Contains(err.Error(), tt.want) {
				t.Errorf("ReadVotes() error = %q (line %d), want line %d and %q",
					err, ie.Line, tt.line, tt.want)
			}
		})
	}
}

func TestReadVotesHeaderOnly(t *testing.T) {
	got, err := ReadVotes(strings.NewReader("timestamp,voter,category,space\n"), "v.csv", nil)
	if err != nil || len(got) != 0 {
		t.Errorf("ReadVotes(header only) = %v, %v, want no ballots and no error", got, err)
	}
}

func TestReadVotesReadError(t *testing.T) {
	r := io.MultiReader(strings.NewReader("timestamp,voter,category,space\n2022"),
		iotest.ErrReader(errors.New("disk on fire")))
	_, err := ReadVotes(r, "v.csv", nil)
	var ie *InputError
	if err == nil || errors.As(err, &ie) || !strings.Contains(err.Error(), "disk on fire") {
		t.Errorf("ReadVotes(failing reader) error = %v, want an I/O error, not an *InputError", err)
	}
}

// TestReadVotesParseError checks that a CSV syntax error in the header stays
// reachable under the *InputError.
func TestReadVotesParseError(t *testing.T) {
	_, err := ReadVotes(strings.NewReader("timestamp,\"voter\n"), "votes.csv", nil)
	var ie *InputError
	var pe *csv.ParseError
	if !errors.As(err, &ie) || !errors.As(err, &pe) {
		t.Fatalf("ReadVotes() error = %v, want an *InputError wrapping a *csv.ParseError", err)
	}
	if !errors.Is(err, csv.ErrQuote) || pe.StartLine != 1 {
		t.Errorf("ReadVotes() error = %v, want csv.ErrQuote at line 1", err)
	}
}
