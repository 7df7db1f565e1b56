package score

import (
	"bytes"
	"encoding/csv"
	"errors"
	"os"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/spacejudge/spacejudge/collect"
)

// fuzzCols is the wide form mapping of the fuzz tests.
var fuzzCols = &Columns{Timestamp: "When", Voter: "Who",
	Categories: map[string]string{"vote": "Pick", "likes": "Liked"}}

// checkBallots fails when ballots break what ReadVotes promises: lines in
// file order and every ballot either pending or rejected with a reason
// naming its line. Then it judges them and checks that each ends in exactly
// one final status with a reason.
func checkBallots(t *testing.T, ballots []Ballot) {
	t.Helper()
	last := 0
	for _, b := range ballots {
		if b.Line < last || b.Line < 2 {
			t.Fatalf("ballot line %d after line %d", b.Line, last)
		}
		last = b.Line
		switch b.Status {
		case "":
		case StatusRejected:
			if !strings.HasPrefix(b.Reason, "line ") {
				t.Fatalf("rejected ballot without its line: %+v", b)
			}
		default:
			t.Fatalf("ReadVotes gave status %q", b.Status)
		}
	}
	snap := testSnapshot(testSpace("a", "alice", 1), testSpace("b", "bob", 2))
	res, err := Judge(testRules(), Input{Snapshot: snap, Votes: ballots, HaveVotes: true})
	if err != nil {
		t.Fatalf("Judge() error: %v", err)
	}
	if len(res.Ballots) != len(ballots) {
		t.Fatalf("Judge() gave %d ballots for %d", len(res.Ballots), len(ballots))
	}
	for i, b := range res.Ballots {
		ok := b.Status == StatusCounted || b.Status == StatusSuperseded ||
			b.Status == StatusRejected
		if !ok || b.Reason == "" || b.Line != ballots[i].Line {
			t.Fatalf("judged ballot %+v, want one final status with a reason", b)
		}
	}
}

func FuzzReadVotes(f *testing.F) {
	f.Add([]byte("timestamp,voter,category,space\n2022-05-20 10:00:00,v,vote,a\n"), false)
	f.Add([]byte("\uFEFFspace,Voter,x,category,timestamp\r\na,v,,vote,2022/05/20 10:00:00\r\n"+
		"b,v,\"q\"\"\",vote,2022-05-21T00:00:00Z\r\n\"c\nd\",w,,vote,x\r\n"), false)
	f.Add([]byte("When,Who,Pick,Liked\n2022-05-20 10:00:00,v,a,b\n2022-05-20 10:00:00,w,,\n"), true)
	f.Add([]byte("When,Who,Pick,Liked\n2022-05-20 10:00:00,v,\"a\n"), true)
	if data, err := os.ReadFile("testdata/event/votes.csv"); err == nil {
		f.Add(data, false)
	}
	f.Fuzz(func(t *testing.T, data []byte, wide bool) {
		cols := (*Columns)(nil)
		if wide {
			cols = fuzzCols
		}
		ballots, err := ReadVotes(bytes.NewReader(data), "votes.csv", cols)
		if err != nil {
			var ie *InputError
			if !errors.As(err, &ie) || ie.File != "votes.csv" {
				t.Fatalf("ReadVotes() error = %v, want an *InputError naming the file", err)
			}
			return
		}
		checkBallots(t, ballots)
	})
}

// FuzzReadVotesRows writes rows from fuzzed fields as valid CSV and checks
// that every row ends in exactly one ballot per answered category: one
// ballot per row in long form; in wide form one per non-empty category
// cell, or a single rejected one when the row answers none.
func FuzzReadVotesRows(f *testing.F) {
	f.Add("2022-05-20 10:00:00", "voter", "vote", "Org/a", "b", uint8(3), false)
	f.Add("", " ", "x\ny", "\"", "", uint8(5), true)
	f.Add("2022/05/20 10:00:00", "@v", "Community Pick", "https://hf.co/spaces/Org/b", "",
		uint8(2), true)
	f.Fuzz(func(t *testing.T, ts, voter, cat, space, other string, n uint8, wide bool) {
		fields := []string{ts, voter, cat, space, other}
		var buf bytes.Buffer
		w := csv.NewWriter(&buf)
		header := []string{"timestamp", "voter", "category", "space"}
		var cols *Columns
		if wide {
			header, cols = []string{"When", "Who", "Pick", "Liked"}, fuzzCols
		}
		w.Write(header)
		wantBallots, valid := 0, true
		for i := range int(n % 8) {
			// Rotate the fields so that each row differs.
			row := make([]string, 4)
			for j := range row {
				row[j] = fields[(i+j)%len(fields)]
			}
			w.Write(row)
			wantBallots += ballotsOfRow(row, wide)
			for _, cell := range row {
				valid = valid && utf8.ValidString(cell)
			}
		}
		w.Flush()

		ballots, err := ReadVotes(&buf, "votes.csv", cols)
		if !valid {
			if err == nil {
				t.Fatalf("ReadVotes() read invalid UTF-8 without an error")
			}
			return
		}
		if err != nil {
			t.Fatalf("ReadVotes() error: %v", err)
		}
		if len(ballots) != wantBallots {
			t.Fatalf("ReadVotes() gave %d ballots, want %d: %+v", len(ballots), wantBallots,
				ballots)
		}
		checkBallots(t, ballots)
	})
}

// ballotsOfRow returns how many ballots a row must give.
func ballotsOfRow(row []string, wide bool) int {
	if !wide {
		return 1
	}
	n := 0
	for _, cell := range row[2:] {
		if strings.TrimSpace(cell) != "" {
			n++
		}
	}
	return max(n, 1)
}

func FuzzReadPicks(f *testing.F) {
	f.Add([]byte("criterion,picker,space,note\npick,x,Org/a,great\n"))
	f.Add([]byte("pick,x,a\r\npick,\"y\",\"b\",\"n, n\"\r\n"))
	f.Add([]byte("pick,x\n"))
	if data, err := os.ReadFile("testdata/event/picks.csv"); err == nil {
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		picks, err := ReadPicks(bytes.NewReader(data), "picks.csv")
		if err != nil {
			var ie *InputError
			if !errors.As(err, &ie) || ie.File != "picks.csv" || ie.Line < 1 {
				t.Fatalf("ReadPicks() error = %v, want an *InputError naming file and line", err)
			}
			return
		}
		last := 0
		for _, p := range picks {
			if p.Line <= last || p.Criterion == "" || normUser(p.Picker) == "" || p.SpaceID == "" {
				t.Fatalf("ReadPicks() gave an invalid pick %+v after line %d", p, last)
			}
			last = p.Line
		}
	})
}

// FuzzJudgeRanking judges Spaces whose likes, votes and creation days come
// from the fuzzer, and checks the ranking's invariants: scores never rise
// down the leaderboard, ranks are competition ranks, Spaces share a rank
// exactly when nothing tells them apart, and rank prizes go to exactly the
// Spaces ranked within their range with something earned.
func FuzzJudgeRanking(f *testing.F) {
	f.Add([]byte{5, 1, 5, 1, 3, 0, 3, 2, 0, 0})
	f.Add([]byte{1, 1, 1, 1, 1, 1, 1, 1})
	f.Fuzz(func(t *testing.T, data []byte) {
		var spaces []collect.Space
		var votes []Ballot
		for i := 0; i+1 < len(data) && i < 60; i += 2 {
			sp := testSpace(string(rune('a'+i/2)), "author", int(data[i]%8))
			sp.CreatedAt = testDuring.Add(time.Duration(data[i+1]%3) * time.Hour)
			spaces = append(spaces, sp)
			for v := range int(data[i+1] % 4) {
				votes = append(votes, ballot(len(votes)+2, "2022-05-20 10:00:00",
					"v"+string(rune('a'+v))+sp.ID, "vote", sp.ID))
			}
		}
		r := testRules()
		r.TieBreak = []string{"likes"}
		res, err := Judge(r, Input{Snapshot: testSnapshot(spaces...), Votes: votes,
			HaveVotes: true})
		if err != nil {
			t.Fatalf("Judge() error: %v", err)
		}
		checkRanking(t, res.Leaderboard, func(a, b Entry) bool {
			return a.Score.Cmp(b.Score) == 0 && a.Values[1] == b.Values[1]
		})
		for _, rk := range res.Rankings {
			checkRanking(t, rk.Entries, func(a, b Entry) bool {
				return a.Score.Cmp(b.Score) == 0 && a.Values[1] == b.Values[1]
			})
		}
		for _, e := range res.Leaderboard {
			top3 := e.Rank <= 3 && e.Score.Sign() > 0
			if won := len(e.Prizes) > 0; won != top3 {
				t.Fatalf("entry %+v: prizes %v, want them exactly when ranked 1-3 with a score", e,
					e.Prizes)
			}
		}
	})
}

// checkRanking checks the ranks of entries; equal reports whether two
// entries are equal on every ranking key.
func checkRanking(t *testing.T, entries []Entry, equal func(a, b Entry) bool) {
	t.Helper()
	for i, e := range entries {
		if i == 0 {
			if e.Rank != 1 {
				t.Fatalf("first rank %d", e.Rank)
			}
			continue
		}
		prev := entries[i-1]
		if prev.Score.Cmp(e.Score) < 0 {
			t.Fatalf("score rises from %s to %s", prev.Score, e.Score)
		}
		same := equal(prev, e)
		switch {
		case same && (e.Rank != prev.Rank || !e.Tied || !prev.Tied):
			t.Fatalf("equal entries %+v and %+v do not share a rank", prev, e)
		case !same && e.Rank != i+1:
			t.Fatalf("entry %d has rank %d, want %d", i, e.Rank, i+1)
		case same && prev.Space.ID > e.Space.ID:
			t.Fatalf("tied entries not in id order: %s, %s", prev.Space.ID, e.Space.ID)
		}
	}
}

// FuzzParseTime checks that a timestamp read once reads the same when
// written back in RFC 3339, and that what is read is in UTC.
func FuzzParseTime(f *testing.F) {
	for _, s := range []string{"2022-05-20 10:00:00", "2022/05/20 2:03:22 PM GMT+2",
		"2022-05-20T10:00:00.5+02:00", "2022-05-20 10:00 UTC-05:30", "x GMT+2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		at, err := parseTime(s)
		if err != nil {
			return
		}
		if at.Location() != time.UTC {
			t.Fatalf("parseTime(%q) = %v, not in UTC", s, at)
		}
		again, err := parseTime(at.Format(time.RFC3339Nano))
		if err != nil || !again.Equal(at) {
			t.Fatalf("parseTime(%q) = %v, but its RFC 3339 form reads as %v, %v", s, at, again, err)
		}
	})
}
